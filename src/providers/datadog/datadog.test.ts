import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { datadog, type DatadogUser } from './index.js';

const user = fixture<DatadogUser>('datadog', 'user.json');
const ID = '00000000-0000-1234-0000-000000000000';
const USER = `/api/v2/users/${ID}`;
const credentials = { method: 'api_key', apiKey: 'dd-api-key-9f8e7d6c', applicationKey: 'dd-app-key-1a2b3c4d' };
const vendor = useFakeVendor();

/** user.json mapped by hand. */
const expected: UnifiedUser = {
  id: ID,
  identifiers: { id: ID, handle: 'jane.doe@example.com' },
  name: 'Jane Doe',
  username: 'jane.doe@example.com',
  emails: [{ email: 'jane.doe@example.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'Active',
  isEmailVerified: true,
  is2faEnabled: true,
  roles: [{ id: '3653d3c6-0c75-11ea-ad28-fb5701eabc7d', name: 'Datadog Standard Role' }],
  organizations: [{ id: '4dee724d-00cc-11ea-a77b-570c9d03c6c5', name: 'Acme Corp' }],
  userType: 'user',
  title: 'Site Reliability Engineer',
  avatar: 'https://secure.gravatar.com/avatar/8dc1ad4ed6e1b4f6f2b1b6d2b8f7a1f2?s=48&d=retro',
  createdAt: new Date('2019-09-19T10:00:00.000Z'),
  updatedAt: new Date('2021-06-01T08:30:00.000Z'),
  lastLoginAt: new Date('2024-02-29T15:21:00.000Z'),
};

describe('datadog', () => {
  it('reads the user, then disables it (DELETE → 204) with both key headers', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 204 });

    const out = await runDeletion(datadog, { baseUrl: vendor.baseUrl, credentials, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers['dd-api-key']).toBe(credentials.apiKey);
      expect(r.headers['dd-application-key']).toBe(credentials.applicationKey);
      expect(r.headers.authorization).toBeUndefined();
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(datadog, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expected, status: 'INACTIVE', rawStatus: 'Disabled' });
  });

  it('sends nothing for a user already disabled (ALREADY_DEACTIVATED)', async () => {
    const disabled = { ...user, data: { ...user.data, attributes: { ...user.data.attributes, disabled: true, status: 'Disabled' } } };
    vendor.fake.on(`GET ${USER}`, { body: disabled });
    const out = await runDeletion(datadog, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`]);
  });

  it('refuses to disable the owner of the application key in use', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on('GET /api/v2/current_user/application_keys', { body: { data: [{ type: 'application_keys', id: 'k', relationships: { owned_by: { data: { type: 'users', id: ID } } } }] } });
    await expect(runDeletion(datadog, { baseUrl: vendor.baseUrl, credentials, id: ID, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(vendor.fake.calls()).toContain('GET /api/v2/current_user/application_keys?page%5Bsize%5D=1');
  });

  it('waits X-RateLimit-Reset seconds on a 429 and retries', async () => {
    vendor.fake.on(`GET ${USER}`, { status: 429, headers: { 'x-ratelimit-reset': '0', 'x-ratelimit-remaining': '0' }, body: fixture('datadog', 'error-429.json') }, { body: user }).on(`DELETE ${USER}`, { status: 204 });
    const out = await runDeletion(datadog, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.outcome).toBe('DEACTIVATED');
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`, `GET ${USER}`, `DELETE ${USER}`]);
  });

  it('builds api.{site} for each Datadog site and refuses anything else', () => {
    expect(buildBaseUrl(datadog, validateContext(datadog, {})).href).toBe('https://api.datadoghq.com/');
    expect(buildBaseUrl(datadog, validateContext(datadog, { site: 'ddog-gov.com' })).href).toBe('https://api.ddog-gov.com/');
    expect(() => validateContext(datadog, { site: 'evil.example' })).toThrow(/site/);
  });

  it('finds users by exact email through the filter param', async () => {
    const other = { ...user.data, id: 'x', attributes: { ...user.data.attributes, email: 'jane.doe@example.com.evil' } };
    vendor.fake.on('GET /api/v2/users', { body: { data: [user.data, other], included: user.included, meta: { page: { total_filtered_count: 2 } } } });
    const { http, context } = vendorClient(datadog, { baseUrl: vendor.baseUrl, credentials });
    const found = await datadog.findUsers?.({ http, email: 'Jane.Doe@example.com', params: {}, context });
    expect(found?.map((u) => u.data.id)).toEqual([ID]);
    expect(vendor.fake.calls()).toEqual(['GET /api/v2/users?filter=Jane.Doe%40example.com&page%5Bsize%5D=100&page%5Bnumber%5D=0']);
  });
});
