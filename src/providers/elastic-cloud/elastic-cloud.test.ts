import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { elasticCloud } from './index.js';

const ORG = '1234567890';
const ID = '1718293645';
const vendor = useFakeVendor('/api/v1');
const creds = { method: 'api_key', apiKey: 'essu_key_123' };
const LIST = `GET /api/v1/organizations/${ORG}/members`;

describe('elastic-cloud', () => {
  it('reads the member from the organization list, then removes the membership, with ApiKey auth', async () => {
    vendor.fake.on(LIST, { body: fixture('elastic-cloud', 'members.json') }).on(`DELETE /api/v1/organizations/${ORG}/members/${ID}`, { status: 200, body: {} });
    const out = await runDeletion(elasticCloud, { baseUrl: vendor.baseUrl, credentials: creds, id: ID, params: { organizationId: ORG } });
    expect(vendor.fake.calls()).toEqual([LIST, `DELETE /api/v1/organizations/${ORG}/members/${ID}`]);
    for (const r of vendor.fake.requests) expect(r.headers.authorization).toBe('ApiKey essu_key_123');
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual({
      id: ID,
      name: 'Jane Analyst',
      emails: [{ email: 'jane.analyst@example.com', type: 'work', isPrimary: true }],
      status: 'ACTIVE',
      rawStatus: 'member',
      roles: [
        { id: 'billing-admin', name: 'billing-admin', organization: 'billing-admin' },
        { id: 'deployment-viewer', name: 'deployment-viewer', organization: null },
      ],
      organizations: [{ id: ORG }],
    });
    expect(out.user).toMatchObject({ id: ID, status: null, roles: [], organizations: [] });
  });

  it('answers NOT_FOUND for a user who is not a member, and deletes nothing', async () => {
    vendor.fake.on(LIST, { body: fixture('elastic-cloud', 'members.json') });
    await expect(runDeletion(elasticCloud, { baseUrl: vendor.baseUrl, credentials: creds, id: '999', params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([LIST]);
  });

  it('refuses an id with a comma (the API would remove several members) before any call', async () => {
    await expect(runDeletion(elasticCloud, { baseUrl: vendor.baseUrl, credentials: creds, id: `${ID},3086012957`, params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('requires organizationId', async () => {
    await expect(runDeletion(elasticCloud, { baseUrl: vendor.baseUrl, credentials: creds, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('maps membership_not_found on the removal to NOT_FOUND', async () => {
    vendor.fake.on(LIST, { body: fixture('elastic-cloud', 'members.json') }).on(`DELETE /api/v1/organizations/${ORG}/members/${ID}`, { status: 404, body: { errors: [{ code: 'organization.membership_not_found', message: 'Organization membership not found' }] } });
    await expect(runDeletion(elasticCloud, { baseUrl: vendor.baseUrl, credentials: creds, id: ID, params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('finds members by exact email, case-insensitively', async () => {
    vendor.fake.on(LIST, { body: fixture('elastic-cloud', 'members.json') });
    const { http, context } = vendorClient(elasticCloud, { baseUrl: vendor.baseUrl, credentials: creds });
    expect((await elasticCloud.findUsers!({ http, context, email: 'JANE.analyst@example.com', params: { organizationId: ORG } })).map((m) => m.user_id)).toEqual([ID]);
    expect(await elasticCloud.findUsers!({ http, context, email: 'jane.analyst@example.co', params: { organizationId: ORG } })).toEqual([]);
  });
});
