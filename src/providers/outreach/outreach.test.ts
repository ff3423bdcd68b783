import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { outreach, type OutreachUser } from './index.js';

const user = fixture<{ data: OutreachUser }>('outreach', 'user.json');
const ID = '1';
const TOKEN = 'outreach-access-token-abc';
const credentials = { method: 'oauth', accessToken: TOKEN };
const vendor = useFakeVendor('/api/v2');
const locked = { data: { ...user.data, attributes: { ...user.data.attributes, locked: true } } };

const expectedSnapshot: UnifiedUser = {
  id: '1',
  firstName: 'Ada',
  lastName: 'Lovelace',
  name: 'Ada Lovelace',
  username: 'ada.lovelace',
  title: 'Account Executive',
  emails: [{ email: 'ada.lovelace@acme.com', type: 'primary', isPrimary: true }],
  phones: [{ number: '+1 415 555 0101' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [
    { id: '5', name: 'role' },
    { id: '4', name: 'Account Executive' },
  ],
  timezone: 'America/Los_Angeles',
  createdAt: new Date('2023-02-14T18:21:09.000Z'),
  updatedAt: new Date('2024-05-02T13:40:11.000Z'),
  lastLoginAt: new Date('2024-05-02T13:40:11.000Z'),
};

describe('outreach', () => {
  it('reads the user, then locks it with a JSON:API PATCH: DEACTIVATED', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(`PATCH /api/v2/users/${ID}`, { body: locked });
    const out = await runDeletion(outreach, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, `PATCH /api/v2/users/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe('application/vnd.api+json');
    }
    expect(vendor.fake.requests[1]?.headers['content-type']).toBe('application/vnd.api+json');
    expect(JSON.parse(vendor.fake.requests[1]!.rawBody)).toEqual({ data: { type: 'user', id: 1, attributes: { locked: true } } });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.before).toEqual(expectedSnapshot);
    expect(out.user).toEqual({ ...expectedSnapshot, status: 'INACTIVE', rawStatus: 'locked' });
  });

  it('a locked user is left alone', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: locked });
    const out = await runDeletion(outreach, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`]);
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
  });

  it('rejects a non-numeric id before any request', async () => {
    for (const id of ['ada@acme.com', '1/../2', 'me']) {
      await expect(runDeletion(outreach, { baseUrl: vendor.baseUrl, credentials, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('maps resourceNotFound to NOT_FOUND and never writes', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { status: 404, body: { errors: [{ id: 'resourceNotFound', title: 'Resource Not Found', detail: "Could not find 'user' with ID '1'." }] } });
    await expect(runDeletion(outreach, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('finds users with filter[email], exact case-insensitive matches only', async () => {
    vendor.fake.on('GET /api/v2/users', { body: { data: [user.data, { ...user.data, id: 2, attributes: { ...user.data.attributes, email: 'ada.lovelace@acme.com.evil' } }] } });
    const { http, context } = vendorClient(outreach, { baseUrl: vendor.baseUrl, credentials });
    expect((await outreach.findUsers!({ http, email: 'Ada.Lovelace@acme.com', params: {}, context })).map((u) => u.id)).toEqual([1]);
    expect(vendor.fake.requests[0]?.search).toBe(`${new URLSearchParams({ 'filter[email]': 'Ada.Lovelace@acme.com' }).toString()}`);
  });
});
