import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { figmaScim } from './index.js';

const user = fixture<ScimUser>('figma-scim', 'user.json');
const error404 = fixture('figma-scim', 'error-404.json');
const TENANT = '1401286822445493852';
const ID = '1427545874257949557';
const TOKEN = 'figd_scim_0123456789abcdefghijklmnop';
const credentials = { method: 'scim_token', scimToken: TOKEN };
const context = { tenantId: TENANT };
const BASE = `/scim/v2/${TENANT}`;

// The account's baseUrl override stands in for https://www.figma.com/scim/v2/{tenantId}.
const vendor = useFakeVendor(BASE);

/** user.json mapped by hand: the email object read as a list, the seat as a license, figmaAdmin as a role. */
const expectedUser: UnifiedUser = {
  id: ID,
  externalId: 'aaaabbbbbbccccc',
  firstName: 'John',
  lastName: 'Doe',
  title: 'Design Manager',
  name: 'John Doe',
  username: 'johndoe@example.com',
  emails: [{ email: 'johndoe@example.com', type: 'work', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: 'figmaAdmin', name: 'figmaAdmin', organization: 'admin' }],
  licenses: [{ id: null, name: 'Full' }],
  createdAt: new Date('2024-10-17T02:22:22.000Z'),
  updatedAt: new Date('2024-10-17T04:03:06.000Z'),
};

function routes(): FakeVendor {
  return vendor.fake.on(`GET ${BASE}/Users/${ID}`, { body: user }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
}

function expectFigmaRequests(requests: RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.path.startsWith(`/scim/v2/${TENANT}/Users/`)).toBe(true);
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.rawBody).toBe('');
    expect(r.search).toBe('');
  }
}

describe('figma scim', () => {
  it('reads the user, then DELETEs /scim/v2/{tenantId}/Users/{id}; the person is removed from the organization', async () => {
    routes();
    const out = await runDeletion(figmaScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
    expectFigmaRequests(vendor.fake.requests);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(figmaScim.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.raw).toEqual(user);
    expect(out.user).toEqual(expectedUser);
    expect(unfilledMappedFields(figmaScim, out.user)).toEqual([]);
  });

  it('reads the RFC 7643 array form of emails too, keeps non-seat roles, and no admin role without figmaAdmin', async () => {
    const rfcShaped: ScimUser = {
      ...user,
      emails: [
        { value: 'john.alt@example.com', type: 'other', primary: false },
        { value: 'johndoe@example.com', type: 'work', primary: true },
      ],
      roles: [{ type: 'seatType', value: 'view' }, { type: 'custom', value: 'reviewer', display: 'Reviewer' }] as ScimUser['roles'],
      'urn:ietf:params:scim:schemas:extension:figma:enterprise:2.0:User': { figmaAdmin: false },
    };
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { body: rfcShaped }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const out = await runDeletion(figmaScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(out.user.emails).toEqual([
      { email: 'johndoe@example.com', type: 'work', isPrimary: true },
      { email: 'john.alt@example.com', type: 'other', isPrimary: false },
    ]);
    expect(out.user.licenses).toEqual([{ id: null, name: 'view' }]);
    expect(out.user.roles).toEqual([{ id: 'reviewer', name: 'Reviewer' }]);
  });

  it('maps a 404 to NOT_FOUND with the error body and never DELETEs', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 404, body: error404 });
    await expect(runDeletion(figmaScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Figma SCIM', remote: { status: 404, body: error404 } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('maps 401 (bad token) to REAUTH_REQUIRED and a 400 on the DELETE to REMOTE_ERROR with the body', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 401, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } });
    await expect(runDeletion(figmaScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    vendor.fake.reset();
    const bad = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: 'Cannot remove the last admin' };
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { body: user }).on(`DELETE ${BASE}/Users/${ID}`, { status: 400, body: bad });
    await expect(runDeletion(figmaScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      details: { remote: { status: 400, body: bad } },
    });
  });

  it('passes remote_query on the DELETE only and encodes the id as one path segment', async () => {
    routes();
    await runDeletion(figmaScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID, remoteQuery: { note: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}?note=offboarding`]);
    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/Users/1%2F..%2FGroups`, { status: 404, body: error404 });
    await expect(runDeletion(figmaScim, { baseUrl: vendor.baseUrl, credentials, context, id: '1/../Groups' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/1%2F..%2FGroups`]);
  });

  it('builds https://www.figma.com/scim/v2/{tenantId}; the tenant id is required and only digits', () => {
    expect(buildBaseUrl(figmaScim, validateContext(figmaScim, context)).href).toBe(`https://www.figma.com/scim/v2/${TENANT}`);
    expect(() => validateContext(figmaScim, {})).toThrow(/context\.tenantId is required/);
    for (const tenantId of ['abc', '123/../456', '1401286822445493852/Users', '', '12345678901234567890123456']) {
      expect(() => validateContext(figmaScim, { tenantId }), tenantId).toThrow(/tenantId/);
    }
  });

  it('refuses a call without the tenant id before any request', async () => {
    await expect(runDeletion(figmaScim, { baseUrl: vendor.baseUrl, credentials, context: {}, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });
});
