import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { canva } from './index.js';

const user = fixture<ScimUser>('canva', 'user.json');
const deprovisioned = fixture<ScimUser>('canva', 'user-deprovisioned.json');
const error404 = fixture('canva', 'error-404.json');
const ID = 'UAFdxab1abC';
const TOKEN = 'canva-scim-token-0123456789abcdef';
const credentials = { method: 'scim_token', scimToken: TOKEN };
const BASE = '/_scim/v2';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

const vendor = useFakeVendor(BASE);

/** Canva's documented deprovisioning body (update-individual-attributes-user), byte for byte. */
const DEPROVISION_RAW = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}';

/** user.json mapped by hand. */
const expectedActive: UnifiedUser = {
  id: ID,
  externalId: 'abcd1234',
  firstName: 'Alice',
  lastName: 'Liddell',
  title: 'Brand Lead',
  name: 'Alice Liddell',
  username: 'aliddell',
  emails: [{ email: 'aliddell@example.com', type: 'work', isPrimary: true }],
  phones: [{ number: '+61 2 5550 1234', type: 'work' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: 'Member', name: 'Member' }],
  groups: [{ id: 'GAFq3r8m2Xk', name: 'Marketing' }],
  userType: 'Employee',
  licenses: [{ id: 'canva-enterprise', name: 'Canva Enterprise' }],
  avatar: 'https://photos.example.com/canva/aliddell.png',
  timezone: 'Australia/Sydney',
  languages: ['en_US'],
  createdAt: new Date('2023-09-18T06:08:35.000Z'),
  updatedAt: new Date('2024-02-01T09:30:00.000Z'),
  urls: [{ url: 'https://www.canva.com/p/aliddell', type: 'profile' }],
};

/** user-deprovisioned.json (the PATCH answer) mapped by hand. */
const expectedDeprovisioned: UnifiedUser = { ...expectedActive, status: 'INACTIVE', rawStatus: 'inactive', updatedAt: new Date('2024-06-03T11:15:42.000Z') };

function routes(patchReply: { status?: number; headers?: Record<string, string>; body?: unknown } = { headers: SCIM_JSON, body: deprovisioned }): FakeVendor {
  return vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user }).on(`PATCH ${BASE}/Users/${ID}`, patchReply);
}

function expectCanvaRequests(requests: RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
    if (r.method === 'GET') {
      expect(r.rawBody).toBe('');
      expect(r.headers['content-type']).toBeUndefined();
    } else {
      expect(r.method).toBe('PATCH');
      expect(r.headers['content-type']).toBe('application/scim+json');
      expect(r.rawBody).toBe(DEPROVISION_RAW);
    }
  }
}

describe('canva (SCIM)', () => {
  it('never DELETEs: reads the user, then PATCHes path "active" to false exactly as Canva documents; the user is deprovisioned', async () => {
    routes();
    const out = await runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}`]);
    expect(vendor.fake.requests.some((r) => r.method === 'DELETE')).toBe(false);
    expectCanvaRequests(vendor.fake.requests);
    expect(vendor.fake.requests[1]?.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(canva.outcome).toBe('DEACTIVATED');
    expect(out.response?.status).toBe(200);
    expect(out.raw).toEqual(deprovisioned);
    expect(out.user).toEqual(expectedDeprovisioned);
    expect(unfilledMappedFields(canva, out.user)).toEqual([]);
  });

  it('maps the snapshot when the PATCH answers without a body (200 empty or 204)', async () => {
    routes({ status: 204 });
    const out = await runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.raw).toEqual(user);
    // The answer is the snapshot as the outcome leaves it; the pre-deletion view is `before`.
    expect(out.before).toEqual(expectedActive);
    expect(out.user).toEqual({ ...expectedActive, status: 'INACTIVE', rawStatus: null });
    expect(unfilledMappedFields(canva, out.before)).toEqual([]);
  });

  it('sends no second PATCH to a user Canva already shows deprovisioned, and answers ALREADY_DEACTIVATED', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: deprovisioned });
    const out = await runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
    expect(out.user).toEqual(expectedDeprovisioned);
    expect(out.response).toBeNull();
  });

  it('declares deprovisioning as restorable with no documented window, refuses Me, and has no owner lookup', async () => {
    expect(canva.semantics).toMatchObject({ permanent: false });
    expect(canva.semantics.restoreWindowDays).toBeUndefined();
    expect(canva.selfAliases).toEqual(['Me']);
    expect('unavailable' in canva.tokenOwner).toBe(true);
    await expect(runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: 'me' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toEqual([]);
  });

  it("maps Canva's documented example user as it is (narrow schema, a work email without value in the published sample is skipped)", async () => {
    // The get-user example response of https://www.canva.dev/docs/scim/get-user, verbatim.
    const documented = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: ID,
      externalId: 'abcd1234',
      meta: { resourceType: 'User', created: '2023-09-18T06:08:35Z' },
      userName: 'aliddell',
      displayName: 'Alice Liddell',
      name: { givenName: 'Alice', familyName: 'Liddell' },
      emails: [{ primary: true, type: 'work' }],
      active: true,
      locale: 'en_US',
      role: 'Member',
    };
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { body: documented }).on(`PATCH ${BASE}/Users/${ID}`, { status: 204 });
    const out = await runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.before).toEqual({
      id: ID,
      externalId: 'abcd1234',
      firstName: 'Alice',
      lastName: 'Liddell',
      name: 'Alice Liddell',
      username: 'aliddell',
      emails: [],
      status: 'ACTIVE',
      rawStatus: 'active',
      roles: [{ id: 'Member', name: 'Member' }],
      languages: ['en_US'],
      createdAt: new Date('2023-09-18T06:08:35.000Z'),
    });
  });

  it('maps a Canva 404 ("No user found for id ...") to NOT_FOUND, keeps the error body, and never PATCHes', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 404, headers: SCIM_JSON, body: error404 });
    await expect(runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Canva', remote: { status: 404, body: { detail: 'No user found for id UAFdxab1abC', status: 404 } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('maps a 401 (revoked SCIM token) to REAUTH_REQUIRED and a 400 on the PATCH to REMOTE_ERROR with the SCIM error', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: 401, detail: 'Unauthorized' } });
    await expect(runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);

    vendor.fake.reset();
    const invalid = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: 400, scimType: 'invalidValue', detail: 'Invalid patch operation' };
    routes({ status: 400, headers: SCIM_JSON, body: invalid });
    await expect(runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      details: { remote: { status: 400, body: invalid } },
    });
  });

  it('passes remote_query on the PATCH only and encodes the id as one path segment', async () => {
    routes();
    await runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: ID, remoteQuery: { attributes: 'active' } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}?attributes=active`]);

    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/Users/a%2F..%2FGroups`, { status: 404, body: error404 });
    await expect(runDeletion(canva, { baseUrl: vendor.baseUrl, credentials, id: 'a/../Groups' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/a%2F..%2FGroups`]);
  });

  it('has the real base URL, no context, a bearer SCIM token and no params', () => {
    expect(buildBaseUrl(canva, validateContext(canva, {})).href).toBe('https://www.canva.com/_scim/v2');
    expect(() => validateContext(canva, { subdomain: 'acme' })).toThrow(/not a context field/);
    expect(canva.auth.scim_token?.scheme).toEqual({ kind: 'bearer', tokenField: 'scimToken' });
    expect(canva.params).toEqual({});
  });
});
