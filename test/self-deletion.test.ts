/**
 * The self-deletion guard through the running service (GraphQL and REST), on Okta, whose docs name
 * the token owner (`GET /api/v1/users/me`) and document `me` as an alias of that user: aliases are
 * refused before any call, the owner's real id is refused before any write (dry runs included),
 * the owner is looked up once per account and credentials, and the returned user says what the
 * deletion left (with the pre-deletion view in `deletion.before`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

const TOKEN = '00self-guard-okta-token';
const user = fixture<{ id: string; profile: Record<string, unknown> }>('okta', 'user.json');
const TARGET = user.id;
const ADMIN_ID = '00uadminSelfGuard0x7';
const admin = { ...user, id: ADMIN_ID, profile: { ...user.profile, login: 'root.admin@example.com', email: 'root.admin@example.com' } };

let svc: RunningService;
let fake: FakeVendor;
let acc: string;

const DELETE = `mutation($id: ID!, $acc: ID!, $input: DeleteUserInput) {
  deleteUser(id: $id, integratedAccountId: $acc, input: $input) {
    id status rawStatus deletionOutcome
    deletion { outcome permanent restorableUntil before { id status rawStatus name } calls { method url planned } }
  }
}`;

function routes(rawId = TARGET, record: unknown = user): void {
  const id = encodeURIComponent(rawId);
  fake
    .on('GET /api/v1/users/me', { body: admin })
    .on(`GET /api/v1/users/${id}`, { body: record })
    .on(`POST /api/v1/users/${id}/lifecycle/deactivate`, { body: {} })
    .on(`DELETE /api/v1/users/${id}`, { status: 204 });
}

const writes = () => fake.requests.filter((r) => r.method !== 'GET').length;
const lookups = () => fake.requests.filter((r) => r.path === '/api/v1/users/me').length;

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
  acc = await createAccount(svc, { integration: 'okta', credentials: { method: 'api_token', apiToken: TOKEN }, context: { domain: 'acme.okta.com' }, baseUrl: fake.url });
});
afterAll(async () => {
  await svc?.stop();
  await fake?.stop();
});
beforeEach(() => fake.reset());

describe('self-aliases', () => {
  it.each(['me', 'ME', ' me'])('refuses %j before any vendor call (GraphQL)', async (id) => {
    const res = await svc.gql(DELETE, { id, acc });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/own administrator/);
    expect(fake.requests).toEqual([]);
  });

  it('refuses it over REST too, with 400', async () => {
    const res = await fetch(`${svc.url}/unified/user-directory/users/me?integrated_account_id=${acc}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
    expect(fake.requests).toEqual([]);
  });
});

describe("the token's owner", () => {
  it('is refused by id, by login and in a dry run, with no write, and the refusal is audited', async () => {
    for (const [id, input] of [
      [ADMIN_ID, undefined],
      ['root.admin@example.com', undefined],
      [ADMIN_ID, { dryRun: true }],
    ] as const) {
      fake.reset();
      routes(id, admin);
      const res = await svc.gql(DELETE, { id, acc, input });
      expect(res.body.errors?.[0]?.extensions?.code, id).toBe('FORBIDDEN');
      expect(res.body.errors?.[0]?.message).toMatch(/cannot remove the account's own administrator/);
      expect(writes()).toBe(0);
    }
    const audit = await svc.gql(`query { deletionAudit(filter: { targetId: "${ADMIN_ID}" }) { records { state errorCode calls { method } } } }`);
    const records = audit.body.data.deletionAudit.records as Array<{ state: string; errorCode: string; calls: Array<{ method: string }> }>;
    expect(records.length).toBe(2);
    for (const r of records) {
      expect(r).toMatchObject({ state: 'FAILED', errorCode: 'FORBIDDEN' });
      expect(r.calls.every((c) => c.method === 'GET')).toBe(true);
    }
  });

  it('is looked up once per account and credentials, and again after the credentials change', async () => {
    // Another account with its own credentials: nothing cached yet.
    const other = await createAccount(svc, { integration: 'okta', credentials: { method: 'api_token', apiToken: '00self-guard-okta-token-2' }, context: { domain: 'acme.okta.com' }, baseUrl: fake.url });
    routes();
    for (let i = 0; i < 3; i++) expect((await svc.gql(DELETE, { id: TARGET, acc: other })).body.errors).toBeUndefined();
    expect(lookups()).toBe(1);
    const update = await svc.gql(`mutation($id: ID!, $c: JSON!) { updateIntegratedAccount(id: $id, input: { credentials: $c }) { id } }`, {
      id: other,
      c: { method: 'api_token', apiToken: '00self-guard-okta-token-3' },
    });
    svc.scan.add('rotated token', '00self-guard-okta-token-3');
    expect(update.body.errors).toBeUndefined();
    expect((await svc.gql(DELETE, { id: TARGET, acc: other })).body.errors).toBeUndefined();
    expect(lookups()).toBe(2);
  });
});

describe('the returned user', () => {
  it('shows the state the deletion left, and the state before it in deletion.before', async () => {
    routes();
    const res = await svc.gql(DELETE, { id: TARGET, acc });
    expect(res.body.errors).toBeUndefined();
    const u = res.body.data.deleteUser;
    expect(u).toMatchObject({ id: TARGET, status: 'DELETED', rawStatus: null, deletionOutcome: 'DELETED' });
    expect(u.deletion).toMatchObject({ outcome: 'DELETED', permanent: true, restorableUntil: null, before: { id: TARGET, status: 'ACTIVE', rawStatus: 'ACTIVE', name: 'Isaac Brock' } });
  });

  it('in a dry run is the user as it is now (nothing changed)', async () => {
    routes();
    const res = await svc.gql(DELETE, { id: TARGET, acc, input: { dryRun: true } });
    expect(res.body.data.deleteUser).toMatchObject({ status: 'ACTIVE', rawStatus: 'ACTIVE', deletion: { permanent: true, restorableUntil: null, before: { status: 'ACTIVE' } } });
    expect(writes()).toBe(0);
  });

  it('over REST carries deletion.before and permanent in snake_case', async () => {
    routes();
    const res = await fetch(`${svc.url}/unified/user-directory/users/${TARGET}?integrated_account_id=${acc}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; deletion: { permanent: boolean; restorable_until: null; before: { status: string; first_name: string } } };
    expect(body.status).toBe('deleted');
    expect(body.deletion).toMatchObject({ permanent: true, restorable_until: null, before: { status: 'active', first_name: 'Isaac' } });
  });
});
