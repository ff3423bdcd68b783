import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { github, type GitHubMembership, type GitHubUser } from './index.js';

const user = fixture<GitHubUser>('github', 'user.json');
const active = fixture<GitHubMembership>('github', 'membership-active.json');
const pending = fixture<GitHubMembership>('github', 'membership-pending.json');
const ORG = 'github';
const LOGIN = 'octocat';
const TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const credentials = { method: 'token', token: TOKEN };
const vendor = useFakeVendor();

/** The mapped user for user.json + membership-active.json, computed by hand. */
const expectedActive: UnifiedUser = {
  id: 'octocat',
  identifiers: { id: 1, login: 'octocat', nodeId: 'MDQ6VXNlcjE=' },
  name: 'monalisa octocat',
  username: 'octocat',
  emails: [{ email: 'octocat@github.com', type: 'public', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: 'admin', name: 'admin', organization: 'admin' }],
  organizations: [{ id: 'github', name: 'github' }],
  userType: 'User',
  avatar: 'https://github.com/images/error/octocat_happy.gif',
  bio: 'There once was...',
  createdAt: new Date('2008-01-14T04:33:35.000Z'),
  updatedAt: new Date('2008-01-14T04:33:35.000Z'),
  urls: [
    { url: 'https://github.com/octocat', type: 'profile' },
    { url: 'https://github.com/blog', type: 'blog' },
  ],
};

/** The same user once removed: the membership (state, role, organization) is gone. */
const expectedAfter: UnifiedUser = { ...expectedActive, status: null, rawStatus: null, roles: [], organizations: [] };

/** Every GitHub request: bearer token, the recommended media type, the pinned API version, a User-Agent, no body. */
function expectGitHubHeaders(requests: RecordedRequest[], token = TOKEN): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${token}`);
    expect(r.headers.accept).toBe('application/vnd.github+json');
    expect(r.headers['x-github-api-version']).toBe('2022-11-28');
    expect(r.headers['user-agent']).toMatch(/\S/);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.rawBody).toBe('');
  }
}

describe('github', () => {
  it('reads the membership and the user, then removes an active member through /members, with bearer auth and GitHub headers', async () => {
    vendor.fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 204 });

    const out = await runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG } });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/${ORG}/members/${LOGIN}`]);
    expect(vendor.fake.requests.map((r) => r.search)).toEqual(['', '', '']);
    expectGitHubHeaders(vendor.fake.requests);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.raw).toEqual({ user, membership: active });
    expect(out.before).toEqual(expectedActive);
    expect(out.user).toEqual(expectedAfter);
  });

  it('cancels a pending invitation through DELETE /orgs/{org}/memberships/{username}, and maps it as INVITED', async () => {
    vendor.fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: pending })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/memberships/${LOGIN}`, { status: 204 });

    const out = await runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG } });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/${ORG}/memberships/${LOGIN}`]);
    expectGitHubHeaders(vendor.fake.requests);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual({ ...expectedActive, status: 'INVITED', rawStatus: 'pending' });
    expect(out.user).toEqual(expectedAfter);
  });

  it('sends a login that needs encoding as one encoded path segment, never as a new path', async () => {
    vendor.fake
      .on(`GET /orgs/${ORG}/memberships/a%2Fb`, { body: active })
      .on('GET /users/a%2Fb', { body: user })
      .on(`DELETE /orgs/${ORG}/members/a%2Fb`, { status: 204 });

    await runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: 'a/b', params: { organizationId: ORG } });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/a%2Fb`, 'GET /users/a%2Fb', `DELETE /orgs/${ORG}/members/a%2Fb`]);
  });

  it('refuses dot-only ids before any call, and encodes query/fragment characters', async () => {
    // `%2E%2E` is resolved as `..` by URL parsers: DELETE /orgs/{org}/members/.. would reach DELETE /orgs/{org}.
    await expect(runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: '..', params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: 'x', params: { organizationId: '.' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    vendor.fake.on(`GET /orgs/${ORG}/memberships/x%3Fy%23z`, { status: 404, body: { message: 'Not Found' } });
    await expect(runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: 'x?y#z', params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/x%3Fy%23z`]);
  });

  it('maps a 404 on the membership to NOT_FOUND and never reads the user nor deletes', async () => {
    const body = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/orgs/members#get-organization-membership-for-a-user', status: '404' };
    vendor.fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { status: 404, body });

    await expect(runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { remote: { status: 404, body: { message: 'Not Found' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('waits for x-ratelimit-reset on a 403 with x-ratelimit-remaining: 0, then retries', async () => {
    const reset = String(Math.floor(Date.now() / 1000));
    vendor.fake
      .on(
        `GET /orgs/${ORG}/memberships/${LOGIN}`,
        {
          status: 403,
          headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': reset, 'x-ratelimit-resource': 'core' },
          body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' },
        },
        { body: active },
      )
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 204 });

    const started = Date.now();
    const out = await runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG } });
    const elapsed = Date.now() - started;

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([
      `GET /orgs/${ORG}/memberships/${LOGIN}`,
      `GET /orgs/${ORG}/memberships/${LOGIN}`,
      `GET /users/${LOGIN}`,
      `DELETE /orgs/${ORG}/members/${LOGIN}`,
    ]);
    expectGitHubHeaders(vendor.fake.requests);
    // epoch reset of "now" + the one-second margin: the retry did wait, but not long
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(4_000);
    expect(out.before).toEqual(expectedActive);
  });

  it('maps a plain 403 (calls left) to FORBIDDEN without retrying', async () => {
    vendor.fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, {
      status: 403,
      headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
      body: { message: 'Must have admin rights to Repository.', documentation_url: 'https://docs.github.com/rest' },
    });

    await expect(runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { remote: { status: 403 } },
    });
    expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`]);
  });

  it('maps a 403 on the DELETE (not an owner) to FORBIDDEN', async () => {
    vendor.fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 403, body: { message: 'Forbidden' } });
    await expect(runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/${ORG}/members/${LOGIN}`]);
  });

  it('maps a 401 to REAUTH_REQUIRED', async () => {
    vendor.fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } });
    await expect(runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`]);
  });

  it('keeps the base path of a GitHub Enterprise Server vendor.baseUrl (/api/v3)', async () => {
    vendor.fake
      .on(`GET /api/v3/orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /api/v3/users/${LOGIN}`, { body: user })
      .on(`DELETE /api/v3/orgs/${ORG}/members/${LOGIN}`, { status: 204 });

    const out = await runDeletion(github, { baseUrl: `${vendor.fake.url}/api/v3`, credentials, id: LOGIN, params: { organizationId: ORG } });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([
      `GET /api/v3/orgs/${ORG}/memberships/${LOGIN}`,
      `GET /api/v3/users/${LOGIN}`,
      `DELETE /api/v3/orgs/${ORG}/members/${LOGIN}`,
    ]);
    expectGitHubHeaders(vendor.fake.requests);
    expect(out.before).toEqual(expectedActive);
    expect(out.user).toEqual(expectedAfter);
  });

  it('passes remote_query on the DELETE only', async () => {
    vendor.fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 204 });

    await runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG }, remoteQuery: { reason: 'offboarding' } });

    expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/${ORG}/members/${LOGIN}?reason=offboarding`]);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([{}, {}, { reason: 'offboarding' }]);
  });

  it('takes the organization from the membership; the org param is only the path', async () => {
    // The documented membership example names organization "github" while its url says "octocat".
    vendor.fake
      .on(`GET /orgs/octocat/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/octocat/members/${LOGIN}`, { status: 204 });
    const out = await runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: 'octocat' } });
    expect(vendor.fake.calls()).toEqual([`GET /orgs/octocat/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/octocat/members/${LOGIN}`]);
    expect(out.before?.organizations).toEqual([{ id: 'github', name: 'github' }]);
    expect(out.before?.roles).toEqual([{ id: 'admin', name: 'admin', organization: 'admin' }]);
    // Removed from that membership: neither organization name is listed any more.
    expect(out.user.organizations).toEqual([]);
    expect(out.user.roles).toEqual([]);
  });

  it('fills every field it declares in maps for the fixtures', async () => {
    vendor.fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 204 });
    const out = await runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG } });
    expect(unfilledMappedFields(github, out.before)).toEqual([]);
  });

  describe('rate limits as GitHub documents them (rate-limits-for-the-rest-api)', () => {
    const SECONDARY = {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID E198:4063:33BD6:375FF:652AAB04.',
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    };
    const calls = { maxAttempts: 3 };
    const run = () => runDeletion(github, { baseUrl: vendor.fake.url, credentials, id: LOGIN, params: { organizationId: ORG }, ...calls });
    const happyAfterFirst = () =>
      vendor.fake.on(`GET /users/${LOGIN}`, { body: user }).on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 204 });

    it('a secondary limit answered 403 with retry-after (calls left) is waited out and retried, not FORBIDDEN', async () => {
      vendor.fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { status: 403, headers: { 'retry-after': '0', 'x-ratelimit-remaining': '4990' }, body: SECONDARY }, { body: active });
      happyAfterFirst();
      const out = await run();
      expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
      expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/${ORG}/members/${LOGIN}`]);
    });

    it('a secondary limit answered 429 with retry-after is retried', async () => {
      vendor.fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { status: 429, headers: { 'retry-after': '0' }, body: SECONDARY }, { body: active });
      happyAfterFirst();
      await run();
      expect(vendor.fake.calls().slice(0, 2)).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /orgs/${ORG}/memberships/${LOGIN}`]);
    });

    it('a secondary limit in a 403 body with no header is RATE_LIMITED with the documented minute, not FORBIDDEN nor a short retry', async () => {
      vendor.fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { status: 403, headers: { 'x-ratelimit-remaining': '4990' }, body: SECONDARY }, { body: active });
      const err = await run().then(
        () => undefined,
        (e: unknown) => e as { code: string; details: { retryAfter?: number; remote?: { status: number; error?: string } } },
      );
      expect(err).toMatchObject({ code: 'RATE_LIMITED', details: { remote: { status: 403, error: 'secondary_rate_limit' } } });
      expect(err?.details.retryAfter).toBeGreaterThanOrEqual(60);
      // The minute is longer than the test client's longest wait: not retried after 0.5 s.
      expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`]);
      expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    });

    it('a 429 with no header at all is RATE_LIMITED after at least a minute, not retried after a short backoff', async () => {
      vendor.fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { status: 429, body: { message: 'Too Many Requests' } }, { body: active });
      await expect(run()).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 60 } });
      expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`]);
    });

    it('the documented minute is what a retry waits when the client allows it', () => {
      expect(github.rateLimit).toMatchObject({ forbiddenWithRetryAfter: true, defaultWaitMs: 60_000 });
    });
  });

  describe('self-deletion guard (GET /user)', () => {
    const ADMIN = { ...user, login: 'org-admin', id: 583231, node_id: 'MDQ6VXNlcjU4MzIzMQ==', email: 'admin@example.com' };
    const routes = () =>
      vendor.fake
        .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: active })
        .on(`GET /users/${LOGIN}`, { body: user })
        .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 204 });
    const run = (id = LOGIN) => runDeletion(github, { baseUrl: vendor.fake.url, credentials, id, params: { organizationId: ORG }, checkOwner: true });

    it('removes someone else: GET /user names another login', async () => {
      routes().on('GET /user', { body: ADMIN });
      const out = await run();
      expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
      expect(vendor.fake.calls()).toContain('GET /user');
      expect(vendor.fake.calls()).toContain(`DELETE /orgs/${ORG}/members/${LOGIN}`);
    });

    it('refuses to remove the token owner, whatever the case of the login given, and writes nothing', async () => {
      routes().on('GET /user', { body: user });
      await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
      vendor.fake.on(`GET /orgs/${ORG}/memberships/OctoCat`, { body: active }).on('GET /users/OctoCat', { body: user });
      await expect(run('OctoCat')).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
      expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    });

    it('a GitHub App installation token (403 "Resource not accessible by integration" on GET /user) acts as the app: the removal proceeds', async () => {
      routes().on('GET /user', {
        status: 403,
        body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' },
      });
      const out = await runDeletion(github, { baseUrl: vendor.fake.url, credentials: { method: 'token', token: 'ghs_installationToken000000000000000000' }, id: LOGIN, params: { organizationId: ORG }, checkOwner: true });
      expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
      expect(vendor.fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, 'GET /user', `DELETE /orgs/${ORG}/members/${LOGIN}`]);
    });

    it('any other refusal of GET /user stops the removal (the guard is never skipped)', async () => {
      routes().on('GET /user', { status: 403, body: { message: 'Forbidden' } });
      await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    });
  });

});
