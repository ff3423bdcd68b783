import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { qlikSense, type QlikUser } from './index.js';

const user = fixture<QlikUser>('qlik-sense', 'user.json');
const ID = '62716ab404a7bd8626af9bd6';
const KEY = 'eyJhbGciOiJFUzM4NCJ9.qlik-test-api-key';
const credentials = { method: 'api_key', apiKey: KEY };
const context = { host: 'acme.eu.qlikcloud.com' };
const vendor = useFakeVendor();

/** The mapping of user.json, computed by hand. */
const expected: UnifiedUser = {
  id: ID,
  externalId: 'auth0|a08d2b7a4f3e9c1d2e5b6a7c8d9e0f1a',
  name: 'John Smith',
  emails: [{ email: 'john.smith@corp.example', type: 'primary', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [
    { id: '60804cf8a77b649c66733f60', name: 'TenantAdmin' },
    { id: '60804cf8a77b649c66733f61', name: 'Developer' },
  ],
  groups: [{ id: '6271fc0b69e4d0a3e8a4b5c1', name: 'Finance' }],
  organizations: [{ id: 'q3VRZ4YMixRaLKEPhkZWM-XMIDN7cO8f' }],
  avatar: 'https://corp.example/docs/jsmith.png',
  timezone: 'Europe/Stockholm',
  languages: ['en-US'],
  createdAt: new Date('2022-05-03T17:58:44.392Z'),
  updatedAt: new Date('2026-11-20T08:14:02.117Z'),
  urls: [{ url: 'https://acme.eu.qlikcloud.com/api/v1/users/62716ab404a7bd8626af9bd6', type: 'api' }],
};

describe('qlik-sense', () => {
  it('reads then deletes the user with the API key as Bearer; the user is DELETED', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { body: user }).on(`DELETE /api/v1/users/${ID}`, { status: 204 });
    const out = await runDeletion(qlikSense, { baseUrl: vendor.fake.url, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /api/v1/users/${ID}`, `DELETE /api/v1/users/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.search).toBe('');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null });
  });

  it('maps the documented statuses (provisioned is not signed in yet: INVITED)', () => {
    const map = (status: string) => qlikSense.toUser({ ...user, status }, { id: ID, params: {} }).status;
    expect(['active', 'invited', 'provisioned', 'disabled', 'deleted'].map(map)).toEqual(['ACTIVE', 'INVITED', 'INVITED', 'INACTIVE', 'DELETED']);
  });

  it('declares the M2M client as a JSON sign-in at https://{host}/oauth/token, as Qlik documents it', () => {
    expect(qlikSense.auth.client_credentials?.scheme).toEqual({
      kind: 'session',
      signIn: { url: 'https://{host}/oauth/token', json: { client_id: '{clientId}', client_secret: '{clientSecret}', grant_type: 'client_credentials', scope: 'admin_classic' } },
      token: { path: 'access_token' },
      expiresIn: { path: 'expires_in' },
      header: { Authorization: 'Bearer {token}' },
    });
  });

  it('the owner lookup reads /api/v1/users/me, or follows the user named by its redirect', async () => {
    if (!('lookup' in qlikSense.tokenOwner)) throw new Error('Qlik names the token owner');
    const { http, context: ctx } = vendorClient(qlikSense, { baseUrl: vendor.fake.url, credentials, context });
    vendor.fake.on('GET /api/v1/users/me', { body: { ...user, id: 'aaaa', email: 'admin@corp.example', subject: 'auth0|admin' } });
    await expect(qlikSense.tokenOwner.lookup({ http, context: ctx, method: 'api_key' })).resolves.toEqual({ ids: ['aaaa', 'admin@corp.example', 'auth0|admin'] });

    vendor.fake.reset();
    vendor.fake.on('GET /api/v1/users/me', { status: 302, headers: { location: `/api/v1/users/${ID}` } }).on(`GET /api/v1/users/${ID}`, { body: user });
    await expect(qlikSense.tokenOwner.lookup({ http, context: ctx, method: 'api_key' })).resolves.toEqual({ ids: [ID, 'john.smith@corp.example', 'auth0|a08d2b7a4f3e9c1d2e5b6a7c8d9e0f1a'] });
    expect(vendor.fake.calls()).toEqual(['GET /api/v1/users/me', `GET /api/v1/users/${ID}`]);
  });

  it('refuses `me` as an id before any call (it names the caller)', async () => {
    await expect(runDeletion(qlikSense, { baseUrl: vendor.fake.url, credentials, context, id: 'ME' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('finds users by email with a quoted eq filter, follows the next cursor, keeps exact matches', async () => {
    vendor.fake.on(
      'GET /api/v1/users',
      (r) =>
        r.query.next
          ? { body: { data: [{ ...user, id: 'b2', email: 'john.smith@corp.example.net' }], links: { self: { href: 'x' } } } }
          : { body: { data: [{ ...user, id: 'b1', email: 'John.Smith@CORP.example' }], links: { self: { href: 'x' }, next: { href: 'https://acme.eu.qlikcloud.com/api/v1/users?limit=100&next=cursor123' } } } },
    );
    const { http, context: ctx } = vendorClient(qlikSense, { baseUrl: vendor.fake.url, credentials, context });
    const found = await qlikSense.findUsers!({ http, email: 'john.smith@corp.example', params: {}, context: ctx });
    expect(found.map((u) => u.id)).toEqual(['b1']);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([
      { filter: 'email eq "john.smith@corp.example"', limit: '100' },
      { filter: 'email eq "john.smith@corp.example"', limit: '100', next: 'cursor123' },
    ]);
  });

  it('maps 404 to NOT_FOUND and a 403 on the DELETE to FORBIDDEN', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { status: 404, body: { errors: [{ code: 'USERS-7', status: 404, title: 'Not found' }] } });
    await expect(runDeletion(qlikSense, { baseUrl: vendor.fake.url, credentials, context, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET /api/v1/users/${ID}`]);
    vendor.fake.reset();
    vendor.fake.on(`GET /api/v1/users/${ID}`, { body: user }).on(`DELETE /api/v1/users/${ID}`, { status: 403, body: { errors: [{ code: 'HTTP-403', status: 403, title: 'Forbidden' }] } });
    await expect(runDeletion(qlikSense, { baseUrl: vendor.fake.url, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('accepts only Qlik Cloud hosts', async () => {
    await expect(runDeletion(qlikSense, { baseUrl: vendor.fake.url, credentials, context: { host: 'qlikcloud.com.evil.com' }, id: ID })).rejects.toThrow(/must end with/);
    expect(vendor.fake.requests).toHaveLength(0);
  });
});
