/**
 * OAuth 2.0 credentials: an expired token is refreshed before the call, a 401 causes one refresh
 * and one retry, refresh is single-flight, and a refused refresh marks the account needs_reauth.
 * Zendesk's OAuth method is the subject; its token URL points at the fake through `tokenUrl`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, type RecordedRequest, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { dropSchema, freshSchema, LOCAL_POSTGRES } from './helpers/pg.js';
import { createAccount, type RunningService, startService } from './helpers/service.js';

let svc: RunningService;
let fake: FakeVendor;
let tokenCalls = 0;

const DELETE = `mutation($id: ID!, $acc: ID!) { deleteUser(id: $id, integratedAccountId: $acc) { id deletionOutcome } }`;
const past = () => new Date(Date.now() - 3_600_000).toISOString();
const future = () => new Date(Date.now() + 3_600_000).toISOString();

async function oauthAccount(fields: Record<string, string>): Promise<string> {
  return createAccount(svc, {
    integration: 'zendesk',
    credentials: { method: 'oauth', clientId: 'zd-client', clientSecret: 'zd-client-secret-123', ...fields },
    context: { subdomain: 'acme' },
    baseUrl: `${fake.url}/zd`,
    tokenUrl: `${fake.url}/oauth/tokens`,
  });
}

function userRoutes(id: string, token: string): void {
  const authorised = (reply: object) => (r: RecordedRequest) => (r.headers.authorization === `Bearer ${token}` ? reply : { status: 401, body: { error: 'invalid_token' } });
  fake.on(`GET /zd/api/v2/users/${id}`, authorised({ body: fixture('zendesk', 'user.json') }));
  fake.on(`DELETE /zd/api/v2/users/${id}`, authorised({ body: { user: { id: Number(id), active: false } } }));
}

function tokenEndpoint(reply: () => object, delayMs = 0): void {
  fake.on('POST /oauth/tokens', async () => {
    tokenCalls++;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    return reply();
  });
}

async function accountStatus(id: string): Promise<string> {
  const res = await svc.gql(`{ integratedAccounts { id status } }`);
  return res.body.data.integratedAccounts.find((a: { id: string }) => a.id === id).status;
}

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
});
afterAll(async () => {
  await svc?.stop();
  await fake?.stop();
});
beforeEach(() => {
  fake.reset();
  tokenCalls = 0;
});

describe('OAuth 2.0 token refresh', () => {
  it('refreshes an expired token before the call, stores the new one, and does not refresh it again', async () => {
    const acc = await oauthAccount({ accessToken: 'old-access', refreshToken: 'refresh-1', expiresAt: past() });
    tokenEndpoint(() => ({ body: { access_token: 'new-access', refresh_token: 'refresh-2', token_type: 'bearer', expires_in: 7200 } }));
    userRoutes('1', 'new-access');
    const res = await svc.gql(DELETE, { id: '1', acc });
    expect(res.body.errors).toBeUndefined();
    expect(tokenCalls).toBe(1);
    const tokenReq = fake.requests.find((r) => r.path === '/oauth/tokens')!;
    expect(tokenReq.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenReq.body).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'zd-client', client_secret: 'zd-client-secret-123' });

    fake.reset();
    userRoutes('2', 'new-access');
    const again = await svc.gql(DELETE, { id: '2', acc });
    expect(again.body.errors).toBeUndefined();
    expect(tokenCalls).toBe(1);
  });

  it('a 401 causes one refresh and one retry with the new token', async () => {
    const acc = await oauthAccount({ accessToken: 'revoked-access', refreshToken: 'refresh-a', expiresAt: future() });
    tokenEndpoint(() => ({ body: { access_token: 'fresh-access', expires_in: 3600 } }));
    userRoutes('3', 'fresh-access');
    const res = await svc.gql(DELETE, { id: '3', acc });
    expect(res.body.errors).toBeUndefined();
    expect(tokenCalls).toBe(1);
    expect(fake.calls()).toEqual(['GET /zd/api/v2/users/3', 'POST /oauth/tokens', 'GET /zd/api/v2/users/3', 'DELETE /zd/api/v2/users/3']);
  });

  it('a 401 after the refresh is REAUTH_REQUIRED, without a second refresh', async () => {
    const acc = await oauthAccount({ accessToken: 'a1', refreshToken: 'r1', expiresAt: future() });
    tokenEndpoint(() => ({ body: { access_token: 'still-refused', expires_in: 3600 } }));
    userRoutes('4', 'never-this-one');
    const res = await svc.gql(DELETE, { id: '4', acc });
    expect(res.body.errors![0]!.extensions!.code).toBe('REAUTH_REQUIRED');
    expect(tokenCalls).toBe(1);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('50 concurrent deletions on an account with an expired token cause one refresh', async () => {
    const acc = await oauthAccount({ accessToken: 'expired', refreshToken: 'refresh-x', expiresAt: past() });
    tokenEndpoint(() => ({ body: { access_token: 'shared-access', refresh_token: 'refresh-y', expires_in: 3600 } }), 100);
    const ids = Array.from({ length: 50 }, (_, i) => String(100 + i));
    for (const id of ids) userRoutes(id, 'shared-access');
    const results = await Promise.all(ids.map((id) => svc.gql(DELETE, { id, acc })));
    expect(results.filter((r) => r.body.errors)).toEqual([]);
    expect(tokenCalls).toBe(1);
  });

  it('a refused refresh marks the account needs_reauth; later calls fail fast until new credentials are given', async () => {
    const acc = await oauthAccount({ accessToken: 'expired', refreshToken: 'revoked-refresh', expiresAt: past() });
    tokenEndpoint(() => ({ status: 400, body: { error: 'invalid_grant', error_description: 'The refresh token is invalid' } }));
    const res = await svc.gql(DELETE, { id: '5', acc });
    expect(res.body.errors![0]!.extensions!.code).toBe('REAUTH_REQUIRED');
    expect(res.body.errors![0]!.message).toMatch(/invalid_grant/);
    expect(res.text).not.toContain('revoked-refresh');
    expect(await accountStatus(acc)).toBe('needs_reauth');

    const again = await svc.gql(DELETE, { id: '5', acc });
    expect(again.body.errors![0]!.extensions!.code).toBe('REAUTH_REQUIRED');
    expect(tokenCalls).toBe(1);
    expect(fake.requests.filter((r) => r.path.startsWith('/zd/'))).toEqual([]);

    const upd = await svc.gql(`mutation($id: ID!, $c: JSON) { updateIntegratedAccount(id: $id, input: { credentials: $c }) { status } }`, {
      id: acc,
      c: { method: 'oauth', accessToken: 'brand-new', refreshToken: 'r-new', expiresAt: future() },
    });
    expect(upd.body.data.updateIntegratedAccount.status).toBe('active');
    userRoutes('5', 'brand-new');
    const ok = await svc.gql(DELETE, { id: '5', acc });
    expect(ok.body.errors).toBeUndefined();
  });

  it('an account without a refresh token cannot be renewed: REAUTH_REQUIRED', async () => {
    const acc = await oauthAccount({ accessToken: 'expired-no-refresh', expiresAt: past() });
    const res = await svc.gql(DELETE, { id: '6', acc });
    expect(res.body.errors![0]!.extensions!.code).toBe('REAUTH_REQUIRED');
    expect(tokenCalls).toBe(0);
    expect(await accountStatus(acc)).toBe('needs_reauth');
  });

  it('a token endpoint failure that is not a refusal is REMOTE_ERROR and leaves the account active', async () => {
    const acc = await oauthAccount({ accessToken: 'expired', refreshToken: 'r', expiresAt: past() });
    tokenEndpoint(() => ({ status: 503, text: 'unavailable' }));
    const res = await svc.gql(DELETE, { id: '7', acc });
    expect(res.body.errors![0]!.extensions!.code).toBe('REMOTE_ERROR');
    expect(await accountStatus(acc)).toBe('active');
  });
});

describe('OAuth 2.0 token refresh across two processes sharing one PostgreSQL', () => {
  it('50 concurrent deletions spread over both cause one refresh (the account row is locked while refreshing)', async () => {
    const schema = freshSchema();
    // Replicas share the database and the encryption key.
    const shared = { DATABASE_URL: LOCAL_POSTGRES, DATABASE_SCHEMA: schema, ENCRYPTION_KEY: 'ab'.repeat(32) };
    const one = await startService(shared);
    const two = await startService(shared);
    try {
      const acc = await createAccount(one, {
        integration: 'zendesk',
        credentials: { method: 'oauth', clientId: 'zd-client', clientSecret: 'zd-client-secret-123', accessToken: 'expired', refreshToken: 'refresh-pg', expiresAt: past() },
        context: { subdomain: 'acme' },
        baseUrl: `${fake.url}/zd`,
        tokenUrl: `${fake.url}/oauth/tokens`,
      });
      tokenEndpoint(() => ({ body: { access_token: 'pg-shared-access', refresh_token: 'refresh-pg-2', expires_in: 3600 } }), 200);
      const ids = Array.from({ length: 50 }, (_, i) => String(300 + i));
      for (const id of ids) userRoutes(id, 'pg-shared-access');
      const results = await Promise.all(ids.map((id, i) => (i % 2 ? two : one).gql(DELETE, { id, acc })));
      expect(results.filter((r) => r.body.errors)).toEqual([]);
      expect(tokenCalls).toBe(1);
    } finally {
      await one.stop();
      await two.stop();
      await dropSchema(LOCAL_POSTGRES, schema);
    }
  });
});

