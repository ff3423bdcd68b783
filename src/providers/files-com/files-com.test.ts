import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { filesCom, type FilesComUser } from './index.js';

const user = fixture<FilesComUser>('files-com', 'user.json');
const apiKey = fixture<Record<string, unknown>>('files-com', 'api-key.json');
const error404 = fixture('files-com', 'error-404.json');
const ID = '1234';
const KEY = 'files-api-key-0123456789abcdef';
const credentials = { method: 'api_key', apiKey: KEY };
const context = { subdomain: 'acme' };
const BASE = '/api/rest/v1';
const USER = `${BASE}/users/${ID}`;

const vendor = useFakeVendor(BASE);

/** user.json (Files.com's documented example with realistic values) mapped by hand. */
const expectedSnapshot: UnifiedUser = {
  id: '1234',
  username: 'jdoe',
  name: 'John Doe',
  emails: [{ email: 'john.doe@acme.com', type: 'primary', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'enabled',
  is2faEnabled: true,
  roles: [{ id: 'user', name: 'User' }],
  groups: [{ id: '12' }, { id: '34' }],
  organizations: [{ id: '5678' }],
  avatar: 'https://acme.files.com/avatars/1234.png',
  timezone: 'Pacific Time (US & Canada)',
  languages: ['en'],
  createdAt: new Date('2000-01-01T01:00:00Z'),
  lastLoginAt: new Date('2000-01-01T01:00:00Z'),
  lastActiveAt: new Date('2000-01-01T01:00:00Z'),
};

function expectFilesRequests(requests: RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers['x-filesapi-key']).toBe(KEY);
    expect(r.headers.authorization).toBeUndefined();
    expect(r.rawBody).toBe('');
  }
}

describe('files-com', () => {
  it('builds the base URL on the site subdomain and refuses anything but one DNS label', () => {
    expect(buildBaseUrl(filesCom, validateContext(filesCom, { subdomain: 'Acme' })).href).toBe('https://acme.files.com/api/rest/v1');
    expect(() => validateContext(filesCom, {})).toThrow(/subdomain/);
    expect(() => validateContext(filesCom, { subdomain: 'evil.com/x' })).toThrow(/subdomain/);
  });

  it('reads then deletes the user with the X-FilesAPI-Key header; the user is DELETED', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 204 });
    const out = await runDeletion(filesCom, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
    expectFilesRequests(vendor.fake.requests);
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expectedSnapshot);
    expect(unfilledMappedFields(filesCom, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expectedSnapshot, status: 'DELETED', rawStatus: null });
  });

  it('passes remote_query (new_owner_id) to the DELETE only', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 204 });
    await runDeletion(filesCom, { baseUrl: vendor.baseUrl, credentials, context, id: ID, remoteQuery: { new_owner_id: '42' } });
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`, `DELETE ${USER}?new_owner_id=42`]);
  });

  it('maps a disabled site administrator', () => {
    const mapped = filesCom.toUser({ ...user, disabled: true, site_admin: true, workspace_admin: true, workspace_id: 9 }, { id: ID, params: {} });
    expect(mapped.status).toBe('INACTIVE');
    expect(mapped.rawStatus).toBe('disabled');
    expect(mapped.roles).toEqual([
      { id: 'site_admin', name: 'Site administrator' },
      { id: 'workspace_admin', name: 'Workspace administrator', workspace: '9' },
    ]);
    expect(mapped.workspaces).toEqual([{ id: '9' }]);
  });

  it('answers not-found/user-not-found as NOT_FOUND without deleting', async () => {
    vendor.fake.on(`GET ${USER}`, { status: 404, body: error404 });
    await expect(runDeletion(filesCom, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`]);
  });

  it('refuses a non-integer id before any call', async () => {
    for (const id of ['me', 'john.doe@acme.com', '12a', '../1234']) {
      await expect(runDeletion(filesCom, { baseUrl: vendor.baseUrl, credentials, context, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it("refuses to delete the API key's own user (GET /api_key user_id)", async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`GET ${BASE}/api_key`, { body: { ...apiKey, user_id: 1234 } });
    await expect(runDeletion(filesCom, { baseUrl: vendor.baseUrl, credentials, context, id: ID, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });

  it('a site-wide API key (blank user_id) acts as no user: the deletion proceeds', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`GET ${BASE}/api_key`, { body: { ...apiKey, user_id: null } }).on(`DELETE ${USER}`, { status: 204 });
    const out = await runDeletion(filesCom, { baseUrl: vendor.baseUrl, credentials, context, id: ID, checkOwner: true });
    expect(out.outcome).toBe('DELETED');
  });

  it('findUsers filters by email, follows X-Files-Cursor-Next, and keeps exact case-insensitive matches only', async () => {
    const other = { ...user, id: 99, email: 'john.doe@acme.com.evil' };
    vendor.fake
      .on(`GET ${BASE}/users`, (req) =>
        req.query.cursor === 'c2'
          ? { body: [{ ...user, id: 1235, email: 'John.Doe@ACME.com' }] }
          : { headers: { 'x-files-cursor-next': 'c2' }, body: [user, other] },
      );
    const { http, context: ctx } = vendorClient(filesCom, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await filesCom.findUsers!({ http, email: 'john.doe@acme.com', params: {}, context: ctx });
    expect(found.map((u) => u.id)).toEqual([1234, 1235]);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([
      { 'filter[email]': 'john.doe@acme.com', per_page: '1000' },
      { 'filter[email]': 'john.doe@acme.com', per_page: '1000', cursor: 'c2' },
    ]);
  });
});
