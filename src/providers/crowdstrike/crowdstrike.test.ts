import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import { crowdstrike, type FalconUser } from './index.js';

const ID = '4d6f6b3e-2a1c-4f0e-9b8d-7c6e5f4a3b2c';
const vendor = useFakeVendor();
const creds = { method: 'client_credentials', clientId: 'falcon-client', clientSecret: 'falcon-secret', accessToken: 'falcon-access-1' };
const deleted = { meta: {}, errors: [], resources: [] };

describe('crowdstrike', () => {
  it('reads the user by UUID, then deletes it, with the client-credentials bearer token', async () => {
    vendor.fake.on('GET /users/entities/users/v1', { body: fixture('crowdstrike', 'user.json') }).on('DELETE /user-management/entities/users/v1', { body: deleted });
    const out = await runDeletion(crowdstrike, { baseUrl: vendor.fake.url, credentials: creds, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /users/entities/users/v1?ids=${ID}`, `DELETE /user-management/entities/users/v1?user_uuid=${ID}`]);
    for (const r of vendor.fake.requests) expect(r.headers.authorization).toBe('Bearer falcon-access-1');
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual({
      id: ID,
      firstName: 'Jane',
      lastName: 'Analyst',
      name: 'Jane Analyst',
      username: 'jane.analyst@example.com',
      emails: [{ email: 'jane.analyst@example.com', type: 'work', isPrimary: true }],
    });
  });

  it('answers NOT_FOUND when the read returns no such user, and deletes nothing', async () => {
    vendor.fake.on('GET /users/entities/users/v1', { body: { meta: {}, errors: [], resources: [] } });
    await expect(runDeletion(crowdstrike, { baseUrl: vendor.fake.url, credentials: creds, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('refuses an id that is not a user UUID before any call', async () => {
    await expect(runDeletion(crowdstrike, { baseUrl: vendor.fake.url, credentials: creds, id: 'jane@example.com' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('never lets remote_query replace the user_uuid', async () => {
    vendor.fake.on('GET /users/entities/users/v1', { body: fixture('crowdstrike', 'user.json') }).on('DELETE /user-management/entities/users/v1', { body: deleted });
    await runDeletion(crowdstrike, { baseUrl: vendor.fake.url, credentials: creds, id: ID, remoteQuery: { user_uuid: '00000000-0000-0000-0000-000000000000' } });
    expect(vendor.fake.requests[1]!.query).toEqual({ user_uuid: ID });
  });

  it('selects the cloud by host (us-1, us-2, eu-1, gov) and accepts no other', () => {
    for (const host of ['api.crowdstrike.com', 'api.us-2.crowdstrike.com', 'api.eu-1.crowdstrike.com', 'api.laggar.gcw.crowdstrike.com']) {
      expect(buildBaseUrl(crowdstrike, validateContext(crowdstrike, { host })).host).toBe(host);
    }
    expect(() => validateContext(crowdstrike, { host: 'api.crowdstrike.com.evil.io' })).toThrow();
  });

  it('finds users by email with an FQL uid filter, exact and case-insensitive', async () => {
    const one = fixture<{ resources: FalconUser[] }>('crowdstrike', 'user.json').resources[0]!;
    vendor.fake
      .on('GET /user-management/queries/users/v1', { body: { meta: {}, errors: [], resources: [ID, '11111111-2222-4333-8444-555555555555'] } })
      .on('GET /users/entities/users/v1', { body: { meta: {}, errors: [], resources: [one] } }, { body: { meta: {}, errors: [], resources: [{ ...one, uuid: '11111111-2222-4333-8444-555555555555', email: 'jane.analyst@example.com.evil' }] } });
    const { http, context } = vendorClient(crowdstrike, { baseUrl: vendor.fake.url, credentials: creds });
    const found = await crowdstrike.findUsers!({ http, context, email: 'Jane.Analyst@example.com', params: {} });
    expect(found.map((u) => u.uuid)).toEqual([ID]);
    expect(vendor.fake.requests[0]!.query).toEqual({ filter: "uid:'Jane.Analyst@example.com'", limit: '500', offset: '0' });
    expect(vendor.fake.requests.slice(1).map((r) => r.query)).toEqual([{ ids: ID }, { ids: '11111111-2222-4333-8444-555555555555' }]);
    await expect(crowdstrike.findUsers!({ http, context, email: "o'brien@example.com", params: {} })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
