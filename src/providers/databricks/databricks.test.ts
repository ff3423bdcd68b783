import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, credentialFields, validateContext } from '../core/definition.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { databricks } from './index.js';

const workspaceUser = fixture<ScimUser>('databricks', 'workspace-user.json');
const accountUser = fixture<ScimUser>('databricks', 'account-user.json');
const error404 = fixture('databricks', 'error-404.json');
const error403 = fixture('databricks', 'error-403.json');

const WS_ID = '8679504224234906';
const ACCOUNT_USER_ID = '6179238912431241';
const ACCOUNT_ID = '0d26daa6-5e44-4c97-a497-ef015f91254a';
const PAT = 'dapi0123456789abcdef0123456789abcdef';
const pat = { method: 'personal_access_token', apiToken: PAT };
const workspace = { host: 'dbc-a1b2345c-d6e7.cloud.databricks.com' };
const account = { host: 'accounts.cloud.databricks.com', accountId: ACCOUNT_ID };
const WS_PATH = `/api/2.0/preview/scim/v2/Users/${WS_ID}`;
const ACCOUNT_PATH = `/api/2.0/accounts/${ACCOUNT_ID}/scim/v2/Users/${ACCOUNT_USER_ID}`;

// The account's baseUrl override stands in for https://{host}/api/2.0.
const vendor = useFakeVendor('/api/2.0');

/** workspace-user.json mapped by hand: entitlements as roles, the instance-profile ARN left out. */
const expectedWorkspaceUser: UnifiedUser = {
  id: WS_ID,
  firstName: 'Jane',
  lastName: 'Doe',
  name: 'Jane Doe',
  username: 'jane.doe@example.com',
  emails: [{ email: 'jane.doe@example.com', type: 'work', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [
    { id: 'workspace-access', name: 'workspace-access' },
    { id: 'databricks-sql-access', name: 'databricks-sql-access' },
    { id: 'allow-cluster-create', name: 'allow-cluster-create' },
  ],
  groups: [{ id: '262526935837371', name: 'data-engineers' }],
};

/** account-user.json mapped by hand: the account role is a role. */
const expectedAccountUser: UnifiedUser = {
  id: ACCOUNT_USER_ID,
  externalId: '00u1abcd2EFGH3ijk4l5',
  firstName: 'Jane',
  lastName: 'Doe',
  name: 'Jane Doe',
  username: 'jane.doe@example.com',
  emails: [{ email: 'jane.doe@example.com', type: 'work', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: 'account_admin', name: 'account_admin' }],
};

function expectDatabricksRequests(requests: RecordedRequest[], token = PAT): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${token}`);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.rawBody).toBe('');
    expect(r.search).toBe('');
  }
}

describe('databricks (workspace SCIM, the default)', () => {
  it('reads, then DELETEs /api/2.0/preview/scim/v2/Users/{id} with the PAT; the user leaves the workspace', async () => {
    vendor.fake.on(`GET ${WS_PATH}`, { body: workspaceUser }).on(`DELETE ${WS_PATH}`, { status: 200, body: {} });
    const out = await runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id: WS_ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${WS_PATH}`, `DELETE ${WS_PATH}`]);
    expectDatabricksRequests(vendor.fake.requests);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(databricks.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.raw).toEqual(workspaceUser);
    expect(out.before).toEqual(expectedWorkspaceUser);
    // After the removal: the workspace entitlements are gone; the account identity stays active.
    expect(out.user).toEqual({ ...expectedWorkspaceUser, roles: [] });
    expect(unfilledMappedFields(databricks, out.before)).toEqual([]);
  });

  it("asks /preview/scim/v2/Me who the token is, and refuses to remove that user without a DELETE", async () => {
    const ME = 'GET /api/2.0/preview/scim/v2/Me';
    vendor.fake.on(`GET ${WS_PATH}`, { body: workspaceUser }).on(ME, { body: { ...workspaceUser, id: '1111', userName: 'Jane.Doe@example.com', emails: [] } });
    await expect(runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id: WS_ID, checkOwner: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'SELF_DELETION' },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${WS_PATH}`, ME]);

    vendor.fake.reset();
    const admin = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '4444', userName: 'admin@example.com', emails: [{ value: 'admin@example.com', primary: true }] };
    vendor.fake.on(`GET ${WS_PATH}`, { body: workspaceUser }).on(ME, { body: admin }).on(`DELETE ${WS_PATH}`, { status: 204 });
    const out = await runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id: WS_ID, checkOwner: true });
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(vendor.fake.calls()).toEqual([`GET ${WS_PATH}`, ME, `DELETE ${WS_PATH}`]);
  });

  it('refuses Me before any call', async () => {
    for (const id of ['Me', 'me']) {
      await expect(runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toEqual([]);
  });

  it('tolerates a 204 with no body on the DELETE', async () => {
    vendor.fake.on(`GET ${WS_PATH}`, { body: workspaceUser }).on(`DELETE ${WS_PATH}`, { status: 204 });
    const out = await runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id: WS_ID });
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
  });

  it('maps a 404 to NOT_FOUND with the SCIM error and never DELETEs', async () => {
    vendor.fake.on(`GET ${WS_PATH}`, { status: 404, body: error404 });
    await expect(runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id: WS_ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Databricks', remote: { status: 404, body: error404 } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${WS_PATH}`]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('maps 403 (not a workspace admin) to FORBIDDEN and 401 (revoked token) to REAUTH_REQUIRED, without a DELETE', async () => {
    vendor.fake.on(`GET ${WS_PATH}`, { status: 403, body: error403 });
    await expect(runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id: WS_ID })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { remote: { status: 403, body: error403 } },
    });
    vendor.fake.reset();
    vendor.fake.on(`GET ${WS_PATH}`, { status: 401, body: { error_code: 401, message: 'Credential was not sent or was of an unsupported type for this API.' } });
    await expect(runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id: WS_ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(vendor.fake.calls()).toEqual([`GET ${WS_PATH}`]);
  });

  it('passes remote_query on the DELETE only and encodes the id as one path segment', async () => {
    vendor.fake.on(`GET ${WS_PATH}`, { body: workspaceUser }).on(`DELETE ${WS_PATH}`, { status: 204 });
    await runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id: WS_ID, remoteQuery: { note: 'x' } });
    expect(vendor.fake.calls()).toEqual([`GET ${WS_PATH}`, `DELETE ${WS_PATH}?note=x`]);

    vendor.fake.reset();
    vendor.fake.on('GET /api/2.0/preview/scim/v2/Users/1%2F..%2F..%2FGroups', { status: 404, body: error404 });
    await expect(runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context: workspace, id: '1/../../Groups' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual(['GET /api/2.0/preview/scim/v2/Users/1%2F..%2F..%2FGroups']);
  });

  it('an OAuth M2M account calls with its access token', async () => {
    vendor.fake.on(`GET ${WS_PATH}`, { body: workspaceUser }).on(`DELETE ${WS_PATH}`, { status: 204 });
    const m2m = { method: 'client_credentials', clientId: 'sp-client-id-1234', clientSecret: 'dose-secret-5678', accessToken: 'eyJ.m2m.token' };
    await runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: m2m, context: workspace, id: WS_ID });
    expectDatabricksRequests(vendor.fake.requests, 'eyJ.m2m.token');
  });
});

describe('databricks (account SCIM, with context.accountId)', () => {
  it('reads, then DELETEs /api/2.0/accounts/{account_id}/scim/v2/Users/{id}; the user is deleted from the account', async () => {
    vendor.fake.on(`GET ${ACCOUNT_PATH}`, { body: accountUser }).on(`DELETE ${ACCOUNT_PATH}`, { status: 204 });
    const creds = { method: 'account_client_credentials', clientId: 'sp-client-id-1234', clientSecret: 'dose-secret-5678', accessToken: 'eyJ.account.token' };
    const out = await runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: creds, context: account, id: ACCOUNT_USER_ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${ACCOUNT_PATH}`, `DELETE ${ACCOUNT_PATH}`]);
    expectDatabricksRequests(vendor.fake.requests, 'eyJ.account.token');
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expectedAccountUser);
    expect(out.user).toEqual({ ...expectedAccountUser, status: 'DELETED', rawStatus: null });
  });

  it('makes no owner lookup at account level (no documented /Me; the method is a service principal)', async () => {
    vendor.fake.on(`GET ${ACCOUNT_PATH}`, { body: accountUser }).on(`DELETE ${ACCOUNT_PATH}`, { status: 204 });
    const creds = { method: 'account_client_credentials', clientId: 'sp-client-id-1234', clientSecret: 'dose-secret-5678', accessToken: 'eyJ.account.token' };
    const out = await runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: creds, context: account, id: ACCOUNT_USER_ID, checkOwner: true });
    expect(out.outcome).toBe('DELETED');
    expect(vendor.fake.calls()).toEqual([`GET ${ACCOUNT_PATH}`, `DELETE ${ACCOUNT_PATH}`]);
  });

  it('refuses contradictory contexts before any call', async () => {
    const cases: Array<Record<string, string>> = [
      { host: 'dbc-a1b2345c-d6e7.cloud.databricks.com', accountId: ACCOUNT_ID }, // account id with a workspace host
      { host: 'accounts.cloud.databricks.com' }, // account console without an account id
      { host: 'accounts.azuredatabricks.net' },
    ];
    for (const context of cases) {
      await expect(runDeletion(databricks, { baseUrl: vendor.baseUrl, credentials: pat, context, id: WS_ID }), JSON.stringify(context)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });
});

describe('databricks declarations', () => {
  it('builds https://{host}/api/2.0 for AWS, Azure and GCP hosts and the account consoles', () => {
    for (const host of [
      'dbc-a1b2345c-d6e7.cloud.databricks.com',
      'adb-1234567890123456.7.azuredatabricks.net',
      '1234567890123456.7.gcp.databricks.com',
      'accounts.cloud.databricks.com',
      'accounts.azuredatabricks.net',
      'accounts.gcp.databricks.com',
    ]) {
      expect(buildBaseUrl(databricks, validateContext(databricks, { host })).href).toBe(`https://${host}/api/2.0`);
    }
  });

  it("refuses hosts outside Databricks' domains, URLs, and malformed account ids", () => {
    for (const host of ['evil.com', 'cloud.databricks.com', 'dbc-1.cloud.databricks.com.evil.com', 'databricks.com', 'https://dbc-1.cloud.databricks.com', 'dbc-1.cloud.databricks.com/api', '10.0.0.1', 'dbc-1.cloud.databricks.com:8443']) {
      expect(() => validateContext(databricks, { host }), host).toThrow(/context\.host/);
    }
    expect(() => validateContext(databricks, {})).toThrow(/context\.host is required/);
    expect(() => validateContext(databricks, { host: 'accounts.cloud.databricks.com', accountId: '../../x' })).toThrow(/context\.accountId/);
    expect(validateContext(databricks, account)).toEqual(account);
  });

  it('declares the PAT and both OAuth M2M token endpoints (all-apis, HTTP Basic client authentication)', () => {
    expect(databricks.auth.personal_access_token?.scheme).toEqual({ kind: 'bearer', tokenField: 'apiToken' });
    expect(databricks.auth.client_credentials?.scheme).toEqual({ kind: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://{host}/oidc/v1/token', scopes: ['all-apis'], clientAuth: 'basic' });
    expect(databricks.auth.account_client_credentials?.scheme).toEqual({
      kind: 'oauth2',
      grant: 'client_credentials',
      tokenUrl: 'https://{host}/oidc/accounts/{accountId}/v1/token',
      scopes: ['all-apis'],
      clientAuth: 'basic',
    });
    expect(credentialFields(databricks.auth.account_client_credentials!).required).toEqual(['clientId', 'clientSecret']);
    expect(databricks.params).toEqual({});
  });
});
