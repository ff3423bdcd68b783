import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { powerBi, type PowerBiGroupUser } from './index.js';

const users = fixture<{ value: PowerBiGroupUser[] }>('power-bi', 'group-users.json');
const WS = 'f089354e-8366-4e18-aea3-4cb4a3a50b48';
const LIST = `/v1.0/myorg/groups/${WS}/users`;
const TOKEN = 'eyJ.pbi.access.token';
const credentials = { method: 'service_principal', clientId: '11111111-2222-3333-4444-555555555555', clientSecret: 'pbi-secret', accessToken: TOKEN };
const context = { tenantId: 'contoso.onmicrosoft.com' };
const vendor = useFakeVendor('/v1.0/myorg');
const params = { workspace: WS };

describe('power-bi', () => {
  it('reads the workspace users, removes the user by email address, and the user no longer lists the workspace', async () => {
    vendor.fake.on(`GET ${LIST}`, { body: users }).on(`DELETE ${LIST}/Adam%40contoso.com`, { status: 200 });
    const out = await runDeletion(powerBi, { baseUrl: vendor.baseUrl, credentials, context, id: 'adam@contoso.com', params });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${LIST}?%24top=1000&%24skip=0`, `DELETE ${LIST}/Adam%40contoso.com`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual({
      id: 'Adam@contoso.com',
      name: 'Adam Wood',
      emails: [{ email: 'Adam@contoso.com', type: 'primary', isPrimary: true }],
      userType: 'User',
      roles: [{ id: 'Member', name: 'Member', workspace: WS }],
      workspaces: [{ id: WS }],
    });
    expect(out.user.workspaces ?? []).toEqual([]);
    expect(out.user.roles ?? []).toEqual([]);
    const spec = loadSpec('power-bi.json');
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r))).toEqual([]);
    expect(checkRequest(spec, { ...vendor.fake.requests[1]!, query: { isGroup: 'true' } })).not.toEqual([]);
  });

  it('removes a service principal by its object id', async () => {
    const SP = '3d9b93c6-7b6d-4801-a491-1738910904fd';
    vendor.fake.on(`GET ${LIST}`, { body: users }).on(`DELETE ${LIST}/${SP}`, { status: 200 });
    const out = await runDeletion(powerBi, { baseUrl: vendor.baseUrl, credentials, context, id: SP, params });
    expect(vendor.fake.calls()[1]).toBe(`DELETE ${LIST}/${SP}`);
    expect(out.before).toMatchObject({ id: SP, userType: 'App', name: 'ContosoTestApp' });
  });

  it('a user the workspace does not list is NOT_FOUND, and nothing is removed', async () => {
    vendor.fake.on(`GET ${LIST}`, { body: users });
    await expect(runDeletion(powerBi, { baseUrl: vendor.baseUrl, credentials, context, id: 'eve@contoso.com', params })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('pages the workspace users with $top/$skip until a short page', async () => {
    const full = Array.from({ length: 1000 }, (_, i) => ({ identifier: `u${i}@contoso.com`, emailAddress: `u${i}@contoso.com`, principalType: 'User', groupUserAccessRight: 'Viewer' }));
    vendor.fake.on(`GET ${LIST}`, (r) => (r.query.$skip === '0' ? { body: { value: full } } : { body: users }));
    const { http, context: ctx } = vendorClient(powerBi, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await powerBi.findUsers!({ http, email: 'JOHN@contoso.com', params, context: ctx });
    expect(found.map((u) => u.identifier)).toEqual(['john@contoso.com']);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([
      { $top: '1000', $skip: '0' },
      { $top: '1000', $skip: '1000' },
    ]);
  });

  it('refuses a group principal and a workspace that is not a UUID', async () => {
    vendor.fake.on(`GET ${LIST}`, { body: { value: [{ identifier: 'a1b2c3d4-0000-1111-2222-333344445555', displayName: 'Finance', principalType: 'Group', groupUserAccessRight: 'Member' }] } });
    await expect(runDeletion(powerBi, { baseUrl: vendor.baseUrl, credentials, context, id: 'a1b2c3d4-0000-1111-2222-333344445555', params })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(runDeletion(powerBi, { baseUrl: vendor.baseUrl, credentials, context, id: 'adam@contoso.com', params: { workspace: '../admin' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('requires the workspace param', async () => {
    await expect(runDeletion(powerBi, { baseUrl: vendor.baseUrl, credentials, context, id: 'adam@contoso.com' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });
});
