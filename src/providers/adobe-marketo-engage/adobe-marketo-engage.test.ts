import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { adobeMarketoEngage, marketoDate, type MarketoUser } from './index.js';

const user = fixture<MarketoUser>('adobe-marketo-engage', 'user.json');
const all = fixture<MarketoUser[]>('adobe-marketo-engage', 'all-users.json');
const ID = 'jamie@houselannister.com';
const BASE = '/userservice/management/v1/users/jamie%40houselannister.com';
const TOKEN = 'cdf01657-110d-4155-99a7-f986b2ff13a0:int';
const credentials = { method: 'client_credentials', clientId: 'mkto-client', clientSecret: 'mkto-secret', accessToken: TOKEN };
const context = { munchkinId: '284-RPR-133' };
const vendor = useFakeVendor();

/** The mapping of the guide's Get User by Id example, computed by hand. */
const expected: UnifiedUser = {
  id: ID,
  identifiers: { userid: ID, id: 0 },
  firstName: 'Jamie',
  lastName: 'Lannister',
  name: 'Jamie Lannister',
  emails: [{ email: 'jamie@lannister.com', type: 'primary', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  userType: 'standard',
  roles: [
    { id: '1', name: 'Admin', workspace: 'AllZones' },
    { id: '2', name: 'Standard User', workspace: 'World' },
  ],
  workspaces: [
    { id: '0', name: 'AllZones' },
    { id: '1008', name: 'World' },
  ],
  lastLoginAt: new Date('2020-02-05T01:02:23.000Z'),
};

describe('adobe-marketo-engage', () => {
  it('reads the user by its email-form userid, then POSTs delete.json with the token in the Authorization header', async () => {
    vendor.fake.on(`GET ${BASE}/user.json`, { body: user }).on(`POST ${BASE}/delete.json`, { status: 200 });
    const out = await runDeletion(adobeMarketoEngage, { baseUrl: vendor.fake.url, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/user.json`, `POST ${BASE}/delete.json`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      // "You cannot pass the access token as a query-string parameter."
      expect(r.search).toBe('');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(out.user.status).toBe('DELETED');
  });

  it('a standard user of an IMS-integrated subscription: Marketo\'s refusal comes back, nothing is forced', async () => {
    vendor.fake
      .on(`GET ${BASE}/user.json`, { body: user })
      .on(`POST ${BASE}/delete.json`, { status: 403, body: { errors: [{ code: '603', message: 'Access denied' }] } });
    await expect(runDeletion(adobeMarketoEngage, { baseUrl: vendor.fake.url, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reads both documented datetime forms', () => {
    expect(marketoDate('2020-02-05T01:02:23.000t+0000')).toEqual(new Date('2020-02-05T01:02:23.000Z'));
    expect(marketoDate('20200731T20:49:54.0t+0000')).toEqual(new Date('2020-07-31T20:49:54.000Z'));
    expect(marketoDate('20211231T08:00:00.000t-0500')).toEqual(new Date('2021-12-31T13:00:00.000Z'));
    expect(marketoDate('yesterday')).toBeUndefined();
  });

  it('maps a locked user to INACTIVE with the reason', () => {
    expect(adobeMarketoEngage.toUser({ ...user, isLocked: true, lockedReason: 'Too many failed logins', apiOnly: true }, { id: ID, params: {} })).toMatchObject({
      status: 'INACTIVE',
      rawStatus: 'locked: Too many failed logins',
      userType: 'api_only',
    });
  });

  it('finds users over allusers.json pages, matching emailAddress or userid exactly', async () => {
    const full = Array.from({ length: 200 }, (_, i) => ({ userid: `u${i}@acme.com`, emailAddress: `u${i}@acme.com`, id: i }));
    vendor.fake.on('GET /userservice/management/v1/users/allusers.json', (r) => (r.query.pageOffset === '0' ? { body: full } : { body: all }));
    const { http, context: ctx } = vendorClient(adobeMarketoEngage, { baseUrl: vendor.fake.url, credentials, context });
    const found = await adobeMarketoEngage.findUsers!({ http, email: 'JAMIE@houselannister.com', params: {}, context: ctx });
    expect(found.map((u) => u.id)).toEqual([6785]);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([
      { pageSize: '200', pageOffset: '0' },
      { pageSize: '200', pageOffset: '200' },
    ]);
  });

  it('maps a 610 (resource not found) to NOT_FOUND without deleting', async () => {
    vendor.fake.on(`GET ${BASE}/user.json`, { status: 404, body: { errors: [{ code: '610', message: 'Requested resource not found' }] } });
    await expect(runDeletion(adobeMarketoEngage, { baseUrl: vendor.fake.url, credentials, context, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/user.json`]);
  });
});
