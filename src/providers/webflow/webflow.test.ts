import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { webflow } from './index.js';

const byEmail = fixture('webflow', 'members-by-email.json');
const members = fixture<{ members: Array<Record<string, unknown>> }>('webflow', 'members.json');
const WS = '580e63e98c9a982ac9b8b741';
const MEMBER = '62fa5e47f6b8256f4641c5bd';
const EMAIL = 'sam.okafor@example.com';
const BASE = '/v2';
const LIST = `${BASE}/workspaces/${WS}/members`;
const TOKEN = 'webflow-workspace-token-0123456789';
const credentials = { method: 'workspace_token', apiToken: TOKEN };
const params = { workspaceId: WS };

const vendor = useFakeVendor(BASE);

/** The member of members-by-email.json (Webflow's WorkspaceMember shape, the SDK's example ids) mapped by hand. */
const expectedSnapshot: UnifiedUser = {
  id: MEMBER,
  firstName: 'Sam',
  lastName: 'Okafor',
  name: 'Sam Okafor',
  emails: [{ email: EMAIL, type: 'primary', isPrimary: true }],
  roles: [
    { id: 'member', name: 'workspace member', workspace: WS },
    { id: 'designer', name: 'default site role designer', workspace: WS },
  ],
  workspaces: [{ id: WS }],
  activatedAt: new Date('2024-03-11T16:24:03.000Z'),
};

describe('webflow', () => {
  it('finds the member by email, then removes them by member id; the workspace and its roles are gone from the user', async () => {
    vendor.fake.on(`GET ${LIST}`, { body: byEmail }).on(`DELETE ${LIST}/${MEMBER}`, { status: 204 });
    const out = await runDeletion(webflow, { baseUrl: vendor.baseUrl, credentials, id: EMAIL, params });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${LIST}?email=sam.okafor%40example.com`, `DELETE ${LIST}/${MEMBER}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expectedSnapshot);
    expect(unfilledMappedFields(webflow, out.before)).toEqual([]);
    expect(out.user.workspaces).toEqual([]);
    expect(out.user.roles).toEqual([]);
  });

  it('a member id is looked up by paging the member list with limit=100 and the cursor', async () => {
    vendor.fake
      .on(`GET ${LIST}`, { body: { members: [members.members[0]], invites: [], pagination: { limit: 100, nextCursor: 'c2' } } }, { body: { members: [members.members[1]], invites: [], pagination: { limit: 100, nextCursor: null } } })
      .on(`DELETE ${LIST}/${MEMBER}`, { status: 204 });
    await runDeletion(webflow, { baseUrl: vendor.baseUrl, credentials, id: MEMBER, params });
    expect(vendor.fake.calls()).toEqual([`GET ${LIST}?limit=100`, `GET ${LIST}?limit=100&cursor=c2`, `DELETE ${LIST}/${MEMBER}`]);
  });

  it('someone who is not a member (or only invited) is NOT_FOUND and nothing is removed', async () => {
    vendor.fake.on(`GET ${LIST}`, { body: { members: [], invites: [{ id: 'inv1', email: EMAIL }], pagination: { limit: 50 } } });
    await expect(runDeletion(webflow, { baseUrl: vendor.baseUrl, credentials, id: EMAIL, params })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });

  it('a 409 on the removal is a FAILED_PRECONDITION; ids that are neither an email nor a member id are refused', async () => {
    vendor.fake.on(`GET ${LIST}`, { body: byEmail }).on(`DELETE ${LIST}/${MEMBER}`, { status: 409, body: { code: 'conflict', message: 'Cannot remove the workspace owner' } });
    await expect(runDeletion(webflow, { baseUrl: vendor.baseUrl, credentials, id: EMAIL, params })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(runDeletion(webflow, { baseUrl: vendor.baseUrl, credentials, id: 'sam', params })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('an OAuth token is guarded by /token/authorized_by; a workspace token acts as no person (no lookup)', async () => {
    vendor.fake.on(`GET ${LIST}`, { body: byEmail }).on(`GET ${BASE}/token/authorized_by`, { body: { id: MEMBER, email: EMAIL } });
    await expect(runDeletion(webflow, { baseUrl: vendor.baseUrl, credentials: { method: 'oauth', accessToken: 'wf-oauth' }, id: EMAIL, params, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
    vendor.fake.reset();
    vendor.fake.on(`GET ${LIST}`, { body: byEmail }).on(`DELETE ${LIST}/${MEMBER}`, { status: 204 });
    const out = await runDeletion(webflow, { baseUrl: vendor.baseUrl, credentials, id: EMAIL, params, checkOwner: true });
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(vendor.fake.calls()).not.toContain(`GET ${BASE}/token/authorized_by`);
  });

  it('findUsers asks the member list by email and keeps exact matches', async () => {
    vendor.fake.on(`GET ${LIST}`, { body: byEmail });
    const { http, context } = vendorClient(webflow, { baseUrl: vendor.baseUrl, credentials });
    const found = await webflow.findUsers!({ http, email: 'Sam.Okafor@example.com', params, context });
    expect(found.map((f) => f.member.id)).toEqual([MEMBER]);
  });
});
