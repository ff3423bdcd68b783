import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, type RecordedRequest, startFake } from '../../../test/helpers/fake-vendor.js';
import { runDeletion } from '../../../test/helpers/provider.js';
import { AppError } from '../../errors.js';
import { onlyMatch, SCIM_PATCH_OP, scimErrorCode, scimErrors, scimOwner, scimProvider, scimToUser, type ScimProviderOptions, type ScimUser } from './scim.js';
import type { UnifiedUser } from './types.js';

const ID = '2819c223-7f76-453a-919d-413861904646';
const TOKEN = 'scim-bearer-token-0123456789';
const credentials = { method: 'scim_token', token: TOKEN };
const BASE = '/scim/v2';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

/** RFC 7643 §8.2 "Full User Representation" (the password and x509 certificate kept as there). */
const fullUser: ScimUser = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: ID,
  externalId: '701984',
  userName: 'bjensen@example.com',
  name: {
    formatted: 'Ms. Barbara J Jensen, III',
    familyName: 'Jensen',
    givenName: 'Barbara',
    middleName: 'Jane',
    honorificPrefix: 'Ms.',
    honorificSuffix: 'III',
  } as ScimUser['name'],
  displayName: 'Babs Jensen',
  nickName: 'Babs',
  profileUrl: 'https://login.example.com/bjensen',
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [
    {
      type: 'work',
      streetAddress: '100 Universal City Plaza',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'USA',
      formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA',
      primary: true,
    },
  ],
  phoneNumbers: [
    { value: '555-555-5555', type: 'work' },
    { value: '555-555-4444', type: 'mobile' },
  ],
  ims: [{ value: 'someaimhandle', type: 'aim' }],
  photos: [
    { value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' },
    { value: 'https://photos.example.com/profilephoto/72930000000Ccne/T', type: 'thumbnail' },
  ],
  userType: 'Employee',
  title: 'Tour Guide',
  preferredLanguage: 'en-US',
  locale: 'en-US',
  timezone: 'America/Los_Angeles',
  active: true,
  password: 't1meMa$heen',
  groups: [
    { value: 'e9e30dba-f08f-4109-8486-d5c6a331660a', $ref: 'https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a', display: 'Tour Guides' },
    { value: 'fc348aa8-3835-40eb-a20b-c726e15c55b5', $ref: 'https://example.com/v2/Groups/fc348aa8-3835-40eb-a20b-c726e15c55b5', display: 'Employees' },
    { value: '71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7', $ref: 'https://example.com/v2/Groups/71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7', display: 'US Employees' },
  ],
  x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"a330bc54f0671c9"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

/** scimToUser(fullUser), computed by hand. */
const expectedFull: UnifiedUser = {
  id: ID,
  externalId: '701984',
  firstName: 'Barbara',
  lastName: 'Jensen',
  title: 'Tour Guide',
  name: 'Ms. Barbara J Jensen, III',
  username: 'bjensen@example.com',
  emails: [
    { email: 'bjensen@example.com', type: 'work', isPrimary: true },
    { email: 'babs@jensen.org', type: 'home', isPrimary: null },
  ],
  phones: [
    { number: '555-555-5555', type: 'work' },
    { number: '555-555-4444', type: 'mobile' },
  ],
  status: 'ACTIVE',
  rawStatus: 'active',
  groups: [
    { id: 'e9e30dba-f08f-4109-8486-d5c6a331660a', name: 'Tour Guides' },
    { id: 'fc348aa8-3835-40eb-a20b-c726e15c55b5', name: 'Employees' },
    { id: '71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7', name: 'US Employees' },
  ],
  userType: 'Employee',
  avatar: 'https://photos.example.com/profilephoto/72930000000Ccne/F',
  timezone: 'America/Los_Angeles',
  languages: ['en-US'],
  createdAt: new Date('2010-01-23T04:56:22.000Z'),
  updatedAt: new Date('2011-05-13T04:42:34.000Z'),
};

function throwaway(mode: 'delete' | 'deactivate', extra: Partial<ScimProviderOptions> = {}) {
  return scimProvider({
    name: 'Acme SCIM',
    slug: 'acme-scim',
    docs: 'https://acme.example.com/docs/scim',
    baseUrl: 'https://scim.acme.example.com/scim/v2',
    context: {},
    auth: { scim_token: { scheme: { kind: 'bearer', tokenField: 'token' }, description: 'A SCIM bearer token.' } },
    params: {},
    mode,
    maps: ['id', 'name', 'status'],
    semantics: { permanent: false, description: 'Acme keeps a deactivated user, and an admin can reactivate them.', docs: 'https://acme.example.com/docs/scim' },
    tokenOwner: { unavailable: 'Acme SCIM tokens are organization tokens that act as no user.' },
    ...extra,
  });
}

let fake: FakeVendor;
let baseUrl: string;

beforeAll(async () => {
  fake = await startFake();
  baseUrl = `${fake.url}${BASE}`;
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

function expectAuthAndAccept(requests: RecordedRequest[]): void {
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
  }
}

describe('scim base: deactivate mode', () => {
  const acme = throwaway('deactivate');
  const patched: ScimUser = { ...fullUser, active: false, meta: { ...fullUser.meta, lastModified: '2024-03-01T10:00:00Z', version: 'W/"b431cd65"' } };

  it('PATCHes active=false with the exact RFC 7644 PatchOp body as application/scim+json, and maps the PATCH response user', async () => {
    fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: fullUser }).on(`PATCH ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: patched });

    const out = await runDeletion(acme, { baseUrl, credentials, id: ID });

    expect(fake.unexpected).toEqual([]);
    expect(fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}`]);
    expectAuthAndAccept(fake.requests);
    const [get, patch] = fake.requests;
    expect(get?.rawBody).toBe('');
    expect(get?.headers['content-type']).toBeUndefined();
    expect(patch?.headers['content-type']).toBe('application/scim+json');
    expect(patch?.rawBody).toBe('{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}');
    expect(patch?.body).toEqual({ schemas: [SCIM_PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.raw).toEqual(patched);
    expect(out.user).toEqual({ ...expectedFull, status: 'INACTIVE', rawStatus: 'inactive', updatedAt: new Date('2024-03-01T10:00:00.000Z') });
  });

  it('falls back to the snapshot when the PATCH answers 204 No Content (RFC 7644 §3.5.2)', async () => {
    fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: fullUser }).on(`PATCH ${BASE}/Users/${ID}`, { status: 204 });
    const out = await runDeletion(acme, { baseUrl, credentials, id: ID });
    expect(fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}`]);
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.raw).toEqual(fullUser);
    // The PATCH returned nothing: the user is the snapshot as the outcome leaves it.
    expect(out.before).toEqual(expectedFull);
    expect(out.user).toEqual({ ...expectedFull, status: 'INACTIVE', rawStatus: null });
  });

  it('writes nothing for a user the snapshot shows deactivated already, and says so (ALREADY_DEACTIVATED)', async () => {
    const inactive: ScimUser = { ...fullUser, active: false };
    fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: inactive });
    const out = await runDeletion(acme, { baseUrl, credentials, id: ID });
    expect(fake.unexpected).toEqual([]);
    expect(fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
    expect(out.user).toEqual({ ...expectedFull, status: 'INACTIVE', rawStatus: 'inactive' });
    expect(out.before).toEqual(out.user);
    expect(out.response).toBeNull();
  });

  it('PATCHes the id of the user it read (the resource the snapshot shows)', async () => {
    fake.on(`GET ${BASE}/Users/bjensen`, { headers: SCIM_JSON, body: fullUser }).on(`PATCH ${BASE}/Users/${ID}`, { status: 204 });
    await runDeletion(acme, { baseUrl, credentials, id: 'bjensen' });
    expect(fake.calls()).toEqual([`GET ${BASE}/Users/bjensen`, `PATCH ${BASE}/Users/${ID}`]);
  });

  it('passes remote_query on the PATCH only', async () => {
    fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: fullUser }).on(`PATCH ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: patched });
    await runDeletion(acme, { baseUrl, credentials, id: ID, remoteQuery: { attributes: 'active' } });
    expect(fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}?attributes=active`]);
  });

  it('maps a SCIM 404 on the PATCH to NOT_FOUND with the SCIM error body', async () => {
    const err = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: `Resource ${ID} not found`, status: '404' };
    fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: fullUser }).on(`PATCH ${BASE}/Users/${ID}`, { status: 404, headers: SCIM_JSON, body: err });
    await expect(runDeletion(acme, { baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { remote: { status: 404, body: err } } });
  });
});

describe('scim base: delete mode', () => {
  it('DELETEs /Users/{id} with no body; the default outcome is DELETED; a custom toUser is used', async () => {
    const acme = throwaway('delete', { toUser: (raw) => ({ ...scimToUser(raw), bio: 'custom' }) });
    fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: fullUser }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const out = await runDeletion(acme, { baseUrl, credentials, id: ID });
    expect(fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
    expectAuthAndAccept(fake.requests);
    expect(fake.requests.map((r) => r.rawBody)).toEqual(['', '']);
    expect(fake.requests[1]?.headers['content-type']).toBeUndefined();
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual({ ...expectedFull, bio: 'custom' });
    expect(out.user).toEqual({ ...expectedFull, bio: 'custom', status: 'DELETED', rawStatus: null });
  });

  it('DELETEs a user the snapshot shows inactive too (delete mode removes, whatever the state)', async () => {
    const acme = throwaway('delete');
    fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: { ...fullUser, active: false } }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const out = await runDeletion(acme, { baseUrl, credentials, id: ID });
    expect(fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
    expect(out.outcome).toBe('DELETED');
  });

  it('names the container of a REMOVED_FROM_CONTAINER deletion', async () => {
    const acme = throwaway('delete', { outcome: 'REMOVED_FROM_CONTAINER', container: () => ({ kind: 'workspace', id: 'w1' }) });
    fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: fullUser }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const out = await runDeletion(acme, { baseUrl, credentials, id: ID });
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    // The snapshot had no workspace list; the user is otherwise as read (no invented state).
    expect(out.user).toEqual(expectedFull);
  });
});

describe('scim base: self-deletion guard and errors', () => {
  it("refuses RFC 7644's Me alias (any case) before any call, and keeps the vendor's own aliases", async () => {
    const acme = throwaway('delete', { selfAliases: ['self', 'me'] });
    expect(acme.selfAliases).toEqual(['Me', 'self']);
    for (const id of ['Me', 'me', 'ME', 'self']) {
      await expect(runDeletion(acme, { baseUrl, credentials, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(fake.requests).toEqual([]);
  });

  it('reads the RFC 7644 §3.12 error code: scimType, else detail', () => {
    expect(scimErrorCode({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'mutability', detail: 'x' })).toBe('mutability');
    expect(scimErrorCode({ status: 422, detail: ' Cannot perform deletion operation on own account ' })).toBe('Cannot perform deletion operation on own account');
    expect(scimErrorCode({ status: '404' })).toBeUndefined();
    expect(scimErrorCode('oops')).toBeUndefined();
    expect(scimErrorCode(undefined)).toBeUndefined();
  });

  it("maps a vendor's documented SCIM refusals through its table; unlisted codes keep the HTTP status mapping", async () => {
    const acme = throwaway('delete', { errors: scimErrors({ docs: 'https://acme.example.com/docs/errors', table: { 'last admin': 'PRECONDITION' } }) });
    fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: fullUser }).on(`DELETE ${BASE}/Users/${ID}`, { status: 409, headers: SCIM_JSON, body: { status: '409', detail: 'last admin' } });
    await expect(runDeletion(acme, { baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    fake.reset();
    fake.on(`GET ${BASE}/Users/${ID}`, { status: 404, headers: SCIM_JSON, body: { status: '404', scimType: 'noTarget', detail: 'gone' } });
    await expect(runDeletion(acme, { baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('takes exactly one filtered user: none is NOT_FOUND, several or a different one is refused', () => {
    const ctx = { integration: 'Acme', what: 'userName "a@x.io"' };
    const is = (u: ScimUser) => u.userName === 'a@x.io';
    expect(onlyMatch({ totalResults: 1, Resources: [{ id: '1', userName: 'a@x.io' }] }, is, ctx)).toEqual({ id: '1', userName: 'a@x.io' });
    const code = (list: Parameters<typeof onlyMatch>[0]) => {
      try {
        onlyMatch(list, is, ctx);
      } catch (err) {
        return err instanceof AppError ? err.code : 'other';
      }
      return 'none';
    };
    expect(code({ totalResults: 0, Resources: [] })).toBe('NOT_FOUND');
    expect(code({ totalResults: 0 })).toBe('NOT_FOUND');
    expect(code({ totalResults: 2, Resources: [{ id: '1', userName: 'a@x.io' }, { id: '2', userName: 'a@x.io' }] })).toBe('REMOTE_ERROR');
    expect(code({ totalResults: 2, Resources: [{ id: '1', userName: 'a@x.io' }] })).toBe('REMOTE_ERROR');
    expect(code({ totalResults: 1, Resources: [{ id: '3', userName: 'b@x.io' }] })).toBe('REMOTE_ERROR');
    expect(code({ totalResults: 1, Resources: [{ userName: 'a@x.io' } as ScimUser] })).toBe('REMOTE_ERROR');
  });

  it("names a /Me answer's id, userName and emails as the owner, and fails when it names nobody", () => {
    expect(scimOwner({ id: '42', userName: 'admin@x.io', emails: [{ value: 'admin@x.io' }, { value: 'a2@x.io' }] }, 'Acme')).toEqual({ ids: ['42', 'admin@x.io', 'admin@x.io', 'a2@x.io'] });
    expect(() => scimOwner({ userName: 'admin@x.io' } as ScimUser, 'Acme')).toThrow(AppError);
    expect(() => scimOwner(undefined, 'Acme')).toThrow(AppError);
  });
});

describe('scimToUser', () => {
  it('maps an RFC 7643 §8.2 full user', () => {
    expect(scimToUser(fullUser)).toEqual(expectedFull);
  });

  it('puts the primary email and photo first, drops entries without a value, and maps roles', () => {
    const u: ScimUser = {
      id: 'u1',
      userName: 'ada',
      emails: [{ value: 'home@example.com', type: 'home' }, { type: 'other' }, { value: 'work@example.com', type: 'work', primary: true }],
      phoneNumbers: [{ type: 'fax' }, { value: '+44 20 7946 0000' }],
      photos: [{ value: 'https://example.com/t.png', type: 'thumbnail' }, { value: 'https://example.com/p.png', type: 'photo', primary: true }],
      roles: [{ value: 'admin', display: 'Administrator' }, { value: 'billing' }, { display: 'Nameless' }],
      groups: [{ display: 'no id' }, { value: 'g1' }],
      active: false,
    };
    expect(scimToUser(u)).toEqual({
      id: 'u1',
      username: 'ada',
      emails: [
        { email: 'work@example.com', type: 'work', isPrimary: true },
        { email: 'home@example.com', type: 'home', isPrimary: null },
      ],
      phones: [{ number: '+44 20 7946 0000', type: null }],
      status: 'INACTIVE',
      rawStatus: 'inactive',
      roles: [
        { id: 'admin', name: 'Administrator' },
        { id: 'billing', name: 'billing' },
        { id: null, name: 'Nameless' },
      ],
      groups: [{ id: 'g1', name: null }],
      avatar: 'https://example.com/p.png',
    });
  });

  it('builds the name from displayName, then given + family names; the language from locale; no status without active', () => {
    expect(scimToUser({ id: 'a', displayName: 'Babs Jensen', name: { givenName: 'Barbara', familyName: 'Jensen' }, locale: 'da-DK' })).toEqual({
      id: 'a',
      firstName: 'Barbara',
      lastName: 'Jensen',
      name: 'Babs Jensen',
      languages: ['da-DK'],
    });
    expect(scimToUser({ id: 'b', name: { givenName: 'Barbara', familyName: 'Jensen' } })).toEqual({ id: 'b', firstName: 'Barbara', lastName: 'Jensen', name: 'Barbara Jensen' });
    expect(scimToUser({ id: 'c' })).toEqual({ id: 'c' });
  });
});
