import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { atlassian } from './index.js';

const ORG = '9a1bb823-dac8-423d-bb01-63315f059cb2';
const DIR = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const ID = '5b10ac8d82e05b22cc7d4ef5';
const USER = `/admin/v2/orgs/${ORG}/directories/${DIR}/users/${ID}`;
const KEY = 'atlassian-org-api-key-7f3a';
const credentials = { method: 'api_key', apiKey: KEY };
const context = { orgId: ORG, directoryId: DIR };
const vendor = useFakeVendor();

const expected: UnifiedUser = {
  id: ID,
  identifiers: { accountId: ID, claimStatus: 'managed', managementSource: 'invited' },
  name: 'Mia Krystof',
  username: 'mia',
  emails: [{ email: 'mia@example.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  isEmailVerified: true,
  is2faEnabled: true,
  roles: [{ id: 'atlassian/user-access-admin', name: 'atlassian/user-access-admin' }],
  userType: 'atlassian',
  title: 'Support engineer',
  avatar: 'https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/5b10ac8d82e05b22cc7d4ef5/128',
  timezone: 'Australia/Sydney',
  createdAt: new Date('2023-03-14T09:21:00.000Z'),
};

describe('atlassian', () => {
  it('reads the directory user, then removes them from the directory (204), with the org API key as Bearer', async () => {
    vendor.fake.on(`GET ${USER}`, { body: fixture('atlassian', 'user.json') }).on(`DELETE ${USER}`, { status: 204 });
    const out = await runDeletion(atlassian, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(atlassian, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expected, status: 'INACTIVE', rawStatus: 'no_membership', roles: [] });
  });

  it('maps a 404 to NOT_FOUND and removes nothing', async () => {
    vendor.fake.on(`GET ${USER}`, { status: 404, body: fixture('atlassian', 'error-404.json') });
    await expect(runDeletion(atlassian, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`]);
  });

  it('accepts only UUID organization and directory ids as context', () => {
    expect(() => validateContext(atlassian, { orgId: ORG, directoryId: '../x' })).toThrow(/directoryId/);
    expect(() => validateContext(atlassian, { orgId: 'acme', directoryId: DIR })).toThrow(/orgId/);
  });

  it('finds users by exact email with the search endpoint (emails filter)', async () => {
    vendor.fake.on(`POST /admin/v2/orgs/${ORG}/directories/${DIR}/users/search`, { body: { data: [fixture<{ data: unknown }>('atlassian', 'user.json').data] } });
    const { http, context: ctx } = vendorClient(atlassian, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await atlassian.findUsers?.({ http, email: 'MIA@example.com', params: {}, context: ctx });
    expect(found?.map((u) => u.data?.accountId)).toEqual([ID]);
    expect(vendor.fake.requests[0]?.body).toEqual({ emails: ['MIA@example.com'], limit: 100 });
  });
});
