import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { nextCursor, sentry, type SentryMember } from './index.js';

const member = fixture<SentryMember>('sentry', 'member.json');
const members = fixture<SentryMember[]>('sentry', 'members.json');
const ORG = 'antarctica';
const ID = '57377908164';
const TOKEN = 'sntryu_b2a0c8f3test';
const credentials = { method: 'auth_token', authToken: TOKEN };
const context = { region: 'us', organizationSlug: ORG };
const vendor = useFakeVendor('/api/0');
const MEMBER = `/api/0/organizations/${ORG}/members/${ID}/`;

/** member.json (Sentry's OpenAPI example) mapped by hand. */
const expected: UnifiedUser = {
  id: ID,
  identifiers: { memberId: ID, userId: '280094367316', email: 'sirpenguin@antarcticarocks.com' },
  name: 'Sir Penguin',
  username: 'sirpenguin@antarcticarocks.com',
  emails: [{ email: 'sirpenguin@antarcticarocks.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  isEmailVerified: true,
  is2faEnabled: false,
  roles: [
    { id: 'member', name: 'Member', organization: 'member' },
    { id: 'admin', name: 'admin', group: 'ancient-gabelers' },
    { id: 'contributor', name: 'contributor', group: 'powerful-abolitionist' },
  ],
  groups: [
    { id: 'cool-team', name: 'cool-team' },
    { id: 'ancient-gabelers', name: 'ancient-gabelers' },
  ],
  avatar: 'https://secure.gravatar.com/avatar/16aeb26c5fdba335c7078e9e9ddb5149?s=32&d=mm',
  createdAt: new Date('2021-07-06T21:13:01.120263Z'),
  lastActiveAt: new Date('2021-08-02T21:32:18.836829Z'),
  lastLoginAt: new Date('2021-08-02T18:25:00.051182Z'),
};

describe('sentry', () => {
  it('reads the member, then deletes it (204) with the auth token as Bearer', async () => {
    vendor.fake.on(`GET ${MEMBER}`, { body: member }).on(`DELETE ${MEMBER}`, { status: 204 });

    const out = await runDeletion(sentry, { baseUrl: vendor.baseUrl, credentials, context, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${MEMBER}`, `DELETE ${MEMBER}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(sentry, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expected, status: null, rawStatus: null, roles: [], groups: [] });
  });

  it('refuses the only Owner (isOnlyOwner) with FAILED_PRECONDITION before any write', async () => {
    vendor.fake.on(`GET ${MEMBER}`, { body: { ...member, orgRole: 'owner', isOnlyOwner: true } });
    await expect(runDeletion(sentry, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(vendor.fake.calls()).toEqual([`GET ${MEMBER}`]);
  });

  it('maps a pending invite as INVITED', async () => {
    vendor.fake.on(`GET ${MEMBER}`, { body: { ...member, pending: true, user: null } }).on(`DELETE ${MEMBER}`, { status: 204 });
    const out = await runDeletion(sentry, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(out.before).toMatchObject({ status: 'INVITED', rawStatus: 'pending' });
  });

  it('refuses "me" and non-numeric ids before any call', async () => {
    await expect(runDeletion(sentry, { baseUrl: vendor.baseUrl, credentials, context, id: 'me' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(runDeletion(sentry, { baseUrl: vendor.baseUrl, credentials, context, id: 'sirpenguin@antarcticarocks.com' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.calls()).toEqual([]);
  });

  it('builds the regional host from the region and refuses other regions', () => {
    expect(buildBaseUrl(sentry, validateContext(sentry, { region: 'de', organizationSlug: ORG })).href).toBe('https://de.sentry.io/api/0');
    expect(buildBaseUrl(sentry, validateContext(sentry, { organizationSlug: ORG })).href).toBe('https://us.sentry.io/api/0');
    expect(() => validateContext(sentry, { region: 'evil.com#', organizationSlug: ORG })).toThrow(/region/);
  });

  it('finds members by exact email across cursor pages (Link rel="next" results="true")', async () => {
    const link = (cursor: string, more: boolean) =>
      `<https://us.sentry.io/api/0/organizations/${ORG}/members/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://us.sentry.io/api/0/organizations/${ORG}/members/?&cursor=${cursor}>; rel="next"; results="${more}"; cursor="${cursor}"`;
    vendor.fake.on(
      `GET /api/0/organizations/${ORG}/members/`,
      { headers: { link: link('0:100:0', true) }, body: [members[1]] },
      { headers: { link: link('0:200:0', false) }, body: [members[0]] },
    );
    const { http, context: ctx } = vendorClient(sentry, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await sentry.findUsers?.({ http, email: 'SirPenguin@antarcticarocks.com', params: {}, context: ctx });
    expect(found?.map((m) => m.id)).toEqual([ID]);
    expect(vendor.fake.calls()).toEqual([`GET /api/0/organizations/${ORG}/members/`, `GET /api/0/organizations/${ORG}/members/?cursor=0%3A100%3A0`]);
    expect(nextCursor(undefined)).toBeUndefined();
  });
});
