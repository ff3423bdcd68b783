/**
 * Tenants and API keys: keys belong to a tenant, carry scopes, are shown once, listed without
 * their secret, revocable; another tenant's account behaves exactly like one that does not exist,
 * in GraphQL, REST and federation `_entities`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { CREATE_ACCOUNT, type RunningService, startService } from './helpers/service.js';

let svc: RunningService;
let fake: FakeVendor;
const keys: Record<string, string> = {};
const keyIds: Record<string, string> = {};
const tenants: Record<string, string> = {};
let accountA: string;

const DELETE = `mutation($id: ID!, $acc: ID!) { deleteUser(id: $id, integratedAccountId: $acc) { id deletionOutcome } }`;
const CREATE_KEY = `mutation($t: ID!, $n: String!, $s: [ApiScope!]!) { createApiKey(tenantId: $t, name: $n, scopes: $s) { key apiKey { id tenantId name prefix scopes createdAt revokedAt } } }`;

async function rest(key: string, id: string, acc: string) {
  const res = await fetch(`${svc.url}/unified/user-directory/users/${id}?integrated_account_id=${acc}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
  for (const name of ['acme', 'globex']) {
    const t = await svc.gql(`mutation($n: String!) { createTenant(name: $n) { id name createdAt } }`, { n: name });
    expect(t.body.errors).toBeUndefined();
    tenants[name] = t.body.data.createTenant.id;
  }
  for (const [label, tenant, scopes] of [
    ['acme', 'acme', ['USERS_DELETE', 'ACCOUNTS_MANAGE', 'AUDIT_READ']],
    ['globex', 'globex', ['USERS_DELETE', 'ACCOUNTS_MANAGE', 'AUDIT_READ']],
    ['acmeDeleteOnly', 'acme', ['USERS_DELETE']],
  ] as const) {
    const k = await svc.gql(CREATE_KEY, { t: tenants[tenant], n: label, s: scopes });
    expect(k.body.errors).toBeUndefined();
    keys[label] = k.body.data.createApiKey.key;
    keyIds[label] = k.body.data.createApiKey.apiKey.id;
  }
  const created = await svc.gql(
    CREATE_ACCOUNT,
    { input: { integration: 'zendesk', credentials: { method: 'api_token', email: 'a@acme.com', apiToken: 'zd-tenant-token-1234' }, context: { subdomain: 'acme' }, baseUrl: fake.url } },
    { key: keys.acme },
  );
  expect(created.body.errors).toBeUndefined();
  accountA = created.body.data.createIntegratedAccount.id;
});
afterAll(async () => {
  await svc?.stop();
  await fake?.stop();
});
beforeEach(() => fake.reset());

describe('tenants and keys', () => {
  it('shows a key once and lists keys without their secret', async () => {
    expect(keys.acme).toMatch(/^uud_/);
    const list = await svc.gql(`query($t: ID) { apiKeys(tenantId: $t) { id tenantId name prefix scopes revokedAt } }`, { t: tenants.acme });
    expect(list.body.data.apiKeys.map((k: { name: string }) => k.name).sort()).toEqual(['acme', 'acmeDeleteOnly']);
    expect(list.text).not.toContain(keys.acme);
    expect(list.body.data.apiKeys.find((k: { name: string }) => k.name === 'acmeDeleteOnly').scopes).toEqual(['users:delete']);
    expect(keys.acme!.startsWith(list.body.data.apiKeys.find((k: { name: string }) => k.name === 'acme').prefix)).toBe(true);
  });

  it('only the admin key manages tenants and keys', async () => {
    const res = await svc.gql(`mutation { createTenant(name: "evil") { id } }`, {}, { key: keys.acme });
    expect(res.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const k = await svc.gql(CREATE_KEY, { t: tenants.acme, n: 'more', s: ['USERS_DELETE'] }, { key: keys.acme });
    expect(k.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const t = await svc.gql(`{ tenants { id } }`, {}, { key: keys.globex });
    expect(t.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses unknown tenants, empty scopes and duplicate tenant names', async () => {
    expect((await svc.gql(CREATE_KEY, { t: randomUUID(), n: 'x', s: ['USERS_DELETE'] })).body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await svc.gql(CREATE_KEY, { t: tenants.acme, n: 'x', s: [] })).body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect((await svc.gql(`mutation { createTenant(name: "acme") { id } }`)).body.errors![0]!.message).toMatch(/exists already/);
  });

  it('enforces scopes', async () => {
    const list = await svc.gql(`{ integratedAccounts { id } }`, {}, { key: keys.acmeDeleteOnly });
    expect(list.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const audit = await svc.gql(`{ deletionAudit { records { id } } }`, {}, { key: keys.acmeDeleteOnly });
    expect(audit.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    fake.on('GET /api/v2/users/1', { body: fixture('zendesk', 'user.json') }).on('DELETE /api/v2/users/1', { body: { user: { id: 1, active: false } } });
    const del = await svc.gql(DELETE, { id: '1', acc: accountA }, { key: keys.acmeDeleteOnly });
    expect(del.body.errors).toBeUndefined();
  });

  it("another tenant's account is exactly like one that does not exist: GraphQL, REST and _entities", async () => {
    const missing = randomUUID();
    const [other, none] = await Promise.all([svc.gql(DELETE, { id: '1', acc: accountA }, { key: keys.globex }), svc.gql(DELETE, { id: '1', acc: missing }, { key: keys.globex })]);
    expect(other.body.errors).toEqual(none.body.errors);
    expect(other.body.errors![0]!.extensions!.code).toBe('INTEGRATED_ACCOUNT_NOT_FOUND');

    const [r1, r2] = [await rest(keys.globex!, '1', accountA), await rest(keys.globex!, '1', missing)];
    expect(r1).toEqual(r2);
    expect(r1.status).toBe(404);

    const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name } } }`;
    const e1 = await svc.gql(ENTITIES, { r: [{ __typename: 'User', id: '1', integratedAccountId: accountA }] }, { key: keys.globex });
    const e2 = await svc.gql(ENTITIES, { r: [{ __typename: 'User', id: '1', integratedAccountId: missing }] }, { key: keys.globex });
    expect(e1.body).toEqual(e2.body);

    const accounts = await svc.gql(`{ integratedAccounts { id } }`, {}, { key: keys.globex });
    expect(accounts.body.data.integratedAccounts).toEqual([]);
    const upd = await svc.gql(`mutation($id: ID!) { updateIntegratedAccount(id: $id, input: { baseUrl: "https://evil.example" }) { id } }`, { id: accountA }, { key: keys.globex });
    expect(upd.body.errors![0]!.extensions!.code).toBe('INTEGRATED_ACCOUNT_NOT_FOUND');
    const del = await svc.gql(`mutation($id: ID!) { deleteIntegratedAccount(id: $id) }`, { id: accountA }, { key: keys.globex });
    expect(del.body.errors![0]!.extensions!.code).toBe('INTEGRATED_ACCOUNT_NOT_FOUND');
    expect(fake.requests).toEqual([]);

    // the attempts are in globex's audit trail, not in acme's
    const a = await svc.gql(`query($f: DeletionAuditFilter) { deletionAudit(filter: $f) { records { id errorCode } } }`, { f: { integratedAccountId: accountA } }, { key: keys.acme });
    const g = await svc.gql(`query($f: DeletionAuditFilter) { deletionAudit(filter: $f) { records { id errorCode } } }`, { f: { integratedAccountId: accountA } }, { key: keys.globex });
    expect(g.body.data.deletionAudit.records.every((r: { errorCode: string }) => r.errorCode === 'INTEGRATED_ACCOUNT_NOT_FOUND')).toBe(true);
    const aIds = new Set(a.body.data.deletionAudit.records.map((r: { id: string }) => r.id));
    expect(g.body.data.deletionAudit.records.some((r: { id: string }) => aIds.has(r.id))).toBe(false);
  });

  it('a revoked key is refused at once', async () => {
    const k = await svc.gql(CREATE_KEY, { t: tenants.globex, n: 'temp', s: ['AUDIT_READ'] });
    const key = k.body.data.createApiKey.key as string;
    expect((await svc.gql(`{ deletionAudit { nextCursor } }`, {}, { key })).body.errors).toBeUndefined();
    const revoked = await svc.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id: k.body.data.createApiKey.apiKey.id });
    expect(revoked.body.data.revokeApiKey.revokedAt).toBeTruthy();
    const after = await svc.gql(`{ deletionAudit { nextCursor } }`, {}, { key });
    expect(after.status).toBe(401);
  });
});
