import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { pipedrive, type PipedriveUser } from './index.js';

const user = fixture<{ success: boolean; data: PipedriveUser }>('pipedrive', 'user.json');
const ID = '123';
const TOKEN = 'pd-0123456789abcdef';
const credentials = { method: 'api_token', apiToken: TOKEN };
const context = { subdomain: 'acme' };
const vendor = useFakeVendor('/api/v1');

/** The mapping of user.json, computed by hand (dates read as UTC). */
const expectedSnapshot: UnifiedUser = {
  id: '123',
  name: 'Will Smith',
  emails: [{ email: 'will.smith@example.com', type: 'primary', isPrimary: true }],
  phones: [{ number: '+372 5555 0101' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: '1' }],
  licenses: [
    { id: '62cc4d7f-4038-4352-abf3-a8c1c822b631', name: 'sales (admin)' },
    { id: '233b7976-39bd-43a9-b305-ef3a2a0998e5', name: 'global (admin)' },
  ],
  avatar: 'https://upload.wikimedia.org/wikipedia/en/thumb/e/e0/WPVG_icon_2016.svg/1024px-WPVG_icon_2016.svg.png',
  timezone: 'Europe/Berlin',
  createdAt: new Date('2018-11-13T09:16:26Z'),
  updatedAt: new Date('2019-11-21T08:45:56Z'),
  lastLoginAt: new Date('2019-11-21T08:45:56Z'),
};

describe('pipedrive', () => {
  it('reads the user, then sets active_flag false with the x-api-token header: DEACTIVATED', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { body: user }).on(`PUT /api/v1/users/${ID}`, { body: { success: true, data: { ...user.data, active_flag: false } } });
    const out = await runDeletion(pipedrive, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /api/v1/users/${ID}`, `PUT /api/v1/users/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers['x-api-token']).toBe(TOKEN);
      expect(r.headers.authorization).toBeUndefined();
      expect(r.search).toBe('');
    }
    expect(vendor.fake.requests[0]?.rawBody).toBe('');
    expect(JSON.parse(vendor.fake.requests[1]!.rawBody)).toEqual({ active_flag: false });
    expect(vendor.fake.requests[1]?.headers['content-type']).toMatch(/^application\/json/);
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.before).toEqual(expectedSnapshot);
    expect(out.user).toEqual({ ...expectedSnapshot, status: 'INACTIVE', rawStatus: 'inactive' });
  });

  it('an already deactivated user is left alone (no PUT)', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { body: { success: true, data: { ...user.data, active_flag: false } } });
    const out = await runDeletion(pipedrive, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /api/v1/users/${ID}`]);
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
  });

  it('sends an OAuth access token as Bearer', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { body: user }).on(`PUT /api/v1/users/${ID}`, { body: { success: true, data: { ...user.data, active_flag: false } } });
    await runDeletion(pipedrive, { baseUrl: vendor.baseUrl, credentials: { method: 'oauth', accessToken: 'pd-oauth-access' }, context, id: ID });
    for (const r of vendor.fake.requests) expect(r.headers.authorization).toBe('Bearer pd-oauth-access');
  });

  it('rejects a non-numeric id and a context that is not one DNS label, before any request', async () => {
    for (const id of ['will.smith@example.com', '123/../1', 'abc']) {
      await expect(runDeletion(pipedrive, { baseUrl: vendor.baseUrl, credentials, context, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    await expect(runDeletion(pipedrive, { baseUrl: vendor.baseUrl, credentials, context: { subdomain: 'evil.com' }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('maps a 403 on the PUT to FORBIDDEN', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { body: user }).on(`PUT /api/v1/users/${ID}`, { status: 403, body: { success: false, error: 'You do not have permission to update users', errorCode: 403 } });
    await expect(runDeletion(pipedrive, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses to deactivate the user the token belongs to (GET /users/me)', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { body: user }).on(`PUT /api/v1/users/${ID}`, { body: user }).on('GET /api/v1/users/me', { body: user });
    await expect(runDeletion(pipedrive, { baseUrl: vendor.baseUrl, credentials, context, id: ID, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
    expect(vendor.fake.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('finds users by email (search_by_email=1), exact case-insensitive matches only; no match is data null', async () => {
    const other = { ...user.data, id: 124, email: 'will.smith@example.com.au' };
    vendor.fake.on('GET /api/v1/users/find', { body: { success: true, data: [user.data, other] } }, { body: { success: true, data: null } });
    const { http, context: ctx } = vendorClient(pipedrive, { baseUrl: vendor.baseUrl, credentials, context });
    expect((await pipedrive.findUsers!({ http, email: 'Will.Smith@Example.com', params: {}, context: ctx })).map((u) => u.id)).toEqual([123]);
    expect(await pipedrive.findUsers!({ http, email: 'nobody@example.com', params: {}, context: ctx })).toEqual([]);
    expect(vendor.fake.requests[0]?.query).toEqual({ term: 'Will.Smith@Example.com', search_by_email: '1' });
  });
});
