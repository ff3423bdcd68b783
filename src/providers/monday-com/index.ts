/**
 * Monday.com (GraphQL platform API): remove a user from a workspace. The spec's required
 * `workspace_id` is the `workspace_id` argument of the `delete_users_from_workspace` mutation;
 * the account-level `deactivate_users` mutation takes no workspace (and the SCIM deactivation is
 * the separate monday-com-scim integration).
 *
 * One endpoint, POST https://api.monday.com/v2 with {"query", "variables"}
 * (https://developer.monday.com/api-reference/docs/basics):
 *  - query users(ids: [$id], limit: 1) { id name email status is_deleted title created_at account_id }
 *    (snapshot) https://developer.monday.com/api-reference/reference/users
 *  - mutation delete_users_from_workspace(workspace_id: ID!, user_ids: [ID!]!): [User]
 *    "Delete users from a workspace" (schema: mondaycom/monday-graphql-api, the published
 *    schema.graphql) https://developer.monday.com/api-reference/reference/workspaces#delete-users-from-a-workspace
 *  - query me { id email } — "Get the connected user's information" (self-deletion guard)
 *    https://developer.monday.com/api-reference/reference/me
 *  - query users(emails: [$email], limit: 50) — lookup by email
 * Headers: `API-Version: 2026-10` (the current version; the header is required on every request
 *   since November 2026, https://developer.monday.com/api-reference/changelog/the-api-version-header-is-now-required).
 *   The User fields read are those of the 2026-07+ User entity (`status`: ACTIVE, INACTIVE,
 *   PENDING; `is_deleted`; `account_id`), the legacy booleans (enabled, is_admin, is_guest, …) being
 *   removed in 2026-10 (https://developer.monday.com/api-reference/docs/migrating-user-entity-to-2026-10).
 * Auth: a personal API token in `Authorization` (no prefix), or an OAuth access token
 *   https://developer.monday.com/api-reference/docs/authentication
 * Errors (https://developer.monday.com/api-reference/docs/error-handling): application errors come
 *   with HTTP 200 and an `errors` array (`extensions.code`, e.g. UserUnauthorizedException, with
 *   `extensions.status_code`), and partial `data`; transport errors use 4xx/5xx; errors carry
 *   Retry-After. Rate limits (https://developer.monday.com/api-reference/docs/rate-limits):
 *   COMPLEXITY_BUDGET_EXHAUSTED (retry_in_seconds), ComplexityException, RATE_LIMIT_EXCEEDED,
 *   DAILY_LIMIT_EXCEEDED, concurrency and IP limits.
 *
 * ambiguous: the reference does not say what delete_users_from_workspace does to the user's
 * boards and items in the workspace, nor whether it refuses the workspace's last owner: monday's
 * answer is reported as it comes (never forced). It returns [User] — the users removed.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date, splitName } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';
import type { VendorHttp } from '../core/http.js';

export interface MondayUser {
  id: string;
  name?: string | null;
  email?: string | null;
  status?: string | null;
  is_deleted?: boolean | null;
  title?: string | null;
  created_at?: string | null;
  account_id?: string | null;
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

export const API_VERSION = '2026-10';
const USER_FIELDS = 'id name email status is_deleted title created_at account_id';
export const USER_QUERY = `query ($ids: [ID!]) { users(ids: $ids, limit: 1) { ${USER_FIELDS} } }`;
export const EMAIL_QUERY = `query ($emails: [String]) { users(emails: $emails, limit: 50) { ${USER_FIELDS} } }`;
export const ME_QUERY = 'query { me { id email } }';
export const REMOVE_MUTATION =
  'mutation ($workspaceId: ID!, $userIds: [ID!]!) { delete_users_from_workspace(workspace_id: $workspaceId, user_ids: $userIds) { id } }';
const DOCS_REMOVE = 'https://developer.monday.com/api-reference/reference/workspaces#delete-users-from-a-workspace';

const STATUS: Readonly<Record<string, UserStatus>> = { ACTIVE: 'ACTIVE', INACTIVE: 'INACTIVE', PENDING: 'INVITED' };

/** monday's error code: `errors[0].extensions.code` (2024-01+), the legacy top-level `error_code`, or the message. */
function mondayCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { errors?: unknown; error_code?: unknown };
  if (Array.isArray(b.errors) && b.errors.length > 0) {
    const e = b.errors[0] as { message?: unknown; extensions?: { code?: unknown } };
    if (typeof e.extensions?.code === 'string') return e.extensions.code;
    return typeof e.message === 'string' ? e.message : 'GraphQLError';
  }
  return typeof b.error_code === 'string' ? b.error_code : undefined;
}

async function graphql<T>(http: VendorHttp, query: string, variables?: Record<string, unknown>, remoteQuery?: Readonly<Record<string, unknown>>): Promise<T> {
  const answer = await http.post<GraphQLAnswer<T>>(path``, { json: variables ? { query, variables } : { query }, query: remoteQuery });
  if (!answer?.data) throw new AppError('REMOTE_ERROR', 'Monday.com answered without data', { integration: 'Monday.com', remote: { status: 200 } });
  return answer.data;
}

/** monday user ids are numbers (sent as ID strings). */
function userId(id: string): string {
  if (!/^[1-9][0-9]{0,19}$/.test(id)) throw new AppError('BAD_USER_INPUT', 'a Monday.com user id is a number', { integration: 'Monday.com' });
  return id;
}

export const mondayCom = defineProvider<MondayUser>({
  name: 'Monday.com',
  slug: 'monday-com',
  docs: DOCS_REMOVE,
  baseUrl: 'https://api.monday.com/v2',
  context: {},
  auth: {
    api_token: {
      scheme: { kind: 'headers', headers: { Authorization: '{apiToken}' } },
      description: 'Personal API token of an admin (Developers > My access tokens), sent in Authorization without a prefix.',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://auth.monday.com/oauth2/token', scopes: ['workspaces:write', 'users:read'] },
      description: 'OAuth app authorized by an admin (scopes workspaces:write, users:read).',
    },
  },
  params: { workspaceId: { use: 'required', note: 'The unique identifier for the workspace' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'status', 'title', 'createdAt', 'organizations'],
  headers: { 'API-Version': API_VERSION },
  semantics: {
    permanent: true,
    description:
      'The user is removed from the workspace (no longer subscribed to it); their monday.com account, their seat and their access to other workspaces and boards stay. monday documents no restore: adding them back is a new subscription. To end their access to the whole account, deactivate them (Monday.com SCIM integration, or an admin in Admin > Users).',
    docs: DOCS_REMOVE,
  },
  errors: {
    code: (body) => mondayCode(body),
    bodyLevel: true,
    table: {
      UserUnauthorizedException: 'FORBIDDEN',
      USER_UNAUTHORIZED: 'FORBIDDEN',
      ResourceNotFoundException: 'NOT_FOUND',
      RESOURCE_NOT_FOUND: 'NOT_FOUND',
      InvalidUserIdException: 'BAD_USER_INPUT',
      ComplexityException: 'RATE_LIMITED',
      COMPLEXITY_BUDGET_EXHAUSTED: 'RATE_LIMITED',
      RATE_LIMIT_EXCEEDED: 'RATE_LIMITED',
      IP_RATE_LIMIT_EXCEEDED: 'RATE_LIMITED',
      DAILY_LIMIT_EXCEEDED: 'RATE_LIMITED',
      maxConcurrencyExceeded: 'RATE_LIMITED',
    },
    docs: 'https://developer.monday.com/api-reference/docs/error-handling',
  },
  rateLimit: { defaultWaitMs: 60_000 },
  // Users are addressed by numeric id; monday documents no alias (the token's user is `me`, a query).
  selfAliases: [],
  tokenOwner: {
    docs: 'https://developer.monday.com/api-reference/reference/me',
    async lookup({ http }) {
      const { me } = await graphql<{ me: { id: string; email?: string } | null }>(http, ME_QUERY);
      if (!me) return undefined;
      return { ids: [String(me.id), me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    const wanted = email.trim().toLowerCase();
    const { users } = await graphql<{ users: MondayUser[] | null }>(http, EMAIL_QUERY, { emails: [email.trim()] });
    return (users ?? []).filter((u) => typeof u.email === 'string' && u.email.toLowerCase() === wanted);
  },

  async getUser({ http, id }) {
    const { users } = await graphql<{ users: MondayUser[] | null }>(http, USER_QUERY, { ids: [userId(id)] });
    const user = (users ?? []).find((u) => String(u.id) === id);
    if (!user) throw new AppError('NOT_FOUND', 'Monday.com has no user with this id', { integration: 'Monday.com', remote: { status: 200, error: 'USER_NOT_FOUND' } });
    return user;
  },

  async deleteUser({ http, id, params, remoteQuery }) {
    const workspace = params.workspaceId as string;
    await graphql(http, REMOVE_MUTATION, { workspaceId: workspace, userIds: [userId(id)] }, remoteQuery);
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'workspace', id: workspace } };
  },

  toUser(u) {
    return compact({
      id: String(u.id),
      ...splitName(u.name),
      name: u.name ?? undefined,
      emails: u.email ? [{ email: u.email, type: 'work', isPrimary: true }] : undefined,
      status: u.is_deleted ? 'DELETED' : u.status ? (STATUS[u.status] ?? null) : undefined,
      rawStatus: u.status ?? undefined,
      title: u.title ?? undefined,
      createdAt: date(u.created_at),
      organizations: u.account_id ? [{ id: String(u.account_id) }] : undefined,
    });
  },
});
