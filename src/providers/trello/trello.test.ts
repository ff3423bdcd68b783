import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { validateParams } from '../../deletion/validate.js';
import type { UnifiedUser } from '../core/types.js';
import { trello, type TrelloMember } from './index.js';

const member = fixture<TrelloMember>('trello', 'member.json');
const ID = '5abbe4b7ddc1b351ef961414';
const ORG = '5ab5e6fbb07a9b0d3fa8d2b4';
const BASE = '/1';
const credentials = { method: 'api_key', apiKey: 'trello-api-key-1', apiToken: 'trello-user-token-1' };
const AUTH = 'key=trello-api-key-1&token=trello-user-token-1';
const params = { organizationId: ORG };

const vendor = useFakeVendor(BASE);

/** member.json (the documented GET /members/{id} example) mapped by hand. */
const expectedUser: UnifiedUser = {
  id: ID,
  firstName: 'Bentley',
  lastName: 'Cook',
  name: 'Bentley Cook',
  username: 'bentleycook',
  emails: [{ email: 'bcook@atlassian.com', type: 'work', isPrimary: true }],
  organizations: [{ id: ORG }],
  userType: 'normal',
  avatar: 'https://trello-avatars.s3.amazonaws.com/fc8faaaee46666a4eb8b626c08933e16',
  bio: "👋 I'm a developer advocate at Trello!",
  urls: [{ url: 'https://trello.com/bentleycook', type: 'profile' }],
};

const run = (id = ID, extra: { checkOwner?: boolean; remoteQuery?: Record<string, unknown> } = {}) =>
  runDeletion(trello, { baseUrl: vendor.baseUrl, credentials, id, params, ...extra });

describe('trello', () => {
  it('reads the member, then removes them from the Workspace and all its boards (key and token as query parameters)', async () => {
    vendor.fake.on(`GET ${BASE}/members/${ID}`, { body: member }).on(`DELETE ${BASE}/organizations/${ORG}/members/${ID}/all`, { status: 200, body: {} });

    const out = await run();

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/members/${ID}?${AUTH}`, `DELETE ${BASE}/organizations/${ORG}/members/${ID}/all?${AUTH}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBeUndefined();
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toEqual({ ...expectedUser, organizations: [] });
    expect(unfilledMappedFields(trello, out.before)).toEqual([]);
  });

  it('accepts a username and removes the member by the id Trello returned', async () => {
    vendor.fake.on(`GET ${BASE}/members/bentleycook`, { body: member }).on(`DELETE ${BASE}/organizations/${ORG}/members/${ID}/all`, { status: 200, body: {} });
    await run('bentleycook');
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/members/bentleycook?${AUTH}`, `DELETE ${BASE}/organizations/${ORG}/members/${ID}/all?${AUTH}`]);
  });

  it('requires organizationId', () => {
    expect(() => validateParams(trello, {}, 'graphql')).toThrow(/organizationId/);
    expect(validateParams(trello, { organizationId: ORG }, 'graphql')).toEqual({ organizationId: ORG });
  });

  it('refuses "me" before any call', async () => {
    for (const id of ['me', 'ME']) await expect(run(id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toEqual([]);
  });

  it('refuses to remove the member the token belongs to (GET /members/me)', async () => {
    vendor.fake
      .on(`GET ${BASE}/members/${ID}`, { body: member })
      .on(`GET ${BASE}/members/me`, { body: { id: ID, username: 'bentleycook' } })
      .on(`DELETE ${BASE}/organizations/${ORG}/members/${ID}/all`, { status: 200, body: {} });
    await expect(run(ID, { checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(vendor.fake.calls()).toContain(`GET ${BASE}/members/me?fields=id%2Cusername%2Cemail&${AUTH}`);
  });

  it('maps "unauthorized permission requested" (a token that is not a Workspace admin) to FORBIDDEN', async () => {
    vendor.fake
      .on(`GET ${BASE}/members/${ID}`, { body: member })
      .on(`DELETE ${BASE}/organizations/${ORG}/members/${ID}/all`, { status: 401, headers: { 'content-type': 'text/plain' }, text: 'unauthorized permission requested' });
    await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('maps "invalid token" to REAUTH_REQUIRED and never writes', async () => {
    vendor.fake.on(`GET ${BASE}/members/${ID}`, { status: 401, headers: { 'content-type': 'text/plain' }, text: 'invalid token' });
    const err = await run().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(JSON.stringify(err)).not.toContain('trello-user-token-1');
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('retries after the documented 429 (API_TOKEN_LIMIT_EXCEEDED)', async () => {
    vendor.fake
      .on(`GET ${BASE}/members/${ID}`, { status: 429, headers: { 'retry-after': '0' }, body: { error: 'API_TOKEN_LIMIT_EXCEEDED', message: 'Rate limit exceeded' } }, { body: member })
      .on(`DELETE ${BASE}/organizations/${ORG}/members/${ID}/all`, { status: 200, body: {} });
    const out = await run();
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(vendor.fake.calls()).toHaveLength(3);
  });

  it('declares the rate limit and its 10-second window', () => {
    expect(trello.rateLimit?.defaultWaitMs).toBe(10_000);
    expect(trello.errors?.table.API_KEY_LIMIT_EXCEEDED).toBe('RATE_LIMITED');
  });

  it('passes remote_query on the removal and encodes the Workspace id as one segment', async () => {
    vendor.fake.on(`GET ${BASE}/members/${ID}`, { body: member }).on(`DELETE ${BASE}/organizations/a%2Fb/members/${ID}/all`, { status: 200, body: {} });
    await runDeletion(trello, { baseUrl: vendor.baseUrl, credentials, id: ID, params: { organizationId: 'a/b' }, remoteQuery: { x: '1' } });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()[1]).toBe(`DELETE ${BASE}/organizations/a%2Fb/members/${ID}/all?x=1&${AUTH}`);
  });
});
