import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { wordpress } from './index.js';

const SITE = '82974409';
const ID = '78972699';
const TOKEN = 'wpcom-oauth-access-token';
const credentials = { method: 'oauth', accessToken: TOKEN };
const params = { workspace: SITE };
const vendor = useFakeVendor('/rest/v1.1');

const expected: UnifiedUser = {
  id: ID,
  name: 'apiexamples',
  username: 'apiexamples',
  emails: [{ email: 'justin+apiexamples@a8c.com', isPrimary: true }],
  roles: [{ name: 'editor', workspace: SITE }],
  workspaces: [{ id: SITE }],
  avatar: 'https://1.gravatar.com/avatar/a2afb7b6c0e23e5d363d8612fb1bd5ad?s=96&d=identicon&r=G',
  urls: [
    { url: 'http://apiexamples.wordpress.com', type: 'website' },
    { url: 'http://en.gravatar.com/apiexamples', type: 'profile' },
  ],
};

describe('wordpress', () => {
  it('reads the site user, checks the site, then removes the user from it (POST …/delete, success: true)', async () => {
    vendor.fake
      .on(`GET /rest/v1.1/sites/${SITE}/users/${ID}`, { body: fixture('wordpress', 'user.json') })
      .on(`GET /rest/v1.1/sites/${SITE}`, { body: fixture('wordpress', 'site.json') })
      .on(`POST /rest/v1.1/sites/${SITE}/users/${ID}/delete`, { body: { success: true } });
    const out = await runDeletion(wordpress, { baseUrl: vendor.baseUrl, credentials, id: ID, params });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /rest/v1.1/sites/${SITE}/users/${ID}`, `GET /rest/v1.1/sites/${SITE}`, `POST /rest/v1.1/sites/${SITE}/users/${ID}/delete`]);
    expect(vendor.fake.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(vendor.fake.requests[2]!.body).toEqual({});
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(out.user.workspaces ?? []).toEqual([]);
  });

  it('refuses a Jetpack site without reassign (its posts would be deleted), and passes reassign when given', async () => {
    vendor.fake
      .on(`GET /rest/v1.1/sites/${SITE}/users/${ID}`, { body: fixture('wordpress', 'user.json') })
      .on(`GET /rest/v1.1/sites/${SITE}`, { body: { ...fixture<Record<string, unknown>>('wordpress', 'site.json'), jetpack: true } })
      .on(`POST /rest/v1.1/sites/${SITE}/users/${ID}/delete`, { body: { success: true } });
    await expect(runDeletion(wordpress, { baseUrl: vendor.baseUrl, credentials, id: ID, params })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(vendor.fake.requests.every((r) => r.method === 'GET')).toBe(true);
    await runDeletion(wordpress, { baseUrl: vendor.baseUrl, credentials, id: ID, params, remoteQuery: { reassign: '1010101' } });
    expect(vendor.fake.requests.at(-1)!.body).toEqual({ reassign: 1010101 });
  });

  it('reads `success: false` as a failure, and a user name through login:', async () => {
    vendor.fake
      .on(`GET /rest/v1.1/sites/${SITE}/users/login%3Aapiexamples`, { body: fixture('wordpress', 'user.json') })
      .on(`GET /rest/v1.1/sites/${SITE}`, { body: fixture('wordpress', 'site.json') })
      .on(`POST /rest/v1.1/sites/${SITE}/users/${ID}/delete`, { body: { success: false } });
    await expect(runDeletion(wordpress, { baseUrl: vendor.baseUrl, credentials, id: 'apiexamples', params })).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    expect(vendor.fake.calls().at(-1)).toBe(`POST /rest/v1.1/sites/${SITE}/users/${ID}/delete`);
  });

  it('finds site users by email (search on user_email), exact matches only', async () => {
    vendor.fake.on(`GET /rest/v1.1/sites/${SITE}/users`, { body: { found: 2, users: [fixture('wordpress', 'user.json'), { ...fixture<Record<string, unknown>>('wordpress', 'user.json'), ID: 5, email: 'justin+apiexamples@a8c.com.au' }] } });
    const { http, context } = vendorClient(wordpress, { baseUrl: vendor.baseUrl, credentials });
    expect((await wordpress.findUsers!({ http, email: 'Justin+APIexamples@a8c.com', params, context })).map((u) => u.ID)).toEqual([78972699]);
    expect(vendor.fake.requests[0]!.query).toEqual({ search: 'Justin+APIexamples@a8c.com', search_columns: 'user_email', number: '100', offset: '0' });
  });
});
