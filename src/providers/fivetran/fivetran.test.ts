import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { fivetran } from './index.js';

const ID = 'nominee_warrior';
const vendor = useFakeVendor('/v1');
const creds = { method: 'api_key', apiKey: 'fivetranKey123', apiSecret: 'fivetranSecret456' };
const BASIC = `Basic ${Buffer.from('fivetranKey123:fivetranSecret456').toString('base64')}`;

describe('fivetran', () => {
  it('reads the user, then deletes it, with HTTP Basic (key:secret)', async () => {
    vendor.fake
      .on(`GET /v1/users/${ID}`, { body: fixture('fivetran', 'user.json') })
      .on(`DELETE /v1/users/${ID}`, { status: 200, body: { code: 'Success', message: `User with id '${ID}' has been deleted` } });

    const out = await runDeletion(fivetran, { baseUrl: vendor.baseUrl, credentials: creds, id: ID });

    expect(vendor.fake.calls()).toEqual([`GET /v1/users/${ID}`, `DELETE /v1/users/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(BASIC);
      expect(r.headers.accept).toBe('application/json');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.user).toMatchObject({ id: ID, status: 'DELETED' });
    expect(out.before).toEqual({
      id: ID,
      firstName: 'John',
      lastName: 'White',
      name: 'John White',
      emails: [{ email: 'john.white@mycompany.com', type: 'work', isPrimary: true }],
      phones: [{ number: '+123456789' }],
      status: 'ACTIVE',
      rawStatus: 'active',
      isEmailVerified: true,
      roles: [{ id: 'Account Administrator', name: 'Account Administrator' }],
      userType: 'REGULAR_USER',
      avatar: 'http://mycompany.com/avatars/john_white.png',
      createdAt: new Date('2018-01-15T11:00:27.329Z'),
      lastLoginAt: new Date('2019-01-03T08:44:45.369Z'),
    });
  });

  it('maps invited and suspended users', () => {
    const u = fixture<{ data: Record<string, unknown> }>('fivetran', 'user.json').data;
    expect(fivetran.toUser({ ...u, id: ID, invited: true }, { id: ID, params: {} }).status).toBe('INVITED');
    expect(fivetran.toUser({ ...u, id: ID, active: false }, { id: ID, params: {} }).status).toBe('INACTIVE');
  });

  it('maps 404 to NOT_FOUND and never deletes', async () => {
    vendor.fake.on(`GET /v1/users/${ID}`, { status: 404, body: fixture('fivetran', 'error-404.json') });
    await expect(runDeletion(fivetran, { baseUrl: vendor.baseUrl, credentials: creds, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET /v1/users/${ID}`]);
  });

  it('refuses clearly when Fivetran will not delete the last account owner', async () => {
    vendor.fake
      .on(`GET /v1/users/${ID}`, { body: fixture('fivetran', 'user.json') })
      .on(`DELETE /v1/users/${ID}`, { status: 409, body: { code: 'Conflict', message: 'Cannot delete the last account owner' } });
    await expect(runDeletion(fivetran, { baseUrl: vendor.baseUrl, credentials: creds, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('waits Retry-After on a 429 and retries', async () => {
    vendor.fake
      .on(`GET /v1/users/${ID}`, { status: 429, headers: { 'retry-after': '0' }, body: { code: 'TooManyRequests', message: 'Too many requests' } }, { body: fixture('fivetran', 'user.json') })
      .on(`DELETE /v1/users/${ID}`, { status: 200, body: { code: 'Success' } });
    const out = await runDeletion(fivetran, { baseUrl: vendor.baseUrl, credentials: creds, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /v1/users/${ID}`, `GET /v1/users/${ID}`, `DELETE /v1/users/${ID}`]);
    expect(out.outcome).toBe('DELETED');
  });

  it('names the API key owner from /account/info, and no one for a system key', async () => {
    const info = fixture<{ data: Record<string, unknown> }>('fivetran', 'account-info.json');
    vendor.fake.on('GET /v1/account/info', { body: info }, { body: { ...info, data: { ...info.data, user_id: null, system_key_id: 'sys_key' } } });
    const { http, context } = vendorClient(fivetran, { baseUrl: vendor.baseUrl, credentials: creds });
    const lookup = fivetran.tokenOwner as Extract<typeof fivetran.tokenOwner, { lookup: unknown }>;
    expect(await lookup.lookup({ http, context, method: 'api_key' })).toEqual({ ids: ['prophecies_mammal'] });
    expect(await lookup.lookup({ http, context, method: 'api_key' })).toBeUndefined();
  });

  it('finds users by email across cursor pages, case-insensitively and exactly', async () => {
    const page = fixture<{ code: string; data: { items: Array<Record<string, unknown>>; next_cursor: string } }>('fivetran', 'users-page.json');
    const second = { code: 'Success', data: { items: [{ ...page.data.items[0], id: 'other_one', email: 'JOHN.WHITE@mycompany.com' }, { ...page.data.items[1], id: 'x', email: 'john.white@mycompany.com.evil' }] } };
    vendor.fake.on('GET /v1/users', { body: page }, { body: second });
    const { http, context } = vendorClient(fivetran, { baseUrl: vendor.baseUrl, credentials: creds });
    const found = await fivetran.findUsers!({ http, context, email: 'John.White@MyCompany.com', params: {} });
    expect(found.map((u) => u.id)).toEqual(['nominee_warrior', 'other_one']);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([{ limit: '1000' }, { limit: '1000', cursor: 'eyJza2lwIjoyfQ' }]);
  });
});
