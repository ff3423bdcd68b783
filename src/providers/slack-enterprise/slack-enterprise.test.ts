import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, transport, useFakeVendor } from '../../../test/helpers/provider.js';
import { performDeletion } from '../../deletion/service.js';
import { VendorHttp } from '../core/http.js';
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

/** The same user once removed from T012AB3C4, their only workspace: no workspace, no workspace role; the org account stays active. */
const expectedAfter: UnifiedUser = { ...expectedUser, workspaces: [], roles: [] };

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
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toEqual(expectedAfter);
  });

  it('keeps the base path of the base URL (https://slack.com/api)', async () => {
    vendor.fake.on('GET /api/users.info', { body: info }).on('POST /api/admin.users.remove', { body: removeOk });
    const out = await runDeletion(slackEnterprise, { baseUrl: `${vendor.fake.url}/api`, credentials, id: ID, params });
    expect(vendor.fake.calls()).toEqual([`GET /api/users.info?user=${ID}`, 'POST /api/admin.users.remove']);
    expect(out.before).toEqual(expectedUser);
  });

  it('sends an OAuth access token as Bearer', async () => {
    routes();
    await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials: { method: 'oauth', accessToken: 'xoxp-oauth-access-token' }, id: ID, params });
    expect(vendor.fake.calls()).toEqual([INFO, REMOVE]);
    expectSlackRequests(vendor.fake.requests, 'xoxp-oauth-access-token');
  });

  it('turns {ok:false,error:"user_not_found"} with HTTP 200 from admin.users.remove into NOT_FOUND carrying Slack\'s error (and the remote answer the service needs for ALREADY_ABSENT)', async () => {
    routes(removeError);
    const err = await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'NOT_FOUND',
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
    expect(out.before).toEqual({ ...expectedUser, id: 'U0G9QF9C6' });
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
    expect(out.before).toEqual({
      ...expectedUser,
      status: 'INACTIVE',
      rawStatus: 'deleted',
      roles: [{ id: 'multi_channel_guest', name: 'multi_channel_guest', workspace: 'multi_channel_guest' }],
    });
  });

  it('fills every field it declares in maps for the fixture', async () => {
    routes();
    const out = await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params });
    const mapped = out.before as unknown as Record<string, unknown>;
    expect(slackEnterprise.maps.filter((f) => mapped[f] === undefined || mapped[f] === null)).toEqual([]);
  });

  describe("Slack's documented error strings (ok:false in HTTP 200 bodies)", () => {
    const run = () => runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params });
    const onInfo = (error: string) => vendor.fake.on('GET /users.info', { body: { ok: false, error } }).on(REMOVE, { body: removeOk });
    const onRemove = (error: string) => vendor.fake.on('GET /users.info', { body: info }).on(REMOVE, { body: { ok: false, error } });

    it.each(['not_authed', 'invalid_auth', 'token_revoked', 'token_expired', 'account_inactive'])('%s → REAUTH_REQUIRED, nothing removed', async (error) => {
      onInfo(error);
      await expect(run()).rejects.toMatchObject({ code: 'REAUTH_REQUIRED', details: { remote: { status: 200, error } } });
      expect(vendor.fake.calls()).toEqual([INFO]);
    });

    it('user_not_found on users.info → NOT_FOUND with the remote answer, nothing removed', async () => {
      onInfo('user_not_found');
      await expect(run()).rejects.toMatchObject({ code: 'NOT_FOUND', details: { remote: { status: 200, error: 'user_not_found' } } });
      expect(vendor.fake.calls()).toEqual([INFO]);
    });

    it.each(['missing_scope', 'not_allowed_token_type', 'invalid_permissions', 'feature_not_enabled', 'access_denied', 'cannot_modify_primary_owner'])(
      '%s on admin.users.remove → FORBIDDEN',
      async (error) => {
        onRemove(error);
        await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN', details: { remote: { status: 200, error } } });
      },
    );

    it('team_not_found → BAD_USER_INPUT (the workspaceId), user_already_deleted → FAILED_PRECONDITION, an unlisted error → REMOTE_ERROR', async () => {
      onRemove('team_not_found');
      await expect(run()).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { remote: { error: 'team_not_found' } } });
      vendor.fake.reset();
      onRemove('user_already_deleted');
      await expect(run()).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', details: { remote: { error: 'user_already_deleted' } } });
      vendor.fake.reset();
      onRemove('failed_to_remove_user_from_workspace');
      await expect(run()).rejects.toMatchObject({ code: 'REMOTE_ERROR', details: { remote: { error: 'failed_to_remove_user_from_workspace' } } });
    });

    it('ratelimited: the 429 with Retry-After is waited out and retried', async () => {
      vendor.fake.on('GET /users.info', { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } }, { body: info }).on(REMOVE, { body: removeOk });
      const out = await run();
      expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
      expect(vendor.fake.calls()).toEqual([INFO, INFO, REMOVE]);
    });

    it('token_expired on an OAuth account refreshes the token like a 401 and makes the call again', async () => {
      vendor.fake.on('GET /users.info', { body: { ok: false, error: 'token_expired' } }, { body: info }).on(REMOVE, { body: removeOk });
      let refreshed = 0;
      const http = new VendorHttp({
        transport,
        baseUrl: new URL(vendor.fake.url),
        auth: { headers: { authorization: 'Bearer xoxe.xoxp-old' }, query: {}, secrets: ['xoxe.xoxp-old'] },
        onUnauthorized: async () => (refreshed++, { headers: { authorization: 'Bearer xoxe.xoxp-new' }, query: {}, secrets: ['xoxe.xoxp-new'] }),
        errors: slackEnterprise.errors,
        rateLimit: slackEnterprise.rateLimit,
        timeoutMs: 5_000,
        retry: { maxAttempts: 3, maxWaitMs: 5_000, baseDelayMs: 10 },
        maxBodyBytes: 1024 * 1024,
        integration: slackEnterprise.name,
      });
      const out = await performDeletion(slackEnterprise, { http, id: ID, params, context: {} });
      expect(refreshed).toBe(1);
      expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
      expect(vendor.fake.requests.map((r) => r.headers.authorization)).toEqual(['Bearer xoxe.xoxp-old', 'Bearer xoxe.xoxp-new', 'Bearer xoxe.xoxp-new']);
    });
  });

  describe('self-deletion guard (auth.test)', () => {
    const AUTH_TEST = { ok: true, url: 'https://subarachnoid.slack.com/', team: 'Subarachnoid Workspace', user: 'grace', team_id: 'T12345678', user_id: 'W12345678' };
    const run = () => runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params, checkOwner: true });

    it('removes someone else, reading auth.test with a GET (a read, also in dry runs)', async () => {
      routes().on('GET /auth.test', { body: AUTH_TEST });
      const out = await run();
      expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
      expect(vendor.fake.calls()).toEqual([INFO, 'GET /auth.test', REMOVE]);
      expect(vendor.fake.requests[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });

    it("refuses to remove the token's own user (auth.test user_id), and never calls admin.users.remove", async () => {
      routes().on('GET /auth.test', { body: { ...AUTH_TEST, user_id: ID, user: 'spengler' } });
      await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
      expect(vendor.fake.calls()).toEqual([INFO, 'GET /auth.test']);
    });

    it('an auth.test failure stops the removal', async () => {
      routes().on('GET /auth.test', { body: { ok: false, error: 'invalid_auth' } });
      await expect(run()).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
      expect(vendor.fake.calls()).not.toContain(REMOVE);
    });

    it('declares no self-alias (Slack documents none) and a workspace removal that is permanent for the membership', () => {
      expect(slackEnterprise.selfAliases).toEqual([]);
      expect(slackEnterprise.semantics).toMatchObject({ permanent: true });
      expect(slackEnterprise.semantics.restoreWindowDays).toBeUndefined();
    });
  });

  it('the returned user keeps the other workspaces of a user in several', async () => {
    const two = { ...info.user, enterprise_user: { ...info.user.enterprise_user, teams: ['T012AB3C4', 'T0OTHER00'] } };
    vendor.fake.on('GET /users.info', { body: { ok: true, user: two } }).on(REMOVE, { body: removeOk });
    const out = await runDeletion(slackEnterprise, { baseUrl: vendor.fake.url, credentials, id: ID, params });
    expect(out.before?.workspaces).toEqual([{ id: 'T012AB3C4' }, { id: 'T0OTHER00' }]);
    expect(out.user.workspaces).toEqual([{ id: 'T0OTHER00' }]);
    expect(out.user.roles).toEqual(expectedUser.roles);
    expect(out.user.status).toBe('ACTIVE');
  });

});
