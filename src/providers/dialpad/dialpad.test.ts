import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { dialpad, type DialpadUser } from './index.js';

const user = fixture<DialpadUser>('dialpad', 'user.json');
const deleted = fixture<DialpadUser>('dialpad', 'user-deleted.json');
const ID = '5835806903417907';
const USER_PATH = `/api/v2/users/${ID}`;
const KEY = 'dialpad-company-api-key';
const credentials = { method: 'api_key', apiKey: KEY };
const COMPANY = '4508591728425653';

const vendor = useFakeVendor('/api/v2');

/** users.get's documented example, mapped by hand. */
const expected: UnifiedUser = {
  id: ID,
  firstName: 'テÉst',
  lastName: 'Bot',
  name: 'テÉst Bot',
  title: 'Mock Job Title',
  emails: [{ email: 'bot@fuzz-ball.com', isPrimary: true }],
  phones: [{ number: '+14155551001' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [
    { name: 'super_admin', organization: COMPANY },
    { id: '5220648944236254', name: 'admin', group: 'callcenter' },
    { id: '6422934115149452', name: 'admin', group: 'office' },
  ],
  organizations: [{ id: COMPANY }],
  licenses: [{ id: 'talk', name: 'talk', organizationId: COMPANY }],
  groups: [
    { id: '5220648944236254', name: 'callcenter', organizationId: COMPANY },
    { id: '6422934115149452', name: 'office', organizationId: COMPANY },
  ],
  avatar: 'https://dialpad.example.com/avatar/user/ag5kZXZ-dWJlci12b2ljZXIYCxILVXNlclByb2ZpbGUYs_jS66r0rgoM.png?version=36c0561fb8e0f5765ccfb3a5316f6d5d',
  timezone: 'US/Pacific',
  languages: ['en'],
  createdAt: new Date('2021-06-20T19:18:00Z'),
  activatedAt: new Date('2021-06-20T19:18:00Z'),
};

describe('dialpad', () => {
  it('reads the user, then deletes it (200, the user as deleted), with the API key as Bearer', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { body: { ...deleted, id: ID } });
    const out = await runDeletion(dialpad, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`, `DELETE ${USER_PATH}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.rawBody).toBe('');
      expect(r.query).toEqual({});
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(dialpad, out.before)).toEqual([]);
    expect(out.user).toMatchObject({ id: ID, status: 'DELETED', rawStatus: 'deleted' });
  });

  it('every request conforms to Dialpad\'s OpenAPI description', async () => {
    vendor.fake
      .on(`GET ${USER_PATH}`, { body: user })
      .on(`DELETE ${USER_PATH}`, { body: deleted })
      .on('GET /api/v2/users', { body: { items: [user] } });
    await runDeletion(dialpad, { baseUrl: vendor.baseUrl, credentials, id: ID });
    const { http, context } = vendorClient(dialpad, { baseUrl: vendor.baseUrl, credentials });
    await dialpad.findUsers!({ http, email: 'bot@fuzz-ball.com', params: {}, context });
    const spec = loadSpec('dialpad.json');
    expect(vendor.fake.requests).toHaveLength(3);
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r))).toEqual([]);
    expect(checkRequest(spec, { ...vendor.fake.requests[1]!, path: `${USER_PATH}/purge` })).not.toEqual([]);
  });

  it('finds users by email (state=all), exact matches only, deleted ones left out, following the cursor', async () => {
    vendor.fake.on(
      'GET /api/v2/users',
      { body: { items: [{ ...user, id: '1', emails: ['bot@fuzz-ball.com.au'] }, { ...user, id: '2', state: 'deleted' }], cursor: 'c2' } },
      { body: { items: [{ ...user, emails: ['other@example.com', 'BOT@fuzz-ball.com'] }] } },
    );
    const { http, context } = vendorClient(dialpad, { baseUrl: vendor.baseUrl, credentials });
    const found = await dialpad.findUsers!({ http, email: 'bot@fuzz-ball.com', params: {}, context });
    expect(found.map((u) => String(u.id))).toEqual([ID]);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([
      { email: 'bot@fuzz-ball.com', state: 'all' },
      { email: 'bot@fuzz-ball.com', state: 'all', cursor: 'c2' },
    ]);
  });

  it('reads the owner of a user-level key from /users/me; a company key (refused there) has none', async () => {
    if (!('lookup' in dialpad.tokenOwner)) throw new Error('Dialpad names the owner of a user-level key');
    const { http, context } = vendorClient(dialpad, { baseUrl: vendor.baseUrl, credentials });
    vendor.fake.on('GET /api/v2/users/me', { body: user }, { status: 400, body: { error: { code: 400, message: 'me is only valid with a user API key' } } });
    expect(await dialpad.tokenOwner.lookup({ http, context, method: 'api_key' })).toEqual({ ids: [ID, 'bot@fuzz-ball.com'] });
    expect(await dialpad.tokenOwner.lookup({ http, context, method: 'api_key' })).toBeUndefined();
  });

  it('refuses `me`, and hosts other than Dialpad\'s two servers', async () => {
    await expect(runDeletion(dialpad, { baseUrl: vendor.baseUrl, credentials, id: 'ME' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(() => validateContext(dialpad, { host: 'evil.example.com' })).toThrow();
    expect(buildBaseUrl(dialpad, validateContext(dialpad, { host: 'sandbox.dialpad.com' })).href).toBe('https://sandbox.dialpad.com/api/v2');
    expect(buildBaseUrl(dialpad, validateContext(dialpad, {})).href).toBe('https://dialpad.com/api/v2');
    expect(vendor.fake.requests).toHaveLength(0);
  });
});
