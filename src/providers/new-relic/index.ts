/**
 * New Relic: delete a user of the organization (newer user model) through NerdGraph, New Relic's
 * GraphQL API. Every call is `POST /graphql` with a GraphQL document; failures come back as
 * `errors` in a 200 body.
 *
 * Calls (https://docs.newrelic.com/docs/apis/nerdgraph/examples/nerdgraph-manage-users/):
 *  1. query `actor.organization.userManagement.authenticationDomains(cursor)` → for each domain
 *     `users(filter: { id: { eq: $id } })` with the user's fields: the user and the authentication
 *     domain it belongs to (domains page by `nextCursor`, 10 a page, bounded). "Query user
 *     information" and "Pagination" sections; the `filter` argument and field types from the
 *     NerdGraph schema (UserManagementAuthenticationDomain.users, UserManagementUserFilterInput,
 *     UserManagementUser), as introspected into dynovaio/newrelic-sb-sdk `graphql/objects.py`.
 *  2. mutation `userManagementDeleteUser(deleteUserOptions: { id })` → `deletedUser { id }`
 *     ("Delete users" section).
 *  - query `actor { user { id email } }` — the user the User API key belongs to, for the
 *    self-deletion guard (https://docs.newrelic.com/docs/apis/nerdgraph/get-started/introduction-new-relic-nerdgraph/).
 * Host: api.newrelic.com (US) or api.eu.newrelic.com (EU region accounts):
 * https://docs.newrelic.com/docs/apis/nerdgraph/get-started/introduction-new-relic-nerdgraph/#endpoint
 * Auth: `API-Key: <User API key>` of a user with the Authentication domain settings (manage) capability.
 *
 * Precondition: "This API can only be used to delete users within Authentication Domains set for
 * manually provisioned users" (the docs' error for a SCIM-provisioned domain): a user whose domain
 * says `provisioningType: "scim"` is refused before the mutation (FAILED_PRECONDITION: remove them
 * in the identity provider), and the same message from New Relic maps to PRECONDITION.
 * Errors: GraphQL `errors` (also in 200 bodies), with `extensions.errorClass` where New Relic gives
 * one (https://docs.newrelic.com/docs/apis/nerdgraph/get-started/nerdgraph-explorer/).
 * Rate limits (https://docs.newrelic.com/docs/apis/nerdgraph/nerdgraph-rate-limits/): 429, or
 * errorClass TOO_MANY_REQUESTS; no reset header is documented: exponential backoff.
 *
 * ambiguous: the docs do not show how an invalid API key is answered; both an HTTP 401 and an
 * `errorClass` of UNAUTHORIZED/UNAUTHENTICATED are read as REAUTH_REQUIRED.
 * ambiguous: New Relic documents no alias for a user id (`actor.user` is a separate field), so
 * `selfAliases` is empty.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface NewRelicUser {
  id: string;
  name?: string | null;
  email?: string | null;
  emailVerificationState?: string;
  lastActive?: string | null;
  timeZone?: string | null;
  type?: { displayName: string; id: string };
  groups?: { groups: Array<{ displayName: string; id: string }> } | null;
  pendingUpgradeRequest?: { id: string } | null;
}

export interface NewRelicDomain {
  id: string;
  name: string;
  provisioningType: string;
}

export interface NewRelicSnapshot {
  user: NewRelicUser;
  domain: NewRelicDomain;
}

interface DomainsAnswer {
  data?: {
    actor?: {
      organization?: {
        userManagement?: {
          authenticationDomains?: { nextCursor?: string | null; authenticationDomains?: Array<NewRelicDomain & { users?: { users?: NewRelicUser[] } | null }> } | null;
        } | null;
      } | null;
    } | null;
  } | null;
}

const USER_FIELDS = `id name email emailVerificationState lastActive timeZone type { displayName id } groups { groups { displayName id } } pendingUpgradeRequest { id }`;

/** The users matching `filter` in every authentication domain (domains paged, bounded). */
const usersQuery = (filter: 'id' | 'email') => `query($value: ${filter === 'id' ? 'ID' : 'String'}, $cursor: String) {
  actor { organization { userManagement { authenticationDomains(cursor: $cursor) {
    nextCursor
    authenticationDomains { id name provisioningType users(filter: { ${filter}: { eq: $value } }) { users { ${USER_FIELDS} } } }
  } } } }
}`;

export const DELETE_MUTATION = `mutation($id: ID!) {
  userManagementDeleteUser(deleteUserOptions: { id: $id }) { deletedUser { id } }
}`;

export const OWNER_QUERY = '{ actor { user { id email } } }';

const MAX_DOMAIN_PAGES = 20;

async function usersBy(http: VendorHttp, filter: 'id' | 'email', value: string): Promise<NewRelicSnapshot[]> {
  const out: NewRelicSnapshot[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_DOMAIN_PAGES; page++) {
    const answer = await http.post<DomainsAnswer>(path``, { json: { query: usersQuery(filter), variables: { value, cursor: cursor ?? null } } });
    const domains = answer?.data?.actor?.organization?.userManagement?.authenticationDomains;
    for (const d of domains?.authenticationDomains ?? []) {
      for (const user of d.users?.users ?? []) out.push({ user, domain: { id: d.id, name: d.name, provisioningType: d.provisioningType } });
    }
    const next = domains?.nextCursor;
    if (!next || next === cursor) return out;
    cursor = next;
  }
  throw new AppError('REMOTE_ERROR', `New Relic has more than ${MAX_DOMAIN_PAGES} pages of authentication domains; the lookup stopped there`, { integration: 'new-relic' });
}

/** The code of a NerdGraph error: its errorClass, or the documented SCIM-domain refusal. */
function nerdGraphErrorCode(body: unknown): string | undefined {
  const errors = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const first = errors[0] as { message?: unknown; extensions?: { errorClass?: unknown; code?: unknown } };
  if (typeof first.message === 'string' && /only be used to delete users within Authentication Domains set for manually provisioned users/i.test(first.message)) {
    return 'scim_provisioned_domain';
  }
  const cls = first.extensions?.errorClass ?? first.extensions?.code;
  return typeof cls === 'string' ? cls : 'graphql_error';
}

export const newRelic = defineProvider<NewRelicSnapshot>({
  name: 'New Relic',
  slug: 'new-relic',
  docs: 'https://docs.newrelic.com/docs/apis/nerdgraph/examples/nerdgraph-manage-users/#delete-users',
  baseUrl: 'https://{host}/graphql',
  context: {
    host: {
      kind: 'enum',
      description: 'NerdGraph endpoint: api.newrelic.com (US) or api.eu.newrelic.com (EU region accounts)',
      values: ['api.newrelic.com', 'api.eu.newrelic.com'],
      default: 'api.newrelic.com',
    },
  },
  auth: {
    user_api_key: {
      scheme: { kind: 'headers', headers: { 'API-Key': '{apiKey}' } },
      description: 'A User API key of a user allowed to manage the authentication domain (Authentication domain settings).',
      docs: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#user-key',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'identifiers', 'name', 'emails', 'status', 'isEmailVerified', 'userType', 'groups', 'timezone', 'lastActiveAt'],
  errors: {
    code: nerdGraphErrorCode,
    bodyLevel: true,
    table: {
      scim_provisioned_domain: 'PRECONDITION',
      UNAUTHORIZED: 'REAUTH_REQUIRED',
      UNAUTHENTICATED: 'REAUTH_REQUIRED',
      FORBIDDEN: 'FORBIDDEN',
      NOT_FOUND: 'NOT_FOUND',
      TOO_MANY_REQUESTS: 'RATE_LIMITED',
    },
    docs: 'https://docs.newrelic.com/docs/apis/nerdgraph/examples/nerdgraph-manage-users/#delete-users',
  },
  semantics: {
    permanent: true,
    description:
      'The user is deleted from the organization\'s authentication domain: they can no longer log in and no longer count as a billable user; content they created in accounts (dashboards, alerts) stays. New Relic documents no restore: the user would be created again.',
    docs: 'https://docs.newrelic.com/docs/accounts/accounts-billing/new-relic-one-user-management/user-management-ui-and-tasks/',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://docs.newrelic.com/docs/apis/nerdgraph/get-started/introduction-new-relic-nerdgraph/',
    async lookup({ http }) {
      const answer = await http.post<{ data?: { actor?: { user?: { id?: number | string; email?: string } } } }>(path``, { json: { query: OWNER_QUERY } });
      const me = answer?.data?.actor?.user;
      if (!me) throw new AppError('REMOTE_ERROR', 'NerdGraph did not name the user of the API key', { integration: 'new-relic' });
      return { ids: [me.id === undefined ? undefined : String(me.id), me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    return (await usersBy(http, 'email', email)).filter((s) => s.user.email?.toLowerCase() === email.toLowerCase());
  },

  async getUser({ http, id }) {
    const found = (await usersBy(http, 'id', id)).filter((s) => s.user.id === id);
    if (found.length === 0) throw new AppError('NOT_FOUND', `No New Relic user ${id} in any authentication domain of the organization`, { integration: 'new-relic' });
    if (found.length > 1) throw new AppError('REMOTE_ERROR', `New Relic answered several users with id ${id}`, { integration: 'new-relic' });
    return found[0];
  },

  async deleteUser({ http, id, snapshot }) {
    if (snapshot && snapshot.domain.provisioningType.toLowerCase() === 'scim') {
      throw new AppError(
        'FAILED_PRECONDITION',
        `User ${id} belongs to the SCIM-provisioned authentication domain "${snapshot.domain.name}": New Relic deletes only users of manually provisioned domains through this API; remove them in the identity provider`,
        { integration: 'new-relic' },
      );
    }
    const answer = await http.post<{ data?: { userManagementDeleteUser?: { deletedUser?: { id?: string } | null } | null } }>(path``, {
      json: { query: DELETE_MUTATION, variables: { id } },
    });
    const deleted = answer?.data?.userManagementDeleteUser?.deletedUser?.id;
    if (deleted !== id) throw new AppError('REMOTE_ERROR', `NerdGraph did not confirm the deletion of user ${id}`, { integration: 'new-relic' });
    return { outcome: 'DELETED' };
  },

  toUser({ user: u, domain }) {
    const verification = u.emailVerificationState?.toLowerCase();
    const status: UserStatus | undefined = verification === 'pending' ? 'INVITED' : 'ACTIVE';
    return compact({
      id: u.id,
      identifiers: { id: u.id, authenticationDomainId: domain.id, authenticationDomainName: domain.name },
      name: u.name || undefined,
      emails: u.email ? [{ email: u.email, isPrimary: true }] : undefined,
      status,
      rawStatus: u.emailVerificationState,
      isEmailVerified: verification === undefined ? undefined : verification === 'verified',
      userType: u.type?.displayName,
      groups: u.groups?.groups.length ? u.groups.groups.map((g) => ({ id: g.id, name: g.displayName })) : undefined,
      timezone: u.timeZone || undefined,
      lastActiveAt: date(u.lastActive),
    });
  },
});
