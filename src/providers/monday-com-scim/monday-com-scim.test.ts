import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor } from '../../../test/helpers/provider.js';
import { SCIM_JSON, scimDeactivationContract } from '../../../test/helpers/scim-contract.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { mondayComScim } from './index.js';

const user = fixture<ScimUser>('monday-com-scim', 'user.json');
const deactivated = fixture<ScimUser>('monday-com-scim', 'user-deactivated.json');
const error404 = fixture('monday-com-scim', 'error-404.json');
const ID = '41235671';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.monday-scim-token';
const credentials = { method: 'scim_token', scimToken: TOKEN };
const context = { subdomain: 'acme' };
const BASE = '/scim/v2';

const vendor = useFakeVendor(BASE);

/** user-deactivated.json mapped by hand. */
const expectedUser: UnifiedUser = {
  id: ID,
  firstName: 'Dana',
  lastName: 'Levi',
  name: 'Dana Levi',
  username: 'dana.levi@acme.com',
  emails: [{ email: 'dana.levi@acme.com', type: 'work', isPrimary: true }],
  status: 'INACTIVE',
  rawStatus: 'inactive',
  title: 'Product Manager',
  userType: 'member',
  timezone: 'Europe/London',
  languages: ['en'],
};

describe('monday.com scim', () => {
  scimDeactivationContract({
    provider: mondayComScim,
    vendor,
    base: BASE,
    id: ID,
    credentials,
    context,
    user,
    deactivated,
    error404,
    expectedUser,
    authorization: `Bearer ${TOKEN}`,
  });

  it('builds https://<account>.monday.com/scim/v2 from the account URL name', () => {
    expect(buildBaseUrl(mondayComScim, validateContext(mondayComScim, context)).href).toBe('https://acme.monday.com/scim/v2');
    expect(buildBaseUrl(mondayComScim, validateContext(mondayComScim, { subdomain: 'My-Account' })).href).toBe('https://my-account.monday.com/scim/v2');
  });

  it('maps a refused PATCH (403) to FORBIDDEN', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user }).on(`PATCH ${BASE}/Users/${ID}`, { status: 403, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403', detail: 'Cannot deactivate the account owner' } });
    await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { remote: { status: 403, body: { detail: 'Cannot deactivate the account owner' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `PATCH ${BASE}/Users/${ID}`]);
  });

  it('encodes the id as one path segment', async () => {
    vendor.fake.on(`GET ${BASE}/Users/1%3Fx%3D1`, { status: 404, headers: SCIM_JSON, body: error404 });
    await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context, id: '1?x=1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/1%3Fx%3D1`]);
  });

  it('accepts only one DNS label as the account name', async () => {
    for (const subdomain of ['evil.com', 'acme.monday.com', 'a/b', '-acme', 'acme:443', '']) {
      await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context: { subdomain }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    await expect(runDeletion(mondayComScim, { baseUrl: vendor.baseUrl, credentials, context: {}, id: ID })).rejects.toThrow(/context\.subdomain is required/);
    expect(vendor.fake.requests).toEqual([]);
  });
});
