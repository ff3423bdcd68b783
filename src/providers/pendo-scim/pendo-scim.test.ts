import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor } from '../../../test/helpers/provider.js';
import { SCIM_JSON, scimDeactivationContract } from '../../../test/helpers/scim-contract.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { pendoScim } from './index.js';

const user = fixture<ScimUser>('pendo-scim', 'user.json');
const deactivated = fixture<ScimUser>('pendo-scim', 'user-deactivated.json');
const error404 = fixture('pendo-scim', 'error-404.json');
const ID = '2819c223-7f76-453a-919d-413861904646';
const KEY = 'pendo-scim-api-key-0123456789';
const credentials = { method: 'scim_api_key', apiKey: KEY };
const context = { host: 'app.eu.pendo.io', basePath: 'api/scim/v2' };
const BASE = '/api/scim/v2';

const vendor = useFakeVendor(BASE);

/** user-deactivated.json mapped by hand. */
const expectedUser: UnifiedUser = {
  id: ID,
  externalId: '701984',
  firstName: 'Barbara',
  lastName: 'Jensen',
  name: 'Ms. Barbara J Jensen, III',
  username: 'bjensen@example.com',
  emails: [{ email: 'bjensen@example.com', type: 'work', isPrimary: true }],
  status: 'INACTIVE',
  rawStatus: 'inactive',
  groups: [{ id: 'e9e30dba-f08f-4109-8486-d5c6a331660a', name: 'Tour Guides' }],
  createdAt: new Date('2010-01-23T04:56:22Z'),
  updatedAt: new Date('2011-05-13T04:42:34Z'),
};

describe('pendo scim', () => {
  scimDeactivationContract({
    provider: pendoScim,
    vendor,
    base: BASE,
    id: ID,
    credentials,
    context,
    user,
    deactivated,
    error404,
    expectedUser,
    authorization: `Bearer ${KEY}`,
  });

  it('maps a refused PATCH (403) to FORBIDDEN and an exhausted 429 to RATE_LIMITED', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user }).on(`PATCH ${BASE}/Users/${ID}`, { status: 403, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403', detail: 'SCIM is not enabled for this subscription' } });
    await expect(runDeletion(pendoScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { remote: { status: 403, body: { detail: 'SCIM is not enabled for this subscription' } } },
    });
    vendor.fake.reset();
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 429, headers: { 'retry-after': '600' } });
    await expect(runDeletion(pendoScim, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 600 } });
  });

  it('builds the base URL from a Pendo data-centre host and the path shown in SCIM Settings', () => {
    expect(buildBaseUrl(pendoScim, validateContext(pendoScim, { basePath: 'api/scim/v2' })).href).toBe('https://app.pendo.io/api/scim/v2');
    expect(buildBaseUrl(pendoScim, validateContext(pendoScim, context)).href).toBe('https://app.eu.pendo.io/api/scim/v2');
    for (const host of ['us1.app.pendo.io', 'app.jpn.pendo.io', 'app.au.pendo.io']) {
      expect(buildBaseUrl(pendoScim, validateContext(pendoScim, { host, basePath: 'scim/v2' })).href).toBe(`https://${host}/scim/v2`);
    }
  });

  it('refuses hosts outside the closed list and paths that could leave the SCIM base', () => {
    for (const host of ['evil.com', 'pendo.io', 'app.pendo.io.evil.com', 'data.pendo.io', 'APP.PENDO.IO ', 'app.pendo.io/x']) {
      expect(() => validateContext(pendoScim, { host, basePath: 'api/scim/v2' }), host).toThrow(/context\.host must be one of/);
    }
    for (const basePath of ['../admin', 'api/../../x', '/api/scim/v2', 'api/scim/v2/', 'api//v2', 'api/scim?x=1', 'api/scim#x', '@evil.com/x', 'a/b/c/d/e/f/g/h/i', 'api%2F..']) {
      expect(() => validateContext(pendoScim, { basePath }), basePath).toThrow(/context\.basePath is not a valid identifier/);
    }
    expect(() => validateContext(pendoScim, {})).toThrow(/context\.basePath is required/);
  });
});
