import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { confluent, type ConfluentUser } from './index.js';

const ID = 'u-02ab3c';
const vendor = useFakeVendor();
const creds = { method: 'cloud_api_key', apiKey: 'ABCDEFGH12345678', apiSecret: 'cflt-secret-value' };
const BASIC = `Basic ${Buffer.from('ABCDEFGH12345678:cflt-secret-value').toString('base64')}`;

describe('confluent', () => {
  it('reads the user, then deletes it, with Basic Cloud API key auth', async () => {
    vendor.fake.on(`GET /iam/v2/users/${ID}`, { body: fixture('confluent', 'user.json') }).on(`DELETE /iam/v2/users/${ID}`, { status: 204 });
    const out = await runDeletion(confluent, { baseUrl: vendor.fake.url, credentials: creds, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /iam/v2/users/${ID}`, `DELETE /iam/v2/users/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(BASIC);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.user.status).toBe('DELETED');
    expect(out.before).toEqual({
      id: ID,
      identifiers: { id: ID, resourceName: 'crn://confluent.cloud/organization=9bb441c4-edef-46ac-8a41-c49e44a3fd9a/user=u-02ab3c' },
      firstName: 'Marty',
      lastName: 'McFly',
      name: 'Marty McFly',
      emails: [{ email: 'marty.mcfly@example.com', type: 'work', isPrimary: true }],
      userType: 'AUTH_TYPE_SSO',
      createdAt: new Date('2006-01-02T22:04:05.000Z'),
      updatedAt: new Date('2006-01-02T22:04:05.000Z'),
    });
    // The semantics say what else goes: the user's API keys.
    expect(confluent.semantics.description).toMatch(/API keys/);
  });

  it('maps 404 to NOT_FOUND and 401 to REAUTH_REQUIRED, never deleting', async () => {
    vendor.fake.on(`GET /iam/v2/users/${ID}`, { status: 404, body: fixture('confluent', 'error-404.json') }, { status: 401, body: { errors: [{ status: '401', detail: 'The API Key is invalid' }] } });
    await expect(runDeletion(confluent, { baseUrl: vendor.fake.url, credentials: creds, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runDeletion(confluent, { baseUrl: vendor.fake.url, credentials: creds, id: ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(vendor.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('waits X-RateLimit-Reset (relative seconds) on a 429 and retries', async () => {
    vendor.fake
      .on(`GET /iam/v2/users/${ID}`, { status: 429, headers: { 'x-ratelimit-reset': '0' }, body: { errors: [{ status: '429' }] } }, { body: fixture('confluent', 'user.json') })
      .on(`DELETE /iam/v2/users/${ID}`, { status: 204 });
    const out = await runDeletion(confluent, { baseUrl: vendor.fake.url, credentials: creds, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /iam/v2/users/${ID}`, `GET /iam/v2/users/${ID}`, `DELETE /iam/v2/users/${ID}`]);
    expect(out.outcome).toBe('DELETED');
  });

  it('finds users by email following metadata.next, case-insensitively and exactly', async () => {
    const page = fixture<{ data: ConfluentUser[] }>('confluent', 'users-page.json');
    const last = { api_version: 'iam/v2', kind: 'UserList', metadata: { next: '' }, data: [{ ...page.data[0]!, id: 'u-99zz', email: 'MARTY.MCFLY@example.com' }, { ...page.data[1]!, id: 'u-77', email: 'marty.mcfly@example.com.au' }] };
    vendor.fake.on('GET /iam/v2/users', { body: page }, { body: last });
    const { http, context } = vendorClient(confluent, { baseUrl: vendor.fake.url, credentials: creds });
    const found = await confluent.findUsers!({ http, context, email: 'Marty.McFly@example.com', params: {} });
    expect(found.map((u) => u.id)).toEqual([ID, 'u-99zz']);
    expect(vendor.fake.requests.map((r) => r.search)).toEqual(['page_size=100', 'page_size=100&page_token=UvmDWOB1iwfAIBPj6EYb']);
  });
});
