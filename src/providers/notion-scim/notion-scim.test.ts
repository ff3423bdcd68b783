import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, useFakeVendor } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { notionScim } from './index.js';

const user = fixture<ScimUser>('notion-scim', 'user.json');
const error404 = fixture('notion-scim', 'error-404.json');
const ID = '2819c223-7f76-453a-919d-413861904646';
const TOKEN = 'secret_notionScimToken0123456789abcdef';
const credentials = { method: 'scim_token', token: TOKEN };
const BASE = '/scim/v2';

const vendor = useFakeVendor(BASE);

/** The mapping of user.json, computed by hand (role from the Notion extension). */
const expectedUser: UnifiedUser = {
  id: ID,
  externalId: '701984',
  firstName: 'Barbara',
  lastName: 'Jensen',
  title: 'Tour Guide',
  name: 'Ms. Barbara J Jensen, III',
  username: 'bjensen@example.com',
  emails: [{ email: 'bjensen@example.com', type: 'work', isPrimary: true }],
  phones: [{ number: '555-555-5555', type: 'work' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: 'member', name: 'member', workspace: 'member' }],
  groups: [{ id: 'e9e30dba-f08f-4109-8486-d5c6a331660a', name: 'Tour Guides' }],
  userType: 'Employee',
  avatar: 'https://photos.example.com/profilephoto/72930000000Ccne/F',
  languages: ['en-US'],
  // No createdAt/updatedAt: Notion says meta.created/lastModified "do not reflect meaningful timestamp values".
};

/** After the removal: out of the workspace, as active=false would leave them, no workspace role or group. */
const removedUser: UnifiedUser = { ...expectedUser, status: 'INACTIVE', rawStatus: null, roles: [], groups: [] };

const SCIM_JSON = { 'content-type': 'application/scim+json' };

function routes(): FakeVendor {
  return vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
}

/** Every Notion SCIM request: the bearer token, SCIM JSON accepted, no body. */
function expectNotionRequests(requests: RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
    expect(r.headers.accept?.split(',').map((s) => s.trim())).toContain('application/scim+json');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.rawBody).toBe('');
    expect(r.search).toBe('');
  }
}

describe('notion scim', () => {
  it('reads then DELETEs the user under /scim/v2 with a bearer token; 204 removes the member from the workspace', async () => {
    routes();
    const out = await runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
    expectNotionRequests(vendor.fake.requests);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.raw).toEqual(user);
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toEqual(removedUser);
  });

  it('does not map meta.created / meta.lastModified, which Notion says carry no meaningful timestamps', async () => {
    routes();
    const out = await runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(user.meta?.created).toBeDefined();
    expect(out.before?.createdAt).toBeUndefined();
    expect(out.before?.updatedAt).toBeUndefined();
    expect(notionScim.maps).not.toContain('createdAt');
    expect(notionScim.maps).not.toContain('updatedAt');
  });

  it('refuses Me before any call; the account is not deleted, and Notion guards the token creator itself', async () => {
    await expect(runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: 'me' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toEqual([]);
    expect(notionScim.semantics.description).toMatch(/cannot be deleted through SCIM/);
    expect('unavailable' in notionScim.tokenOwner && notionScim.tokenOwner.unavailable).toMatch(/cannot be removed via the API/);
  });

  it('takes the credentials method as optional (Notion has one)', async () => {
    routes();
    const out = await runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials: { token: TOKEN }, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
    expectNotionRequests(vendor.fake.requests);
    expect(out.before).toEqual(expectedUser);
  });

  it('maps a SCIM 404 error to NOT_FOUND, keeps the SCIM error body, and never deletes', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 404, headers: SCIM_JSON, body: error404 });
    await expect(runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: {
        integration: 'Notion SCIM',
        remote: {
          status: 404,
          body: {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
            detail: 'Resource 2819c223-7f76-453a-919d-413861904646 not found',
            status: '404',
          },
        },
      },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('maps a 401 to REAUTH_REQUIRED (revoked token) and a 403 on the DELETE (the token owner) to FORBIDDEN', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } });
    await expect(runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user }).on(`DELETE ${BASE}/Users/${ID}`, {
      status: 403,
      headers: SCIM_JSON,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403', detail: 'Forbidden' },
    });
    await expect(runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { remote: { status: 403 } } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
  });

  it('passes remote_query on the DELETE only and encodes the id as one path segment', async () => {
    vendor.fake.on(`GET ${BASE}/Users/a%2F..%2FGroups`, { status: 404, headers: SCIM_JSON, body: error404 });
    await expect(runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: 'a/../Groups' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/a%2F..%2FGroups`]);
    vendor.fake.reset();
    routes();
    await runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: ID, remoteQuery: { reason: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}?reason=offboarding`]);
  });

  it('prefers core SCIM roles over the Notion extension role when both are present', async () => {
    vendor.fake
      .on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: { ...user, roles: [{ value: 'workspace_owner', display: 'Workspace owner' }] } })
      .on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const out = await runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.before).toEqual({ ...expectedUser, roles: [{ id: 'workspace_owner', name: 'Workspace owner' }] });
  });

  it('fills every field it declares in maps for the fixture', async () => {
    routes();
    const out = await runDeletion(notionScim, { baseUrl: vendor.baseUrl, credentials, id: ID });
    const mapped = out.before as unknown as Record<string, unknown>;
    expect(notionScim.maps.filter((f) => mapped[f] === undefined || mapped[f] === null)).toEqual([]);
  });

});
