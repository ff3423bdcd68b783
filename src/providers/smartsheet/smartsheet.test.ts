import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { smartsheet, type SmartsheetUser } from './index.js';

const user = fixture<SmartsheetUser>('smartsheet', 'user.json');
const list = fixture<{ data: SmartsheetUser[] }>('smartsheet', 'users-list.json');
const ID = '48569348493401200';
const BASE = '/2.0';
const TOKEN = 'll352u9jujauoqz4gstvsae05';
const credentials = { method: 'api_token', apiToken: TOKEN };
const OK = { message: 'SUCCESS', resultCode: 0 };

const vendor = useFakeVendor(BASE);

/** user.json (the reference's Get User example) mapped by hand; the id is the requested one (the example's number is not exact in JavaScript). */
const expectedUser: UnifiedUser = {
  id: ID,
  firstName: 'John',
  lastName: 'Doe',
  name: 'John Doe',
  emails: [
    { email: 'john.doe@smartsheet.com', type: 'work', isPrimary: true },
    { email: 'altEmail1@smartsheet.com', type: 'alternate', isPrimary: false },
  ],
  status: 'ACTIVE',
  rawStatus: 'ACTIVE',
  roles: [
    { id: 'admin', name: 'System Admin' },
    { id: 'groupAdmin', name: 'Group Admin' },
    { id: 'resourceViewer', name: 'Resource Viewer' },
  ],
  licenses: [{ id: 'licensedSheetCreator', name: 'Licensed Sheet Creator', organizationId: '942513719853956' }],
  lastLoginAt: new Date('2016-08-15T18:32:47Z'),
  organizations: [{ id: '942513719853956', name: 'Team Smartsheet' }],
  title: 'Senior Sales Representative',
  phones: [{ number: '206 123-4567', type: 'mobile' }],
  timezone: 'US/Pacific',
};

const run = (extra: { checkOwner?: boolean; id?: string; context?: Record<string, string> } = {}) =>
  runDeletion(smartsheet, { baseUrl: vendor.baseUrl, credentials, id: extra.id ?? ID, checkOwner: extra.checkOwner, context: extra.context });

describe('smartsheet', () => {
  it('reads the user, then deactivates them with POST /users/{id}/deactivate, the id exactly as given', async () => {
    vendor.fake.on(`GET ${BASE}/users/${ID}`, { body: user }).on(`POST ${BASE}/users/${ID}/deactivate`, { body: OK });

    const out = await run();

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/users/${ID}`, `POST ${BASE}/users/${ID}/deactivate`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toMatchObject({ id: ID, status: 'INACTIVE' });
    expect(unfilledMappedFields(smartsheet, out.before)).toEqual([]);
  });

  it('declares a 30-day restore window and no removal from the plan', () => {
    expect(smartsheet.semantics).toMatchObject({ permanent: false, restoreWindowDays: 30 });
    expect(smartsheet.outcome).toBe('DEACTIVATED');
  });

  it('accepts the EU and AU hosts only from the closed list', async () => {
    vendor.fake.on(`GET ${BASE}/users/${ID}`, { body: user }).on(`POST ${BASE}/users/${ID}/deactivate`, { body: OK });
    await run({ context: { host: 'api.smartsheet.eu' } });
    await expect(run({ context: { host: 'api.evil.example' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses "me" before any call, and the token owner named by email (GET /users/me)', async () => {
    await expect(run({ id: 'me' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toEqual([]);
    vendor.fake
      .on(`GET ${BASE}/users/${ID}`, { body: user })
      .on(`GET ${BASE}/users/me`, { body: { id: 4583173393803140, email: 'JOHN.DOE@smartsheet.com' } })
      .on(`POST ${BASE}/users/${ID}/deactivate`, { body: OK });
    await expect(run({ checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
    expect(vendor.fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('maps errorCode 1004 to FORBIDDEN and 1003 (expired token) to REAUTH_REQUIRED', async () => {
    vendor.fake.on(`GET ${BASE}/users/${ID}`, { body: user }).on(`POST ${BASE}/users/${ID}/deactivate`, { status: 403, body: { errorCode: 1004, message: 'You are not authorized to perform this action.' } });
    await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/users/${ID}`, { status: 401, body: { errorCode: 1003, message: 'Your Access Token has expired.' } });
    await expect(run()).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
  });

  it('retries after a 429 with errorCode 4003', async () => {
    vendor.fake
      .on(`GET ${BASE}/users/${ID}`, { status: 429, headers: { 'retry-after': '0' }, body: { errorCode: 4003, message: 'Rate limit exceeded.' } }, { body: user })
      .on(`POST ${BASE}/users/${ID}/deactivate`, { body: OK });
    expect((await run()).outcome).toBe('DEACTIVATED');
    expect(vendor.fake.calls()).toHaveLength(3);
  });

  it('finds users by email with List Users, exact and case-insensitive', async () => {
    const other = { ...list.data[0]!, id: 94094820843, email: 'john.doe2@smartsheet.com' };
    vendor.fake.on(`GET ${BASE}/users`, { body: { ...list, data: [...list.data, other] } });
    const { http, context } = vendorClient(smartsheet, { baseUrl: vendor.baseUrl, credentials });
    const found = await smartsheet.findUsers!({ http, email: 'John.Doe@Smartsheet.com', params: {}, context });
    expect(found.map((u) => u.id)).toEqual([94094820842]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/users?email=John.Doe%40Smartsheet.com&page=1&pageSize=100`]);
  });

  it('refuses a lookup answer whose id is not exact in JavaScript, and an address with a comma', async () => {
    vendor.fake.on(`GET ${BASE}/users`, { body: { ...list, data: [{ ...list.data[0]!, id: 48569348493401200 }] } });
    const { http, context } = vendorClient(smartsheet, { baseUrl: vendor.baseUrl, credentials });
    await expect(smartsheet.findUsers!({ http, email: 'john.doe@smartsheet.com', params: {}, context })).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    await expect(smartsheet.findUsers!({ http, email: 'a@x.com,b@x.com', params: {}, context })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
