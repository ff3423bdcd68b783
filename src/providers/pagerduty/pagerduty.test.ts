import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import { pagerduty, type PagerDutyUser } from './index.js';

const user = fixture<{ user: PagerDutyUser }>('pagerduty', 'user.json');
const ID = 'PXPGF42';
const vendor = useFakeVendor();
const creds = { method: 'api_token', apiToken: 'y_NbAkKc66ryYTWUXYEu' };

describe('pagerduty', () => {
  it('reads, then deletes the user, with Token auth and the v2 Accept header', async () => {
    vendor.fake.on(`GET /users/${ID}`, { body: user }).on(`DELETE /users/${ID}`, { status: 204 });
    const out = await runDeletion(pagerduty, { baseUrl: vendor.fake.url, credentials: creds, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /users/${ID}`, `DELETE /users/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe('Token token=y_NbAkKc66ryYTWUXYEu');
      expect(r.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.user.status).toBe('DELETED');
    expect(out.before).toEqual({
      id: ID,
      name: 'Earline Greenholt',
      emails: [{ email: '125.greenholt.earline@graham.name', type: 'login', isPrimary: true }],
      roles: [{ id: 'admin', name: 'admin' }],
      avatar: 'https://pd-static-assets.pagerduty.com/users/blank-avatar.png',
      timezone: 'America/Lima',
      title: 'Director of Engineering',
      bio: "I'm the boss",
      status: 'ACTIVE',
      rawStatus: 'active',
      groups: [{ id: 'PQ9K7I8', name: 'Engineering' }],
      urls: [{ url: 'https://subdomain.pagerduty.com/users/PXPGF42', type: 'profile' }],
    });
  });

  it('every request conforms to PagerDuty\'s OpenAPI description (pagerduty.json)', async () => {
    vendor.fake
      .on(`GET /users/${ID}`, { body: user })
      .on(`DELETE /users/${ID}`, { status: 204 })
      .on('GET /users/me', { body: user })
      .on('GET /users', { body: fixture('pagerduty', 'users-page.json') });
    await runDeletion(pagerduty, { baseUrl: vendor.fake.url, credentials: { method: 'oauth', accessToken: 'pd-oauth-access' }, id: ID });
    const { http, context } = vendorClient(pagerduty, { baseUrl: vendor.fake.url, credentials: { method: 'oauth', accessToken: 'pd-oauth-access' } });
    const lookup = pagerduty.tokenOwner as Extract<typeof pagerduty.tokenOwner, { lookup: unknown }>;
    await lookup.lookup({ http, context, method: 'oauth' });
    await pagerduty.findUsers!({ http, context, email: 'x@example.com', params: {} });
    const spec = loadSpec('pagerduty.json');
    expect(vendor.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /users/${ID}`, `DELETE /users/${ID}`, 'GET /users/me', 'GET /users']);
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r))).toEqual([]);
    expect(vendor.fake.requests.every((r) => r.headers.authorization === 'Bearer pd-oauth-access')).toBe(true);
    // the checker rejects what the description lacks
    expect(checkRequest(spec, { ...vendor.fake.requests[1]!, query: { force: 'true' } })).not.toEqual([]);
    expect(checkRequest(spec, { ...vendor.fake.requests[1]!, headers: { ...vendor.fake.requests[1]!.headers, accept: undefined } })).not.toEqual([]);
  });

  it('refuses clearly (FAILED_PRECONDITION) while the user has assigned incidents, never forcing', async () => {
    vendor.fake
      .on(`GET /users/${ID}`, { body: user })
      .on(`DELETE /users/${ID}`, { status: 400, body: { error: { message: 'Invalid Input Provided', code: 2001, errors: ['User has assigned incidents and cannot be deleted.'] } } });
    await expect(runDeletion(pagerduty, { baseUrl: vendor.fake.url, credentials: creds, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(vendor.fake.calls()).toEqual([`GET /users/${ID}`, `DELETE /users/${ID}`]);
  });

  it('keeps other 400s as remote errors with PagerDuty\'s message', async () => {
    vendor.fake.on(`GET /users/${ID}`, { status: 400, body: { error: { message: 'Invalid Input Provided', code: 2001, errors: ['Id is malformed'] } } });
    await expect(runDeletion(pagerduty, { baseUrl: vendor.fake.url, credentials: creds, id: ID })).rejects.toMatchObject({ code: 'REMOTE_ERROR', details: { remote: { status: 400 } } });
  });

  it('an account-level key names no owner; a user key or OAuth token is looked up at /users/me', async () => {
    vendor.fake.on('GET /users/me', { body: user });
    const lookup = pagerduty.tokenOwner as Extract<typeof pagerduty.tokenOwner, { lookup: unknown }>;
    const acct = vendorClient(pagerduty, { baseUrl: vendor.fake.url, credentials: creds });
    expect(await lookup.lookup({ ...acct, method: 'api_token' })).toBeUndefined();
    const usr = vendorClient(pagerduty, { baseUrl: vendor.fake.url, credentials: { method: 'user_api_token', apiToken: 'u_key_1234' } });
    expect(await lookup.lookup({ ...usr, method: 'user_api_token' })).toEqual({ ids: [ID, '125.greenholt.earline@graham.name'] });
    expect(vendor.fake.calls()).toEqual(['GET /users/me']);
  });

  it('finds users by email over offset pages, exactly and case-insensitively', async () => {
    const page = fixture<{ users: PagerDutyUser[] }>('pagerduty', 'users-page.json');
    const first = { ...page, limit: 100, more: true };
    const second = { users: [{ ...page.users[1]!, id: 'PZZZZZZ', email: '125.GREENHOLT.earline@graham.name' }, { ...page.users[1]!, id: 'PYYYYYY', email: '125.greenholt.earline@graham.name.evil' }], limit: 100, offset: 100, more: false, total: null };
    vendor.fake.on('GET /users', { body: first }, { body: second });
    const { http, context } = vendorClient(pagerduty, { baseUrl: vendor.fake.url, credentials: creds });
    const found = await pagerduty.findUsers!({ http, context, email: '125.greenholt.earline@graham.name', params: {} });
    expect(found.map((u) => u.id)).toEqual([ID, 'PZZZZZZ']);
    expect(vendor.fake.requests.map((r) => r.search)).toEqual(['limit=100&offset=0', 'limit=100&offset=100']);
  });

  it('uses the EU host for EU accounts and no other', () => {
    expect(buildBaseUrl(pagerduty, validateContext(pagerduty, { host: 'api.eu.pagerduty.com' })).href).toBe('https://api.eu.pagerduty.com/');
    expect(() => validateContext(pagerduty, { host: 'api.pagerduty.com.evil.io' })).toThrow();
  });
});
