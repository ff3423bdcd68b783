import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { googleWorkspace as gw, type GoogleUser } from './index.js';

const user = fixture<GoogleUser>('google-workspace', 'user.json');
const ID = '115834185437629468913';
const TOKEN = 'ya29.a0AfB_byC-google-access-token-value';
const credentials = { method: 'oauth', accessToken: TOKEN };
const USERS = '/admin/directory/v1/users';

const vendor = useFakeVendor();
const run = (id = ID, extra: Partial<Parameters<typeof runDeletion>[1]> = {}) => runDeletion(gw, { baseUrl: vendor.baseUrl, credentials, id, ...extra });

/** The mapping of user.json, computed by hand. */
const expected: UnifiedUser = {
  id: ID,
  identifiers: { customerId: 'C03az79cb', orgUnitPath: '/corp/engineering' },
  firstName: 'Liz',
  lastName: 'Smith',
  name: 'Liz Smith',
  username: 'liz@example.com',
  title: 'SWE',
  emails: [
    { email: 'liz@example.com', type: 'primary', isPrimary: true },
    { email: 'liz.smith@example.org', type: 'work', isPrimary: false },
    { email: 'lizsmith@example.com', type: 'alias', isPrimary: false },
    { email: 'lsmith@example.com', type: 'alias', isPrimary: false },
    { email: 'liz@example.test-google-a.com', type: 'alias', isPrimary: false },
  ],
  phones: [
    { number: '+1 650 555 0199', type: 'work' },
    { number: '+1 650 555 0123', type: 'desk' },
  ],
  status: 'ACTIVE',
  rawStatus: 'active',
  is2faEnabled: true,
  roles: [{ id: 'delegated_admin', name: 'Delegated Admin' }],
  avatar: user.thumbnailPhotoUrl as string,
  languages: ['en-GB'],
  urls: [{ url: 'https://sites.example.com/liz', type: 'work' }],
  createdAt: new Date('2010-04-05T17:30:04.000Z'),
  lastLoginAt: new Date('2013-02-05T10:30:03.000Z'),
};

describe('google-workspace', () => {
  it('reads the user by primary email, then deletes it by its unique id with the OAuth bearer token', async () => {
    vendor.fake.on(`GET ${USERS}/liz%40example.com`, { body: user }).on(`DELETE ${USERS}/${ID}`, { status: 204 });
    const out = await run('liz@example.com');

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/liz%40example.com`, `DELETE ${USERS}/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe('application/json');
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.user).toEqual(expected);
    expect(unfilledMappedFields(gw, out.user)).toEqual([]);
  });

  it('every request conforms to the Admin SDK Directory OpenAPI description', async () => {
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: user }).on(`DELETE ${USERS}/${ID}`, { status: 200, text: '' });
    await run(ID, { remoteQuery: { quotaUser: 'offboarding' } });
    const spec = loadSpec('google-admin-directory.yaml');
    expect(vendor.fake.requests).toHaveLength(2);
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r))).toEqual([]);
    expect(vendor.fake.calls()[1]).toBe(`DELETE ${USERS}/${ID}?quotaUser=offboarding`);
    // the checker itself rejects what the description lacks
    const del = vendor.fake.requests[1]!;
    expect(checkRequest(spec, { ...del, path: `${USERS}/${ID}/purge` })).not.toEqual([]);
    expect(checkRequest(spec, { ...del, query: { permanent: 'true' } })).not.toEqual([]);
    expect(checkRequest(spec, { ...del, rawBody: '{"x":1}' })).not.toEqual([]);
  });

  it('maps a Google 404 to NOT_FOUND with the Google error, and never deletes', async () => {
    vendor.fake.on(`GET ${USERS}/${ID}`, { status: 404, body: fixture('google-workspace', 'error-404.json') });
    await expect(run()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { remote: { status: 404, body: { error: { code: 404, errors: [{ reason: 'notFound' }] } } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`]);
  });

  it("tells Google's 403 quota errors (RATE_LIMITED) from permission errors (FORBIDDEN)", async () => {
    vendor.fake.on(`GET ${USERS}/${ID}`, { status: 403, body: fixture('google-workspace', 'error-403-rate-limit.json') });
    await expect(run()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfter: 60, remote: { status: 403, body: { error: { errors: [{ reason: 'userRateLimitExceeded' }] } } } },
    });

    vendor.fake.reset();
    vendor.fake.on(`GET ${USERS}/${ID}`, { status: 403, headers: { 'retry-after': '7' }, body: fixture('google-workspace', 'error-403-rate-limit.json') });
    await expect(run()).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 7 } });

    vendor.fake.reset();
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: user }).on(`DELETE ${USERS}/${ID}`, { status: 403, body: fixture('google-workspace', 'error-403-forbidden.json') });
    await expect(run()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { remote: { status: 403, body: { error: { message: 'Not Authorized to access this resource/api' } } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`]);
  });

  it('retries a 429 after Retry-After', async () => {
    vendor.fake
      .on(`GET ${USERS}/${ID}`, { body: user })
      .on(`DELETE ${USERS}/${ID}`, { status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 429 } } }, { status: 204 });
    const out = await run();
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`]);
    expect(out.outcome).toBe('DELETED');
  });

  it('maps suspended, archived and never-logged-in users', () => {
    const args = { id: ID, params: {} };
    expect(gw.toUser({ ...user, suspended: true, suspensionReason: 'ADMIN' }, args)).toMatchObject({ status: 'INACTIVE', rawStatus: 'suspended' });
    expect(gw.toUser({ ...user, archived: true }, args)).toMatchObject({ status: 'INACTIVE', rawStatus: 'archived' });
    expect(gw.toUser({ ...user, isAdmin: true, isDelegatedAdmin: false }, args).roles).toEqual([{ id: 'super_admin', name: 'Super Admin' }]);
    expect(gw.toUser({ ...user, lastLoginTime: '1970-01-01T00:00:00.000Z' }, args).lastLoginAt).toBeUndefined();
  });

  it('refuses user keys that are neither an email nor a numeric id, without calling Google', async () => {
    for (const id of ['my_customer', 'liz', '12a', 'a/b@example.com']) {
      await expect(run(id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('declares the documented OAuth 2.0 token endpoint and scope, and takes no context', async () => {
    expect(gw.auth.oauth!.scheme).toEqual({
      kind: 'oauth2',
      grant: 'authorization_code',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      scopes: ['https://www.googleapis.com/auth/admin.directory.user'],
    });
    expect(gw.baseUrl).toBe('https://admin.googleapis.com');
    await expect(run(ID, { context: { domain: 'example.com' } })).rejects.toThrow(/context\.domain is not a context field/);
    await expect(run(ID, { credentials: { method: 'oauth' } })).rejects.toThrow(/accessToken is required/);
    expect(vendor.fake.requests).toHaveLength(0);
  });
});
