import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, transport, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { performDeletion } from '../../deletion/service.js';
import { buildBaseUrl, credentialFields, resolveAuth, validateContext, validateCredentials } from '../core/definition.js';
import { VendorHttp } from '../core/http.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { airtableScim } from './index.js';

const user = fixture<ScimUser>('airtable-scim', 'user.json');
const error404Get = fixture('airtable-scim', 'error-404-get.json');
const error404Delete = fixture('airtable-scim', 'error-404-delete.json');
const error422Own = fixture('airtable-scim', 'error-422-own-account.json');
const error422Owner = fixture('airtable-scim', 'error-422-sole-owner.json');
const ID = 'usrogvSbotRtzdtZW';
const TOKEN = 'patAbCdEfGh12345.0123456789abcdef0123456789abcdef';
const credentials = { method: 'personal_access_token', apiToken: TOKEN };
const BASE = '/scim/v2';

const vendor = useFakeVendor(BASE);

/** user.json (Airtable's documented SCIM user) mapped by hand. */
const expectedUser: UnifiedUser = {
  id: ID,
  externalId: '00u19pelnizu7vExD0h8',
  firstName: 'Jane',
  lastName: 'Doe',
  title: 'Manager',
  name: 'Jane Doe',
  username: 'jane.doe@example.com',
  emails: [{ email: 'jane.doe@example.com', type: 'work', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  groups: [],
  languages: ['en-US'],
  createdAt: new Date('2022-06-29T18:16:07.990Z'),
  updatedAt: new Date('2022-07-06T17:36:19.513Z'),
};

/** What the returned user says after the deletion: the snapshot, deleted. */
const deletedUser: UnifiedUser = { ...expectedUser, status: 'DELETED', rawStatus: null };

function routes(deleteReply: { status?: number; body?: unknown; text?: string } = { status: 200, body: {} }): FakeVendor {
  return vendor.fake.on(`GET ${BASE}/Users/${ID}`, { body: user }).on(`DELETE ${BASE}/Users/${ID}`, deleteReply);
}

function expectAirtableRequests(requests: RecordedRequest[], token = TOKEN): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${token}`);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.rawBody).toBe('');
  }
}

describe('airtable scim', () => {
  it('reads the user, then DELETEs /scim/v2/Users/{userId} with the bearer token; an empty success deletes', async () => {
    routes();
    const out = await runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
    expect(vendor.fake.requests.some((r) => r.method === 'PATCH')).toBe(false);
    expectAirtableRequests(vendor.fake.requests);
    expect(out.outcome).toBe('DELETED');
    expect(airtableScim.outcome).toBe('DELETED');
    expect(out.raw).toEqual(user);
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toEqual(deletedUser);
    expect(unfilledMappedFields(airtableScim, out.before)).toEqual([]);
  });

  it('tolerates a 204 with no body on the DELETE', async () => {
    routes({ status: 204 });
    const out = await runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.outcome).toBe('DELETED');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.user).toEqual(deletedUser);
  });

  it('maps group memberships when Airtable lists them', async () => {
    vendor.fake
      .on(`GET ${BASE}/Users/${ID}`, { body: { ...user, groups: [{ value: 'ugpQ7PJ2boxzMAKFU', display: 'Updated Example Group' }] } })
      .on(`DELETE ${BASE}/Users/${ID}`, { status: 200, body: {} });
    const out = await runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.user.groups).toEqual([{ id: 'ugpQ7PJ2boxzMAKFU', name: 'Updated Example Group' }]);
  });

  it('maps the GET 404 ("not a valid userId") to NOT_FOUND and never DELETEs', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 404, body: error404Get });
    await expect(runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Airtable SCIM', remote: { status: 404, body: error404Get } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('maps the DELETE 404 ("user not found", e.g. removed meanwhile) to NOT_FOUND with the body', async () => {
    routes({ status: 404, body: error404Delete });
    await expect(runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { remote: { status: 404, body: { detail: 'user not found' } } },
    });
  });

  it("maps Airtable's documented 422 refusals: own account → FORBIDDEN, sole workspace owner → FAILED_PRECONDITION, with the vendor detail", async () => {
    for (const [body, code] of [
      [error422Own, 'FORBIDDEN'],
      [error422Owner, 'FAILED_PRECONDITION'],
    ] as const) {
      vendor.fake.reset();
      routes({ status: 422, body });
      const err = await runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code, details: { integration: 'Airtable SCIM', remote: { status: 422, body } } });
      expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
    }
  });

  it("asks whoami who the token belongs to, and refuses to delete that user (by id or email) with no DELETE", async () => {
    // The account's base URL is overridden here (the fake), so whoami goes to that origin's /v0/meta/whoami.
    const whoami = 'GET /v0/meta/whoami';
    for (const me of [{ id: ID }, { id: 'usrOTHER00000000', email: 'JANE.DOE@example.com' }]) {
      vendor.fake.reset();
      routes().on(whoami, { body: me });
      await expect(runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID, checkOwner: true })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: { reason: 'SELF_DELETION' },
      });
      expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, whoami]);
      expect(vendor.fake.requests[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
    vendor.fake.reset();
    routes().on(whoami, { body: { id: 'usrOTHER00000000', email: 'admin@example.com' } });
    const out = await runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID, checkOwner: true });
    expect(out.outcome).toBe('DELETED');
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, whoami, `DELETE ${BASE}/Users/${ID}`]);
  });

  it('does not delete when whoami names nobody (the guard never runs blind)', async () => {
    routes().on('GET /v0/meta/whoami', { body: {} });
    await expect(runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID, checkOwner: true })).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('sends whoami to https://api.airtable.com whichever Airtable SCIM host the account uses', async () => {
    const seen: string[] = [];
    for (const host of ['airtable.com', 'api.airtable.com']) {
      const http = {
        base: new URL(`https://${host}/scim/v2`),
        get: async (p: { value: string }, o?: { origin?: string }) => {
          seen.push(`${o?.origin ?? ''}${p.value}`);
          return { id: 'usrADMIN' };
        },
      } as unknown as VendorHttp;
      const lookup = airtableScim.tokenOwner;
      if (!('lookup' in lookup)) throw new Error('Airtable SCIM has a whoami lookup');
      expect(await lookup.lookup({ http, context: { host }, method: 'personal_access_token' })).toEqual({ ids: ['usrADMIN'] });
    }
    expect(seen).toEqual(['https://api.airtable.com/v0/meta/whoami', 'https://api.airtable.com/v0/meta/whoami']);
  });

  it('waits the documented 30 seconds after a 429 without a hint, or reports RATE_LIMITED with retryAfter 30 when that does not fit', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 429 }, { body: user }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const waits: number[] = [];
    const http = new VendorHttp({
      transport,
      baseUrl: new URL(vendor.baseUrl),
      auth: resolveAuth(airtableScim, validateCredentials(airtableScim, credentials)),
      headers: airtableScim.headers,
      rateLimit: airtableScim.rateLimit,
      errors: airtableScim.errors,
      timeoutMs: 5_000,
      retry: { maxAttempts: 3, maxWaitMs: 60_000, baseDelayMs: 10 },
      maxBodyBytes: 1 << 20,
      integration: airtableScim.name,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const out = await performDeletion(airtableScim, { http, id: ID, params: {}, context: {} });
    expect(out.outcome).toBe('DELETED');
    expect(waits).toEqual([30_000]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);

    // The test client accepts waits of 5 s at most: the 30 s wait is reported, nothing is written.
    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 429, body: {} });
    await expect(runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 30 } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
  });

  it('refuses the SCIM alias Me before any call, and declares what deletion means', async () => {
    for (const id of ['Me', 'me', 'ME']) {
      await expect(runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toEqual([]);
    expect(airtableScim.semantics).toMatchObject({ permanent: true, docs: 'https://airtable.com/developers/web/api/delete-scim-user' });
    expect(airtableScim.semantics.restoreWindowDays).toBeUndefined();
  });

  it('maps 401 to REAUTH_REQUIRED and 403 (token without the SCIM scope) to FORBIDDEN, before any DELETE', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } });
    await expect(runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 403, body: { error: { type: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND', message: 'Invalid permissions' } } });
    await expect(runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
  });

  it('an OAuth account calls with its access token', async () => {
    routes();
    await runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials: { method: 'oauth', accessToken: 'oaa.airtable-access-token', refreshToken: 'oar.refresh' }, id: ID });
    expectAirtableRequests(vendor.fake.requests, 'oaa.airtable-access-token');
  });

  it('passes remote_query on the DELETE only and encodes the id as one path segment', async () => {
    routes();
    await runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: ID, remoteQuery: { reason: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}?reason=offboarding`]);

    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/Users/usr%2F..%2FGroups`, { status: 404, body: error404Get });
    await expect(runDeletion(airtableScim, { baseUrl: vendor.baseUrl, credentials, id: 'usr/../Groups' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/usr%2F..%2FGroups`]);
  });

  it('builds https://airtable.com/scim/v2 by default, api.airtable.com on request, and refuses any other host', () => {
    expect(buildBaseUrl(airtableScim, validateContext(airtableScim, {})).href).toBe('https://airtable.com/scim/v2');
    expect(buildBaseUrl(airtableScim, validateContext(airtableScim, { host: 'api.airtable.com' })).href).toBe('https://api.airtable.com/scim/v2');
    for (const host of ['evil.com', 'airtable.com.evil.com', 'www.airtable.com', 'airtable.com/x']) {
      expect(() => validateContext(airtableScim, { host }), host).toThrow(/context\.host must be one of/);
    }
  });

  it('declares the PAT and the OAuth integration with the SCIM scope and Basic client authentication', () => {
    expect(airtableScim.auth.personal_access_token?.scheme).toEqual({ kind: 'bearer', tokenField: 'apiToken' });
    expect(airtableScim.auth.oauth?.scheme).toEqual({
      kind: 'oauth2',
      grant: 'authorization_code',
      tokenUrl: 'https://airtable.com/oauth2/v1/token',
      scopes: ['enterprise.scim.usersAndGroups:manage'],
      clientAuth: 'basic',
    });
    expect(credentialFields(airtableScim.auth.oauth!).required).toEqual(['accessToken']);
    expect(airtableScim.params).toEqual({});
  });
});
