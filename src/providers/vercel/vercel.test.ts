import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { vercel } from './index.js';

const page = fixture<{ members: Array<Record<string, unknown>>; pagination: Record<string, unknown> }>('vercel', 'members.json');
const TEAM = 'team_1a2b3c4d5e6f7g8h9i0j1k2l';
const TEAM2 = 'team_nllPyCtREAqxxdyFKbbMDlxd';
const UID = 'zTuNVUXEAvvnNN3IaqinkyMw';
const TOKEN = 'vercel-token-3c9Xz0aQ';
const credentials = { method: 'access_token', accessToken: TOKEN };
const vendor = useFakeVendor();

/** members.json[0] mapped by hand, as a member of TEAM given as the workspace. */
const expected: UnifiedUser = {
  id: UID,
  identifiers: { uid: UID, username: 'jane-doe', email: 'jane.doe@example.com', avatarFileId: '123a6c5209bc3778245d011443644c8d27dc2c50' },
  name: 'Jane Doe',
  username: 'jane-doe',
  emails: [{ email: 'jane.doe@example.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'confirmed',
  roles: [{ id: 'MEMBER', name: 'MEMBER', workspace: TEAM }],
  workspaces: [{ id: TEAM }],
  createdAt: new Date(1588720733602),
};

describe('vercel', () => {
  it('finds the member in the team list, then removes it from the team, with Bearer auth', async () => {
    vendor.fake.on(`GET /v3/teams/${TEAM}/members`, { body: page }).on(`DELETE /v1/teams/${TEAM}/members/${UID}`, { body: { id: TEAM } });

    const out = await runDeletion(vercel, { baseUrl: vendor.baseUrl, credentials, id: UID, params: { workspace: TEAM } });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /v3/teams/${TEAM}/members?limit=100`, `DELETE /v1/teams/${TEAM}/members/${UID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(vercel, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expected, status: null, rawStatus: null, roles: [], workspaces: [], groups: [] });
  });

  it('pages with until=pagination.next while hasNext', async () => {
    vendor.fake
      .on(`GET /v3/teams/${TEAM}/members`, { body: { members: [page.members[1]], pagination: { hasNext: true, count: 1, next: 1540095775950, prev: 1540095775951 } } }, { body: { members: [page.members[0]], pagination: { hasNext: false, count: 1, next: null, prev: 1 } } })
      .on(`DELETE /v1/teams/${TEAM}/members/${UID}`, { body: { id: TEAM } });
    await runDeletion(vercel, { baseUrl: vendor.baseUrl, credentials, id: UID, params: { workspace: TEAM } });
    expect(vendor.fake.calls()).toEqual([
      `GET /v3/teams/${TEAM}/members?limit=100`,
      `GET /v3/teams/${TEAM}/members?limit=100&until=1540095775950`,
      `DELETE /v1/teams/${TEAM}/members/${UID}`,
    ]);
  });

  it('removes the user from every team listed in groups', async () => {
    vendor.fake
      .on(`GET /v3/teams/${TEAM}/members`, { body: page })
      .on(`GET /v3/teams/${TEAM2}/members`, { body: page })
      .on(`DELETE /v1/teams/${TEAM}/members/${UID}`, { body: { id: TEAM } })
      .on(`DELETE /v1/teams/${TEAM2}/members/${UID}`, { body: { id: TEAM2 } });
    const out = await runDeletion(vercel, { baseUrl: vendor.baseUrl, credentials, id: UID, params: { groups: [{ id: TEAM }, { id: TEAM2 }] } });
    expect(vendor.fake.calls().filter((c) => c.startsWith('DELETE'))).toEqual([`DELETE /v1/teams/${TEAM}/members/${UID}`, `DELETE /v1/teams/${TEAM2}/members/${UID}`]);
    expect(out.before?.groups).toEqual([{ id: TEAM }, { id: TEAM2 }]);
    expect(out.user.groups).toEqual([]);
  });

  it('answers NOT_FOUND when the user is not in a team named, before removing anything', async () => {
    vendor.fake.on(`GET /v3/teams/${TEAM}/members`, { body: page }).on(`GET /v3/teams/${TEAM2}/members`, { body: { members: [page.members[1]], pagination: { hasNext: false, count: 1, next: null, prev: null } } });
    await expect(runDeletion(vercel, { baseUrl: vendor.baseUrl, credentials, id: UID, params: { groups: [{ id: TEAM }, { id: TEAM2 }] } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('refuses groups without a team id', async () => {
    await expect(runDeletion(vercel, { baseUrl: vendor.baseUrl, credentials, id: UID, params: { groups: [{ name: 'Engineering' }] } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.calls()).toEqual([]);
  });

  it("reads Vercel's invalidToken 403 as REAUTH_REQUIRED and a plain 403 as FORBIDDEN", async () => {
    vendor.fake.on(`GET /v3/teams/${TEAM}/members`, { status: 403, body: fixture('vercel', 'error-403.json') });
    await expect(runDeletion(vercel, { baseUrl: vendor.baseUrl, credentials, id: UID, params: { workspace: TEAM } })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    vendor.fake.on(`GET /v3/teams/${TEAM2}/members`, { body: page }).on(`DELETE /v1/teams/${TEAM2}/members/${UID}`, { status: 403, body: { error: { code: 'forbidden', message: 'Not authorized to update the team.' } } });
    await expect(runDeletion(vercel, { baseUrl: vendor.baseUrl, credentials, id: UID, params: { workspace: TEAM2 } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('finds users by exact email with the documented search param', async () => {
    vendor.fake.on(`GET /v3/teams/${TEAM}/members`, { body: page });
    const { http, context } = vendorClient(vercel, { baseUrl: vendor.baseUrl, credentials });
    const found = await vercel.findUsers?.({ http, email: 'Jane.Doe@example.com', params: { workspace: TEAM }, context });
    expect(found?.map((s) => s.member.uid)).toEqual([UID]);
    expect(vendor.fake.calls()).toEqual([`GET /v3/teams/${TEAM}/members?limit=100&search=Jane.Doe%40example.com`]);
  });
});
