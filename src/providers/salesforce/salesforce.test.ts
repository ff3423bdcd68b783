import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { salesforce, type SalesforceUser } from './index.js';

const user = fixture<SalesforceUser>('salesforce', 'user.json');
const ID = '005D0000001KyEIIA0';
const BASE = '/services/data/v61.0';
const TOKEN = '00Dxx0000001gPL!AQ4AQFakeAccessToken';
const credentials = { method: 'oauth', accessToken: TOKEN };
const context = { host: 'acme.my.salesforce.com' };
const vendor = useFakeVendor(BASE);

const expectedSnapshot: UnifiedUser = {
  id: ID,
  firstName: 'Jane',
  lastName: 'Smith',
  name: 'Jane Smith',
  username: 'jsmith@acme.com',
  title: 'Account Executive',
  emails: [{ email: 'jsmith@acme.com', type: 'primary', isPrimary: true }],
  phones: [
    { number: '(415) 555-1212', type: 'work' },
    { number: '(415) 555-3434', type: 'mobile' },
  ],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [
    { id: '00eD0000001Fh1LIAS', name: 'Profile' },
    { id: '00ED0000000ZrDlMAK', name: 'Role' },
  ],
  userType: 'Standard',
  avatar: 'https://acme.file.force.com/profilephoto/729D00000000BDV/F',
  timezone: 'America/Los_Angeles',
  languages: ['en_US'],
  bio: 'Enterprise accounts, West region.',
  createdAt: new Date('2021-03-04T17:32:11.000Z'),
  updatedAt: new Date('2024-06-11T09:14:52.000Z'),
  lastLoginAt: new Date('2024-06-10T15:02:27.000Z'),
};

describe('salesforce', () => {
  it('reads the User record, then PATCHes IsActive false with the Bearer token: DEACTIVATED', async () => {
    vendor.fake.on(`GET ${BASE}/sobjects/User/${ID}`, { body: user }).on(`PATCH ${BASE}/sobjects/User/${ID}`, { status: 204 });
    const out = await runDeletion(salesforce, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/sobjects/User/${ID}`, `PATCH ${BASE}/sobjects/User/${ID}`]);
    for (const r of vendor.fake.requests) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(vendor.fake.requests[0]?.rawBody).toBe('');
    expect(JSON.parse(vendor.fake.requests[1]!.rawBody)).toEqual({ IsActive: false });
    expect(vendor.fake.requests[1]?.headers['content-type']).toMatch(/^application\/json/);
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.before).toEqual(expectedSnapshot);
    expect(out.user).toEqual({ ...expectedSnapshot, status: 'INACTIVE', rawStatus: 'inactive' });
  });

  it('an inactive user is left alone', async () => {
    vendor.fake.on(`GET ${BASE}/sobjects/User/${ID}`, { body: { ...user, IsActive: false } });
    const out = await runDeletion(salesforce, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/sobjects/User/${ID}`]);
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
  });

  it('reports a deactivation blocker (FIELD_INTEGRITY_EXCEPTION) as a precondition, without forcing anything', async () => {
    vendor.fake
      .on(`GET ${BASE}/sobjects/User/${ID}`, { body: user })
      .on(`PATCH ${BASE}/sobjects/User/${ID}`, {
        status: 400,
        body: [{ message: 'You cannot deactivate a user who is the default lead creator. Choose a different default lead creator first.', errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: [] }],
      });
    await expect(runDeletion(salesforce, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/sobjects/User/${ID}`, `PATCH ${BASE}/sobjects/User/${ID}`]);
  });

  it('refuses ids that are not User record ids, before any request', async () => {
    for (const id of ['jsmith@acme.com', '001D000000IqhSLIAZ', '005D0000001KyEI/../x', '005D0000001KyE']) {
      await expect(runDeletion(salesforce, { baseUrl: vendor.baseUrl, credentials, context, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('accepts only Salesforce hosts as the instance', async () => {
    for (const host of ['evil.com', 'acme.salesforce.com.evil.com', 'a/b.salesforce.com']) {
      await expect(runDeletion(salesforce, { baseUrl: vendor.baseUrl, credentials, context: { host }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('refuses to deactivate the token user (userinfo on the instance, 15-character id too)', async () => {
    vendor.fake
      .on(`GET ${BASE}/sobjects/User/${ID.slice(0, 15)}`, { body: user })
      .on(`PATCH ${BASE}/sobjects/User/${ID.slice(0, 15)}`, { status: 204 })
      .on('GET /services/oauth2/userinfo', { body: { user_id: ID, preferred_username: 'jsmith@acme.com', email: 'jsmith@acme.com' } });
    await expect(runDeletion(salesforce, { baseUrl: vendor.baseUrl, credentials, context, id: ID.slice(0, 15), checkOwner: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'SELF_DELETION' },
    });
    expect(vendor.fake.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('finds users by email with an escaped SOQL query, exact case-insensitive matches only', async () => {
    vendor.fake.on(`GET ${BASE}/query`, { body: { totalSize: 2, done: true, records: [user, { ...user, Id: '005D0000001KyEJIA0', Email: 'other@acme.com' }] } });
    const { http, context: ctx } = vendorClient(salesforce, { baseUrl: vendor.baseUrl, credentials, context });
    expect((await salesforce.findUsers!({ http, email: 'JSmith@acme.com', params: {}, context: ctx })).map((u) => u.Id)).toEqual([ID]);
    expect(vendor.fake.requests[0]?.query.q).toMatch(/ FROM User WHERE Email = 'JSmith@acme\.com' LIMIT 200$/);
    vendor.fake.requests.length = 0;
    await salesforce.findUsers!({ http, email: "o'brien\\@acme.com", params: {}, context: ctx });
    expect(vendor.fake.requests[0]?.query.q).toContain("WHERE Email = 'o\\'brien\\\\@acme.com'");
  });
});
