import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { slackEnterprise, type SlackUser } from './index.js';

const info = fixture<{ ok: true; user: SlackUser }>('slack-enterprise', 'users-info.json');
const removeOk = fixture<{ ok: true }>('slack-enterprise', 'remove-ok.json');
const removeError = fixture<{ ok: false; error: string }>('slack-enterprise', 'remove-error.json');
const ID = 'W012A3CDE';
const TEAM = 'T012AB3C4';
const TOKEN = 'xoxp-1234567890-1234567890-1234567890-abcdef0123456789abcdef0123456789';
const credentials = { method: 'user_token', token: TOKEN };
const params = { workspaceId: TEAM };
const INFO = `GET /users.info?user=${ID}`;
const REMOVE = 'POST /admin.users.remove';

const vendor = useFakeVendor();

/** The mapping of users-info.json, computed by hand. */
const expectedUser: UnifiedUser = {
  id: 'W012A3CDE',
  firstName: 'Egon',
  lastName: 'Spengler',
  title: 'Ghostbuster',
  name: 'Egon Spengler',
  username: 'spengler',
  emails: [{ email: 'spengler@ghostbusters.example.com', type: 'work', isPrimary: true }],
  phones: [{ number: '+1-555-555-0142', type: 'work' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  is2faEnabled: false,
  roles: [{ id: 'admin', name: 'admin', workspace: 'admin' }],
  organizations: [{ id: 'E012AB3C4', name: 'Ghostbusters' }],
  workspaces: [{ id: 'T012AB3C4' }],
  avatar: 'https://.../avatar/e3b51ca72dee4ef87916ae2b9240df50.jpg',
  timezone: 'America/Los_Angeles',
  updatedAt: new Date('2017-08-07T20:44:46.000Z'),
};

function routes(remove: unknown = removeOk): FakeVendor {
  return vendor.fake.on('GET /users.info', { body: info }).on(REMOVE, { body: remove });
}

/** users.info: a query string, no body; admin.users.remove: the form body. Bearer on both. */
function expectSlackRequests(requests: RecordedRequest[], token = TOKEN): void {
  const [get, post] = requests;
  expect(requests).toHaveLength(2);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${token}`);
    expect(r.headers.accept).toBe('application/json');
  }
  expect(get?.query).toEqual({ user: ID });
  expect(get?.headers['content-type']).toBeUndefined();
  expect(get?.rawBody).toBe('');
  expect(post?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(post?.rawBody).toBe(`team_id=${TEAM}&user_id=${ID}`);
  expect(post?.body).toEqual({ team_id: TEAM, user_id: ID });
}

describe('slack enterprise', () => {
  it('reads users.info then POSTs admin.users.remove with a form body and a bearer user token', async () => {
    routes();
    const out = await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([INFO, REMOVE]);
    expectSlackRequests(vendor.fake.requests);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.response).toMatchObject({ status: 200, text: JSON.stringify(removeOk) });
    expect(out.raw).toEqual(info.user);
    expect(out.user).toEqual(expectedUser);
  });

  it('keeps the base path of the base URL (https://slack.com/api)', async () => {
    vendor.fake.on('GET /api/users.info', { body: info }).on('POST /api/admin.users.remove', { body: removeOk });
    const out = await runDeletion(slackEnterprise, { baseUrl: `${vendor.fake.url}/api`, credentials, id: ID, params });
    expect(vendor.fake.calls()).toEqual([`GET /api/users.info?user=${ID}`, 'POST /api/admin.users.remove']);
    expect(out.user).toEqual(expectedUser);
  });

  it('sends an OAuth access token as Bearer', async () => {
    routes();
    await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials: { method: 'oauth', accessToken: 'xoxp-oauth-access-token' }, id: ID, params });
    expect(vendor.fake.calls()).toEqual([INFO, REMOVE]);
    expectSlackRequests(vendor.fake.requests, 'xoxp-oauth-access-token');
  });

  it('turns {ok:false,error:"user_not_found"} with HTTP 200 from admin.users.remove into REMOTE_ERROR carrying Slack\'s error', async () => {
    routes(removeError);
    const err = await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'REMOTE_ERROR',
      details: { integration: 'Slack Enterprise', remote: { status: 200, error: 'user_not_found', body: { ok: false, error: 'user_not_found' } } },
    });
    expect((err as { details: { remote: { error: string } } }).details.remote.error).toBe('user_not_found');
    expect(vendor.fake.calls()).toEqual([INFO, REMOVE]);
    expectSlackRequests(vendor.fake.requests);
  });

  it('fails on users.info ok:false before any removal call', async () => {
    vendor.fake.on('GET /users.info', { body: { ok: false, error: 'user_not_visible' } }).on(REMOVE, { body: removeOk });
    await expect(runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params })).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      details: { remote: { status: 200, error: 'user_not_visible' } },
    });
    expect(vendor.fake.calls()).toEqual([INFO]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('rejects an id that is not a Slack user id (U… / W…) without any request', async () => {
    for (const id of ['alice', 'T012AB3C4', 'w012a3cde', 'U1', 'W012A3CDE&user=U999', '../admin.users.remove', 'spengler@ghostbusters.example.com']) {
      await expect(runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id, params })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('accepts U… ids as well as W… ids', async () => {
    vendor.fake.on('GET /users.info', { body: { ok: true, user: { ...info.user, id: 'U0G9QF9C6' } } }).on(REMOVE, { body: removeOk });
    const out = await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: 'U0G9QF9C6', params });
    expect(vendor.fake.calls()).toEqual(['GET /users.info?user=U0G9QF9C6', REMOVE]);
    expect(vendor.fake.requests[1]?.rawBody).toBe(`team_id=${TEAM}&user_id=U0G9QF9C6`);
    expect(out.user).toEqual({ ...expectedUser, id: 'U0G9QF9C6' });
  });

  it('passes remote_query on the admin.users.remove call only', async () => {
    routes();
    await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params, remoteQuery: { reason: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([INFO, `${REMOVE}?reason=offboarding`]);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([{ user: ID }, { reason: 'offboarding' }]);
    expect(vendor.fake.requests[1]?.rawBody).toBe(`team_id=${TEAM}&user_id=${ID}`);
  });

  it('waits for Retry-After on a 429 from admin.users.remove, then succeeds', async () => {
    vendor.fake
      .on('GET /users.info', { body: info })
      .on(REMOVE, { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }, { body: removeOk });
    const started = Date.now();
    const out = await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(vendor.fake.calls()).toEqual([INFO, REMOVE, REMOVE]);
    expect(vendor.fake.requests[2]?.rawBody).toBe(`team_id=${TEAM}&user_id=${ID}`);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
  });

  it('maps a deactivated, invited or guest user', async () => {
    const deleted = { ...info.user, deleted: true, is_admin: false, is_restricted: true };
    vendor.fake.on('GET /users.info', { body: { ok: true, user: deleted } }).on(REMOVE, { body: removeOk });
    const out = await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params });
    expect(out.user).toEqual({
      ...expectedUser,
      status: 'INACTIVE',
      rawStatus: 'deleted',
      roles: [{ id: 'multi_channel_guest', name: 'multi_channel_guest', workspace: 'multi_channel_guest' }],
    });
  });

  it('fills every field it declares in maps for the fixture', async () => {
    routes();
    const out = await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params });
    const mapped = out.user as unknown as Record<string, unknown>;
    expect(slackEnterprise.maps.filter((f) => mapped[f] === undefined || mapped[f] === null)).toEqual([]);
  });

});
