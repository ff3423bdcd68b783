import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { box, USER_FIELDS, type BoxUser } from './index.js';

const user = fixture<BoxUser>('box', 'user.json');
const me = fixture<BoxUser>('box', 'me.json');
const ID = '11446498';
const TOKEN = 'box-access-token-0123456789';
const credentials = { method: 'oauth', accessToken: TOKEN };
const BASE = '/2.0';
const USER = `${BASE}/users/${ID}`;
const spec = loadSpec('box.yaml');

const vendor = useFakeVendor(BASE);

/** user.json (box.yaml's User (Full) example values) mapped by hand. */
const expectedSnapshot: UnifiedUser = {
  id: '11446498',
  name: 'Aaron Levie',
  title: 'CEO',
  emails: [
    { email: 'ceo@example.com', type: 'login', isPrimary: true },
    { email: 'aaron.levie@example.com', type: 'notification', isPrimary: false },
  ],
  phones: [{ number: '6509241374' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: 'user', name: 'user' }],
  userType: 'managed_user',
  organizations: [{ id: '890123', name: 'Acme Inc.' }],
  avatar: 'https://www.box.com/api/avatar/large/181216415',
  timezone: 'Africa/Bujumbura',
  languages: ['en'],
  createdAt: new Date('2012-12-12T18:53:43.000Z'),
  updatedAt: new Date('2012-12-12T18:53:43.000Z'),
};

/** Box's request paths are relative to its server https://api.box.com/2.0. */
function specRequests() {
  return vendor.fake.requests.map((r) => ({ ...r, path: r.path.slice(BASE.length) }));
}

describe('box', () => {
  it('reads the user with its fields, then deletes without force; every request is in box.yaml', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 204 });
    const out = await runDeletion(box, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', USER, { fields: USER_FIELDS }],
      ['DELETE', USER, {}],
    ]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(specRequests().flatMap((r) => checkRequest(spec, r))).toEqual([]);
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expectedSnapshot);
    expect(unfilledMappedFields(box, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expectedSnapshot, status: 'DELETED', rawStatus: null });
  });

  it('the checker rejects what box.yaml lacks', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 204 });
    await runDeletion(box, { baseUrl: vendor.baseUrl, credentials, id: ID });
    const del = specRequests()[1]!;
    expect(checkRequest(spec, { ...del, query: { purge: 'true' } })).not.toEqual([]);
    expect(checkRequest(spec, { ...del, path: `/users/${ID}/explode` })).not.toEqual([]);
  });

  it('a user who still owns content is a PRECONDITION error; force is never added', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 400, body: fixture('box', 'error-has-content.json') });
    await expect(runDeletion(box, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(vendor.fake.calls()).toEqual([`GET ${USER}?fields=${encodeURIComponent(USER_FIELDS)}`, `DELETE ${USER}`]);
  });

  it('content under a retention policy is a PRECONDITION error too', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 403, body: fixture('box', 'error-retention.json') });
    await expect(runDeletion(box, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('force and notify only when the client sends them in remote_query', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 204 });
    await runDeletion(box, { baseUrl: vendor.baseUrl, credentials, id: ID, remoteQuery: { force: true, notify: false } });
    expect(vendor.fake.requests[1]!.query).toEqual({ force: 'true', notify: 'false' });
    expect(specRequests().flatMap((r) => checkRequest(spec, r))).toEqual([]);
  });

  it("refuses the token's own user (GET /users/me), by id or login", async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`GET ${BASE}/users/me`, { body: { ...me, id: '999', login: 'CEO@example.com' } });
    await expect(runDeletion(box, { baseUrl: vendor.baseUrl, credentials, id: ID, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
    expect(specRequests().flatMap((r) => checkRequest(spec, r))).toEqual([]);
  });

  it('refuses a non-numeric id before any call', async () => {
    for (const id of ['ceo@example.com', '12a', 'me']) {
      await expect(runDeletion(box, { baseUrl: vendor.baseUrl, credentials, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('maps an inactive app user', () => {
    const mapped = box.toUser({ ...user, status: 'inactive', is_platform_access_only: true, role: undefined }, { id: ID, params: {} });
    expect(mapped).toMatchObject({ status: 'INACTIVE', rawStatus: 'inactive', userType: 'app_user' });
    expect(mapped.roles).toBeUndefined();
  });

  it('findUsers searches managed users by filter_term, pages by offset and keeps exact login matches only', async () => {
    const page1: BoxUser[] = Array.from({ length: 1000 }, (_, i) => ({ ...user, id: String(1000 + i), login: `ceo@example.com.${i}` }));
    page1[3] = { ...user, id: '1' };
    vendor.fake.on(`GET ${BASE}/users`, { body: { entries: page1, total_count: 1001, offset: 0, limit: 1000 } }, { body: { entries: [{ ...user, id: '2', login: 'CEO@Example.com' }], total_count: 1001, offset: 1000, limit: 1000 } });
    const { http, context } = vendorClient(box, { baseUrl: vendor.baseUrl, credentials });
    const found = await box.findUsers!({ http, email: 'ceo@example.com', params: {}, context });
    expect(found.map((u) => u.id)).toEqual(['1', '2']);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([
      { filter_term: 'ceo@example.com', user_type: 'managed', limit: '1000', offset: '0' },
      { filter_term: 'ceo@example.com', user_type: 'managed', limit: '1000', offset: '1000' },
    ]);
    expect(specRequests().flatMap((r) => checkRequest(spec, r))).toEqual([]);
  });
});
