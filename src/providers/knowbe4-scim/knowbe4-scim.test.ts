import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { knowbe4Scim } from './index.js';

const user = fixture<ScimUser>('knowbe4-scim', 'user.json');
const archived = fixture<ScimUser>('knowbe4-scim', 'user-archived.json');
const error404 = fixture('knowbe4-scim', 'error-404.json');
const ID = '2819c223-7f76-453a-919d-413861904646';
const TOKEN = 'kb4-scim-token-0123456789abcdef';
const credentials = { method: 'scim_token', scimToken: TOKEN };
const context = { host: 'training.knowbe4.com' };
const BASE = '/scim/v2';
const SCIM_JSON = { 'content-type': 'application/scim+json' };
const DEACTIVATE = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] };

const vendor = useFakeVendor(BASE);

/** user-archived.json mapped by hand (displayName is KnowBe4's full name when present). */
const expectedUser: UnifiedUser = {
  id: ID,
  externalId: '701984',
  firstName: 'Barbara',
  lastName: 'Jensen',
  name: 'Babs Jensen',
  username: 'bjensen@example.com',
  status: 'INACTIVE',
  rawStatus: 'inactive',
  title: 'Tour Guide',
};

function routes(patchReply: { status?: number; headers?: Record<string, string>; body?: unknown } = { headers: SCIM_JSON, body: archived }): FakeVendor {
  return vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user }).on(`PATCH ${BASE}/Users/${ID}`, patchReply);
}

function expectKnowBe4Requests(requests: RecordedRequest[]): void {
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

describe('knowbe4 scim', () => {
  it('reads the user, then archives it with PATCH active=false (never DELETE)', async () => {
    routes();
    const out = await runDeletion(knowbe4Scim, { baseUrl: vendor.baseUrl, credentials, context, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}`]);
    expectKnowBe4Requests(vendor.fake.requests);
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.raw).toEqual(archived);
    expect(out.user).toEqual(expectedUser);
    expect(unfilledMappedFields(knowbe4Scim, out.user)).toEqual([]);
  });

  it('tolerates a PATCH answered 204 without a body: the user comes from the snapshot', async () => {
    routes({ status: 204 });
    const out = await runDeletion(knowbe4Scim, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.user).toEqual({ ...expectedUser, status: 'ACTIVE', rawStatus: 'active' });
  });

  it('maps a 404 on the read to NOT_FOUND and never archives', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 404, headers: SCIM_JSON, body: error404 });
    await expect(runDeletion(knowbe4Scim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'KnowBe4 SCIM', remote: { status: 404, body: error404 } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
  });

  it('maps a revoked token (401) to REAUTH_REQUIRED and a SCIM 400 on the PATCH to REMOTE_ERROR', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Invalid token' } });
    await expect(runDeletion(knowbe4Scim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    vendor.fake.reset();
    const invalid = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'active must be a boolean' };
    routes({ status: 400, headers: SCIM_JSON, body: invalid });
    await expect(runDeletion(knowbe4Scim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      details: { remote: { status: 400, body: invalid } },
    });
  });

  it('passes remote_query on the PATCH only', async () => {
    routes();
    await runDeletion(knowbe4Scim, { baseUrl: vendor.baseUrl, credentials, context, id: ID, remoteQuery: { reason: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}?reason=offboarding`]);
  });

  it('builds the base URL from a KnowBe4 host and refuses any other host', () => {
    expect(buildBaseUrl(knowbe4Scim, validateContext(knowbe4Scim, context)).href).toBe('https://training.knowbe4.com/scim/v2');
    expect(buildBaseUrl(knowbe4Scim, validateContext(knowbe4Scim, { host: 'EU.knowbe4.com' })).href).toBe('https://eu.knowbe4.com/scim/v2');
    for (const host of ['evil.com', 'knowbe4.com', 'knowbe4.com.evil.com', 'evilknowbe4.com', 'training.knowbe4.com/x', 'training.knowbe4.com:8443', 'https://training.knowbe4.com', '127.0.0.1']) {
      expect(() => validateContext(knowbe4Scim, { host }), host).toThrow(/context\.host/);
    }
    expect(() => validateContext(knowbe4Scim, {})).toThrow(/context\.host is required/);
  });
});
