import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { AppError } from '../../errors.js';
import type { UnifiedUser } from '../core/types.js';
import { azureActiveDirectory as aad, OWNER_LOOKUPS, ROLE_SELECT, USER_SELECT, type AzureUser } from './index.js';

const user = fixture<AzureUser>('azure-active-directory', 'user.json');
const licenseDetails = fixture('azure-active-directory', 'license-details.json');
const roles = fixture('azure-active-directory', 'directory-roles.json');
const signIn = fixture('azure-active-directory', 'sign-in-activity.json');
const OID = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.graph-app-token.sig';
const credentials = { method: 'client_credentials', clientId: '11111111-2222-3333-4444-555555555555', clientSecret: 'app-secret-value-xyz', accessToken: TOKEN };
const context = { tenant: TENANT };

const vendor = useFakeVendor('/v1.0');

/** Every documented route of a successful deletion of OID. */
function routes(...deleteReplies: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
  vendor.fake
    .on(`GET /v1.0/users/${OID}`, (r) => ({ body: r.query.$select === 'signInActivity' ? signIn : user }))
    .on(`GET /v1.0/users/${OID}/licenseDetails`, { body: licenseDetails })
    .on(`GET /v1.0/users/${OID}/memberOf/microsoft.graph.directoryRole`, { body: roles })
    .on(`DELETE /v1.0/users/${OID}`, ...(deleteReplies.length ? deleteReplies : [{ status: 204 }]));
}

const run = (id = OID, extra: Partial<Parameters<typeof runDeletion>[1]> = {}) =>
  runDeletion(aad, { baseUrl: vendor.baseUrl, credentials, context, id, ...extra });

/** The mapping of the four fixtures, computed by hand. */
const expected: UnifiedUser = {
  id: OID,
  firstName: 'Adele',
  lastName: 'Vance',
  name: 'Adele Vance',
  username: 'AdeleV@contoso.com',
  title: 'Retail Manager',
  userType: 'Member',
  emails: [
    { email: 'AdeleV@contoso.com', type: 'primary', isPrimary: true },
    { email: 'adele.vance@fabrikam.com', type: 'other', isPrimary: false },
  ],
  phones: [
    { number: '+1 425 555 0109', type: 'business' },
    { number: '+1 425 555 0110', type: 'mobile' },
  ],
  status: 'ACTIVE',
  rawStatus: 'enabled',
  roles: [{ id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', name: 'User Administrator' }],
  licenses: [
    { id: 'c7df2760-2c81-4ef7-b578-5b5392b571df', name: 'ENTERPRISEPREMIUM' },
    { id: '725422ed-e205-400e-ab0a-3899d8a398ca', name: 'SCHOOL_DATA_SYNC_P2' },
  ],
  languages: ['en-US'],
  createdAt: new Date('2019-12-16T18:47:04Z'),
  lastLoginAt: new Date('2024-12-10T17:38:26Z'),
};

function expectGraphRequests(requests: RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.accept).toBe('application/json');
    expect(r.rawBody).toBe('');
    expect(r.headers['content-type']).toBeUndefined();
  }
}

describe('azure-active-directory', () => {
  it('reads the user, its licenses, roles and sign-in, then DELETEs it by object id (204)', async () => {
    routes();
    const out = await run();

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1.0/users/${OID}`,
      `GET /v1.0/users/${OID}/licenseDetails`,
      `GET /v1.0/users/${OID}/memberOf/microsoft.graph.directoryRole`,
      `GET /v1.0/users/${OID}`,
      `DELETE /v1.0/users/${OID}`,
    ]);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([
      { $select: USER_SELECT },
      {},
      { $select: ROLE_SELECT, $count: 'true' },
      { $select: 'signInActivity' },
      {},
    ]);
    expect(USER_SELECT.split(',')).toEqual(expect.arrayContaining(['accountEnabled', 'createdDateTime', 'otherMails', 'assignedLicenses', 'userType']));
    expectGraphRequests(vendor.fake.requests);
    // The OData cast needs ConsistencyLevel: eventual; no other call sends it.
    expect(vendor.fake.requests.map((r) => r.headers.consistencylevel)).toEqual([undefined, undefined, 'eventual', undefined, undefined]);
    expect(out.outcome).toBe('DELETED');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    // The snapshot as read; the returned user as the deletion leaves it (DELETE answers 204, no body).
    expect(out.before).toEqual(expected);
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null });
    expect(unfilledMappedFields(aad, out.before)).toEqual([]);
    expect((out.raw as AzureUser).licenseDetails).toHaveLength(2);
  });

  it('reads a UPN (and a B2B #EXT# UPN) as given, but deletes the object id it resolved to', async () => {
    routes();
    vendor.fake.on('GET /v1.0/users/AdeleV%40contoso.com', { body: user });
    await run('AdeleV@contoso.com');
    expect(vendor.fake.requests[0]!.path).toBe('/v1.0/users/AdeleV%40contoso.com');
    expect(vendor.fake.requests.slice(1).every((r) => r.path.startsWith(`/v1.0/users/${OID}`))).toBe(true);
    expect(vendor.fake.calls().at(-1)).toBe(`DELETE /v1.0/users/${OID}`);

    vendor.fake.reset();
    routes();
    vendor.fake.on('GET /v1.0/users/adele_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com', { body: user });
    await run('adele_fabrikam.com#EXT#@contoso.onmicrosoft.com');
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls().at(-1)).toBe(`DELETE /v1.0/users/${OID}`);
  });

  it("addresses a UPN that starts with $ as /users('…'), as Graph documents", async () => {
    routes();
    vendor.fake.on("GET /v1.0/users('%24AdeleVance%40contoso.com')", { body: user });
    await run('$AdeleVance@contoso.com');
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.requests[0]!.path).toBe("/v1.0/users('%24AdeleVance%40contoso.com')");
    expect(vendor.fake.calls().at(-1)).toBe(`DELETE /v1.0/users/${OID}`);
  });

  it('maps a Graph 404 to NOT_FOUND with the Graph error, and never deletes', async () => {
    vendor.fake.on(`GET /v1.0/users/${OID}`, { status: 404, body: fixture('azure-active-directory', 'error-404.json') });
    await expect(run()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { remote: { status: 404, body: { error: { code: 'Request_ResourceNotFound' } } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET /v1.0/users/${OID}?%24select=${encodeURIComponent(USER_SELECT)}`]);
  });

  it('a 403 on the licence, role or sign-in read leaves only that field empty; the user is still deleted', async () => {
    const denied = { status: 403, body: fixture('azure-active-directory', 'error-403-non-premium.json') };
    vendor.fake
      .on(`GET /v1.0/users/${OID}`, (r) => (r.query.$select === 'signInActivity' ? denied : { body: user }))
      .on(`GET /v1.0/users/${OID}/licenseDetails`, denied)
      .on(`GET /v1.0/users/${OID}/memberOf/microsoft.graph.directoryRole`, denied)
      .on(`DELETE /v1.0/users/${OID}`, { status: 204 });
    const out = await run();
    expect(vendor.fake.calls().at(-1)).toBe(`DELETE /v1.0/users/${OID}`);
    expect(out.outcome).toBe('DELETED');
    const { roles: _r, lastLoginAt: _l, licenses: _x, ...rest } = expected;
    // Licences fall back to the skuIds of assignedLicenses (no names); roles and last sign-in stay unknown.
    expect(out.before).toEqual({
      ...rest,
      licenses: [{ id: 'c7df2760-2c81-4ef7-b578-5b5392b571df' }, { id: '725422ed-e205-400e-ab0a-3899d8a398ca' }],
    });
    expect(unfilledMappedFields(aad, out.before)).toEqual(['roles', 'lastLoginAt']);
    expect(out.user.status).toBe('DELETED');
  });

  it('a 403 on the user read or on the DELETE is FORBIDDEN with the Graph error', async () => {
    const privileged = fixture('azure-active-directory', 'error-403-privileged.json');
    routes({ status: 403, body: privileged });
    await expect(run()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { remote: { status: 403, body: { error: { code: 'Authorization_RequestDenied' } } } },
    });
    expect(vendor.fake.calls().filter((c) => c.startsWith('DELETE'))).toHaveLength(1);

    vendor.fake.reset();
    vendor.fake.on(`GET /v1.0/users/${OID}`, { status: 403, body: privileged });
    await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.requests).toHaveLength(1);
  });

  it('waits for Retry-After on a 429 and retries', async () => {
    routes({ status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 'TooManyRequests' } } }, { status: 204 });
    const out = await run();
    expect(vendor.fake.calls().filter((c) => c.startsWith('DELETE'))).toHaveLength(2);
    expect(out.outcome).toBe('DELETED');
  });

  it('passes remote_query to the DELETE only', async () => {
    routes();
    await run(OID, { remoteQuery: { foo: 'bar' } });
    expect(vendor.fake.calls().at(-1)).toBe(`DELETE /v1.0/users/${OID}?foo=bar`);
    expect(vendor.fake.requests.slice(0, -1).every((r) => !('foo' in r.query))).toBe(true);
  });

  it('maps a disabled account to INACTIVE and a pending guest to INVITED', () => {
    expect(aad.toUser({ ...user, accountEnabled: false }, { id: OID, params: {} })).toMatchObject({ status: 'INACTIVE', rawStatus: 'disabled' });
    expect(aad.toUser({ ...user, userType: 'Guest', externalUserState: 'PendingAcceptance' }, { id: OID, params: {} })).toMatchObject({
      status: 'INVITED',
      rawStatus: 'PendingAcceptance',
      userType: 'Guest',
    });
    expect(aad.toUser({ id: OID }, { id: OID, params: {} })).toEqual({ id: OID, emails: [], phones: [], status: null });
  });

  it('refuses ids that are neither an object id nor a UPN, without calling Graph', async () => {
    for (const id of ['delta', 'me', '12345', 'a/b']) {
      await expect(run(id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('takes the tenant as a GUID or a verified domain, and nothing else', async () => {
    routes();
    await run(OID, { context: { tenant: 'contoso.onmicrosoft.com' } });
    expect(vendor.fake.calls().at(-1)).toBe(`DELETE /v1.0/users/${OID}`);
    vendor.fake.reset();
    for (const tenant of ['common', 'organizations', 'evil.com/x', 'contoso.com#', '../x', '']) {
      await expect(run(OID, { context: { tenant } })).rejects.toThrow(/context\.tenant/);
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('declares the documented OAuth 2.0 token endpoint and scope', () => {
    expect(aad.auth.client_credentials!.scheme).toEqual({
      kind: 'oauth2',
      grant: 'client_credentials',
      tokenUrl: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect(aad.baseUrl).toBe('https://graph.microsoft.com/v1.0');
    expect(aad.params).toEqual({});
  });
  it('declares deletion as restorable for 30 days, and `me` as a self-alias refused before any call', async () => {
    expect(aad.semantics).toMatchObject({ permanent: false, restoreWindowDays: 30 });
    expect(aad.selfAliases).toEqual(['me']);
    for (const id of ['me', 'ME']) await expect(run(id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/own administrator/) });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  describe('self-deletion guard', () => {
    const delegated = { method: 'oauth', accessToken: TOKEN };
    const ME = `GET /v1.0/me?%24select=${encodeURIComponent('id,userPrincipalName,mail')}`;
    const admin = { id: '5a5b5c5d-0000-4000-8000-00000000abcd', userPrincipalName: 'it-admin@contoso.com', mail: 'it-admin@contoso.com' };

    it('an app-only (client_credentials) token acts as no user: no GET /me, the deletion proceeds', async () => {
      routes();
      const out = await run(OID, { checkOwner: true });
      expect(out.outcome).toBe('DELETED');
      expect(vendor.fake.requests.filter((r) => r.path === '/v1.0/me')).toEqual([]);
      expect(vendor.fake.unexpected).toEqual([]);
    });

    it('a delegated token: GET /me names someone else, the deletion proceeds', async () => {
      routes();
      vendor.fake.on('GET /v1.0/me', { body: admin });
      const out = await run(OID, { credentials: delegated, checkOwner: true });
      expect(out.outcome).toBe('DELETED');
      expect(vendor.fake.calls()).toContain(ME);
      expect(vendor.fake.calls().at(-1)).toBe(`DELETE /v1.0/users/${OID}`);
    });

    it('a delegated token: the signed-in user is refused, by object id or by UPN in any case, and nothing is deleted', async () => {
      const me = { id: OID, userPrincipalName: 'AdeleV@contoso.com', mail: 'AdeleV@contoso.com' };
      for (const id of [OID, 'adelev@CONTOSO.com']) {
        vendor.fake.reset();
        routes();
        vendor.fake.on(`GET /v1.0/users/${encodeURIComponent(id)}`, { body: user }).on('GET /v1.0/me', { body: me });
        await expect(run(id, { credentials: delegated, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
        expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
      }
    });

    it('a delegated token whose GET /me fails: no deletion (fails closed)', async () => {
      routes();
      vendor.fake.on('GET /v1.0/me', { status: 403, body: fixture('azure-active-directory', 'error-403-privileged.json') });
      await expect(run(OID, { credentials: delegated, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/self-deletion guard/) });
      expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    });

    it('has a token-owner lookup for every auth method it declares, and refuses a method without one', async () => {
      expect(Object.keys(aad.auth).sort()).toEqual(Object.keys(OWNER_LOOKUPS).sort());
      const lookup = aad.tokenOwner;
      if (!('lookup' in lookup)) throw new Error('Azure AD names the token owner of delegated tokens');
      const err = await lookup.lookup({ http: undefined as never, context: {}, method: 'certificate' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'UNSUPPORTED' });
    });
  });
});
