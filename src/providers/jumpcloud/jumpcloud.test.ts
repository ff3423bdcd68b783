import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import type { RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { jumpcloud, type JumpCloudUser } from './index.js';

const user = fixture<JumpCloudUser>('jumpcloud', 'user.json');
const ID = '5c9a7c2e4f3b8d0012a4b6c1';
const ORG = '5a1e2b3c4d5e6f0012345678';
const KEY = 'jc-api-key-0f8e7d6c5b4a39281706f5e4d3c2b1a0';
const credentials = { method: 'api_key', apiKey: KEY };
const USER_PATH = `/api/systemusers/${ID}`;

const vendor = useFakeVendor('/api');

/** The mapping of user.json, computed by hand from the fixture. */
const expected: UnifiedUser = {
  id: ID,
  firstName: 'Jane',
  lastName: 'Doe',
  name: 'Jane Doe',
  username: 'jane.doe',
  title: 'Staff Engineer',
  userType: 'Full-time',
  emails: [
    { email: 'jane.doe@example.com', type: 'primary', isPrimary: true },
    { email: 'jane.doe.personal@example.org', type: 'alternate', isPrimary: false },
  ],
  phones: [
    { number: '+1 303-555-0142', type: 'work' },
    { number: '+1 720-555-0199', type: 'mobile' },
  ],
  status: 'ACTIVE',
  rawStatus: 'ACTIVATED',
  is2faEnabled: true,
  organizations: [{ id: ORG }],
  createdAt: new Date('2019-03-26T19:23:58.123Z'),
};

function expectJumpCloudRequests(requests: RecordedRequest[], orgId?: string): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers['x-api-key']).toBe(KEY);
    expect(r.headers.authorization).toBeUndefined();
    expect(r.headers['x-org-id']).toBe(orgId);
    expect(r.headers.accept).toBe('application/json');
    expect(r.rawBody).toBe('');
  }
}

describe('jumpcloud', () => {
  it('reads the system user, then deletes it with the x-api-key header; the answer is DELETED and mapped by hand', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { status: 200, body: user });

    const out = await runDeletion(jumpcloud, { baseUrl: vendor.baseUrl, credentials, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`, `DELETE ${USER_PATH}`]);
    expectJumpCloudRequests(vendor.fake.requests);
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(jumpcloud, out.before)).toEqual([]);
    // The DELETE answers the record as it was removed (state ACTIVATED): the user after it is DELETED.
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null });
    expect(out.response).toMatchObject({ status: 200, text: JSON.stringify(user) });
  });

  it('the default host is console.jumpcloud.com, the EU data centre is console.eu.jumpcloud.com, under /api', () => {
    expect(buildBaseUrl(jumpcloud, validateContext(jumpcloud, {})).href).toBe('https://console.jumpcloud.com/api');
    expect(buildBaseUrl(jumpcloud, validateContext(jumpcloud, { host: 'console.eu.jumpcloud.com' })).href).toBe('https://console.eu.jumpcloud.com/api');
  });

  it('sends x-org-id on every call for a multi-tenant administrator, and remote_query (cascade_manager) on the DELETE only', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { status: 200, body: user });

    await runDeletion(jumpcloud, {
      baseUrl: vendor.baseUrl,
      credentials,
      context: { host: 'console.eu.jumpcloud.com', orgId: ORG },
      id: ID,
      remoteQuery: { cascade_manager: 'null' },
    });

    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`, `DELETE ${USER_PATH}?cascade_manager=null`]);
    expectJumpCloudRequests(vendor.fake.requests, ORG);
  });

  it('every request conforms to the JumpCloud v1 Swagger description (basePath /api)', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { status: 200, body: user });
    await runDeletion(jumpcloud, { baseUrl: vendor.baseUrl, credentials, context: { orgId: ORG }, id: ID });

    const spec = loadSpec('jumpcloud-v1.json');
    expect(vendor.fake.requests).toHaveLength(2);
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r))).toEqual([]);
    // The checker itself rejects what the description lacks or places elsewhere.
    const del = vendor.fake.requests[1]!;
    expect(checkRequest(spec, { ...del, path: `${USER_PATH}/explode` })).not.toEqual([]);
    expect(checkRequest(spec, { ...del, path: `/systemusers/${ID}` })).not.toEqual([]); // outside basePath /api
    expect(checkRequest(spec, { ...del, method: 'PATCH' })).not.toEqual([]);
    expect(checkRequest(spec, { ...del, rawBody: '{"suspended":true}' })).not.toEqual([]);
    expect(checkRequest(spec, { ...del, method: 'PUT', rawBody: '{"suspended":true}' })).toEqual([]); // Swagger 2.0 `in: body`
    // cascade_manager is only in the operation's x-codeSamples, not its parameters: never sent unasked.
    expect(checkRequest(spec, { ...del, query: { cascade_manager: 'null' } })).toEqual([`DELETE /systemusers/{id}: query parameter cascade_manager is not declared`]);
  });

  it('maps a JumpCloud 404 to NOT_FOUND and never deletes', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { status: 404, body: fixture('jumpcloud', 'error-404.json') });
    await expect(runDeletion(jumpcloud, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'JumpCloud', remote: { status: 404, body: { code: 404, message: 'Resource not found', status: 'Not Found' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`]);
  });

  it("returns JumpCloud's refusal to delete a manager as REMOTE_ERROR with its error body", async () => {
    const refusal = fixture<{ message: string }>('jumpcloud', 'error-manager.json');
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { status: 400, body: refusal });
    await expect(runDeletion(jumpcloud, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      details: { remote: { status: 400, body: { code: 400, message: refusal.message, status: 'Bad Request' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`, `DELETE ${USER_PATH}`]);
  });

  it('maps a 401 to REAUTH_REQUIRED without leaking the API key', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { status: 401, body: { code: 401, message: 'Unauthorized', status: 'Unauthorized' } });
    const err = await runDeletion(jumpcloud, { baseUrl: vendor.baseUrl, credentials, id: ID }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(JSON.stringify(err)).not.toContain(KEY);
    expect(String((err as Error).message)).not.toContain(KEY);
  });

  it('tolerates a DELETE answer without a body', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { status: 204 });
    const out = await runDeletion(jumpcloud, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null });
  });

  it('maps the states STAGED, SUSPENDED and the suspended flag', () => {
    const args = { id: ID, params: {} };
    expect(jumpcloud.toUser({ ...user, state: 'STAGED', activated: false }, args)).toMatchObject({ status: 'INVITED', rawStatus: 'STAGED' });
    expect(jumpcloud.toUser({ ...user, state: 'SUSPENDED', suspended: true }, args)).toMatchObject({ status: 'INACTIVE', rawStatus: 'SUSPENDED' });
    expect(jumpcloud.toUser({ ...user, state: 'ACTIVATED', suspended: true }, args)).toMatchObject({ status: 'INACTIVE', rawStatus: 'SUSPENDED' });
    const bare = jumpcloud.toUser({ _id: ID, displayname: '', firstname: 'Ada', lastname: 'Lovelace', mfa: { configured: false } }, args);
    expect(bare).toEqual({ id: ID, firstName: 'Ada', lastName: 'Lovelace', name: 'Ada Lovelace', is2faEnabled: false });
  });

  it('refuses a non-JumpCloud host, a malformed org id and an id that is not an object id, before any call', async () => {
    const run = (context: Record<string, unknown>, id = ID) => runDeletion(jumpcloud, { baseUrl: vendor.baseUrl, credentials, context, id });
    await expect(run({ host: 'evil.example.com' })).rejects.toThrow(/context.host must be one of console.jumpcloud.com, console.eu.jumpcloud.com/);
    await expect(run({ host: 'console.jumpcloud.com.evil.example' })).rejects.toThrow(/context.host/);
    await expect(run({ orgId: 'acme' })).rejects.toThrow(/context.orgId/);
    await expect(run({ region: 'eu' })).rejects.toThrow(/context.region is not a context field/);
    await expect(run({}, 'jane.doe')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(run({}, '../5c9a7c2e4f3b8d0012a4b6c1')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });
  it('maps no licenses: JumpCloud has no license object on a user (none is invented)', () => {
    expect(jumpcloud.maps).not.toContain('licenses');
    expect(jumpcloud.toUser(user, { id: ID, params: {} })).not.toHaveProperty('licenses');
  });

  it('declares the deletion permanent, no self-alias, and no token owner (the key is an administrator\'s, not a user\'s)', () => {
    expect(jumpcloud.semantics).toMatchObject({ permanent: true, docs: 'https://jumpcloud.com/support/delete-org' });
    expect(jumpcloud.semantics.restoreWindowDays).toBeUndefined();
    expect(jumpcloud.selfAliases).toEqual([]);
    expect(jumpcloud.tokenOwner).toEqual({ unavailable: expect.stringMatching(/administrator/) });
  });

  it('refuses to delete a user who also holds an admin role (JumpCloud deletes the admin account with it), and sends no DELETE', async () => {
    for (const admin of [
      { id: '5f0c1e2d3c4b5a6978800001', roleName: 'Administrator with Billing', roleNames: ['Administrator with Billing'] },
      { id: '5f0c1e2d3c4b5a6978800001' },
      { roleNames: ['Help Desk'] },
    ]) {
      vendor.fake.reset();
      vendor.fake.on(`GET ${USER_PATH}`, { body: { ...user, admin } }).on(`DELETE ${USER_PATH}`, { status: 200, body: user });
      await expect(runDeletion(jumpcloud, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
        code: 'FAILED_PRECONDITION',
        message: expect.stringMatching(/admin role .*Revoke the admin role/s),
        details: { reason: 'USER_IS_ADMINISTRATOR' },
      });
      expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`]);
    }
    // admin: null (the schema's x-nullable) or an empty object is no admin role: the deletion goes ahead.
    for (const admin of [null, {}]) {
      vendor.fake.reset();
      vendor.fake.on(`GET ${USER_PATH}`, { body: { ...user, admin } }).on(`DELETE ${USER_PATH}`, { status: 200, body: user });
      expect((await runDeletion(jumpcloud, { baseUrl: vendor.baseUrl, credentials, id: ID })).outcome).toBe('DELETED');
      expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`, `DELETE ${USER_PATH}`]);
    }
  });
});
