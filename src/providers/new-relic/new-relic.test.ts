import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { DELETE_MUTATION, newRelic } from './index.js';

const ID = '1001234567';
const KEY = 'NRAK-TESTKEY000000000000000000000';
const credentials = { method: 'user_api_key', apiKey: KEY };
const vendor = useFakeVendor('/graphql');
const userQuery = fixture<{ data: { actor: { organization: { userManagement: { authenticationDomains: { authenticationDomains: Array<Record<string, unknown>> } } } } } }>('new-relic', 'user-query.json');

const expected: UnifiedUser = {
  id: ID,
  identifiers: { id: ID, authenticationDomainId: 'a1b2c3d4-0000-4000-8000-000000000001', authenticationDomainName: 'Default' },
  name: 'Jane Doe',
  emails: [{ email: 'jane.doe@example.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'verified',
  isEmailVerified: true,
  userType: 'Full platform',
  groups: [{ id: 'bd2d2b6e-1111-4222-8333-444455556666', name: 'User' }],
  timezone: 'Etc/UTC',
  lastActiveAt: new Date('2024-03-04T12:30:00Z'),
};

/** The query document and variables of a NerdGraph call. */
const gql = (r: RecordedRequest) => r.body as { query: string; variables?: Record<string, unknown> };

function withProvisioning(type: string) {
  const copy = structuredClone(userQuery);
  const domain = copy.data.actor.organization.userManagement.authenticationDomains.authenticationDomains[0] as Record<string, unknown>;
  domain.provisioningType = type;
  return copy;
}

describe('new-relic', () => {
  it('finds the user across authentication domains, then deletes it with userManagementDeleteUser, with the API-Key header', async () => {
    vendor.fake.on('POST /graphql', { body: userQuery }, { body: fixture('new-relic', 'delete-user.json') });
    const out = await runDeletion(newRelic, { baseUrl: vendor.baseUrl, credentials, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual(['POST /graphql #actor', 'POST /graphql #userManagementDeleteUser']);
    for (const r of vendor.fake.requests) {
      expect(r.headers['api-key']).toBe(KEY);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
    }
    const [read, write] = vendor.fake.requests.map(gql);
    expect(read?.query).toContain('users(filter: { id: { eq: $value } })');
    expect(read?.variables).toEqual({ value: ID, cursor: null });
    expect(write).toEqual({ query: DELETE_MUTATION, variables: { id: ID } });
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(newRelic, out.before)).toEqual([]);
    expect(out.user.status).toBe('DELETED');
  });

  it('follows nextCursor over the authentication domains', async () => {
    const first = structuredClone(userQuery) as unknown as { data: { actor: { organization: { userManagement: { authenticationDomains: { nextCursor: string | null; authenticationDomains: unknown[] } } } } } };
    first.data.actor.organization.userManagement.authenticationDomains = { nextCursor: 'abc=', authenticationDomains: [{ id: 'd0', name: 'Other', provisioningType: 'manual', users: { users: [] } }] };
    vendor.fake.on('POST /graphql', { body: first }, { body: userQuery }, { body: fixture('new-relic', 'delete-user.json') });
    await runDeletion(newRelic, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.requests.map((r) => gql(r).variables)).toEqual([{ value: ID, cursor: null }, { value: ID, cursor: 'abc=' }, { id: ID }]);
  });

  it('refuses a user of a SCIM-provisioned domain before the mutation (FAILED_PRECONDITION)', async () => {
    vendor.fake.on('POST /graphql', { body: withProvisioning('scim') });
    await expect(runDeletion(newRelic, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(vendor.fake.requests).toHaveLength(1);
  });

  it("maps New Relic's documented refusal in a 200 body to a precondition failure, never success", async () => {
    vendor.fake.on('POST /graphql', { body: userQuery }, { body: fixture('new-relic', 'delete-scim-error.json') });
    await expect(runDeletion(newRelic, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('answers NOT_FOUND when no domain has the user, and sends no mutation', async () => {
    vendor.fake.on('POST /graphql', { body: { data: { actor: { organization: { userManagement: { authenticationDomains: { nextCursor: null, authenticationDomains: [] } } } } } } });
    await expect(runDeletion(newRelic, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.requests.filter((r) => gql(r).query.includes('userManagementDeleteUser'))).toEqual([]);
  });

  it('refuses to delete the user the API key belongs to (actor.user)', async () => {
    vendor.fake.on('POST /graphql', (req) => (req.rawBody.includes('actor { user {') ? { body: { data: { actor: { user: { id: Number(ID), email: 'jane.doe@example.com' } } } } } : { body: userQuery }));
    await expect(runDeletion(newRelic, { baseUrl: vendor.baseUrl, credentials, id: ID, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.requests.filter((r) => gql(r).query.includes('userManagementDeleteUser'))).toEqual([]);
  });

  it('finds users by exact email with the email filter', async () => {
    vendor.fake.on('POST /graphql', { body: userQuery });
    const { http, context } = vendorClient(newRelic, { baseUrl: vendor.baseUrl, credentials });
    const found = await newRelic.findUsers?.({ http, email: 'Jane.Doe@example.com', params: {}, context });
    expect(found?.map((s) => s.user.id)).toEqual([ID]);
    expect(gql(vendor.fake.requests[0]!).query).toContain('users(filter: { email: { eq: $value } })');
  });

  it('uses the US or EU NerdGraph host only', () => {
    expect(buildBaseUrl(newRelic, validateContext(newRelic, {})).href).toBe('https://api.newrelic.com/graphql');
    expect(buildBaseUrl(newRelic, validateContext(newRelic, { host: 'api.eu.newrelic.com' })).href).toBe('https://api.eu.newrelic.com/graphql');
    expect(() => validateContext(newRelic, { host: 'evil.newrelic.com.example' })).toThrow(/host/);
  });
});
