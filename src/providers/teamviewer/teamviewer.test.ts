import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { teamviewer } from './index.js';

const ID = 'u1234567';
const TOKEN = '1234567-teamviewerScriptToken';
const credentials = { method: 'script_token', scriptToken: TOKEN };
const vendor = useFakeVendor('/api/v1');

const expected: UnifiedUser = {
  id: ID,
  firstName: 'Jane',
  lastName: 'Doe',
  name: 'Jane Doe',
  emails: [{ email: 'jane.doe@example.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  is2faEnabled: true,
  roles: [{ id: 'a9c9435d-8544-4e6a-9830-9337078c9aab' }],
  licenses: [{ id: '9f2ce4d5-0f23-4b6b-8a43-19f1e5f0c1a2', name: 'TeamViewer Business' }],
  lastActiveAt: new Date('2026-01-01T09:30:00Z'),
};

describe('teamviewer', () => {
  it('reads the user, then removes it from the company (DELETE without isPermanentDelete), with the script token as Bearer', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { body: fixture('teamviewer', 'user.json') }).on(`DELETE /api/v1/users/${ID}`, { status: 204 });
    const out = await runDeletion(teamviewer, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /api/v1/users/${ID}`, `DELETE /api/v1/users/${ID}`]);
    expect(vendor.fake.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && r.rawBody === '')).toBe(true);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(teamviewer, out.before)).toEqual([]);
    expect(out.user).toMatchObject({ licenses: [], roles: [] });
  });

  it('deletes the account completely only with permanent: true (isPermanentDelete=true)', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { body: fixture('teamviewer', 'user.json') }).on(`DELETE /api/v1/users/${ID}`, { status: 204 });
    const out = await runDeletion(teamviewer, { baseUrl: vendor.baseUrl, credentials, id: ID, params: { permanent: true } });
    expect(vendor.fake.calls()).toEqual([`GET /api/v1/users/${ID}`, `DELETE /api/v1/users/${ID}?isPermanentDelete=true`]);
    expect(out.outcome).toBe('DELETED');
    expect(out.user.status).toBe('DELETED');
  });

  it('refuses an id that is not a TeamViewer user id before any call', async () => {
    await expect(runDeletion(teamviewer, { baseUrl: vendor.baseUrl, credentials, id: 'jane.doe@example.com' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('finds users by email (full_list), exact matches only', async () => {
    vendor.fake.on('GET /api/v1/users', { body: { users: [fixture('teamviewer', 'user.json'), { ...fixture<Record<string, unknown>>('teamviewer', 'user.json'), id: 'u9', email: 'jane.doe@example.com.evil' }] } });
    const { http, context } = vendorClient(teamviewer, { baseUrl: vendor.baseUrl, credentials });
    expect((await teamviewer.findUsers!({ http, email: 'Jane.Doe@example.com', params: {}, context })).map((u) => u.id)).toEqual([ID]);
    expect(vendor.fake.requests[0]!.query).toEqual({ email: 'Jane.Doe@example.com', full_list: 'true' });
  });
});
