import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { ScimListResponse, ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { figmaScim } from './index.js';

const user = fixture<ScimUser>('figma-scim', 'user.json');
const byEmail = fixture<ScimListResponse>('figma-scim', 'users-by-email.json');
const none = fixture<ScimListResponse>('figma-scim', 'users-none.json');
const error404 = fixture('figma-scim', 'error-404.json');
const TENANT = '1401286822445493852';
const ID = '1427545874257949557';
const EMAIL = 'johndoe@example.com';
const TOKEN = 'figd_scim_0123456789abcdefghijklmnop';
const credentials = { method: 'scim_token', scimToken: TOKEN };
const context = { tenantId: TENANT };
const BASE = `/scim/v2/${TENANT}`;
/** GET /Users?filter=userName eq "johndoe@example.com", as the client encodes it. */
const FILTER = 'filter=userName+eq+%22johndoe%40example.com%22';
const LIST = `GET ${BASE}/Users`;

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
  username: EMAIL,
  emails: [{ email: EMAIL, type: 'work', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: 'figmaAdmin', name: 'figmaAdmin', organization: 'admin' }],
  licenses: [{ id: null, name: 'Full' }],
  createdAt: new Date('2024-10-17T02:22:22.000Z'),
  updatedAt: new Date('2024-10-17T04:03:06.000Z'),
};

function run(id: string, extra: { remoteQuery?: Record<string, unknown> } = {}) {
  return runDeletion(figmaScim, { baseUrl: vendor.baseUrl, credentials, context, id, ...extra });
}

function writes(): string[] {
  return vendor.fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

function expectFigmaRequests(requests: RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.path.startsWith(`/scim/v2/${TENANT}/Users`)).toBe(true);
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.rawBody).toBe('');
  }
}

describe('figma scim: an email is looked up with the documented userName filter, then deleted by its Figma id', () => {
  it('GET /Users?filter=userName eq "<email>", then DELETE /Users/{figmaUserId}: the user is deleted permanently', async () => {
    vendor.fake.on(LIST, { body: byEmail }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const out = await run(EMAIL);

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`${LIST}?${FILTER}`, `DELETE ${BASE}/Users/${ID}`]);
    expect(vendor.fake.requests[0]?.query).toEqual({ filter: `userName eq "${EMAIL}"` });
    expectFigmaRequests(vendor.fake.requests);
    expect(out.outcome).toBe('DELETED');
    expect(figmaScim.outcome).toBe('DELETED');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.raw).toEqual(user);
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toEqual({ ...expectedUser, status: 'DELETED', rawStatus: null });
    expect(unfilledMappedFields(figmaScim, out.before)).toEqual([]);
  });

  it('matches the email whatever its case, and never picks one of several users', async () => {
    vendor.fake.on(LIST, { body: byEmail }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    await run('JohnDoe@Example.com');
    expect(writes()).toEqual([`DELETE ${BASE}/Users/${ID}`]);

    vendor.fake.reset();
    const two = { ...byEmail, totalResults: 2, Resources: [user, { ...user, id: '977321366678728562' }] };
    vendor.fake.on(LIST, { body: two });
    await expect(run(EMAIL)).rejects.toMatchObject({ code: 'REMOTE_ERROR', message: expect.stringMatching(/found 2 users/) });
    expect(writes()).toEqual([]);
  });

  it('finds nobody → NOT_FOUND with no DELETE; an answer about another user → REMOTE_ERROR with no DELETE', async () => {
    vendor.fake.on(LIST, { body: none });
    await expect(run(EMAIL)).rejects.toMatchObject({ code: 'NOT_FOUND', details: { integration: 'Figma SCIM', remote: { status: 200 } } });
    expect(writes()).toEqual([]);

    vendor.fake.reset();
    // A filter the vendor ignored would answer someone else: that user is never deleted.
    vendor.fake.on(LIST, { body: { ...byEmail, Resources: [{ ...user, userName: 'someone.else@example.com' }] } });
    await expect(run(EMAIL)).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    expect(writes()).toEqual([]);
  });

  it('reads the RFC 7643 array form of emails too, keeps non-seat roles, and no admin role without figmaAdmin', async () => {
    const rfcShaped: ScimUser = {
      ...user,
      emails: [
        { value: 'john.alt@example.com', type: 'other', primary: false },
        { value: EMAIL, type: 'work', primary: true },
      ],
      roles: [{ type: 'seatType', value: 'view' }, { type: 'custom', value: 'reviewer', display: 'Reviewer' }] as ScimUser['roles'],
      'urn:ietf:params:scim:schemas:extension:figma:enterprise:2.0:User': { figmaAdmin: false },
    };
    vendor.fake.on(LIST, { body: { ...byEmail, Resources: [rfcShaped] } }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const out = await run(EMAIL);
    expect(out.before?.emails).toEqual([
      { email: EMAIL, type: 'work', isPrimary: true },
      { email: 'john.alt@example.com', type: 'other', isPrimary: false },
    ]);
    expect(out.before?.licenses).toEqual([{ id: null, name: 'view' }]);
    expect(out.before?.roles).toEqual([{ id: 'reviewer', name: 'Reviewer' }]);
  });

  it('maps 401 (bad token) on the read to REAUTH_REQUIRED, and a 400 on the DELETE to REMOTE_ERROR with the body', async () => {
    vendor.fake.on(LIST, { status: 401, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } });
    await expect(run(EMAIL)).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(writes()).toEqual([]);
    vendor.fake.reset();
    const bad = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: 'Cannot remove the last admin' };
    vendor.fake.on(LIST, { body: byEmail }).on(`DELETE ${BASE}/Users/${ID}`, { status: 400, body: bad });
    await expect(run(EMAIL)).rejects.toMatchObject({ code: 'REMOTE_ERROR', details: { remote: { status: 400, body: bad } } });
  });

  it('passes remote_query on the DELETE only', async () => {
    vendor.fake.on(LIST, { body: byEmail }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    await run(EMAIL, { remoteQuery: { note: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([`${LIST}?${FILTER}`, `DELETE ${BASE}/Users/${ID}?note=offboarding`]);
  });
});

describe('figma scim: a Figma user id is deleted directly (Figma documents no read by id)', () => {
  it('DELETEs /Users/{figmaUserId} without any GET /Users/{id}; no snapshot, the answer says deleted', async () => {
    vendor.fake.on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const out = await run(ID);
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`DELETE ${BASE}/Users/${ID}`]);
    expectFigmaRequests(vendor.fake.requests);
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toBeNull();
    expect(out.user).toEqual({ id: ID, status: 'DELETED', rawStatus: null });
  });

  it('maps a 404 on the DELETE to NOT_FOUND with the error body', async () => {
    vendor.fake.on(`DELETE ${BASE}/Users/${ID}`, { status: 404, body: error404 });
    await expect(run(ID)).rejects.toMatchObject({ code: 'NOT_FOUND', details: { integration: 'Figma SCIM', remote: { status: 404, body: error404 } } });
  });

  it('refuses an id that is neither a Figma user id nor an email, and the SCIM alias Me, before any call', async () => {
    for (const id of ['1/../Groups', 'abc', 'Me', 'me']) {
      await expect(run(id), id).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });
});

describe('figma scim: declaration', () => {
  it('declares a permanent deletion and no owner lookup (the SCIM token is the organization provisioning token)', () => {
    expect(figmaScim.semantics).toMatchObject({ permanent: true, docs: 'https://developers.figma.com/docs/rest-api/scim-endpoints' });
    expect(figmaScim.selfAliases).toEqual(['Me']);
    expect('unavailable' in figmaScim.tokenOwner).toBe(true);
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
