import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { calendly, type CalendlyMembership } from './index.js';

const user = fixture<{ resource: Record<string, unknown> }>('calendly', 'user.json');
const memberships = fixture<{ collection: CalendlyMembership[]; pagination: Record<string, unknown> }>('calendly', 'memberships.json');
const ID = 'AAAAAAAAAAAAAAAA';
const ORG_URI = 'https://api.calendly.com/organizations/AAAAAAAAAAAAAAAA';
const USER_URI = `https://api.calendly.com/users/${ID}`;
const TOKEN = 'calendly-personal-access-token';
const credentials = { method: 'personal_access_token', apiToken: TOKEN };

const vendor = useFakeVendor();

const expected: UnifiedUser = {
  id: ID,
  firstName: 'John',
  lastName: 'Doe',
  name: 'John Doe',
  username: 'acmesales',
  emails: [{ email: 'test@example.com', isPrimary: true }],
  roles: [{ name: 'user', organization: 'AAAAAAAAAAAAAAAA' }],
  organizations: [{ id: 'AAAAAAAAAAAAAAAA' }],
  avatar: 'https://01234567890.cloudfront.net/uploads/user/avatar/0123456/a1b2c3d4.png',
  timezone: 'America/New York',
  languages: ['en'],
  createdAt: new Date('2019-01-02T03:04:05.678Z'),
  updatedAt: new Date('2019-08-07T06:05:04.321Z'),
  urls: [{ url: 'https://calendly.com/acmesales', type: 'scheduling' }],
};

describe('calendly', () => {
  it('reads the user, finds their membership in their organization, and deletes the membership (not the user)', async () => {
    vendor.fake
      .on(`GET /users/${ID}`, { body: user })
      .on('GET /organization_memberships', { body: memberships })
      .on('DELETE /organization_memberships/MMMMMMMMMMMMMMMM', { status: 204 });
    const out = await runDeletion(calendly, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /users/${ID}`, 'GET /organization_memberships', 'DELETE /organization_memberships/MMMMMMMMMMMMMMMM']);
    expect(vendor.fake.requests[1]!.query).toEqual({ organization: ORG_URI, user: USER_URI });
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(calendly, out.before)).toEqual([]);
    expect(out.user.organizations ?? []).toEqual([]);
  });

  it('refuses to remove the organization owner (FAILED_PRECONDITION), with no write', async () => {
    const owner = { ...memberships, collection: [{ ...memberships.collection[0]!, role: 'owner' }] };
    vendor.fake.on(`GET /users/${ID}`, { body: user }).on('GET /organization_memberships', { body: owner });
    await expect(runDeletion(calendly, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(vendor.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('answers NOT_FOUND for a user with no membership in the organization, with no write', async () => {
    vendor.fake.on(`GET /users/${ID}`, { body: user }).on('GET /organization_memberships', { body: { collection: [], pagination: { count: 0, next_page_token: null } } });
    await expect(runDeletion(calendly, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('refuses `me` before any call', async () => {
    await expect(runDeletion(calendly, { baseUrl: vendor.baseUrl, credentials, id: 'me' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('finds members by email in the token owner\'s organization, exact matches only, following page tokens', async () => {
    const other = { ...memberships.collection[0]!, uri: 'https://api.calendly.com/organization_memberships/NNNN', user: { ...memberships.collection[0]!.user, uri: 'https://api.calendly.com/users/CCCC', email: 'test@example.com.evil' } };
    vendor.fake
      .on('GET /users/me', { body: { resource: { ...user.resource, uri: 'https://api.calendly.com/users/BBBB', email: 'admin@example.com' } } })
      .on(
        'GET /organization_memberships',
        { body: { collection: [other], pagination: { next_page_token: 'tok2' } } },
        { body: { collection: memberships.collection, pagination: { next_page_token: null } } },
      );
    const { http, context } = vendorClient(calendly, { baseUrl: vendor.baseUrl, credentials });
    const found = await calendly.findUsers!({ http, email: 'Test@Example.com', params: {}, context });
    expect(found.map((r) => calendly.toUser(r, { id: '', params: {} }).id)).toEqual([ID]);
    expect(vendor.fake.requests[1]!.query).toEqual({ organization: ORG_URI, email: 'Test@Example.com', count: '100' });
    expect(vendor.fake.requests[2]!.query).toEqual({ organization: ORG_URI, email: 'Test@Example.com', count: '100', page_token: 'tok2' });
  });
});
