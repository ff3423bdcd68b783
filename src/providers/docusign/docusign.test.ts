import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { docusign } from './index.js';

const ACCOUNT = 'f0f1e2d3-c4b5-a697-8879-6a5b4c3d2e1f';
const ID = '4c5a1ab6-0b9e-4d3a-8e54-2f1a0c6c1f3e';
const USERS = `/restapi/v2.1/accounts/${ACCOUNT}/users`;
const TOKEN = 'docusign-oauth-access-token';
const credentials = { method: 'oauth', accessToken: TOKEN };
const context = { host: 'na3.docusign.net', accountId: ACCOUNT };

const vendor = useFakeVendor('/restapi/v2.1');

const expected: UnifiedUser = {
  id: ID,
  firstName: 'Ada',
  lastName: 'Lovelace',
  name: 'Ada Lovelace',
  title: 'Contracts Analyst',
  emails: [{ email: 'ada.lovelace@example.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: '11807436', name: 'DocuSign Sender' }],
  groups: [
    { id: '8452034', name: 'Everyone' },
    { id: '8452088', name: 'Legal' },
  ],
  userType: 'CompanyUser',
  createdAt: new Date('2023-02-14T10:21:33.447Z'),
  lastLoginAt: new Date('2024-05-02T08:12:00Z'),
};

describe('docusign', () => {
  it('reads the user, then closes it with a DELETE carrying { users: [{ userId }] } (DEACTIVATED, not permanent)', async () => {
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: fixture('docusign', 'user.json') }).on(`DELETE ${USERS}`, { body: fixture('docusign', 'users-closed.json') });
    const out = await runDeletion(docusign, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `DELETE ${USERS}`]);
    expect(vendor.fake.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(vendor.fake.requests[1]!.body).toEqual({ users: [{ userId: ID }] });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(docusign, out.before)).toEqual([]);
    expect(out.user).toMatchObject({ id: ID, status: 'INACTIVE', rawStatus: 'closed' });
  });

  it('leaves a closed user as is (ALREADY_DEACTIVATED, no write)', async () => {
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: { ...fixture<Record<string, unknown>>('docusign', 'user.json'), userStatus: 'closed' } });
    const out = await runDeletion(docusign, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`]);
  });

  it('reads a per-user errorDetails in the DELETE\'s 200 answer as a failure', async () => {
    vendor.fake
      .on(`GET ${USERS}/${ID}`, { body: fixture('docusign', 'user.json') })
      .on(`DELETE ${USERS}`, { body: { users: [{ userId: ID, errorDetails: { errorCode: 'USER_LACKS_PERMISSIONS', message: 'This user lacks sufficient permissions to access this resource.' } }] } });
    await expect(runDeletion(docusign, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses an id that is not a GUID before any call', async () => {
    await expect(runDeletion(docusign, { baseUrl: vendor.baseUrl, credentials, context, id: 'ada.lovelace@example.com' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('names the token owner: the impersonated userId with JWT Grant (no call), /oauth/userinfo with an authorization-code token', async () => {
    if (!('lookup' in docusign.tokenOwner)) throw new Error('DocuSign names the token owner');
    const { http, context: ctx } = vendorClient(docusign, { baseUrl: vendor.baseUrl, credentials, context });
    expect(await docusign.tokenOwner.lookup({ http, context: ctx, method: 'jwt', subject: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' })).toEqual({ ids: ['0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'] });
    expect(vendor.fake.requests).toHaveLength(0);
    vendor.fake.on('GET /oauth/userinfo', { body: fixture('docusign', 'userinfo.json') });
    expect(await docusign.tokenOwner.lookup({ http, context: ctx, method: 'oauth' })).toEqual({ ids: ['0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'admin@example.com'] });
  });

  it('every eSignature request conforms to DocuSign\'s description (v2 paths, same operations under v2.1)', async () => {
    vendor.fake
      .on(`GET ${USERS}/${ID}`, { body: fixture('docusign', 'user.json') })
      .on(`DELETE ${USERS}`, { body: fixture('docusign', 'users-closed.json') })
      .on(`GET ${USERS}`, { body: { users: [fixture('docusign', 'user.json')], resultSetSize: '1', totalSetSize: '1' } });
    await runDeletion(docusign, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    const { http, context: ctx } = vendorClient(docusign, { baseUrl: vendor.baseUrl, credentials, context });
    expect((await docusign.findUsers!({ http, email: 'ADA.lovelace@example.com', params: {}, context: ctx })).map((u) => u.userId)).toEqual([ID]);
    const spec = loadSpec('esignature.rest.swagger-v2.json');
    const asV2 = vendor.fake.requests.map((r) => ({ ...r, path: r.path.replace('/restapi/v2.1/', '/restapi/v2/') }));
    expect(asV2).toHaveLength(3);
    expect(asV2.flatMap((r) => checkRequest(spec, r))).toEqual([]);
    expect(checkRequest(spec, { ...asV2[1]!, path: `/restapi/v2/accounts/${ACCOUNT}/users/${ID}/purge` })).not.toEqual([]);
  });
});
