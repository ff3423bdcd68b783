import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { hubspot, type HubSpotUser } from './index.js';

const user = fixture<HubSpotUser>('hubspot', 'user.json');
const ID = '3';
const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const credentials = { method: 'private_app', accessToken: TOKEN };
const vendor = useFakeVendor();

describe('hubspot', () => {
  it('reads then removes the user with the private app token, exactly as the OpenAPI description declares', async () => {
    vendor.fake.on(`GET /settings/v3/users/${ID}`, { body: user }).on(`DELETE /settings/v3/users/${ID}`, { status: 204 });
    const out = await runDeletion(hubspot, { baseUrl: vendor.fake.url, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /settings/v3/users/${ID}`, `DELETE /settings/v3/users/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual({
      id: '3',
      firstName: 'Jane',
      lastName: 'Doe',
      name: 'Jane Doe',
      emails: [{ email: 'jane.doe@acme.com', type: 'primary', isPrimary: true }],
      roles: [{ id: '100' }],
      licenses: [{ id: 'Sales Hub Professional', name: 'Sales Hub Professional' }],
      groups: [{ id: '101' }, { id: '102' }],
    });
    expect(out.user).toMatchObject({ id: '3', status: 'DELETED' });
    const spec = loadSpec('hubspot-user-provisioning-v3.json');
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r))).toEqual([]);
    // the checker itself rejects what the description lacks
    expect(checkRequest(spec, { ...vendor.fake.requests[1]!, query: { hard: 'true' } })).not.toEqual([]);
  });

  it('maps a super admin to a Super Admin role', () => {
    expect(hubspot.toUser({ ...user, superAdmin: true, roleIds: [] }, { id: ID, params: {} }).roles).toEqual([{ id: '100' }, { id: 'superAdmin', name: 'Super Admin' }]);
  });

  it('refuses a non-numeric id before any request (an email would be read as an id)', async () => {
    for (const id of ['jane.doe@acme.com', '3/../4', 'me']) {
      await expect(runDeletion(hubspot, { baseUrl: vendor.fake.url, credentials, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('maps MISSING_SCOPES (403) on the DELETE to FORBIDDEN', async () => {
    vendor.fake
      .on(`GET /settings/v3/users/${ID}`, { body: user })
      .on(`DELETE /settings/v3/users/${ID}`, { status: 403, body: { status: 'error', message: 'This app hasn\'t been granted all required scopes', correlationId: 'x', category: 'MISSING_SCOPES' } });
    await expect(runDeletion(hubspot, { baseUrl: vendor.fake.url, credentials, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('finds a user by email with idProperty=EMAIL; a 404 is no match', async () => {
    vendor.fake.on('GET /settings/v3/users/Jane.Doe%40acme.com', { body: user }).on('GET /settings/v3/users/jane.doe%40acme.com', { body: { ...user, email: 'jane.doe@acme.com.evil' } }).on('GET /settings/v3/users/nobody%40acme.com', { status: 404, body: { status: 'error', message: 'resource not found', correlationId: 'x', category: 'OBJECT_NOT_FOUND' } });
    const { http, context } = vendorClient(hubspot, { baseUrl: vendor.fake.url, credentials });
    // case-insensitive on the address; an answer for another address is no match
    expect((await hubspot.findUsers!({ http, email: 'Jane.Doe@acme.com', params: {}, context })).map((u) => u.id)).toEqual(['3']);
    expect(await hubspot.findUsers!({ http, email: 'jane.doe@acme.com', params: {}, context })).toEqual([]);
    expect(await hubspot.findUsers!({ http, email: 'nobody@acme.com', params: {}, context })).toEqual([]);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([{ idProperty: 'EMAIL' }, { idProperty: 'EMAIL' }, { idProperty: 'EMAIL' }]);
    const spec = loadSpec('hubspot-user-provisioning-v3.json');
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r))).toEqual([]);
  });
});
