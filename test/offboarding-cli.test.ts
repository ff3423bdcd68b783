/**
 * `uud offboard`: the plan (nothing changed at the vendor), then the run with its progress lines,
 * on the store itself, against a fake HubSpot.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/cli.js';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './helpers/pg.js';
import { fixture } from './helpers/provider.js';

const dataDir = mkdtempSync(join(tmpdir(), 'uud-offboard-cli-'));
const schema = TEST_DATABASE_URL ? freshSchema() : undefined;
const ENV: Record<string, string> = {
  ...(schema ? { DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema } : {}),
  DATA_DIR: dataDir,
  ENCRYPTION_KEY: '03'.repeat(32),
  ALLOW_PRIVATE_PROVIDER_HOSTS: '1',
  VENDOR_RETRY_BASE_MS: '10',
};
const TOKEN = 'pat-na1-offboard-cli-token';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        add(chunk.toString());
        cb();
      },
    });
  const code = await run(args, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), stdin: Readable.from(['']), env: ENV });
  expect(stdout + stderr).not.toContain(TOKEN);
  return { code, stdout, stderr };
}

let fake: FakeVendor;
let accountId: string;
const user = { ...fixture<Record<string, unknown>>('hubspot', 'user.json'), id: '9', email: 'jane@acme.com' };

beforeAll(async () => {
  fake = await startFake();
  expect((await cli(['tenants', 'create', 'acme'])).code).toBe(0);
  const creds = join(dataDir, 'hubspot.json');
  writeFileSync(creds, JSON.stringify({ method: 'private_app', accessToken: TOKEN }));
  const created = await cli(['accounts', 'create', '--tenant', 'acme', '--integration', 'hubspot', '--credentials-file', creds, '--base-url', fake.url, '--json']);
  expect(created.code, created.stderr).toBe(0);
  accountId = JSON.parse(created.stdout).id;
});

afterAll(async () => {
  await fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (schema) await dropSchema(TEST_DATABASE_URL!, schema);
});

describe('uud offboard', () => {
  it('plans with --plan (no write), then runs with progress lines and a table', async () => {
    fake.on('GET /settings/v3/users/jane%40acme.com', { body: user }).on('GET /settings/v3/users/9', { body: user }).on('DELETE /settings/v3/users/9', { status: 204 });
    const plan = await cli(['offboard', '--tenant', 'acme', 'jane@acme.com', '--plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/nothing was changed at any vendor/);
    expect(plan.stdout).toMatch(new RegExp(`hubspot\\s+${accountId}\\s+READY\\s+9\\s+DELETED`));
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    const ran = await cli(['offboard', '--tenant', 'acme', 'jane@acme.com', '--idempotency-key', 'cli-offboard-jane']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain(`[1/1] hubspot ${accountId} REMOVED DELETED`);
    expect(ran.stdout).toMatch(/^Offboarding off_\S+ of jane@acme.com: FINISHED \(run 1\)/);
    expect(ran.stdout).toMatch(new RegExp(`hubspot\\s+${accountId}\\s+REMOVED\\s+9\\s+DELETED\\s+aud_`));
    expect(fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/settings/v3/users/9']);
  });

  it('names a missing email', async () => {
    const res = await cli(['offboard', '--tenant', 'acme']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/Missing <email>/);
  });
});
