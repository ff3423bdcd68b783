import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { teamworkProjectManagement as provider, type TeamworkPerson } from './index.js';

const person = fixture<{ person: TeamworkPerson }>('teamwork-project-management', 'person.json');
const people = fixture('teamwork-project-management', 'people.json');
const ID = '238765';
const API_KEY = 'twp_testApiKey';
const credentials = { method: 'api_key', apiKey: API_KEY };
const context = { host: 'acme.eu.teamwork.com' };

const vendor = useFakeVendor();

const expectedUser: UnifiedUser = {
  id: ID,
  firstName: 'Jane',
  lastName: 'Murphy',
  name: 'Jane Murphy',
  emails: [{ email: 'jane.murphy@example.com', type: 'work', isPrimary: true }],
  title: 'Project Manager',
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [],
  userType: 'account',
  organizations: [{ id: '1022' }],
  createdAt: new Date('2023-03-14T09:21:45Z'),
  updatedAt: new Date('2024-11-02T16:05:10Z'),
};

const run = (extra: { id?: string; checkOwner?: boolean; credentials?: Record<string, string> } = {}) =>
  runDeletion(provider, { baseUrl: vendor.baseUrl, credentials: extra.credentials ?? credentials, context, id: extra.id ?? ID, checkOwner: extra.checkOwner });

describe('teamwork-project-management', () => {
  it('reads the person (v3), then deletes them with DELETE /people/{id}.json, Basic auth with the API key', async () => {
    vendor.fake.on(`GET /projects/api/v3/people/${ID}.json`, { body: person }).on(`DELETE /people/${ID}.json`, { body: { STATUS: 'OK' } });

    const out = await run();

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /projects/api/v3/people/${ID}.json`, `DELETE /people/${ID}.json`]);
    const basic = `Basic ${Buffer.from(`${API_KEY}:x`).toString('base64')}`;
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(basic);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toMatchObject({ id: ID, status: 'DELETED' });
    expect(unfilledMappedFields(provider, out.before)).toEqual([]);
  });

  it('sends an OAuth access token as a bearer token', async () => {
    vendor.fake.on(`GET /projects/api/v3/people/${ID}.json`, { body: person }).on(`DELETE /people/${ID}.json`, { body: { STATUS: 'OK' } });
    await run({ credentials: { method: 'oauth', accessToken: 'tw-oauth-token' } });
    for (const r of vendor.fake.requests) expect(r.headers.authorization).toBe('Bearer tw-oauth-token');
  });

  it('declares the 30-day trash can', () => {
    expect(provider.semantics).toMatchObject({ permanent: false, restoreWindowDays: 30 });
  });

  it('refuses a person id that is not a number before any call', async () => {
    for (const id of ['me', 'abc', '12/3']) await expect(run({ id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toEqual([]);
  });

  it('refuses to delete the token owner (GET /projects/api/v3/me.json)', async () => {
    vendor.fake
      .on(`GET /projects/api/v3/people/${ID}.json`, { body: person })
      .on('GET /projects/api/v3/me.json', { body: person })
      .on(`DELETE /people/${ID}.json`, { body: { STATUS: 'OK' } });
    await expect(run({ checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('reports a refused deletion (such as the site default user) as the vendor error, never forced', async () => {
    vendor.fake
      .on(`GET /projects/api/v3/people/${ID}.json`, { body: person })
      .on(`DELETE /people/${ID}.json`, { status: 400, body: { MESSAGE: 'You cannot delete the default user', STATUS: 'Error' } });
    await expect(run()).rejects.toMatchObject({ code: 'REMOTE_ERROR', details: { remote: { status: 400 } } });
  });

  it('finds people by email with searchTerm, keeping exact case-insensitive matches only', async () => {
    vendor.fake.on('GET /projects/api/v3/people.json', { body: people });
    const { http, context: ctx } = vendorClient(provider, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await provider.findUsers!({ http, email: 'Jane.Murphy@Example.com', params: {}, context: ctx });
    expect(found.map((p) => p.id)).toEqual([238765]);
    expect(vendor.fake.calls()).toEqual(['GET /projects/api/v3/people.json?searchTerm=Jane.Murphy%40Example.com&page=1&pageSize=50']);
  });

  it('accepts Teamwork hosts only', async () => {
    await expect(
      runDeletion(provider, { baseUrl: vendor.baseUrl, credentials, context: { host: 'acme.example.com' }, id: ID }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
