/**
 * Federation reads: `_entities` resolves User references by reading the user from the vendor
 * with the stored credentials, so it needs a scope (`users:read`, which `users:delete` implies)
 * and every batch of reads is recorded in the read audit trail (`userReadAudit`, for
 * `audit:read` keys), with the targets, their outcomes and the vendor calls made.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { createAccount, CREATE_ACCOUNT, type RunningService, startService } from './helpers/service.js';

let svc: RunningService;
let fake: FakeVendor;
const keys: Record<string, string> = {};
const keyIds: Record<string, string> = {};
const tenants: Record<string, string> = {};
let accountA: string;
let accountA2: string;

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id integratedAccountId name emails { email } } } }`;
const CREATE_KEY = `mutation($t: ID!, $n: String!, $s: [ApiScope!]!) { createApiKey(tenantId: $t, name: $n, scopes: $s) { key apiKey { id scopes } } }`;
const READS = `query($f: UserReadAuditFilter, $first: Int, $after: String) {
  userReadAudit(filter: $f, first: $first, after: $after) {
    records { id apiKeyId requestId via integratedAccountId integration targets { id read errorCode } calls { method url status attempt } at }
    nextCursor
  }
}`;
const ref = (id: string, integratedAccountId: string) => ({ __typename: 'User', id, integratedAccountId });

const zendeskUser = (id: number, email: string) => ({ user: { ...fixture<{ user: Record<string, unknown> }>('zendesk', 'user.json').user, id, email, name: `User ${id}` } });

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
  for (const name of ['acme', 'globex']) {
    const t = await svc.gql(`mutation($n: String!) { createTenant(name: $n) { id } }`, { n: name });
    expect(t.body.errors).toBeUndefined();
    tenants[name] = t.body.data.createTenant.id;
  }
  for (const [label, tenant, scopes] of [
    ['acmeAuditOnly', 'acme', ['AUDIT_READ']],
    ['acmeAccountsOnly', 'acme', ['ACCOUNTS_MANAGE']],
    ['acmeDelete', 'acme', ['USERS_DELETE']],
    ['acmeRead', 'acme', ['USERS_READ']],
    ['globex', 'globex', ['USERS_DELETE', 'ACCOUNTS_MANAGE', 'AUDIT_READ']],
  ] as const) {
    const k = await svc.gql(CREATE_KEY, { t: tenants[tenant], n: label, s: scopes });
    expect(k.body.errors, label).toBeUndefined();
    keys[label] = k.body.data.createApiKey.key;
    keyIds[label] = k.body.data.createApiKey.apiKey.id;
  }
  for (const [i, sub] of ['acme', 'acme-eu'].entries()) {
    const created = await svc.gql(
      CREATE_ACCOUNT,
      { input: { integration: 'zendesk', credentials: { method: 'api_token', email: 'a@acme.com', apiToken: `zd-read-token-${i}-5678` }, context: { subdomain: sub }, baseUrl: fake.url } },
      { key: keys.acmeAccountsOnly },
    );
    expect(created.body.errors).toBeUndefined();
    if (i === 0) accountA = created.body.data.createIntegratedAccount.id;
    else accountA2 = created.body.data.createIntegratedAccount.id;
  }
  svc.scan.add('zendesk token 0', 'zd-read-token-0-5678').add('zendesk token 1', 'zd-read-token-1-5678');
});
afterAll(async () => {
  await svc?.stop();
  await fake?.stop();
});
beforeEach(() => fake.reset());

async function readsOf(key: string, filter: Record<string, unknown>) {
  const res = await svc.gql(READS, { f: filter }, { key });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.userReadAudit.records as Array<Record<string, any>>;
}

describe('_entities needs a scope', () => {
  it('an audit:read-only key and an accounts:manage-only key get FORBIDDEN, and nothing is read from the vendor', async () => {
    fake.on('GET /api/v2/users/1', { body: zendeskUser(1, 'one@acme.com') });
    for (const label of ['acmeAuditOnly', 'acmeAccountsOnly']) {
      const res = await svc.gql(ENTITIES, { r: [ref('1', accountA), ref('2', accountA2)] }, { key: keys[label] });
      expect(res.body.errors?.map((e) => e.extensions?.code), label).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expect(res.body.errors![0]!.message).toMatch(/users:read/);
      expect(res.body.data?._entities, label).toEqual([null, null]);
      expect(res.text).not.toContain('one@acme.com');
    }
    expect(fake.requests).toEqual([]);
  });

  it('a users:read key is accepted by createApiKey and reads users, but cannot delete them', async () => {
    fake.on('GET /api/v2/users/7', { body: zendeskUser(7, 'seven@acme.com') });
    const res = await svc.gql(ENTITIES, { r: [ref('7', accountA)] }, { key: keys.acmeRead });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities).toEqual([{ id: '7', integratedAccountId: accountA, name: 'User 7', emails: [{ email: 'seven@acme.com' }] }]);
    const del = await svc.gql(`mutation($a: ID!) { deleteUser(id: "7", integratedAccountId: $a) { id } }`, { a: accountA }, { key: keys.acmeRead });
    expect(del.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(fake.calls()).toEqual(['GET /api/v2/users/7']);
  });
});

describe('the read audit trail', () => {
  it('a users:delete key gets the users; the batch is recorded per account with targets, outcomes and vendor calls', async () => {
    fake
      .on('GET /api/v2/users/1', { body: zendeskUser(1, 'one@acme.com') })
      .on('GET /api/v2/users/2', { body: zendeskUser(2, 'two@acme.com') })
      .on('GET /api/v2/users/404', { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } });
    const requestId = `entities-${randomUUID()}`;
    const missing = randomUUID();
    const res = await svc.gql(
      ENTITIES,
      { r: [ref('1', accountA), ref('404', accountA), ref('1', accountA), ref('2', accountA2), ref('3', missing)] },
      { key: keys.acmeDelete, headers: { 'x-request-id': requestId } },
    );
    expect(res.body.data._entities.map((u: { id: string } | null) => u?.id ?? null)).toEqual(['1', null, '1', '2', null]);
    expect(res.body.errors!.map((e) => e.extensions!.code).sort()).toEqual(['INTEGRATED_ACCOUNT_NOT_FOUND', 'NOT_FOUND']);
    // each distinct user read once
    expect(fake.calls().sort()).toEqual(['GET /api/v2/users/1', 'GET /api/v2/users/2', 'GET /api/v2/users/404']);

    // one record per account of the batch, readable by an audit:read key of the same tenant
    const records = await readsOf(keys.acmeAuditOnly!, { requestId });
    const byAccount = Object.fromEntries(records.map((r) => [r.integratedAccountId, r]));
    expect(Object.keys(byAccount).sort()).toEqual([accountA, accountA2, missing].sort());
    for (const r of records) {
      expect(r).toMatchObject({ apiKeyId: keyIds.acmeDelete, requestId, via: 'federation' });
      expect(Date.parse(r.at)).not.toBeNaN();
    }
    expect(byAccount[accountA]!.integration).toBe('zendesk');
    expect(byAccount[accountA]!.targets).toEqual([
      { id: '1', read: true, errorCode: null },
      { id: '404', read: false, errorCode: 'NOT_FOUND' },
    ]);
    expect(byAccount[accountA]!.calls.map((c: { method: string; url: string; status: number }) => [c.method, new URL(c.url).pathname, c.status]).sort()).toEqual([
      ['GET', '/api/v2/users/1', 200],
      ['GET', '/api/v2/users/404', 404],
    ]);
    expect(byAccount[accountA2]!.targets).toEqual([{ id: '2', read: true, errorCode: null }]);
    expect(byAccount[accountA2]!.calls.map((c: { url: string }) => new URL(c.url).pathname)).toEqual(['/api/v2/users/2']);
    expect(byAccount[missing]).toMatchObject({ integration: null, targets: [{ id: '3', read: false, errorCode: 'INTEGRATED_ACCOUNT_NOT_FOUND' }], calls: [] });

    // filters: by account
    const onlyA2 = await readsOf(keys.acmeAuditOnly!, { requestId, integratedAccountId: accountA2 });
    expect(onlyA2.map((r) => r.integratedAccountId)).toEqual([accountA2]);
  });

  it('hostile references (NUL, overlong ids) are answered with their own error and recorded, on both stores', async () => {
    const requestId = `hostile-${randomUUID()}`;
    const longId = 'x'.repeat(5_000);
    const res = await svc.gql(ENTITIES, { r: [ref('a\u0000b', accountA), ref('1', 'acc\u0000ount'), ref(longId, accountA)] }, { key: keys.acmeDelete, headers: { 'x-request-id': requestId } });
    expect(res.body.data._entities).toEqual([null, null, null]);
    expect(res.body.errors!.map((e) => e.extensions!.code).sort()).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'INTEGRATED_ACCOUNT_NOT_FOUND']);
    expect(fake.requests).toEqual([]);
    const records = await readsOf(keys.acmeAuditOnly!, { requestId });
    const onA = records.find((r) => r.integratedAccountId === accountA)!;
    expect(onA.targets.map((t: { id: string; errorCode: string }) => [t.id.length, t.errorCode])).toEqual([
      [3, 'BAD_USER_INPUT'],
      [300, 'BAD_USER_INPUT'],
    ]);
    const other = records.filter((r) => r.integratedAccountId !== accountA);
    expect(other).toHaveLength(1);
    expect(other[0]!.integratedAccountId).toMatch(/^acc.+ount$/);
    expect(other[0]!.targets).toEqual([{ id: '1', read: false, errorCode: 'INTEGRATED_ACCOUNT_NOT_FOUND' }]);
  });

  it('userReadAudit needs audit:read', async () => {
    const res = await svc.gql(READS, {}, { key: keys.acmeDelete });
    expect(res.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const bad = await svc.gql(READS, { after: 'not-a-cursor' }, { key: keys.acmeAuditOnly });
    expect(bad.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors![0]!.message).toMatch(/after/);
    const first = await svc.gql(READS, { first: 0 }, { key: keys.acmeAuditOnly });
    expect(first.body.errors![0]!.message).toMatch(/first/);
  });

  it("other tenants' accounts stay invisible: the same answer as an unknown id, no vendor call, recorded in the caller's trail only", async () => {
    fake.on('GET /api/v2/users/1', { body: zendeskUser(1, 'one@acme.com') });
    const missing = randomUUID();
    const requestId = `cross-${randomUUID()}`;
    const other = await svc.gql(ENTITIES, { r: [ref('1', accountA)] }, { key: keys.globex, headers: { 'x-request-id': requestId } });
    const none = await svc.gql(ENTITIES, { r: [ref('1', missing)] }, { key: keys.globex });
    expect(other.body).toEqual(none.body);
    expect(other.body.errors![0]!.extensions!.code).toBe('INTEGRATED_ACCOUNT_NOT_FOUND');
    expect(fake.requests).toEqual([]);

    const globexReads = await readsOf(keys.globex!, { requestId });
    expect(globexReads).toHaveLength(1);
    expect(globexReads[0]).toMatchObject({ integratedAccountId: accountA, integration: null, targets: [{ id: '1', read: false, errorCode: 'INTEGRATED_ACCOUNT_NOT_FOUND' }] });
    // acme's trail does not show globex's attempt, and globex's does not show acme's reads
    expect(await readsOf(keys.acmeAuditOnly!, { requestId })).toEqual([]);
    const allGlobex = await readsOf(keys.globex!, {});
    expect(allGlobex.every((r) => r.apiKeyId === keyIds.globex)).toBe(true);
  });

  it('pages newest first with a cursor', async () => {
    fake.on('GET /api/v2/users/5', { body: zendeskUser(5, 'five@acme.com') });
    for (let i = 0; i < 3; i++) {
      const res = await svc.gql(ENTITIES, { r: [ref('5', accountA)] }, { key: keys.acmeRead });
      expect(res.body.errors).toBeUndefined();
    }
    const page1 = await svc.gql(READS, { f: { integratedAccountId: accountA }, first: 2 }, { key: keys.acmeAuditOnly });
    const p1 = page1.body.data.userReadAudit;
    expect(p1.records).toHaveLength(2);
    expect(p1.nextCursor).toBe(p1.records[1].id);
    expect(p1.records[0].id > p1.records[1].id).toBe(true);
    const page2 = await svc.gql(READS, { f: { integratedAccountId: accountA }, first: 2, after: p1.nextCursor }, { key: keys.acmeAuditOnly });
    const ids2 = page2.body.data.userReadAudit.records.map((r: { id: string }) => r.id);
    expect(ids2.length).toBeGreaterThan(0);
    expect(ids2.every((id: string) => id < p1.nextCursor)).toBe(true);
  });
});

describe('no record, no user', () => {
  it('when the read cannot be recorded, the references fail and the user is not handed out', async () => {
    const own = await startService();
    try {
      const account = await createAccount(own, { integration: 'zendesk', credentials: { method: 'api_token', email: 'a@acme.com', apiToken: 'zd-unrecorded-5678' }, context: { subdomain: 'acme' }, baseUrl: fake.url });
      fake.on('GET /api/v2/users/9', { body: zendeskUser(9, 'nine@acme.com') });
      await sql`drop table "user_read_audit"`.execute(own.app.db);
      const res = await own.gql(ENTITIES, { r: [ref('9', account)] });
      expect(res.body.data._entities).toEqual([null]);
      expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(res.text).not.toContain('nine@acme.com');
      expect(own.logs.some((l) => /could not record the user reads/.test(l))).toBe(true);
    } finally {
      await own.stop();
    }
  });
});
