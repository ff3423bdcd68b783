import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, useFakeVendor } from '../../../test/helpers/provider.js';
import { permanence } from '../../deletion/service.js';
import { validateParams } from '../../deletion/validate.js';
import { parseRestRequest } from '../../rest/delete-user.js';
import { github } from '../github/index.js';
import { okta } from '../okta/index.js';
import type { UnifiedUser } from '../core/types.js';
import { zendesk, type ZendeskUser } from './index.js';

const user = fixture<{ user: ZendeskUser }>('zendesk', 'user.json');
const deleted = fixture<{ user: ZendeskUser }>('zendesk', 'deleted-user.json');
const permanentlyDeleted = fixture<{ deleted_user: Partial<ZendeskUser> }>('zendesk', 'permanently-deleted-user.json');
const ID = '35436';
const EMAIL = 'admin@acme.com';
const TOKEN = 'zd-api-token-6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv';
const credentials = { method: 'api_token', email: EMAIL, apiToken: TOKEN };
const context = { subdomain: 'acme' };
// Computed by hand: base64("admin@acme.com/token:zd-api-token-…")
const BASIC = `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`, 'utf8').toString('base64')}`;
// The documented Delete User example, with the id and name of the user being deleted.
const deleteAnswer = { user: { ...deleted.user, id: 35436, name: 'Johnny Agent' } };

const vendor = useFakeVendor();

/** The mapping of user.json (active, suspended agent with a custom role), computed by hand. */
const expectedSnapshot: UnifiedUser = {
  id: '35436',
  externalId: 'sai989sur98w9',
  name: 'Johnny Agent',
  emails: [{ email: 'johnny@example.com', type: 'primary', isPrimary: true }],
  phones: [{ number: '+15551234567', type: 'primary' }],
  status: 'INACTIVE',
  rawStatus: 'suspended',
  isEmailVerified: true,
  is2faEnabled: false,
  roles: [{ id: '9373643', name: 'agent' }],
  licenses: [{ id: '0', name: 'Custom agent' }],
  organizations: [{ id: '57542' }],
  avatar: 'https://company.zendesk.com/photos/my_funny_profile_pic.png',
  timezone: 'Copenhagen',
  languages: ['en-US'],
  createdAt: new Date('2009-07-20T22:55:29.000Z'),
  updatedAt: new Date('2011-05-05T10:38:52.000Z'),
  lastLoginAt: new Date('2011-05-05T10:38:52.000Z'),
};

/** The same user once the DELETE answer ({active:false}) is merged over it. */
const expectedDeleted: UnifiedUser = { ...expectedSnapshot, status: 'DELETED', rawStatus: 'deleted' };

/** Every Zendesk request: the given Authorization, JSON accepted, no body. */
function expectZendeskRequests(requests: RecordedRequest[], authorization = BASIC): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(authorization);
    expect(r.headers.accept).toBe('application/json');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.rawBody).toBe('');
  }
}

describe('zendesk', () => {
  it('reads then deletes the user with API-token Basic auth; the DELETE answer merged over the snapshot is DELETED', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(`DELETE /api/v2/users/${ID}`, { status: 200, body: deleteAnswer });

    const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, `DELETE /api/v2/users/${ID}`]);
    expect(vendor.fake.requests.map((r) => r.search)).toEqual(['', '']);
    expect(BASIC).toBe(`Basic ${Buffer.from('admin@acme.com/token:zd-api-token-6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv').toString('base64')}`);
    expectZendeskRequests(vendor.fake.requests);
    expect(out.outcome).toBe('DELETED');
    expect(out.response).toMatchObject({ status: 200, text: JSON.stringify(deleteAnswer) });
    expect(out.raw).toEqual({ ...user.user, active: false });
    expect(out.user).toEqual(expectedDeleted);
  });

  it('a DELETE answer carrying only {"user":{"active":false}} still yields status DELETED over the full snapshot', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(`DELETE /api/v2/users/${ID}`, { body: { user: { active: false } } });
    const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, `DELETE /api/v2/users/${ID}`]);
    expect(out.user).toEqual(expectedDeleted);
  });

  it('sends an OAuth access token as Bearer', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(`DELETE /api/v2/users/${ID}`, { body: deleteAnswer });
    const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials: { method: 'oauth', accessToken: 'zdOAuthAccessToken123' }, context, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, `DELETE /api/v2/users/${ID}`]);
    expectZendeskRequests(vendor.fake.requests, 'Bearer zdOAuthAccessToken123');
    expect(out.user).toEqual(expectedDeleted);
  });

  it('accepts a DELETE answered 204 with no body: the snapshot is the mapped user', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(`DELETE /api/v2/users/${ID}`, { status: 204 });
    const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, `DELETE /api/v2/users/${ID}`]);
    expectZendeskRequests(vendor.fake.requests);
    expect(out.outcome).toBe('DELETED');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.raw).toEqual(user.user);
    expect(out.before).toEqual(expectedSnapshot);
    // No user in the answer: the user is what the outcome implies, never the snapshot's status.
    expect(out.user).toEqual({ ...expectedSnapshot, status: 'DELETED', rawStatus: null });
  });

  it('rejects a non-numeric id as BAD_USER_INPUT without any request', async () => {
    for (const id of ['johnny@example.com', '35436/../1', '12a', '../35436']) {
      await expect(runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('waits for Retry-After on a 429 with a plain-text body, then succeeds', async () => {
    vendor.fake
      .on(
        `GET /api/v2/users/${ID}`,
        { status: 429, headers: { 'retry-after': '1', 'content-type': 'text/plain' }, text: 'Rate limit for ticket updates exceeded, please wait before updating this ticket again' },
        { body: user },
      )
      .on(`DELETE /api/v2/users/${ID}`, { body: deleteAnswer });

    const started = Date.now();
    const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID });
    const elapsed = Date.now() - started;

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, `GET /api/v2/users/${ID}`, `DELETE /api/v2/users/${ID}`]);
    expectZendeskRequests(vendor.fake.requests);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(4_000);
    expect(out.user).toEqual(expectedDeleted);
  });

  it('maps a 404 to NOT_FOUND and never deletes', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } });
    await expect(runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Zendesk', remote: { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('maps a 403 on the DELETE (the account owner) to FORBIDDEN', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(`DELETE /api/v2/users/${ID}`, { status: 403, body: { error: 'Forbidden', description: 'You do not have access to this page.' } });
    await expect(runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { remote: { status: 403 } } });
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, `DELETE /api/v2/users/${ID}`]);
  });

  it('passes remote_query on the DELETE only', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(`DELETE /api/v2/users/${ID}`, { body: deleteAnswer });
    await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID, remoteQuery: { reason: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, `DELETE /api/v2/users/${ID}?reason=offboarding`]);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([{}, { reason: 'offboarding' }]);
  });

  it('reads role_type and custom_role_id sent as strings (changelog example) and maps an admin seat', async () => {
    const admin = { user: { ...user.user, role: 'admin', role_type: '4', custom_role_id: '4555769967229', suspended: false } as unknown as ZendeskUser };
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: admin }).on(`DELETE /api/v2/users/${ID}`, { status: 204 });
    const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID });
    expect(out.before).toEqual({
      ...expectedSnapshot,
      status: 'ACTIVE',
      rawStatus: 'active',
      roles: [{ id: '4555769967229', name: 'admin' }],
      licenses: [{ id: '4', name: 'Admin' }],
    });
  });

  it('accepts only a single DNS label as the subdomain context', async () => {
    for (const subdomain of ['evil.com', 'a.b', 'acme.zendesk.com', 'evil.com#', '-acme', '']) {
      await expect(runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context: { subdomain }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    await expect(runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context: { subdomain: 'evil.com' }, id: ID })).rejects.toThrow(/context\.subdomain must be a single hostname label/);
    await expect(runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context: { subdomain: 'a.b' }, id: ID })).rejects.toThrow(/context\.subdomain/);
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('fills every field it declares in maps for the fixture', async () => {
    vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(`DELETE /api/v2/users/${ID}`, { body: deleteAnswer });
    const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID });
    const mapped = out.user as unknown as Record<string, unknown>;
    expect(zendesk.maps.filter((f) => mapped[f] === undefined || mapped[f] === null)).toEqual([]);
  });

  describe('irreversiblyEraseUserData: the documented permanent deletion, only when asked for', () => {
    const SOFT = `DELETE /api/v2/users/${ID}`;
    const HARD = `DELETE /api/v2/deleted_users/${ID}`;
    // The documented Permanently Delete User answer, for this user (an agent).
    const hardAnswer = { deleted_user: { ...permanentlyDeleted.deleted_user, id: 35436, name: 'Johnny Agent', role: 'agent' } };
    const erase = { irreversiblyEraseUserData: true };

    it('soft-deletes, then permanently deletes the deleted user, in that order, and reports the run as permanent', async () => {
      vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(SOFT, { body: deleteAnswer }).on(HARD, { body: hardAnswer });
      const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID, params: erase });
      expect(vendor.fake.unexpected).toEqual([]);
      expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, SOFT, HARD]);
      expectZendeskRequests(vendor.fake.requests);
      expect(out.outcome).toBe('DELETED');
      expect(out.permanent).toBe(true);
      expect(out.response).toMatchObject({ status: 200, text: JSON.stringify(hardAnswer) });
      expect(out.before).toEqual(expectedSnapshot);
      // What Zendesk says is left: no email, phone, organization or photo; deleted.
      expect(out.user).toMatchObject({ id: '35436', status: 'DELETED', rawStatus: 'deleted' });
      expect(out.user.emails).toBeUndefined();
      expect(out.user.phones).toBeUndefined();
      expect(out.user.organizations).toBeUndefined();
      expect(out.user.avatar).toBeUndefined();
    });

    it('without it, the deleted user is never permanently deleted (and the run says nothing beyond the semantics)', async () => {
      vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(SOFT, { body: deleteAnswer }).on(HARD, { body: hardAnswer });
      for (const params of [{}, { irreversiblyEraseUserData: false }]) {
        vendor.fake.requests.length = 0;
        const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID, params });
        expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, SOFT]);
        expect(out.permanent).toBeUndefined();
      }
    });

    it('a refused soft delete stops before the permanent deletion', async () => {
      vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(SOFT, { status: 403, body: { error: 'Forbidden', description: 'You do not have access to this page.' } }).on(HARD, { body: hardAnswer });
      await expect(runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID, params: erase })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, SOFT]);
    });

    it('a user the snapshot shows deleted already gets only the permanent deletion', async () => {
      vendor.fake.on(`GET /api/v2/users/${ID}`, { body: { user: { ...user.user, active: false } } }).on(SOFT, { body: deleteAnswer }).on(HARD, { body: hardAnswer });
      const out = await runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID, params: erase });
      expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, HARD]);
      expect(out.permanent).toBe(true);
    });

    it('is an extension param: the spec params stay as they are, REST takes irreversibly_erase_user_data, only Zendesk accepts it, only as a boolean', () => {
      expect(zendesk.params).toEqual({});
      expect(zendesk.extensionParams).toEqual({ irreversiblyEraseUserData: expect.objectContaining({ use: 'supported' }) });
      const rest = parseRestRequest(ID, 'integrated_account_id=acc1&irreversibly_erase_user_data=true');
      expect(rest.params).toEqual({ irreversiblyEraseUserData: true });
      expect(validateParams(zendesk, rest.params, 'rest')).toEqual({ irreversiblyEraseUserData: true });
      expect(validateParams(zendesk, { irreversiblyEraseUserData: false }, 'graphql')).toEqual({ irreversiblyEraseUserData: false });
      expect(() => validateParams(okta, { irreversiblyEraseUserData: true }, 'graphql')).toThrow(/Okta does not support irreversiblyEraseUserData/);
      expect(() => validateParams(okta, rest.params, 'rest')).toThrow(/does not support irreversibly_erase_user_data/);
      expect(() => validateParams(zendesk, { irreversiblyEraseUserData: 'yes' }, 'graphql')).toThrow(/irreversiblyEraseUserData must be true or false/);
      expect(() => parseRestRequest(ID, 'integrated_account_id=acc1&irreversibly_erase_user_data=maybe')).toThrow(/irreversibly_erase_user_data must be true or false/);
      // Zendesk still refuses the spec's params it does not take, naming the extension it does.
      expect(() => validateParams(zendesk, { permanent: true }, 'graphql')).toThrow(/Zendesk does not support permanent; it accepts irreversiblyEraseUserData/);
    });

    it("the report's permanence follows the run where the provider says so", () => {
      const at = '2026-01-01T00:00:00.000Z';
      expect(permanence(zendesk, 'DELETED', false, at)).toEqual({ permanent: true, restorableUntil: null });
      expect(permanence(zendesk, 'DELETED', false, at, true)).toEqual({ permanent: true, restorableUntil: null });
      // A restorable integration: the window counts from the call, unless the run says it was permanent.
      expect(permanence(github, 'REMOVED_FROM_CONTAINER', false, at)).toEqual({ permanent: false, restorableUntil: new Date('2026-03-31T00:00:00.000Z') });
      expect(permanence(github, 'REMOVED_FROM_CONTAINER', false, at, true)).toEqual({ permanent: true, restorableUntil: null });
    });
  });

  describe('self-deletion guard (GET /api/v2/users/me)', () => {
    const ME = 'GET /api/v2/users/me';
    const admin = { user: { ...user.user, id: 1000001, email: 'admin@acme.com', name: 'Account Admin', role: 'admin' } };
    const routes = () => vendor.fake.on(`GET /api/v2/users/${ID}`, { body: user }).on(`DELETE /api/v2/users/${ID}`, { body: deleteAnswer });
    const run = () => runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: ID, checkOwner: true });

    it('deletes someone else', async () => {
      routes().on(ME, { body: admin });
      await run();
      expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, ME, `DELETE /api/v2/users/${ID}`]);
    });

    it('refuses to delete the user the credentials act as, and sends no DELETE', async () => {
      routes().on(ME, { body: user });
      await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
      expect(vendor.fake.calls()).toEqual([`GET /api/v2/users/${ID}`, ME]);
    });

    it('refuses the alias "me" before any call', async () => {
      await expect(runDeletion(zendesk, { baseUrl: vendor.fake.url, credentials, context, id: 'Me' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/own administrator/) });
      expect(vendor.fake.requests).toEqual([]);
    });

    it('an anonymous answer ("allowed for anonymous users": credentials not accepted) stops the deletion as REAUTH_REQUIRED', async () => {
      routes().on(ME, { body: { user: { id: null, url: null, name: 'Anonymous user', role: 'end-user', active: true } } });
      await expect(run()).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
      expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    });
  });

});
