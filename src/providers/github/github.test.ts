import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, type RecordedRequest, startFake } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { github, type GitHubMembership, type GitHubUser } from './index.js';

const user = fixture<GitHubUser>('github', 'user.json');
const active = fixture<GitHubMembership>('github', 'membership-active.json');
const pending = fixture<GitHubMembership>('github', 'membership-pending.json');
const ORG = 'github';
const LOGIN = 'octocat';
const TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const credentials = { method: 'token', token: TOKEN };
let fake: FakeVendor;

beforeAll(async () => {
  fake = await startFake();
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

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
    fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 204 });

    const out = await runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: ORG } });

    expect(fake.unexpected).toEqual([]);
    expect(fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/${ORG}/members/${LOGIN}`]);
    expect(fake.requests.map((r) => r.search)).toEqual(['', '', '']);
    expectGitHubHeaders(fake.requests);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.raw).toEqual({ user, membership: active });
    expect(out.user).toEqual(expectedActive);
  });

  it('cancels a pending invitation through DELETE /orgs/{org}/memberships/{username}, and maps it as INVITED', async () => {
    fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: pending })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/memberships/${LOGIN}`, { status: 204 });

    const out = await runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: ORG } });

    expect(fake.unexpected).toEqual([]);
    expect(fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/${ORG}/memberships/${LOGIN}`]);
    expectGitHubHeaders(fake.requests);
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.user).toEqual({ ...expectedActive, status: 'INVITED', rawStatus: 'pending' });
  });

  it('sends a login that needs encoding as one encoded path segment, never as a new path', async () => {
    fake
      .on(`GET /orgs/${ORG}/memberships/a%2Fb`, { body: active })
      .on('GET /users/a%2Fb', { body: user })
      .on(`DELETE /orgs/${ORG}/members/a%2Fb`, { status: 204 });

    await runDeletion(github, { baseUrl: fake.url, credentials, id: 'a/b', params: { organizationId: ORG } });

    expect(fake.unexpected).toEqual([]);
    expect(fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/a%2Fb`, 'GET /users/a%2Fb', `DELETE /orgs/${ORG}/members/a%2Fb`]);
  });

  it('refuses dot-only ids before any call, and encodes query/fragment characters', async () => {
    // `%2E%2E` is resolved as `..` by URL parsers: DELETE /orgs/{org}/members/.. would reach DELETE /orgs/{org}.
    await expect(runDeletion(github, { baseUrl: fake.url, credentials, id: '..', params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(runDeletion(github, { baseUrl: fake.url, credentials, id: 'x', params: { organizationId: '.' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    fake.on(`GET /orgs/${ORG}/memberships/x%3Fy%23z`, { status: 404, body: { message: 'Not Found' } });
    await expect(runDeletion(github, { baseUrl: fake.url, credentials, id: 'x?y#z', params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(fake.unexpected).toEqual([]);
    expect(fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/x%3Fy%23z`]);
  });

  it('maps a 404 on the membership to NOT_FOUND and never reads the user nor deletes', async () => {
    const body = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/orgs/members#get-organization-membership-for-a-user', status: '404' };
    fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { status: 404, body });

    await expect(runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: ORG } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { remote: { status: 404, body: { message: 'Not Found' } } },
    });
    expect(fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`]);
    expect(fake.unexpected).toEqual([]);
  });

  it('waits for x-ratelimit-reset on a 403 with x-ratelimit-remaining: 0, then retries', async () => {
    const reset = String(Math.floor(Date.now() / 1000));
    fake
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
    const out = await runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: ORG } });
    const elapsed = Date.now() - started;

    expect(fake.unexpected).toEqual([]);
    expect(fake.calls()).toEqual([
      `GET /orgs/${ORG}/memberships/${LOGIN}`,
      `GET /orgs/${ORG}/memberships/${LOGIN}`,
      `GET /users/${LOGIN}`,
      `DELETE /orgs/${ORG}/members/${LOGIN}`,
    ]);
    expectGitHubHeaders(fake.requests);
    // epoch reset of "now" + the one-second margin: the retry did wait, but not long
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(4_000);
    expect(out.user).toEqual(expectedActive);
  });

  it('maps a plain 403 (calls left) to FORBIDDEN without retrying', async () => {
    fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, {
      status: 403,
      headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
      body: { message: 'Must have admin rights to Repository.', documentation_url: 'https://docs.github.com/rest' },
    });

    await expect(runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: ORG } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { remote: { status: 403 } },
    });
    expect(fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`]);
  });

  it('maps a 403 on the DELETE (not an owner) to FORBIDDEN', async () => {
    fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 403, body: { message: 'Forbidden' } });
    await expect(runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/${ORG}/members/${LOGIN}`]);
  });

  it('maps a 401 to REAUTH_REQUIRED', async () => {
    fake.on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } });
    await expect(runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: ORG } })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`]);
  });

  it('keeps the base path of a GitHub Enterprise Server baseUrl (/api/v3)', async () => {
    fake
      .on(`GET /api/v3/orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /api/v3/users/${LOGIN}`, { body: user })
      .on(`DELETE /api/v3/orgs/${ORG}/members/${LOGIN}`, { status: 204 });

    const out = await runDeletion(github, { baseUrl: `${fake.url}/api/v3`, credentials, id: LOGIN, params: { organizationId: ORG } });

    expect(fake.unexpected).toEqual([]);
    expect(fake.calls()).toEqual([
      `GET /api/v3/orgs/${ORG}/memberships/${LOGIN}`,
      `GET /api/v3/users/${LOGIN}`,
      `DELETE /api/v3/orgs/${ORG}/members/${LOGIN}`,
    ]);
    expectGitHubHeaders(fake.requests);
    expect(out.user).toEqual(expectedActive);
  });

  it('passes remote_query on the DELETE only', async () => {
    fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 204 });

    await runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: ORG }, remoteQuery: { reason: 'offboarding' } });

    expect(fake.calls()).toEqual([`GET /orgs/${ORG}/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/${ORG}/members/${LOGIN}?reason=offboarding`]);
    expect(fake.requests.map((r) => r.query)).toEqual([{}, {}, { reason: 'offboarding' }]);
  });

  it('takes the organization from the membership; the org param is only the path', async () => {
    // The documented membership example names organization "github" while its url says "octocat".
    fake
      .on(`GET /orgs/octocat/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/octocat/members/${LOGIN}`, { status: 204 });
    const out = await runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: 'octocat' } });
    expect(fake.calls()).toEqual([`GET /orgs/octocat/memberships/${LOGIN}`, `GET /users/${LOGIN}`, `DELETE /orgs/octocat/members/${LOGIN}`]);
    expect(out.user.organizations).toEqual([{ id: 'github', name: 'github' }]);
    expect(out.user.roles).toEqual([{ id: 'admin', name: 'admin', organization: 'admin' }]);
  });

  it('fills every field it declares in maps for the fixtures', async () => {
    fake
      .on(`GET /orgs/${ORG}/memberships/${LOGIN}`, { body: active })
      .on(`GET /users/${LOGIN}`, { body: user })
      .on(`DELETE /orgs/${ORG}/members/${LOGIN}`, { status: 204 });
    const out = await runDeletion(github, { baseUrl: fake.url, credentials, id: LOGIN, params: { organizationId: ORG } });
    const mapped = out.user as unknown as Record<string, unknown>;
    const empty = github.maps.filter((f) => mapped[f] === undefined || mapped[f] === null);
    expect(empty).toEqual([]);
  });

  it('maps at least every response field the spec lists for GitHub (the spec lists none)', () => {
    const spec = JSON.parse(readFileSync(new URL('../../../../shared/spec/delete-user-spec.json', import.meta.url), 'utf8')) as {
      response_fields: Array<{ field: string; supported_in: string[] }>;
    };
    const camel = (s: string) => (s === 'is_2fa_enabled' ? 'is2faEnabled' : s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    const listed = spec.response_fields
      .filter((f) => !f.field.includes('.') && f.field !== 'remote_data' && f.supported_in.includes(github.name))
      .map((f) => camel(f.field));
    expect(listed).toEqual([]);
    expect(listed.filter((f) => !(github.maps as readonly string[]).includes(f))).toEqual([]);
  });
});
