import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { postmanScim } from './index.js';

const user = fixture<ScimUser>('postman-scim', 'user.json');
const deactivated = fixture<ScimUser>('postman-scim', 'user-deactivated.json');
const error404 = fixture('postman-scim', 'error-404.json');
const error400 = fixture('postman-scim', 'error-400.json');
const ID = '405775fe15ed41872a8eea4c8aa2b38cda9749812cc55c99';
const KEY = 'PMAK-scimkey0123456789abcdef';
const credentials = { method: 'api_key', apiKey: KEY };
const BASE = '/scim/v2';

const vendor = useFakeVendor(BASE);

/** The documented PATCH body (UpdateScimUserPatch, op "replace" with a value object). */
const DEACTIVATE = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] };

/** user-deactivated.json mapped by hand (the PATCH answer is the fresher view of the user). */
const expectedUser: UnifiedUser = {
  id: ID,
  externalId: '12345678',
  firstName: 'Taylor',
  lastName: 'Lee',
  name: 'Taylor Lee',
  username: 'taylor.lee@example.com',
  status: 'INACTIVE',
  rawStatus: 'inactive',
  createdAt: new Date('2021-02-22T04:24:13.000Z'),
  updatedAt: new Date('2021-02-22T04:24:13.000Z'),
};

function routes(patchReply: { status?: number; body?: unknown } = { body: deactivated }): FakeVendor {
  return vendor.fake.on(`GET ${BASE}/Users/${ID}`, { body: user }).on(`PATCH ${BASE}/Users/${ID}`, patchReply);
}

function expectPostmanRequests(requests: RecordedRequest[], auth: { header: string; value: string }): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers[auth.header]).toBe(auth.value);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
    expect(r.search).toBe('');
    if (r.method === 'GET') {
      expect(r.rawBody).toBe('');
      expect(r.headers['content-type']).toBeUndefined();
    } else {
      expect(r.method).toBe('PATCH');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.body).toEqual(DEACTIVATE);
    }
  }
  if (auth.header !== 'authorization') expect(requests.every((r) => r.headers.authorization === undefined)).toBe(true);
}

describe('postman scim', () => {
  it('never DELETEs: reads the user, then PATCHes active=false with X-API-Key; the user is deactivated', async () => {
    routes();
    const out = await runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}`]);
    expectPostmanRequests(vendor.fake.requests, { header: 'x-api-key', value: KEY });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.response?.status).toBe(200);
    expect(out.raw).toEqual(deactivated);
    expect(out.user).toEqual(expectedUser);
    expect(unfilledMappedFields(postmanScim, out.user)).toEqual([]);
  });

  it('also sends the SCIM key as a bearer token (the identity-provider form)', async () => {
    routes();
    const out = await runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials: { method: 'scim_bearer', apiKey: KEY }, id: ID });
    expectPostmanRequests(vendor.fake.requests, { header: 'authorization', value: `Bearer ${KEY}` });
    expect(vendor.fake.requests.every((r) => r.headers['x-api-key'] === undefined)).toBe(true);
    expect(out.outcome).toBe('DEACTIVATED');
  });

  it('tolerates a PATCH answered without a body (dry runs answer 204): the user is the snapshot, deactivated', async () => {
    routes({ status: 204 });
    const out = await runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.raw).toEqual(user);
    expect(out.before).toEqual({ ...expectedUser, status: 'ACTIVE', rawStatus: 'active' });
    expect(out.user).toEqual({ ...expectedUser, status: 'INACTIVE', rawStatus: null });
  });

  it('sends no second PATCH to a user Postman already shows inactive, and answers ALREADY_DEACTIVATED', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { body: deactivated });
    const out = await runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
    expect(out.user).toEqual(expectedUser);
    expect(out.response).toBeNull();
  });

  it('refuses the SCIM alias Me before any call; restorable, no owner lookup', async () => {
    await expect(runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: 'me' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toEqual([]);
    expect(postmanScim.semantics.permanent).toBe(false);
    expect('unavailable' in postmanScim.tokenOwner).toBe(true);
  });

  it('maps the scimError 404 to NOT_FOUND and never PATCHes', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 404, body: error404 });
    await expect(runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Postman SCIM', remote: { status: 404, body: { detail: 'User not found', status: '404' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('keeps scimType and detail of a 400 on the PATCH (REMOTE_ERROR), and maps 401/403', async () => {
    routes({ status: 400, body: error400 });
    await expect(runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      details: { remote: { status: 400, body: { scimType: 'invalidValue', status: '400' } } },
    });
    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 401, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'Invalid API Key', status: '401' } });
    await expect(runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    vendor.fake.reset();
    routes({ status: 403, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'Forbidden', status: '403' } });
    await expect(runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('waits X-RateLimit-RetryAfter seconds on a 429, and reports a long wait as RATE_LIMITED', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 429, headers: { 'x-ratelimit-retryafter': '0' } }, { body: user }).on(`PATCH ${BASE}/Users/${ID}`, { body: deactivated });
    const out = await runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}`]);
    expect(out.outcome).toBe('DEACTIVATED');

    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 429, headers: { 'x-ratelimit-retryafter': '120' } });
    await expect(runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 120 } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
  });

  it('passes remote_query on the PATCH only and encodes the id as one path segment', async () => {
    vendor.fake.on(`GET ${BASE}/Users/x%2F..%2F..%2Fteams`, { status: 404, body: error404 });
    await expect(runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: 'x/../../teams' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    vendor.fake.reset();
    routes();
    await runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials, id: ID, remoteQuery: { reason: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}?reason=offboarding`]);
  });

  it('builds the base URL from a closed list of Postman hosts; anything else is refused', () => {
    expect(buildBaseUrl(postmanScim, validateContext(postmanScim, {})).href).toBe('https://api.getpostman.com/scim/v2');
    expect(buildBaseUrl(postmanScim, validateContext(postmanScim, { host: 'api.eu.postman.com' })).href).toBe('https://api.eu.postman.com/scim/v2');
    for (const host of ['evil.com', 'api.getpostman.com.evil.com', 'api.getpostman.com/x', 'API.GETPOSTMAN.COM.', 'eu']) {
      expect(() => validateContext(postmanScim, { host })).toThrow(/context\.host must be one of api\.getpostman\.com, api\.eu\.postman\.com/);
    }
    expect(() => validateContext(postmanScim, { region: 'eu' })).toThrow(/context\.region is not a context field/);
  });

  it('requires the API key for the chosen method', async () => {
    await expect(runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials: { method: 'api_key' }, id: ID })).rejects.toThrow(/credentials\.apiKey is required/);
    await expect(runDeletion(postmanScim, { baseUrl: vendor.baseUrl, credentials: { apiKey: KEY }, id: ID })).rejects.toThrow(/credentials\.method must be one of api_key, scim_bearer/);
    expect(vendor.fake.requests).toEqual([]);
  });
});
