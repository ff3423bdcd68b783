import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { airtable, type AirtableEnterpriseUser } from './index.js';

const user = fixture<AirtableEnterpriseUser>('airtable', 'user.json');
const whoami = fixture('airtable', 'whoami.json');
const ENT = 'entUBq2RGdihxl3vU';
const ID = 'usrsOEchC9xuwRgKk';
const TOKEN = 'patTest.0123456789abcdef';
const credentials = { method: 'personal_access_token', apiToken: TOKEN };
const context = { enterpriseAccountId: ENT };
const BASE = '/v0';
const USER = `${BASE}/meta/enterpriseAccounts/${ENT}/users/${ID}`;

const vendor = useFakeVendor(BASE);

/** user.json (the user object of Airtable's "Get users by id or email" example) mapped by hand. */
const expectedSnapshot: UnifiedUser = {
  id: ID,
  name: 'baz bar',
  emails: [{ email: 'baz@bar.com', type: 'primary', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'provisioned',
  is2faEnabled: false,
  roles: [],
  userType: 'managed',
  groups: [{ id: 'ugpR8ZT9KtIgp8Bh3' }],
  createdAt: new Date('2019-01-03T12:33:12.421Z'),
  lastActiveAt: new Date('2019-01-03T12:33:12.421Z'),
};

describe('airtable', () => {
  it('reads then deletes the enterprise user with the bearer token; the user is DELETED', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 200, text: '' });
    const out = await runDeletion(airtable, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expectedSnapshot);
    expect(unfilledMappedFields(airtable, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expectedSnapshot, status: 'DELETED', rawStatus: null });
  });

  it('validates the enterprise account id and refuses ids that are not Airtable user ids, before any call', async () => {
    await expect(runDeletion(airtable, { baseUrl: vendor.baseUrl, credentials, context: { enterpriseAccountId: 'ent/../x' }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    for (const id of ['baz@bar.com', 'me', 'usr123']) {
      await expect(runDeletion(airtable, { baseUrl: vendor.baseUrl, credentials, context, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('the sole owner of a shared workspace is a FAILED_PRECONDITION', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 403, body: fixture('airtable', 'error-sole-owner.json') });
    await expect(runDeletion(airtable, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('an external or non-managed user is a FAILED_PRECONDITION; the self refusal is FORBIDDEN', async () => {
    const refusal = (message: string) => ({ status: 403, body: { error: { message, type: 'INVALID_PERMISSIONS' } } });
    vendor.fake
      .on(`GET ${USER}`, { body: user }, { body: user }, { body: user })
      .on(
        `DELETE ${USER}`,
        refusal('User does not belong to the enterprise email domain'),
        refusal('User is not managed by the enterprise account'),
        refusal('Cannot perform action on self'),
      );
    await expect(runDeletion(airtable, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(runDeletion(airtable, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(runDeletion(airtable, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("refuses the token's own user (whoami) before deleting", async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`GET ${BASE}/meta/whoami`, { body: { ...(whoami as object), id: ID } });
    await expect(runDeletion(airtable, { baseUrl: vendor.baseUrl, credentials, context, id: ID, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });

  it('findUsers asks by email[] and keeps exact case-insensitive matches', async () => {
    vendor.fake.on(`GET ${BASE}/meta/enterpriseAccounts/${ENT}/users`, { body: { users: [user, { ...user, id: 'usrOther000000000', email: 'baz@bar.com.au' }] } });
    const { http, context: ctx } = vendorClient(airtable, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await airtable.findUsers!({ http, email: 'BAZ@bar.com', params: {}, context: ctx });
    expect(found.map((u) => u.id)).toEqual([ID]);
    expect(vendor.fake.requests[0]!.search).toBe('email%5B%5D=BAZ%40bar.com');
  });
});
