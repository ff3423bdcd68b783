import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, credentialFields, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { auth0, type Auth0User } from './index.js';

const user = fixture<Auth0User>('auth0', 'user.json');
const ID = 'auth0|507f1f77bcf86cd799439020';
// The `|` of an Auth0 user id is percent-encoded in the path.
const USER_PATH = '/api/v2/users/auth0%7C507f1f77bcf86cd799439020';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.mgmt-api-token.sig';
const credentials = { method: 'api_token', apiToken: TOKEN };
const context = { domain: 'acme.eu.auth0.com' };

const vendor = useFakeVendor('/api/v2');

/** The mapping of user.json, computed by hand from the fixture. */
const expected: UnifiedUser = {
  id: ID,
  firstName: 'John',
  lastName: 'Doe',
  name: 'John Doe',
  username: 'johndoe',
  emails: [{ email: 'john.doe@gmail.com', type: 'primary', isPrimary: true }],
  isEmailVerified: false,
  phones: [{ number: '+199999999999999', type: 'primary' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  is2faEnabled: true,
  avatar: 'https://s.gravatar.com/avatar/9d3b8b2b7c1f4e0a5d6c7b8a9f0e1d2c?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fjd.png',
  createdAt: new Date('2023-02-14T09:21:37.410Z'),
  updatedAt: new Date('2024-05-02T16:03:12.075Z'),
  lastLoginAt: new Date('2024-05-02T16:03:11.902Z'),
};

describe('auth0', () => {
  it('reads the user, then deletes it (204) with the Management API token as Bearer; the user is mapped by hand', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { status: 204 });

    const out = await runDeletion(auth0, { baseUrl: vendor.baseUrl, credentials, context, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`, `DELETE ${USER_PATH}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe('application/json');
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.raw).toEqual(user);
    // The snapshot as read; the returned user as the deletion leaves it (DELETE answers 204, no body).
    expect(out.before).toEqual(expected);
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null });
    expect(unfilledMappedFields(auth0, out.before)).toEqual([]);
    expect(out.response).toEqual({ status: 204, contentType: undefined, text: '' });
  });

  it('builds https://{tenant domain}/api/v2 for every regional domain, and declares the client credentials grant with its audience', () => {
    for (const domain of ['acme.auth0.com', 'acme.us.auth0.com', 'acme.eu.auth0.com', 'acme.au.auth0.com', 'acme.jp.auth0.com', 'acme.uk.auth0.com', 'acme.ca.auth0.com']) {
      expect(buildBaseUrl(auth0, validateContext(auth0, { domain })).href).toBe(`https://${domain}/api/v2`);
    }
    expect(auth0.auth.client_credentials!.scheme).toEqual({
      kind: 'oauth2',
      grant: 'client_credentials',
      tokenUrl: 'https://{domain}/oauth/token',
      audience: 'https://{domain}/api/v2/',
    });
    expect(credentialFields(auth0.auth.client_credentials!).required).toEqual(['clientId', 'clientSecret']);
  });

  it('a client-credentials account calls with its access token; without one it is refused before any call', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { status: 204 });
    const cc = { method: 'client_credentials', clientId: 'm2m-client-id-123', clientSecret: 'm2m-secret-value-456' };
    await expect(runDeletion(auth0, { baseUrl: vendor.baseUrl, credentials: cc, context, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);

    await runDeletion(auth0, { baseUrl: vendor.baseUrl, credentials: { ...cc, accessToken: 'eyJ.m2m-access.token' }, context, id: ID });
    expect(vendor.fake.requests.map((r) => r.headers.authorization)).toEqual(['Bearer eyJ.m2m-access.token', 'Bearer eyJ.m2m-access.token']);
  });

  it('maps an Auth0 404 to NOT_FOUND and never sends the DELETE (which would answer 204 for anyone)', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { status: 404, body: fixture('auth0', 'error-404.json') }).on(`DELETE ${USER_PATH}`, { status: 204 });
    await expect(runDeletion(auth0, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Auth0', remote: { status: 404, body: { statusCode: 404, errorCode: 'inexistent_user', message: 'The user does not exist.' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`]);
  });

  it('maps a 403 for a missing delete:users scope to FORBIDDEN with the Auth0 error body', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { status: 403, body: fixture('auth0', 'error-403.json') });
    const err = await runDeletion(auth0, { baseUrl: vendor.baseUrl, credentials, context, id: ID }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FORBIDDEN', details: { remote: { status: 403, body: { errorCode: 'insufficient_scope', message: 'Insufficient scope, expected any of: delete:users' } } } });
    expect(JSON.stringify(err)).not.toContain(TOKEN);
  });

  it('waits for x-ratelimit-reset on a 429 and retries', async () => {
    const reset = String(Math.floor(Date.now() / 1000));
    vendor.fake
      .on(`GET ${USER_PATH}`, { status: 429, headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: fixture('auth0', 'error-429.json') }, { body: user })
      .on(`DELETE ${USER_PATH}`, { status: 204 });
    const out = await runDeletion(auth0, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`, `GET ${USER_PATH}`, `DELETE ${USER_PATH}`]);
    expect(out.outcome).toBe('DELETED');
  });

  it('passes remote_query to the DELETE only, and maps a blocked user without MFA', async () => {
    const blocked = { ...user, blocked: true, multifactor: [] };
    vendor.fake.on(`GET ${USER_PATH}`, { body: blocked }).on(`DELETE ${USER_PATH}`, { status: 204 });
    const out = await runDeletion(auth0, { baseUrl: vendor.baseUrl, credentials, context, id: ID, remoteQuery: { x: '1' } });
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`, `DELETE ${USER_PATH}?x=1`]);
    expect(out.before).toEqual({ ...expected, status: 'INACTIVE', rawStatus: 'blocked', is2faEnabled: false });
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null, is2faEnabled: false });
  });

  it('refuses custom domains and non-Auth0 hosts as context, before any call', async () => {
    const run = (domain: string) => runDeletion(auth0, { baseUrl: vendor.baseUrl, credentials, context: { domain }, id: ID });
    await expect(run('login.acme.com')).rejects.toThrow(/context.domain must end with .auth0.com/);
    await expect(run('acme.auth0.com.evil.example')).rejects.toThrow(/must end with/);
    await expect(run('auth0.com')).rejects.toThrow(/must end with/);
    await expect(run('https://acme.us.auth0.com')).rejects.toThrow(/context.domain must be a hostname/);
    await expect(runDeletion(auth0, { baseUrl: vendor.baseUrl, credentials, context: {}, id: ID })).rejects.toThrow(/context.domain is required/);
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('declares the deletion permanent, no self-alias, and no token owner: the token acts as an application', () => {
    expect(auth0.semantics).toMatchObject({ permanent: true, docs: 'https://auth0.com/docs/api/management/v2/users/delete-users-by-id' });
    expect(auth0.semantics.restoreWindowDays).toBeUndefined();
    expect(auth0.selfAliases).toEqual([]);
    expect(auth0.tokenOwner).toEqual({ unavailable: expect.stringMatching(/machine-to-machine application/) });
  });
});
