import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { gitlab, type GitLabMember } from './index.js';

const member = fixture<GitLabMember>('gitlab', 'member.json');
const TOKEN = 'glpat-16C7e42F292c6912E771';
const credentials = { method: 'personal_access_token', apiToken: TOKEN };
const vendor = useFakeVendor('/api/v4');

/** member.json mapped by hand, as a member of group 4. */
const expected: UnifiedUser = {
  id: '1',
  identifiers: { id: 1, username: 'raymond_smith', samlExternUid: null },
  name: 'Raymond Smith',
  username: 'raymond_smith',
  emails: [{ email: 'john@example.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: '30', name: 'Developer', group: '4' }],
  avatar: 'https://www.gravatar.com/avatar/c2525a7f58ae3776070e44c106c48e15?s=80&d=identicon',
  createdAt: new Date('2012-10-22T14:13:35Z'),
  urls: [{ url: 'http://192.168.1.8:3000/root', type: 'profile' }],
};

describe('gitlab', () => {
  it('reads the direct group member, then removes it (204) with the token as Bearer and no body', async () => {
    vendor.fake.on('GET /api/v4/groups/4/members/1', { body: member }).on('DELETE /api/v4/groups/4/members/1', { status: 204 });

    const out = await runDeletion(gitlab, { baseUrl: vendor.baseUrl, credentials, id: '1', params: { organizationId: '4' } });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual(['GET /api/v4/groups/4/members/1', 'DELETE /api/v4/groups/4/members/1']);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.search).toBe('');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(gitlab, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expected, status: null, rawStatus: null, roles: [] });
  });

  it('removes a project member through /projects/:id/members/:user_id when workspace_id is given', async () => {
    vendor.fake.on('GET /api/v4/projects/7/members/1', { body: member }).on('DELETE /api/v4/projects/7/members/1', { status: 204 });
    const out = await runDeletion(gitlab, { baseUrl: vendor.baseUrl, credentials, id: '1', params: { workspaceId: '7' } });
    expect(vendor.fake.calls()).toEqual(['GET /api/v4/projects/7/members/1', 'DELETE /api/v4/projects/7/members/1']);
    expect(out.before?.roles).toEqual([{ id: '30', name: 'Developer', workspace: '7' }]);
  });

  it('sends a group path as one URL-encoded segment, as GitLab documents for :id', async () => {
    vendor.fake.on('GET /api/v4/groups/acme%2Fplatform/members/1', { body: member }).on('DELETE /api/v4/groups/acme%2Fplatform/members/1', { status: 204 });
    await runDeletion(gitlab, { baseUrl: vendor.baseUrl, credentials, id: '1', params: { organizationId: 'acme/platform' } });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual(['GET /api/v4/groups/acme%2Fplatform/members/1', 'DELETE /api/v4/groups/acme%2Fplatform/members/1']);
  });

  it('refuses a username (the members API takes the numeric user id) before any call', async () => {
    await expect(runDeletion(gitlab, { baseUrl: vendor.baseUrl, credentials, id: 'raymond_smith', params: { organizationId: '4' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.calls()).toEqual([]);
  });

  it('maps a 404 (not a direct member) to NOT_FOUND and removes nothing', async () => {
    vendor.fake.on('GET /api/v4/groups/4/members/1', { status: 404, body: { message: '404 Not found' } });
    await expect(runDeletion(gitlab, { baseUrl: vendor.baseUrl, credentials, id: '1', params: { organizationId: '4' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual(['GET /api/v4/groups/4/members/1']);
  });

  it('reports GitLab refusing the removal (the last Owner) as an error, never as success', async () => {
    vendor.fake
      .on('GET /api/v4/groups/4/members/1', { body: { ...member, access_level: 50 } })
      .on('DELETE /api/v4/groups/4/members/1', { status: 403, body: { message: '403 Forbidden' } });
    await expect(runDeletion(gitlab, { baseUrl: vendor.baseUrl, credentials, id: '1', params: { organizationId: '4' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('passes remote_query (skip_subresources, unassign_issuables) on the DELETE only', async () => {
    vendor.fake.on('GET /api/v4/groups/4/members/1', { body: member }).on('DELETE /api/v4/groups/4/members/1', { status: 204 });
    await runDeletion(gitlab, { baseUrl: vendor.baseUrl, credentials, id: '1', params: { organizationId: '4' }, remoteQuery: { unassign_issuables: 'true' } });
    expect(vendor.fake.requests.map((r) => r.search)).toEqual(['', 'unassign_issuables=true']);
  });

  it('refuses to remove the token owner (GET /user names the same user) before the DELETE', async () => {
    vendor.fake.on('GET /api/v4/groups/4/members/1', { body: member }).on('GET /api/v4/user', { body: { id: 1, username: 'raymond_smith', email: 'john@example.com' } });
    await expect(runDeletion(gitlab, { baseUrl: vendor.baseUrl, credentials, id: '1', params: { organizationId: '4' }, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });
});
