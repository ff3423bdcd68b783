import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { lastpass } from './index.js';

const credentials = { method: 'provisioning_hash', companyId: '12345678', provisioningHash: 'lastpass-provisioning-hash-value' };
const AUTH = { cid: '12345678', provhash: 'lastpass-provisioning-hash-value' };
const vendor = useFakeVendor();

const expected: UnifiedUser = {
  id: 'user1@lastpass.com',
  identifiers: { uid: '101' },
  firstName: 'Ned',
  lastName: 'Flanders',
  name: 'Ned Flanders',
  username: 'user1@lastpass.com',
  emails: [{ email: 'user1@lastpass.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  is2faEnabled: true,
  roles: [{ name: 'user' }],
  groups: [
    { id: 'Dev Team', name: 'Dev Team' },
    { id: 'Support Team', name: 'Support Team' },
  ],
};

describe('lastpass', () => {
  it('reads the user with getuserdata, then deactivates it (deluser, deleteaction 0), credentials in the JSON body', async () => {
    vendor.fake.on('POST /enterpriseapi.php', { body: fixture('lastpass', 'getuserdata.json') }, { body: { status: 'OK' } });
    const out = await runDeletion(lastpass, { baseUrl: vendor.fake.url, credentials, id: 'user1@lastpass.com' });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.requests.map((r) => r.body)).toEqual([
      { ...AUTH, cmd: 'getuserdata', data: { username: 'user1@lastpass.com' } },
      { ...AUTH, cmd: 'deluser', data: { username: 'user1@lastpass.com', deleteaction: 0 } },
    ]);
    expect(vendor.fake.requests.every((r) => r.headers.authorization === undefined && r.search === '')).toBe(true);
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(lastpass, out.before)).toEqual([]);
    expect(out.user).toMatchObject({ status: 'INACTIVE' });
  });

  it('deletes the account only when remote_query asks deleteaction 2; a disabled user is left as is by default', async () => {
    vendor.fake.on('POST /enterpriseapi.php', { body: fixture('lastpass', 'getuserdata.json') }, { body: { status: 'OK' } });
    const out = await runDeletion(lastpass, { baseUrl: vendor.fake.url, credentials, id: 'USER1@lastpass.com', remoteQuery: { deleteaction: '2' } });
    expect((vendor.fake.requests[1]!.body as { data: unknown }).data).toEqual({ username: 'user1@lastpass.com', deleteaction: 2 });
    expect(out.outcome).toBe('DELETED');

    vendor.fake.reset();
    const data = fixture<{ Users: Record<string, Record<string, unknown>> }>('lastpass', 'getuserdata.json');
    vendor.fake.on('POST /enterpriseapi.php', { body: { ...data, Users: { '101': { ...data.Users['101'], disabled: true } } } });
    const again = await runDeletion(lastpass, { baseUrl: vendor.fake.url, credentials, id: 'user1@lastpass.com' });
    expect(again.outcome).toBe('ALREADY_DEACTIVATED');
    expect(vendor.fake.requests).toHaveLength(1);
  });

  it('withdraws a pending invitation (deleteaction 3)', async () => {
    vendor.fake.on('POST /enterpriseapi.php', { body: { Users: [], Groups: [], Invited: ['user9@lastpass.com'] } }, { body: { status: 'OK' } });
    const out = await runDeletion(lastpass, { baseUrl: vendor.fake.url, credentials, id: 'user9@lastpass.com' });
    expect((vendor.fake.requests[1]!.body as { data: unknown }).data).toEqual({ username: 'user9@lastpass.com', deleteaction: 3 });
    expect(out.before?.status).toBe('INVITED');
  });

  it('reads a FAIL status in a 200 as a failure, and an unknown user as NOT_FOUND with no write', async () => {
    vendor.fake.on('POST /enterpriseapi.php', { body: fixture('lastpass', 'getuserdata.json') }, { body: { status: 'FAIL', errors: ['User is the only admin'] } });
    await expect(runDeletion(lastpass, { baseUrl: vendor.fake.url, credentials, id: 'user1@lastpass.com' })).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    vendor.fake.reset();
    vendor.fake.on('POST /enterpriseapi.php', { body: { Users: [], Groups: [], Invited: [] } });
    await expect(runDeletion(lastpass, { baseUrl: vendor.fake.url, credentials, id: 'nobody@lastpass.com' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.requests).toHaveLength(1);
  });

  it('refuses an unknown deleteaction before any write', async () => {
    vendor.fake.on('POST /enterpriseapi.php', { body: fixture('lastpass', 'getuserdata.json') });
    await expect(runDeletion(lastpass, { baseUrl: vendor.fake.url, credentials, id: 'user1@lastpass.com', remoteQuery: { deleteaction: '3' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(1);
  });

  it('finds users by email with getuserdata, exact and case-insensitive', async () => {
    vendor.fake.on('POST /enterpriseapi.php', { body: fixture('lastpass', 'getuserdata.json') });
    const { http, context } = vendorClient(lastpass, { baseUrl: vendor.fake.url, credentials });
    expect((await lastpass.findUsers!({ http, email: 'User1@LastPass.com', params: {}, context })).map((r) => r.user.username)).toEqual(['user1@lastpass.com']);
  });
});
