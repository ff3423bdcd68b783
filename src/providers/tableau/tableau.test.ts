import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { tableau, type TableauUser } from './index.js';

const user = fixture<{ user: TableauUser }>('tableau', 'user.json');
const page = fixture<{ users: { user: TableauUser[] } }>('tableau', 'users-page.json');
const ID = 'ee8bc9ca-77fe-4ae0-8093-cf77f0ee67a9';
const SITE = '9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d';
const USER = `/api/3.24/sites/${SITE}/users/${ID}`;
const TOKEN = 'tableau-session-token-1234';
const credentials = { method: 'personal_access_token', tokenName: 'deleter-pat', tokenSecret: 'tableau-pat-secret-0123456', siteContentUrl: 'acme', accessToken: TOKEN };
const context = { host: '10ax.online.tableau.com', siteId: SITE };
const vendor = useFakeVendor('/api/3.24');

/** The mapping of user.json, computed by hand. */
const expected: UnifiedUser = {
  id: ID,
  name: 'Bob Smith',
  username: 'bob@example.com',
  emails: [{ email: 'bob@example.com', type: 'primary', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'SiteAdministratorCreator',
  roles: [{ id: 'SiteAdministratorCreator', name: 'SiteAdministratorCreator' }],
  licenses: [{ id: 'Creator', name: 'Creator' }],
  languages: ['en'],
  lastLoginAt: new Date('2025-02-04T06:39:20Z'),
};

describe('tableau', () => {
  it('queries then removes the user from the signed-in site, with X-Tableau-Auth and JSON asked for', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 204 });
    const out = await runDeletion(tableau, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers['x-tableau-auth']).toBe(TOKEN);
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers.accept).toBe('application/json');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null, roles: [], licenses: [] });
  });

  it('passes mapAssetsTo from remote_query to the removal unchanged', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 204 });
    await runDeletion(tableau, { baseUrl: vendor.baseUrl, credentials, context, id: ID, remoteQuery: { mapAssetsTo: '1a2b3c4d-0000-1111-2222-333344445555' } });
    expect(vendor.fake.requests.map((r) => r.search)).toEqual(['', 'mapAssetsTo=1a2b3c4d-0000-1111-2222-333344445555']);
  });

  it('a 409 on the removal (the user still owns content) is a FAILED_PRECONDITION, not a success', async () => {
    vendor.fake
      .on(`GET ${USER}`, { body: user })
      .on(`DELETE ${USER}`, { status: 409, body: { error: { summary: 'Conflict', detail: 'The user owns content and cannot be deleted.', code: '409000' } } });
    await expect(runDeletion(tableau, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', details: { remote: { status: 409 } } });
  });

  it('maps site roles to status and license seats (Unlicensed holds none)', () => {
    const map = (siteRole: string) => tableau.toUser({ ...user.user, siteRole }, { id: ID, params: {} });
    expect(map('Unlicensed')).toMatchObject({ status: 'INACTIVE', rawStatus: 'Unlicensed' });
    expect(map('Unlicensed').licenses).toBeUndefined();
    expect(map('ExplorerCanPublish').licenses).toEqual([{ id: 'Explorer', name: 'Explorer' }]);
    expect(map('Viewer').licenses).toEqual([{ id: 'Viewer', name: 'Viewer' }]);
  });

  it('the owner lookup reads GET /sessions/current', async () => {
    if (!('lookup' in tableau.tokenOwner)) throw new Error('Tableau names the session user');
    vendor.fake.on('GET /api/3.24/sessions/current', { body: { session: { site: { id: SITE, contentUrl: 'acme' }, user: { id: 'aaaa', name: 'admin@example.com' } } } });
    const { http, context: ctx } = vendorClient(tableau, { baseUrl: vendor.baseUrl, credentials, context });
    await expect(tableau.tokenOwner.lookup({ http, context: ctx, method: 'personal_access_token' })).resolves.toEqual({ ids: ['aaaa', 'admin@example.com'] });
  });

  it('finds users by email with filter=name:eq:, keeping exact case-insensitive matches', async () => {
    vendor.fake.on(`GET /api/3.24/sites/${SITE}/users`, { body: page });
    const { http, context: ctx } = vendorClient(tableau, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await tableau.findUsers!({ http, email: 'Alice@Example.com', params: {}, context: ctx });
    expect(found.map((u) => u.id)).toEqual(['f6d72445-285b-48e5-8380-f90b519ce682']);
    expect(vendor.fake.requests[0]?.query).toEqual({ filter: 'name:eq:Alice@Example.com', pageSize: '100', pageNumber: '1' });
  });

  it('refuses ids that are not LUIDs, and an account without a site id, before any call', async () => {
    await expect(runDeletion(tableau, { baseUrl: vendor.baseUrl, credentials, context, id: 'bob@example.com' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(runDeletion(tableau, { baseUrl: vendor.baseUrl, credentials, context: { host: '10ax.online.tableau.com' }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('maps 404002 to NOT_FOUND without a removal', async () => {
    vendor.fake.on(`GET ${USER}`, { status: 404, body: { error: { summary: 'Resource Not Found', detail: 'User could not be found.', code: '404002' } } });
    await expect(runDeletion(tableau, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`]);
  });
});
