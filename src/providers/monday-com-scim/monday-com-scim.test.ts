import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { mondayComScim } from './index.js';

const user = fixture<ScimUser>('monday-com-scim', 'user.json');
const deactivated = fixture<ScimUser>('monday-com-scim', 'user-deactivated.json');
const error404 = fixture('monday-com-scim', 'error-404.json');
const ID = '41235671';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.monday-scim-token';
const credentials = { method: 'scim_token', scimToken: TOKEN };
const context = { subdomain: 'acme' };
const BASE = '/scim/v2';
const SCIM_JSON = { 'content-type': 'application/scim+json' };
const DEACTIVATE = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] };

const vendor = useFakeVendor(BASE);

/** user-deactivated.json mapped by hand. */
const expectedUser: UnifiedUser = {
  id: ID,
  firstName: 'Dana',
  lastName: 'Levi',
  name: 'Dana Levi',
  username: 'dana.levi@acme.com',
  emails: [{ email: 'dana.levi@acme.com', type: 'work', isPrimary: true }],
  status: 'INACTIVE',
  rawStatus: 'inactive',
  title: 'Product Manager',
  userType: 'member',
  timezone: 'Europe/London',
  languages: ['en'],
};

function routes(patchReply: { status?: number; headers?: Record<string, string>; body?: unknown } = { headers: SCIM_JSON, body: deactivated }): FakeVendor {
  return vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user }).on(`PATCH ${BASE}/Users/${ID}`, patchReply);
}

function expectMondayRequests(requests: RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
    expect(r.search).toBe('');
    if (r.method === 'PATCH') {
      expect(r.headers['content-type']).toBe('application/scim+json');
      expect(JSON.parse(r.rawBody)).toEqual(DEACTIVATE);
    } else {
      expect(r.method).toBe('GET');
      expect(r.rawBody).toBe('');
    }
  }
}

describe('monday.com scim', () => {
  it('builds https://<account>.monday.com/scim/v2 from the account URL name', () => {
    expect(buildBaseUrl(mondayComScim, validateContext(mondayComScim, context)).href).toBe('https://acme.monday.com/scim/v2');
    expect(buildBaseUrl(mondayComScim, validateContext(mondayComScim, { subdomain: 'My-Account' })).href).toBe('https://my-account.monday.com/scim/v2');
  });

  it('reads the user, then deactivates it with PATCH active=false (never DELETE)', async () => {
    routes();
    const out = await runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}`]);
    expectMondayRequests(vendor.fake.requests);
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.raw).toEqual(deactivated);
    expect(out.user).toEqual(expectedUser);
    expect(unfilledMappedFields(mondayComScim, out.user)).toEqual([]);
  });

  it('tolerates a PATCH answered 204 without a body: the user comes from the snapshot', async () => {
    routes({ status: 204 });
    const out = await runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.raw).toEqual(user);
    expect(out.user).toEqual({ ...expectedUser, status: 'ACTIVE', rawStatus: 'active' });
  });

  it('maps a 404 on the read to NOT_FOUND with the SCIM error body and changes nothing', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 404, headers: SCIM_JSON, body: error404 });
    await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Monday.com SCIM', remote: { status: 404, body: error404 } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
  });

  it('maps a revoked token (401) to REAUTH_REQUIRED and a refused PATCH (403) to FORBIDDEN', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } });
    await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    vendor.fake.reset();
    routes({ status: 403, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403', detail: 'Cannot deactivate the account owner' } });
    await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { remote: { status: 403, body: { detail: 'Cannot deactivate the account owner' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}`]);
  });

  it('passes remote_query on the PATCH only and encodes the id as one path segment', async () => {
    vendor.fake.on(`GET ${BASE}/Users/1%3Fx%3D1`, { status: 404, headers: SCIM_JSON, body: error404 });
    await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context, id: '1?x=1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/1%3Fx%3D1`]);
    vendor.fake.reset();
    routes();
    await runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID, remoteQuery: { reason: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}?reason=offboarding`]);
  });

  it('accepts only one DNS label as the account name', async () => {
    for (const subdomain of ['evil.com', 'acme.monday.com', 'a/b', '-acme', 'acme:443', '']) {
      await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context: { subdomain }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context: {}, id: ID })).rejects.toThrow(/context\.subdomain is required/);
    expect(vendor.fake.requests).toEqual([]);
  });
});
