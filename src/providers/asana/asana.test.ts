import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { asana, type AsanaUser, type AsanaWorkspaceMembership } from './index.js';

const user = fixture<{ data: AsanaUser }>('asana', 'user.json');
const memberships = fixture<{ data: AsanaWorkspaceMembership[]; next_page: null }>('asana', 'workspace-memberships.json');
const GID = '12345';
const WORKSPACE = '67890';
const TEAM = '13579';
const TOKEN = '2/1111111111111111/2222222222222222:abcdef0123456789';
const credentials = { method: 'personal_access_token', token: TOKEN };
const BASE = '/api/1.0';
const USER_FIELDS = 'gid,name,email,photo,workspaces,workspaces.name';
const MEMBERSHIP_FIELDS = 'is_active,is_admin,is_guest,workspace,workspace.name';
// as the real client encodes them (URLSearchParams: ',' → %2C)
const USER_SEARCH = 'opt_fields=gid%2Cname%2Cemail%2Cphoto%2Cworkspaces%2Cworkspaces.name';
const MEMBERSHIP_SEARCH = 'opt_fields=is_active%2Cis_admin%2Cis_guest%2Cworkspace%2Cworkspace.name&limit=100';

const vendor = useFakeVendor(BASE);

/** The mapped user for user.json + workspace-memberships.json, computed by hand. */
const expectedUser: UnifiedUser = {
  id: '12345',
  firstName: 'Greg',
  lastName: 'Sanchez',
  name: 'Greg Sanchez',
  emails: [{ email: 'gsanchez@example.com', type: 'work', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'is_active',
  organizations: [{ id: '67890', name: 'My Company Workspace' }],
  workspaces: [{ id: '67890', name: 'My Company Workspace' }],
  avatar: 'https://...',
};

/** The same user once removed from workspace 67890, their only one: no workspace, no status in it. */
const expectedRemoved: UnifiedUser = { ...expectedUser, status: null, rawStatus: null, organizations: [], workspaces: [] };

function readRoutes(id = GID): FakeVendor {
  return vendor.fake.on(`GET ${BASE}/users/${id}`, { body: user }).on(`GET ${BASE}/users/${GID}/workspace_memberships`, { body: memberships });
}

function expectReads(requests: RecordedRequest[], id = GID): void {
  const [get, list] = requests;
  expect(get?.query).toEqual({ opt_fields: USER_FIELDS });
  expect(list?.query).toEqual({ opt_fields: MEMBERSHIP_FIELDS, limit: '100' });
  expect(`${get?.method} ${get?.path}?${get?.search}`).toBe(`GET ${BASE}/users/${encodeURIComponent(id)}?${USER_SEARCH}`);
  expect(`${list?.method} ${list?.path}?${list?.search}`).toBe(`GET ${BASE}/users/${GID}/workspace_memberships?${MEMBERSHIP_SEARCH}`);
}

/** Every Asana request: bearer auth, JSON accepted; reads without a body, the removal with the JSON data envelope. */
function expectAsanaRequests(requests: RecordedRequest[], token = TOKEN): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${token}`);
    expect(r.headers.accept).toBe('application/json');
    if (r.method === 'GET') {
      expect(r.rawBody).toBe('');
      expect(r.headers['content-type']).toBeUndefined();
    } else {
      expect(r.method).toBe('POST');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.rawBody).toBe(JSON.stringify({ data: { user: GID } }));
      expect(r.body).toEqual({ data: { user: GID } });
    }
  }
}

describe('asana', () => {
  it('removes a user from a workspace (ORGANIZATION): reads the user and memberships, then POSTs removeUser with the data envelope', async () => {
    readRoutes().on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 204 });

    const out = await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([
      `GET ${BASE}/users/${GID}?${USER_SEARCH}`,
      `GET ${BASE}/users/${GID}/workspace_memberships?${MEMBERSHIP_SEARCH}`,
      `POST ${BASE}/workspaces/${WORKSPACE}/removeUser`,
    ]);
    expectReads(vendor.fake.requests);
    expectAsanaRequests(vendor.fake.requests);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.raw).toEqual({ user: user.data, memberships: memberships.data });
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toEqual(expectedRemoved);
  });

  it('removes a user from a team (GROUP) with POST /teams/{id}/removeUser, with an OAuth token', async () => {
    readRoutes().on(`POST ${BASE}/teams/${TEAM}/removeUser`, { status: 200, body: { data: {} } });

    const out = await runDeletion(asana, {
      baseUrl: vendor.baseUrl,
      credentials: { method: 'oauth', accessToken: 'oauth-access-token-1' },
      id: GID,
      params: { removeFrom: 'GROUP', removeFromId: TEAM },
    });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([
      `GET ${BASE}/users/${GID}?${USER_SEARCH}`,
      `GET ${BASE}/users/${GID}/workspace_memberships?${MEMBERSHIP_SEARCH}`,
      `POST ${BASE}/teams/${TEAM}/removeUser`,
    ]);
    expectReads(vendor.fake.requests);
    expectAsanaRequests(vendor.fake.requests, 'oauth-access-token-1');
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.response).toMatchObject({ status: 200, text: '{"data":{}}' });
    // for a team, status comes from any workspace membership, and the workspace membership stays
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toEqual(expectedUser);
  });

  it('reads a user by email and removes them by the gid Asana returned', async () => {
    const email = 'gsanchez@example.com';
    readRoutes('gsanchez%40example.com').on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 200, body: { data: {} } });

    const out = await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: email, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([
      `GET ${BASE}/users/gsanchez%40example.com?${USER_SEARCH}`,
      `GET ${BASE}/users/${GID}/workspace_memberships?${MEMBERSHIP_SEARCH}`,
      `POST ${BASE}/workspaces/${WORKSPACE}/removeUser`,
    ]);
    expectReads(vendor.fake.requests, email);
    expectAsanaRequests(vendor.fake.requests);
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toEqual(expectedRemoved);
  });

  it('rejects "me" (which Asana reads as the caller) with BAD_USER_INPUT before any request', async () => {
    for (const id of ['me', 'ME', 'Me']) {
      await expect(runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
      });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('waits for Retry-After on a 429, then retries and succeeds', async () => {
    vendor.fake
      .on(
        `GET ${BASE}/users/${GID}`,
        {
          status: 429,
          headers: { 'retry-after': '1' },
          body: { errors: [{ message: "You've made too many requests and hit a rate limit. Please retry after the given amount of time." }] },
        },
        { body: user },
      )
      .on(`GET ${BASE}/users/${GID}/workspace_memberships`, { body: memberships })
      .on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 204 });

    const started = Date.now();
    const out = await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } });
    const elapsed = Date.now() - started;

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([
      `GET ${BASE}/users/${GID}?${USER_SEARCH}`,
      `GET ${BASE}/users/${GID}?${USER_SEARCH}`,
      `GET ${BASE}/users/${GID}/workspace_memberships?${MEMBERSHIP_SEARCH}`,
      `POST ${BASE}/workspaces/${WORKSPACE}/removeUser`,
    ]);
    expectAsanaRequests(vendor.fake.requests);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(4_000);
    expect(out.before).toEqual(expectedUser);
  });

  it('maps a 401 to REAUTH_REQUIRED without retrying or removing', async () => {
    vendor.fake.on(`GET ${BASE}/users/${GID}`, { status: 401, body: { errors: [{ message: 'Not Authorized' }] } });

    await expect(runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } })).rejects.toMatchObject({
      code: 'REAUTH_REQUIRED',
      details: { remote: { status: 401, body: { errors: [{ message: 'Not Authorized' }] } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/users/${GID}?${USER_SEARCH}`]);
  });

  it('maps a 404 on the user to NOT_FOUND and never removes', async () => {
    vendor.fake.on(`GET ${BASE}/users/${GID}`, { status: 404, body: { errors: [{ message: 'user: Unknown object: 12345' }] } });
    await expect(runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/users/${GID}?${USER_SEARCH}`]);
  });

  it('maps a 403 on the removal to FORBIDDEN', async () => {
    readRoutes().on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 403, body: { errors: [{ message: 'Forbidden' }] } });
    await expect(runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(vendor.fake.calls()).toHaveLength(3);
  });

  it('accepts the workspace removal answered 204 with a body, and 200 with {"data":{}}', async () => {
    readRoutes().on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 204, body: { data: {} } });
    const a = await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } });
    expect(a.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(a.user).toEqual(expectedRemoved);

    vendor.fake.reset();
    readRoutes().on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 200, body: { data: {} } });
    const b = await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } });
    expect(b.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(b.response).toMatchObject({ status: 200, text: '{"data":{}}' });
    expect(b.user).toEqual(expectedRemoved);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('reports the status in the workspace removed from: INACTIVE when that membership is not active, unknown when there is none', async () => {
    const inactive = { data: [{ ...memberships.data[0]!, is_active: false }], next_page: null };
    vendor.fake
      .on(`GET ${BASE}/users/${GID}`, { body: user })
      .on(`GET ${BASE}/users/${GID}/workspace_memberships`, { body: inactive })
      .on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 204 });
    const a = await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } });
    expect(a.before).toEqual({ ...expectedUser, status: 'INACTIVE', rawStatus: 'not_active' });
    expect(a.user).toEqual(expectedRemoved);

    vendor.fake.reset();
    readRoutes().on(`POST ${BASE}/workspaces/99999/removeUser`, { status: 204 });
    const b = await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: '99999' } });
    const { status: _s, rawStatus: _r, ...withoutStatus } = expectedUser;
    expect(b.before).toEqual(withoutStatus);
    // 99999 was not listed: the user's own workspace 67890 stays
    expect(b.user).toEqual({ ...withoutStatus, status: null, rawStatus: null });
    expect(vendor.fake.calls()[2]).toBe(`POST ${BASE}/workspaces/99999/removeUser`);
  });

  it('passes remote_query on the removal only', async () => {
    readRoutes().on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 204 });
    await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE }, remoteQuery: { opt_pretty: 'true' } });
    expect(vendor.fake.calls()).toEqual([
      `GET ${BASE}/users/${GID}?${USER_SEARCH}`,
      `GET ${BASE}/users/${GID}/workspace_memberships?${MEMBERSHIP_SEARCH}`,
      `POST ${BASE}/workspaces/${WORKSPACE}/removeUser?opt_pretty=true`,
    ]);
  });

  it('encodes ids and container ids as one path segment', async () => {
    vendor.fake.on(`GET ${BASE}/users/a%2F..%2Fb`, { status: 404, body: { errors: [{ message: 'Not found' }] } });
    await expect(runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: 'a/../b', params: { removeFrom: 'GROUP', removeFromId: TEAM } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    readRoutes().on(`POST ${BASE}/teams/1%2F2/removeUser`, { status: 200, body: { data: {} } });
    await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'GROUP', removeFromId: '1/2' } });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()[0]).toBe(`GET ${BASE}/users/a%2F..%2Fb?${USER_SEARCH}`);
    expect(vendor.fake.calls()[3]).toBe(`POST ${BASE}/teams/1%2F2/removeUser`);
  });

  it('fills every field it declares in maps for the fixtures', async () => {
    readRoutes().on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 204 });
    const out = await runDeletion(asana, { baseUrl: vendor.baseUrl, credentials, id: GID, params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE } });
    expect(unfilledMappedFields(asana, out.before)).toEqual([]);
  });

  describe('self-deletion guard (GET /users/me) and the service account', () => {
    const ME = `GET ${BASE}/users/me?opt_fields=gid%2Cemail%2Cname`;
    const params = { removeFrom: 'ORGANIZATION' as const, removeFromId: WORKSPACE };
    const run = (creds: Record<string, string> = credentials, id = GID) => runDeletion(asana, { baseUrl: vendor.baseUrl, credentials: creds, id, params, checkOwner: true });

    it('removes someone else; the owner is read with GET /users/me', async () => {
      readRoutes().on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 204 }).on(`GET ${BASE}/users/me`, { body: { data: { gid: '98765', name: 'Admin', email: 'admin@example.com' } } });
      const out = await run();
      expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
      expect(vendor.fake.calls()).toEqual([`GET ${BASE}/users/${GID}?${USER_SEARCH}`, `GET ${BASE}/users/${GID}/workspace_memberships?${MEMBERSHIP_SEARCH}`, ME, `POST ${BASE}/workspaces/${WORKSPACE}/removeUser`]);
    });

    it('refuses to remove the token owner, also when they are named by email, and never calls removeUser', async () => {
      const owner = { data: { gid: GID, name: 'Greg Sanchez', email: 'gsanchez@example.com' } };
      readRoutes('gsanchez%40example.com').on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 204 }).on(`GET ${BASE}/users/me`, { body: owner });
      await expect(run(credentials, 'gsanchez@example.com')).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
      expect(vendor.fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
    });

    it('refuses "me" before any call (the core guard), in any case', async () => {
      for (const id of ['me', 'ME', 'Me']) await expect(run(credentials, id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/own administrator/) });
      expect(vendor.fake.requests).toEqual([]);
    });

    it('accepts a service account token as a bearer token, like a PAT', async () => {
      readRoutes().on(`POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, { status: 204 }).on(`GET ${BASE}/users/me`, { body: { data: { gid: '55555', name: 'Offboarding service account' } } });
      await run({ method: 'service_account', token: '2/1111111111111111/4444444444444444:serviceAccount' });
      for (const r of vendor.fake.requests) expect(r.headers.authorization).toBe('Bearer 2/1111111111111111/4444444444444444:serviceAccount');
    });

    it('says who receives the removed user\'s resources: the PAT owner with a personal access token, the Admin console settings with a service account', () => {
      expect(Object.keys(asana.auth)[0]).toBe('service_account');
      expect(asana.auth.personal_access_token!.description).toMatch(/transfers the removed user's resources to the owner of this token/);
      expect(asana.auth.service_account!.description).toMatch(/member-removal settings/);
      expect(asana.semantics.description).toMatch(/personal access token its owner receives/);
      expect(asana.selfAliases).toEqual(['me']);
    });
  });

});
