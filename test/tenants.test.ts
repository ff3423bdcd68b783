/**
 * Tenants and API keys: keys belong to a tenant, carry scopes, are shown once, listed without
 * their secret, revocable; another tenant's account behaves exactly like one that does not exist,
 * in GraphQL, REST and federation `_entities`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { routeOwner } from './helpers/owners.js';
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
  // The self-deletion guard's owner lookup on each account's first deletion.
  routeOwner(fake, 'zendesk');
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

describe("where an account's stored credentials go (accounts:manage keys)", () => {
  const UPDATE = `mutation($id: ID!, $input: UpdateIntegratedAccountInput!) { updateIntegratedAccount(id: $id, input: $input) { id baseUrl tokenUrl context selfHosted } }`;
  const MARK = `mutation($t: ID!, $id: ID!, $s: Boolean!) { setIntegratedAccountSelfHosted(tenantId: $t, id: $id, selfHosted: $s) { id selfHosted baseUrl } }`;
  const ZD_API = (apiToken: string) => ({ method: 'api_token', email: 'a@acme.com', apiToken });
  const ZD_OAUTH = { method: 'oauth', accessToken: 'zd-oauth-access-tenant-1', refreshToken: 'zd-oauth-refresh-tenant-1', clientId: 'zd-client', clientSecret: 'zd-client-secret-tenant-1' };

  async function create(input: Record<string, unknown>, key = keys.acme): Promise<string> {
    const res = await svc.gql(CREATE_ACCOUNT, { input }, { key });
    expect(res.body.errors, JSON.stringify(input)).toBeUndefined();
    return res.body.data.createIntegratedAccount.id;
  }
  async function stored(id: string) {
    const list = await svc.gql(`{ integratedAccounts { id baseUrl tokenUrl context selfHosted } }`, {}, { key: keys.acme });
    return list.body.data.integratedAccounts.find((a: { id: string }) => a.id === id);
  }

  it('a tenant key cannot move stored credentials: a new baseUrl, tokenUrl or URL context value needs the credentials in the same update', async () => {
    const api = await create({ integration: 'zendesk', credentials: ZD_API('zd-tenant-token-move-1'), context: { subdomain: 'acme' }, baseUrl: fake.url });
    const oauth = await create({ integration: 'zendesk', credentials: ZD_OAUTH, context: { subdomain: 'acme' } });
    const before = { api: await stored(api), oauth: await stored(oauth) };
    for (const [id, input] of [
      [api, { baseUrl: 'http://attacker.example' }],
      [api, { baseUrl: 'https://attacker.zendesk.com' }],
      [api, { baseUrl: '' }],
      [oauth, { tokenUrl: 'https://attacker.zendesk.com/oauth/tokens' }],
      [oauth, { context: { subdomain: 'attacker' } }],
    ] as const) {
      const res = await svc.gql(UPDATE, { id, input }, { key: keys.acme });
      expect(res.body.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
      expect(res.body.errors![0]!.message).toMatch(/needs the credentials in the same update/);
    }
    // Nothing changed, and the account still deletes at its own vendor.
    expect({ api: await stored(api), oauth: await stored(oauth) }).toEqual(before);
    fake.on('GET /api/v2/users/5', { body: fixture('zendesk', 'user.json') }).on('DELETE /api/v2/users/5', { body: { user: { id: 5, active: false } } });
    expect((await svc.gql(DELETE, { id: '5', acc: api }, { key: keys.acme })).body.errors).toBeUndefined();

    // With credentials given in the same update, the account moves (within Zendesk's hosts).
    const moved = await svc.gql(UPDATE, { id: api, input: { credentials: ZD_API('zd-tenant-token-move-2'), baseUrl: 'https://acme-sandbox.zendesk.com' } }, { key: keys.acme });
    expect(moved.body.errors).toBeUndefined();
    expect(moved.body.data.updateIntegratedAccount.baseUrl).toBe('https://acme-sandbox.zendesk.com');
    // A change that sends nothing elsewhere needs no credentials.
    expect((await svc.gql(UPDATE, { id: oauth, input: { context: { subdomain: 'acme' } } }, { key: keys.acme })).body.errors).toBeUndefined();
  });

  it("a tenant key creates accounts only on the integration's hosts, and cannot mark one self-hosted", async () => {
    const off = await svc.gql(CREATE_ACCOUNT, { input: { integration: 'zendesk', credentials: ZD_API('zd-tenant-token-off-1'), context: { subdomain: 'acme' }, baseUrl: 'https://zendesk.acme.internal' } }, { key: keys.acme });
    expect(off.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'baseUrl' });
    expect(off.body.errors![0]!.message).toMatch(/baseUrl host zendesk\.acme\.internal is not one of Zendesk's hosts \(\*\.zendesk\.com\); .*an admin marks the account self-hosted/);
    const marked = await svc.gql(CREATE_ACCOUNT, { input: { integration: 'zendesk', credentials: ZD_API('zd-tenant-token-off-2'), context: { subdomain: 'acme' }, selfHosted: true } }, { key: keys.acme });
    expect(marked.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(marked.body.errors![0]!.message).toMatch(/selfHosted is set by an admin key only/);
    const id = await create({ integration: 'zendesk', credentials: ZD_API('zd-tenant-token-off-3'), context: { subdomain: 'acme' } });
    expect((await svc.gql(UPDATE, { id, input: { selfHosted: true } }, { key: keys.acme })).body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await svc.gql(MARK, { t: tenants.acme, id, s: true }, { key: keys.acme })).body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await stored(id)).selfHosted).toBe(false);
  });

  it("an admin marks a tenant's account self-hosted (shown and logged); the tenant then points it at its own host, with credentials", async () => {
    const id = await create({ integration: 'zendesk', credentials: ZD_API('zd-tenant-token-self-1'), context: { subdomain: 'acme' } });
    // Another tenant's id: not found, like any unknown account.
    expect((await svc.gql(MARK, { t: tenants.globex, id, s: true })).body.errors![0]!.extensions!.code).toBe('INTEGRATED_ACCOUNT_NOT_FOUND');
    const mark = await svc.gql(MARK, { t: tenants.acme, id, s: true });
    expect(mark.body.errors).toBeUndefined();
    expect(mark.body.data.setIntegratedAccountSelfHosted).toEqual({ id, selfHosted: true, baseUrl: null });
    expect((await stored(id)).selfHosted).toBe(true);
    const logged = svc.logs.map((l) => JSON.parse(l)).find((l) => l.account === id && l.selfHosted === true);
    expect(logged).toMatchObject({ tenant: tenants.acme, integration: 'zendesk', msg: expect.stringMatching(/marked self-hosted/) });
    expect(typeof logged.by).toBe('string');

    const own = { baseUrl: 'https://zendesk.acme.internal' };
    expect((await svc.gql(UPDATE, { id, input: own }, { key: keys.acme })).body.errors![0]!.extensions).toMatchObject({ field: 'credentials' });
    const moved = await svc.gql(UPDATE, { id, input: { ...own, credentials: ZD_API('zd-tenant-token-self-2') } }, { key: keys.acme });
    expect(moved.body.data.updateIntegratedAccount).toMatchObject({ baseUrl: 'https://zendesk.acme.internal', selfHosted: true });
    // Still https only.
    const plain = await svc.gql(UPDATE, { id, input: { baseUrl: 'http://zendesk.acme.internal', credentials: ZD_API('zd-tenant-token-self-3') } }, { key: keys.acme });
    expect(plain.body.errors![0]!.message).toMatch(/^baseUrl must use https/);
    // The mark cannot go while the account points outside Zendesk's hosts.
    const unmark = await svc.gql(MARK, { t: tenants.acme, id, s: false });
    expect(unmark.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'baseUrl' });
    expect((await stored(id)).selfHosted).toBe(true);
  });

  it('an account stored before these rules, pointing elsewhere, is refused before anything is sent', async () => {
    const api = await create({ integration: 'zendesk', credentials: ZD_API('zd-tenant-token-legacy-1'), context: { subdomain: 'acme' }, baseUrl: fake.url });
    const oauth = await create({ integration: 'zendesk', credentials: { ...ZD_OAUTH, expiresAt: '2000-01-01T00:00:00Z' }, context: { subdomain: 'acme' } });
    // As an earlier version let a tenant key store them.
    await svc.app.db.updateTable('integrated_accounts').set({ base_url: 'http://attacker.example' }).where('id', '=', api).execute();
    await svc.app.db.updateTable('integrated_accounts').set({ token_url: 'https://attacker.example/oauth/tokens' }).where('id', '=', oauth).execute();
    const a = await svc.gql(DELETE, { id: '5', acc: api }, { key: keys.acme });
    expect(a.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(a.body.errors![0]!.message).toMatch(/^The integrated account's baseUrl must use https .*nothing was sent/);
    const o = await svc.gql(DELETE, { id: '5', acc: oauth }, { key: keys.acme });
    expect(o.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(o.body.errors![0]!.message).toMatch(/^The integrated account's tokenUrl host attacker\.example is not one of Zendesk's hosts/);
    expect(fake.requests).toEqual([]);
  });
});
