/**
 * SIGTERM's drain deadline (SHUTDOWN_GRACE_MS) and deletions in flight: a deleteUser whose
 * DELETE the vendor never answers outlives the grace period; shutdown records it INTERRUPTED,
 * listing the DELETE as sending (it may have reached the vendor), not as a failure, and a retry
 * with the same Idempotency-Key on the next start resumes it at once, reading the vendor again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { routeOwner } from './helpers/owners.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './helpers/pg.js';
import { fixture } from './helpers/provider.js';
import { createAccount, startService } from './helpers/service.js';

const dataDir = mkdtempSync(join(tmpdir(), 'uud-shutdown-'));
const schema = TEST_DATABASE_URL ? freshSchema() : undefined;
/** One store for both lives of the service. */
const STORE: Record<string, string> = schema
  ? { DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema, ENCRYPTION_KEY: 'ef'.repeat(32), DATA_DIR: dataDir }
  : { DATA_DIR: dataDir };
const ZD_TOKEN = 'zd-shutdown-secret-token-0123456789';
const DELETE = `mutation($id: ID!, $acc: ID!) {
  deleteUser(id: $id, integratedAccountId: $acc) { id deletionOutcome deletion { outcome resumedFrom calls { method status } } }
}`;
const RECORDS = `query { deletionAudit(filter: { targetId: "35436" }) { records { id state errorCode errorMessage resumedFrom calls { method url status sending } } } }`;

let fake: FakeVendor;
const zd = { deleted: false, deletes: 0, release: [] as Array<() => void> };

beforeAll(async () => {
  fake = await startFake();
  routeOwner(fake, 'zendesk', '/zd');
  fake
    .on('GET /zd/api/v2/users/35436', () => (zd.deleted ? { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } } : { body: fixture('zendesk', 'user.json') }))
    // The vendor deletes the user and does not answer (until the test ends).
    .on('DELETE /zd/api/v2/users/35436', () => {
      zd.deletes++;
      zd.deleted = true;
      return new Promise((resolve) => zd.release.push(() => resolve({ status: 500 })));
    });
});
afterAll(async () => {
  for (const r of zd.release) r();
  await fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (schema) await dropSchema(TEST_DATABASE_URL!, schema);
});

describe('a deletion in flight when the shutdown grace period runs out', () => {
  it('is recorded INTERRUPTED with its DELETE as sending, and a retry with its Idempotency-Key resumes it', async () => {
    const first = await startService({ ...STORE, SHUTDOWN_GRACE_MS: '300' });
    const acc = await createAccount(first, {
      integration: 'zendesk',
      credentials: { method: 'api_token', email: 'admin@acme.com', apiToken: ZD_TOKEN },
      context: { subdomain: 'acme' },
      baseUrl: `${fake.url}/zd`,
    });
    const pending = first.gql(DELETE, { id: '35436', acc }, { headers: { 'idempotency-key': 'shutdown-zd' } }).catch((err: unknown) => err);
    while (zd.deletes === 0) await new Promise((r) => setTimeout(r, 20));

    await first.app.close('SIGTERM');
    await pending;
    const logs = first.logs.map((l) => JSON.parse(l) as { msg: string; attempts?: string[]; interruptedDeletions?: number });
    expect(logs.find((l) => l.msg === 'shutdown complete')).toMatchObject({ interruptedDeletions: 1 });
    const warned = logs.find((l) => /marked INTERRUPTED/.test(l.msg));
    expect(warned?.attempts).toHaveLength(1);
    for (const line of first.logs) first.scan.check('log line', line);
    expect(first.scan.hits).toEqual([]);

    const second = await startService(STORE);
    try {
      const [record] = (await second.gql(RECORDS)).body.data.deletionAudit.records;
      expect(record).toMatchObject({ id: warned!.attempts![0], state: 'INTERRUPTED', errorCode: null });
      expect(record.errorMessage).toMatch(/may have reached the vendor/);
      expect(record.calls.at(-1)).toEqual({ method: 'DELETE', url: `${fake.url}/zd/api/v2/users/35436`, status: null, sending: true });

      // The claim was released with the record: the retry runs at once, reads the vendor (404) and sends no second DELETE.
      const retry = await second.gql(DELETE, { id: '35436', acc }, { headers: { 'idempotency-key': 'shutdown-zd' } });
      expect(retry.body.errors).toBeUndefined();
      expect(retry.body.data.deleteUser.deletion).toMatchObject({ outcome: 'DELETED', resumedFrom: record.id, calls: [{ method: 'GET', status: 404 }] });
      expect(zd.deletes).toBe(1);
      expect(fake.unexpected).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
