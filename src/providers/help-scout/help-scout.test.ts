import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { helpScout, type HelpScoutUser } from './index.js';

const user = fixture<HelpScoutUser>('help-scout', 'user.json');
const TOKEN = 'hs-access-token-0123';
const credentials = { method: 'oauth', accessToken: TOKEN };
const vendor = useFakeVendor('/v2');

/** The mapping of user.json (the List Users example), computed by hand. */
const expected: UnifiedUser = {
  id: '4',
  firstName: 'Vernon',
  lastName: 'Bear',
  name: 'Vernon Bear',
  title: 'Honey Master',
  emails: [
    { email: 'bear@acme.com', type: 'primary', isPrimary: true },
    { email: 'bear@forest.com', type: 'alternate', isPrimary: false },
  ],
  phones: [{ number: '555-2368' }],
  roles: [{ id: 'user', name: 'user' }],
  userType: 'user',
  avatar: 'http://somesite.com/images/avatar.jpg',
  timezone: 'America/New_York',
  createdAt: new Date('2011-04-01T03:18:33Z'),
  updatedAt: new Date('2012-07-24T20:18:33Z'),
};

describe('help-scout', () => {
  it('reads then deletes the user with the OAuth bearer token; the user is DELETED', async () => {
    vendor.fake.on('GET /v2/users/4', { body: user }).on('DELETE /v2/users/4', { status: 204 });
    const out = await runDeletion(helpScout, { baseUrl: vendor.baseUrl, credentials, id: '4' });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual(['GET /v2/users/4', 'DELETE /v2/users/4']);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(out.user.status).toBe('DELETED');
  });

  it('refuses the Account Owner with FAILED_PRECONDITION and never deletes', async () => {
    vendor.fake.on('GET /v2/users/4', { body: { ...user, role: 'owner' } });
    await expect(runDeletion(helpScout, { baseUrl: vendor.baseUrl, credentials, id: '4' })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(vendor.fake.calls()).toEqual(['GET /v2/users/4']);
  });

  it('refuses `me` and non-numeric ids before any call', async () => {
    for (const id of ['me', 'ME', 'bear@acme.com', '4/../1']) {
      await expect(runDeletion(helpScout, { baseUrl: vendor.baseUrl, credentials, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('the owner lookup reads /v2/users/me and names its id and addresses', async () => {
    if (!('lookup' in helpScout.tokenOwner)) throw new Error('Help Scout names the resource owner');
    vendor.fake.on('GET /v2/users/me', { body: { ...user, id: 1, email: 'ada@acme.com', alternateEmails: ['ada@forest.com'] } });
    const { http, context } = vendorClient(helpScout, { baseUrl: vendor.baseUrl, credentials });
    await expect(helpScout.tokenOwner.lookup({ http, context, method: 'oauth' })).resolves.toEqual({ ids: ['1', 'ada@acme.com', 'ada@forest.com'] });
  });

  it('finds users with the exact-match email filter, over every page', async () => {
    vendor.fake.on('GET /v2/users', (r) =>
      r.query.page === '1'
        ? { body: { _embedded: { users: [user] }, page: { size: 50, totalElements: 2, totalPages: 2, number: 1 } } }
        : { body: { _embedded: { users: [{ ...user, id: 9, email: 'other@acme.com', alternateEmails: [] }] }, page: { size: 50, totalElements: 2, totalPages: 2, number: 2 } } },
    );
    const { http, context } = vendorClient(helpScout, { baseUrl: vendor.baseUrl, credentials });
    const found = await helpScout.findUsers!({ http, email: 'Bear@Acme.com', params: {}, context });
    expect(found.map((u) => u.id)).toEqual([4]);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([
      { email: 'Bear@Acme.com', page: '1' },
      { email: 'Bear@Acme.com', page: '2' },
    ]);
  });

  it('maps a 404 to NOT_FOUND without a DELETE', async () => {
    vendor.fake.on('GET /v2/users/4', { status: 404, body: { logRef: 'x', message: 'Resource not found' } });
    await expect(runDeletion(helpScout, { baseUrl: vendor.baseUrl, credentials, id: '4' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual(['GET /v2/users/4']);
  });
});
