import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { heroku, type HerokuTeamMember } from './index.js';

const members = fixture<HerokuTeamMember[]>('heroku', 'team-members.json');
const ID = '01234567-89ab-cdef-0123-456789abcdef';
const KEY = 'heroku-api-key-0000-1111-2222';
const credentials = { method: 'api_key', apiKey: KEY };
const vendor = useFakeVendor();

/** team-members.json[0] mapped by hand, as a member of team "example". */
const expected: UnifiedUser = {
  id: ID,
  identifiers: { memberId: ID, userId: ID, email: 'someone@example.org' },
  name: 'Tina Edmonds',
  emails: [{ email: 'someone@example.org', isPrimary: true }],
  is2faEnabled: true,
  roles: [{ id: 'admin', name: 'admin', group: 'example' }],
  groups: [{ id: 'example' }],
  userType: 'heroku',
  createdAt: new Date('2012-01-01T12:00:00Z'),
  updatedAt: new Date('2012-01-01T12:00:00Z'),
};

describe('heroku', () => {
  it('lists the team members with a Range header, then removes the member by id, with the v3 Accept header and Bearer auth', async () => {
    vendor.fake.on('GET /teams/example/members', { body: members }).on(`DELETE /teams/example/members/${ID}`, { body: members[0] });

    const out = await runDeletion(heroku, { baseUrl: vendor.baseUrl, credentials, id: ID, params: { groupId: 'example' } });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual(['GET /teams/example/members', `DELETE /teams/example/members/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.headers.accept).toBe('application/vnd.heroku+json; version=3');
      expect(r.rawBody).toBe('');
    }
    expect(vendor.fake.requests[0]?.headers.range).toBe('email ..; max=1000');
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(heroku, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expected, roles: [], groups: [] });
  });

  it('accepts the member email as the id and removes that member by its id', async () => {
    vendor.fake.on('GET /teams/example/members', { body: members }).on(`DELETE /teams/example/members/${ID}`, { body: members[0] });
    const out = await runDeletion(heroku, { baseUrl: vendor.baseUrl, credentials, id: 'Someone@Example.org', params: { groupId: 'example' } });
    expect(vendor.fake.calls()).toEqual(['GET /teams/example/members', `DELETE /teams/example/members/${ID}`]);
    expect(out.before?.id).toBe(ID);
  });

  it('follows Next-Range while Heroku answers 206 Partial Content', async () => {
    vendor.fake.on(
      'GET /teams/example/members',
      { status: 206, headers: { 'next-range': ']owner@example.org..; max=1000' }, body: [members[1]] },
      { status: 200, body: [members[0]] },
    );
    vendor.fake.on(`DELETE /teams/example/members/${ID}`, { body: members[0] });
    await runDeletion(heroku, { baseUrl: vendor.baseUrl, credentials, id: ID, params: { groupId: 'example' } });
    expect(vendor.fake.requests.map((r) => r.headers.range)).toEqual(['email ..; max=1000', ']owner@example.org..; max=1000', undefined]);
  });

  it('answers NOT_FOUND when the team has no such member, and removes nothing', async () => {
    vendor.fake.on('GET /teams/example/members', { body: [members[1]] });
    await expect(runDeletion(heroku, { baseUrl: vendor.baseUrl, credentials, id: ID, params: { groupId: 'example' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual(['GET /teams/example/members']);
  });

  it('maps Heroku error ids: not_found (unknown team) and rate_limit', async () => {
    vendor.fake.on('GET /teams/nope/members', { status: 404, body: fixture('heroku', 'error-404.json') });
    await expect(runDeletion(heroku, { baseUrl: vendor.baseUrl, credentials, id: ID, params: { groupId: 'nope' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    vendor.fake.on('GET /teams/busy/members', { status: 429, body: fixture('heroku', 'error-429.json') });
    await expect(runDeletion(heroku, { baseUrl: vendor.baseUrl, credentials, id: ID, params: { groupId: 'busy' }, maxAttempts: 1 })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('refuses "~" (the authorized user) before any call', async () => {
    await expect(runDeletion(heroku, { baseUrl: vendor.baseUrl, credentials, id: '~', params: { groupId: 'example' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.calls()).toEqual([]);
  });

  it('finds every member whose email matches exactly, case-insensitively', async () => {
    vendor.fake.on('GET /teams/example/members', { body: members });
    const { http, context } = vendorClient(heroku, { baseUrl: vendor.baseUrl, credentials });
    const found = await heroku.findUsers?.({ http, email: 'OWNER@example.org', params: { groupId: 'example' }, context });
    expect(found?.map((m) => m.id)).toEqual(['11111111-2222-3333-4444-555555555555']);
    vendor.fake.on('GET /teams/example/members', { body: members });
    expect(await heroku.findUsers?.({ http, email: 'owner@example', params: { groupId: 'example' }, context })).toEqual([]);
  });
});
