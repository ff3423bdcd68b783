import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { validateParams } from '../../deletion/validate.js';
import type { UnifiedUser } from '../core/types.js';
import { clickup, type ClickUpMember } from './index.js';

const member = fixture<{ member: ClickUpMember }>('clickup', 'member.json');
const teams = fixture('clickup', 'teams.json');
const ID = '81942673';
const TEAM = '9011234567';
const BASE = '/api/v2';
const TOKEN = 'pk_81940001_TESTTOKEN';
const credentials = { method: 'api_token', apiToken: TOKEN };
const params = { organizationId: TEAM };

const vendor = useFakeVendor(BASE);

/** member.json mapped by hand. */
const expectedUser: UnifiedUser = {
  id: ID,
  firstName: 'John',
  lastName: 'Doe',
  name: 'John Doe',
  emails: [{ email: 'john.doe@example.com', type: 'work', isPrimary: true }],
  roles: [{ id: '3', name: 'member', organization: TEAM }],
  userType: 'member',
  organizations: [{ id: TEAM }],
  avatar: 'https://attachments.clickup.com/profilePictures/81942673_abc.jpg',
  lastActiveAt: new Date(1704153600000),
  createdAt: new Date(1672531200000),
};

const run = (extra: { checkOwner?: boolean; credentials?: Record<string, string>; remoteQuery?: Record<string, unknown> } = {}) =>
  runDeletion(clickup, { baseUrl: vendor.baseUrl, credentials: extra.credentials ?? credentials, id: ID, params, checkOwner: extra.checkOwner, remoteQuery: extra.remoteQuery });

describe('clickup', () => {
  it('reads the Workspace member, then removes them with DELETE /team/{team_id}/user/{user_id} (personal token without Bearer)', async () => {
    vendor.fake.on(`GET ${BASE}/team/${TEAM}/user/${ID}`, { body: member }).on(`DELETE ${BASE}/team/${TEAM}/user/${ID}`, { status: 200, body: {} });

    const out = await run();

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/team/${TEAM}/user/${ID}`, `DELETE ${BASE}/team/${TEAM}/user/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(TOKEN);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toMatchObject({ id: ID, organizations: [], roles: [] });
    expect(unfilledMappedFields(clickup, out.before)).toEqual([]);
  });

  it('sends an OAuth access token as a bearer token', async () => {
    vendor.fake.on(`GET ${BASE}/team/${TEAM}/user/${ID}`, { body: member }).on(`DELETE ${BASE}/team/${TEAM}/user/${ID}`, { status: 200, body: {} });
    await run({ credentials: { method: 'oauth', accessToken: 'clickup-oauth-access' } });
    for (const r of vendor.fake.requests) expect(r.headers.authorization).toBe('Bearer clickup-oauth-access');
  });

  it('requires organizationId (the Workspace id)', () => {
    expect(() => validateParams(clickup, {}, 'graphql')).toThrow(/organizationId/);
  });

  it('refuses to remove the Workspace owner (role 1) before any write', async () => {
    const ownerMember = { member: { ...member.member, user: { ...member.member.user, role: 1 } } };
    vendor.fake.on(`GET ${BASE}/team/${TEAM}/user/${ID}`, { body: ownerMember });
    await expect(run()).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'WORKSPACE_OWNER' } });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('refuses to remove the token owner (GET /user)', async () => {
    vendor.fake
      .on(`GET ${BASE}/team/${TEAM}/user/${ID}`, { body: member })
      .on(`GET ${BASE}/user`, { body: { user: { id: 81942673, username: 'John Doe', email: 'john.doe@example.com' } } })
      .on(`DELETE ${BASE}/team/${TEAM}/user/${ID}`, { status: 200, body: {} });
    await expect(run({ checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('maps the documented ECODEs: token not found → REAUTH_REQUIRED, Workspace not authorized → FORBIDDEN', async () => {
    vendor.fake.on(`GET ${BASE}/team/${TEAM}/user/${ID}`, { status: 401, body: { err: 'Token invalid', ECODE: 'OAUTH_025' } });
    await expect(run()).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/team/${TEAM}/user/${ID}`, { status: 401, body: { err: 'Team not authorized', ECODE: 'OAUTH_027' } });
    await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/team/${TEAM}/user/${ID}`, { status: 401, body: { err: 'Team not authorized', ECODE: 'OAUTH_045' } });
    await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('waits for X-RateLimit-Reset on a 429 and retries', async () => {
    vendor.fake
      .on(`GET ${BASE}/team/${TEAM}/user/${ID}`, { status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }, body: { err: 'Rate limit reached' } }, { body: member })
      .on(`DELETE ${BASE}/team/${TEAM}/user/${ID}`, { status: 200, body: {} });
    const out = await run();
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(vendor.fake.calls()).toHaveLength(3);
  });

  it('finds Workspace members by email, case-insensitively, in the given Workspace only (GET /team)', async () => {
    vendor.fake.on(`GET ${BASE}/team`, { body: teams });
    const { http, context } = vendorClient(clickup, { baseUrl: vendor.baseUrl, credentials });
    const found = await clickup.findUsers!({ http, email: 'John.Doe@Example.com', params, context });
    expect(found.map((m) => m.user.id)).toEqual([81942673]);
    expect(await clickup.findUsers!({ http, email: 'nobody@example.com', params, context })).toEqual([]);
    await expect(clickup.findUsers!({ http, email: 'john.doe@example.com', params: { organizationId: '1' }, context })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(clickup.findUsers!({ http, email: 'john.doe@example.com', params: {}, context })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/team`, `GET ${BASE}/team`, `GET ${BASE}/team`]);
  });

  it('encodes the Workspace id as one path segment and passes remote_query on the removal', async () => {
    vendor.fake.on(`GET ${BASE}/team/a%2Fb/user/${ID}`, { body: member }).on(`DELETE ${BASE}/team/a%2Fb/user/${ID}`, { status: 200, body: {} });
    await runDeletion(clickup, { baseUrl: vendor.baseUrl, credentials, id: ID, params: { organizationId: 'a/b' }, remoteQuery: { x: '1' } });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/team/a%2Fb/user/${ID}`, `DELETE ${BASE}/team/a%2Fb/user/${ID}?x=1`]);
  });
});
