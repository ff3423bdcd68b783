/**
 * One successful deletion per implemented integration: the account to create, the call's
 * inputs in GraphQL and REST form, and the vendor fake's routes. Shared by the REST/GraphQL
 * parity tests.
 */
import { readdirSync } from 'node:fs';
import type { FakeVendor, RecordedRequest } from './fake-vendor.js';
import { fixture } from './provider.js';

/**
 * One scenario per implemented integration. The first six are written here; later ones live in
 * test/scenarios/<slug>.ts, each exporting `scenario: Scenario`, and are loaded below. Every
 * scenario's account must use a base URL path unique to it (for example `${fakeUrl}/<slug>`),
 * since all share one fake vendor.
 */
export interface Scenario {
  slug: string;
  account: (fakeUrl: string) => Record<string, unknown>;
  id: string;
  input?: Record<string, unknown>;
  restQuery: string;
  routes: (fake: FakeVendor) => void;
  /**
   * For a vendor whose owner lookup goes to the same route as the deletion's calls (GraphQL's one
   * endpoint), so it cannot be answered in the background: which recorded request is that lookup.
   * It is made once per account (cached), so parity leaves it out.
   */
  isOwnerLookup?: (req: RecordedRequest) => boolean;
}

const OKTA_ID = '00ub0oNGTSWTBKOLGLNR';
const NOTION_ID = '2819c223-7f76-453a-919d-413861904646';

export const scenarios: Scenario[] = [
  {
    slug: 'github',
    account: (u) => ({ integration: 'github', credentials: { token: 'ghp_parityToken0000000000' }, baseUrl: `${u}/gh` }),
    id: 'octocat',
    input: { organizationId: 'acme' },
    restQuery: 'organization_id=acme',
    routes: (f) =>
      f
        .on('GET /gh/orgs/acme/memberships/octocat', { body: fixture('github', 'membership-active.json') })
        .on('GET /gh/users/octocat', { body: fixture('github', 'user.json') })
        .on('DELETE /gh/orgs/acme/members/octocat', { status: 204 }),
  },
  {
    slug: 'okta',
    account: (u) => ({ integration: 'okta', credentials: { method: 'api_token', apiToken: '00parity-okta-token' }, context: { domain: 'acme.okta.com' }, baseUrl: u }),
    id: OKTA_ID,
    restQuery: '',
    routes: (f) =>
      f
        .on(`GET /api/v1/users/${OKTA_ID}`, { body: fixture('okta', 'user.json') })
        .on(`POST /api/v1/users/${OKTA_ID}/lifecycle/deactivate`, { body: {} })
        .on(`DELETE /api/v1/users/${OKTA_ID}`, { status: 204 }),
  },
  {
    slug: 'asana',
    account: (u) => ({ integration: 'asana', credentials: { method: 'personal_access_token', token: '1/parity-asana' }, baseUrl: `${u}/api/1.0` }),
    id: '12345',
    input: { removeFrom: 'GROUP', removeFromId: '555' },
    restQuery: 'remove_from=group&remove_from_id=555',
    routes: (f) =>
      f
        .on('GET /api/1.0/users/12345', { body: fixture('asana', 'user.json') })
        .on('GET /api/1.0/users/12345/workspace_memberships', { body: fixture('asana', 'workspace-memberships.json') })
        .on('POST /api/1.0/teams/555/removeUser', { status: 200, body: { data: {} } }),
  },
  {
    slug: 'zendesk',
    account: (u) => ({ integration: 'zendesk', credentials: { method: 'api_token', email: 'admin@acme.com', apiToken: 'parityZendeskToken' }, context: { subdomain: 'acme' }, baseUrl: u }),
    id: '35436',
    restQuery: '',
    routes: (f) =>
      f
        .on('GET /api/v2/users/35436', { body: fixture('zendesk', 'user.json') })
        .on('DELETE /api/v2/users/35436', { body: { user: { id: 35436, active: false, name: 'Johnny Agent' } } }),
  },
  {
    slug: 'slack-enterprise',
    account: (u) => ({ integration: 'slack-enterprise', credentials: { method: 'user_token', token: 'xoxp-parity-token' }, baseUrl: `${u}/api` }),
    id: 'W012A3CDE',
    input: { workspaceId: 'T012AB3C4' },
    restQuery: 'workspace_id=T012AB3C4',
    routes: (f) =>
      f.on('GET /api/users.info', { body: fixture('slack-enterprise', 'users-info.json') }).on('POST /api/admin.users.remove', { body: { ok: true } }),
  },
  {
    slug: 'notion-scim',
    account: (u) => ({ integration: 'notion-scim', credentials: { token: 'secret_parityNotion' }, baseUrl: `${u}/scim/v2` }),
    id: NOTION_ID,
    restQuery: '',
    routes: (f) => f.on(`GET /scim/v2/Users/${NOTION_ID}`, { body: fixture('notion-scim', 'user.json') }).on(`DELETE /scim/v2/Users/${NOTION_ID}`, { status: 204 }),
  },
];

const dir = new URL('../scenarios/', import.meta.url);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
  const mod = (await import(new URL(file, dir).href)) as { scenario: Scenario };
  scenarios.push(mod.scenario);
}

/** Every field of the GraphQL User, for selecting all of them. */
export const ALL_USER_FIELDS = `id integratedAccountId externalId identifiers firstName lastName title name username
  emails { email type isPrimary } phones { number extension type } status rawStatus isEmailVerified is2faEnabled
  roles { id name group organization workspace } organizations { id name } userType
  licenses { id name organizationId lastActiveAt } groups { id name organizationId } workspaces { id name }
  avatar timezone languages bio createdAt updatedAt lastActiveAt lastLoginAt statusChangedAt activatedAt
  urls { url type } deletionOutcome remoteData`;
