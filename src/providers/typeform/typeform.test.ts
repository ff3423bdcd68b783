import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { typeform, type TypeformWorkspace } from './index.js';

const ws = fixture<TypeformWorkspace>('typeform', 'workspace.json');
const TOKEN = 'tfp_test_token_0123456789';
const credentials = { method: 'personal_access_token', apiToken: TOKEN };
const context = { host: 'api.typeform.com' };
const params = { workspaceId: 'a1b2c3' };
const WS = '/workspaces/a1b2c3';
const ID = 'pat.lee@acme.com';

const vendor = useFakeVendor();

const expectedSnapshot: UnifiedUser = {
  id: ID,
  name: 'Pat Lee',
  emails: [{ email: ID, type: 'primary', isPrimary: true }],
  roles: [{ id: 'member', name: 'member', workspace: 'a1b2c3' }],
  workspaces: [{ id: 'a1b2c3', name: 'Customer Research' }],
  organizations: [{ id: '01H8ZQ9K7W2Y3A4B5C6D7E8F9G' }],
};

describe('typeform', () => {
  it('the host is a closed choice: US by default, EU on request, nothing else', () => {
    expect(buildBaseUrl(typeform, validateContext(typeform, {})).href).toBe('https://api.typeform.com/');
    expect(buildBaseUrl(typeform, validateContext(typeform, { host: 'api.eu.typeform.com' })).href).toBe('https://api.eu.typeform.com/');
    expect(() => validateContext(typeform, { host: 'evil.typeform.com.attacker.net' })).toThrow(/host/);
  });

  it('reads the workspace, then removes the member by email with the documented JSON Patch', async () => {
    vendor.fake.on(`GET ${WS}`, { body: ws }).on(`PATCH ${WS}`, { status: 204 });
    const out = await runDeletion(typeform, { baseUrl: vendor.baseUrl, credentials, context, id: 'Pat.Lee@ACME.com', params });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${WS}`, `PATCH ${WS}`]);
    for (const r of vendor.fake.requests) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const patch = vendor.fake.requests[1]!;
    expect(patch.headers['content-type']).toBe('application/json');
    // The address exactly as the workspace lists it.
    expect(patch.body).toEqual([{ op: 'remove', path: '/members', value: { email: ID } }]);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expectedSnapshot);
    expect(unfilledMappedFields(typeform, out.before)).toEqual([]);
    expect(out.user.workspaces).toEqual([]);
    expect(out.user.roles).toEqual([]);
  });

  it('someone who is not a member of the workspace is NOT_FOUND and nothing is sent', async () => {
    vendor.fake.on(`GET ${WS}`, { body: ws });
    await expect(runDeletion(typeform, { baseUrl: vendor.baseUrl, credentials, context, id: 'nobody@acme.com', params })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${WS}`]);
  });

  it('requires workspace_id and an email id, before any call', async () => {
    await expect(runDeletion(typeform, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(runDeletion(typeform, { baseUrl: vendor.baseUrl, credentials, context, id: 'a1b2c3', params })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it("refuses the token's own account (GET /me email)", async () => {
    vendor.fake.on(`GET ${WS}`, { body: ws }).on('GET /me', { body: { alias: 'Pat', email: 'PAT.LEE@acme.com', language: 'en' } });
    await expect(runDeletion(typeform, { baseUrl: vendor.baseUrl, credentials, context, id: ID, params, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.calls()).not.toContain(`PATCH ${WS}`);
  });

  it('findUsers reads the workspace members and keeps exact matches', async () => {
    vendor.fake.on(`GET ${WS}`, { body: ws });
    const { http, context: ctx } = vendorClient(typeform, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await typeform.findUsers!({ http, email: 'PAT.lee@acme.com', params, context: ctx });
    expect(found.map((m) => m.member.email)).toEqual([ID]);
  });
});
