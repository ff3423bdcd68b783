import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { looker, type LookerUser } from './index.js';

const user = fixture<LookerUser>('looker', 'user.json');
const ID = '42';
const TOKEN = '4QDkCyCtZzYgj4C2p2cj3csJH7zqS5RzKs2kTnG4';
const credentials = { method: 'api_key', clientId: 'CGc9B7v7J48dQSJvxxx', clientSecret: 'nNVS9cSS3xNpSC9JdsBvvvvv', accessToken: TOKEN };
const context = { host: 'acme.cloud.looker.com' };
const vendor = useFakeVendor('/api/4.0');

/** The mapping of user.json, computed by hand. */
const expected: UnifiedUser = {
  id: '42',
  firstName: 'Jane',
  lastName: 'Doe',
  name: 'Jane Doe',
  emails: [{ email: 'jane.doe@acme.com', type: 'primary', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'enabled',
  is2faEnabled: true,
  roles: [{ id: '2' }],
  groups: [{ id: '1' }, { id: '7' }],
  avatar: 'https://gravatar.lookercdn.com/avatar/e6a5f2c0d9b1a4c3e2f1?s=156&d=blank',
  languages: ['en'],
  lastLoginAt: new Date('2026-11-28T16:03:10.000Z'),
  urls: [{ url: 'https://acme.cloud.looker.com/api/4.0/users/42', type: 'api' }],
};

describe('looker', () => {
  it('reads then deletes the user with "Authorization: token …"; every request is in the Looker 4.0 OpenAPI description', async () => {
    vendor.fake.on(`GET /api/4.0/users/${ID}`, { body: user }).on(`DELETE /api/4.0/users/${ID}`, { status: 204 });
    const out = await runDeletion(looker, { baseUrl: vendor.baseUrl, credentials, context, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /api/4.0/users/${ID}`, `DELETE /api/4.0/users/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`token ${TOKEN}`);
      expect(r.search).toBe('');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null });

    const spec = loadSpec('looker-4.0.oas.json');
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r, '/api/4.0'))).toEqual([]);
    expect(checkRequest(spec, { ...vendor.fake.requests[1]!, query: { force: 'true' } }, '/api/4.0')).not.toEqual([]);
  });

  it('declares the documented /login form sign-in and the token header', () => {
    expect(looker.auth.api_key?.scheme).toEqual({
      kind: 'session',
      signIn: { url: '/login', form: { client_id: '{clientId}', client_secret: '{clientSecret}' } },
      token: { path: 'access_token' },
      expiresIn: { path: 'expires_in' },
      header: { Authorization: 'token {token}' },
    });
    const spec = loadSpec('looker-4.0.oas.json');
    expect(spec.paths['/login']?.post).toBeDefined();
  });

  it('the owner lookup reads GET /user and names its id and email', async () => {
    vendor.fake.on('GET /api/4.0/user', { body: { ...user, id: '1', email: 'Admin@Acme.com', credentials_email: { email: 'Admin@Acme.com' } } });
    const { http, context: ctx } = vendorClient(looker, { baseUrl: vendor.baseUrl, credentials, context });
    if (!('lookup' in looker.tokenOwner)) throw new Error('Looker names the token owner');
    await expect(looker.tokenOwner.lookup({ http, context: ctx, method: 'api_key' })).resolves.toEqual({ ids: ['1', 'Admin@Acme.com', 'Admin@Acme.com'] });
    expect(checkRequest(loadSpec('looker-4.0.oas.json'), vendor.fake.requests[0]!, '/api/4.0')).toEqual([]);
  });

  it('finds users by email: exact case-insensitive matches only (`_` is a LIKE wildcard), paged with limit/offset', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => ({ ...user, id: String(1000 + i), email: `jane${i}doe@acme.com` }));
    page1[3] = { ...user, id: '77', email: 'Jane_Doe@ACME.com' };
    vendor.fake.on('GET /api/4.0/users/search', (r) =>
      r.query.offset === '0' ? { body: page1 } : { body: [{ ...user, id: '78', email: 'jane_doe@acme.com' }, { ...user, id: '79', email: 'janeXdoe@acme.com' }] },
    );
    const { http, context: ctx } = vendorClient(looker, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await looker.findUsers!({ http, email: 'jane_doe@acme.com', params: {}, context: ctx });
    expect(found.map((u) => u.id)).toEqual(['77', '78']);
    expect(vendor.fake.requests.map((r) => r.search)).toEqual(['email=jane_doe%40acme.com&limit=100&offset=0', 'email=jane_doe%40acme.com&limit=100&offset=100']);
    const spec = loadSpec('looker-4.0.oas.json');
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r, '/api/4.0'))).toEqual([]);
  });

  it('maps a 404 to NOT_FOUND and a 403 on the DELETE (e.g. the last administrator) to FORBIDDEN', async () => {
    vendor.fake.on(`GET /api/4.0/users/${ID}`, { status: 404, body: { message: 'Not found', documentation_url: 'https://cloud.google.com/looker/docs/' } });
    await expect(runDeletion(looker, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET /api/4.0/users/${ID}`]);

    vendor.fake.reset();
    vendor.fake.on(`GET /api/4.0/users/${ID}`, { body: user }).on(`DELETE /api/4.0/users/${ID}`, { status: 403, body: { message: 'Permission Denied', documentation_url: 'https://cloud.google.com/looker/docs/' } });
    await expect(runDeletion(looker, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a service account (deprecated through delete_user) and non-numeric ids without deleting', async () => {
    vendor.fake.on(`GET /api/4.0/users/${ID}`, { body: { ...user, is_service_account: true, service_account_name: 'etl-bot' } });
    await expect(runDeletion(looker, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.calls()).toEqual([`GET /api/4.0/users/${ID}`]);
    await expect(runDeletion(looker, { baseUrl: vendor.baseUrl, credentials, context, id: '../42' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.calls()).toEqual([`GET /api/4.0/users/${ID}`]);
  });

  it('accepts only Looker hosts as context', async () => {
    await expect(runDeletion(looker, { baseUrl: vendor.baseUrl, credentials, context: { host: 'looker.com.evil.com' }, id: ID })).rejects.toThrow(/must end with/);
    expect(vendor.fake.requests).toHaveLength(0);
  });
});
