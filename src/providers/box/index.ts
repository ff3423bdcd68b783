/**
 * Box: delete a managed user of the enterprise.
 *
 * Calls (Box's OpenAPI description, test/contracts/box.yaml; server https://api.box.com/2.0):
 *  - GET    /users/{user_id} → 200 user (snapshot)                     https://developer.box.com/reference/get-users-id/
 *  - DELETE /users/{user_id} → 204                                      https://developer.box.com/reference/delete-users-id/
 *    "Deletes a user. By default this will fail if the user still owns any content. Move their owned
 *    content first before proceeding, or use the `force` field to delete the user and their files."
 *    `force` is never sent by this service. The refusal — 400 bad_request "User has managed content"
 *    — is a PRECONDITION error naming the way out: transfer the content
 *    (PUT /users/{user_id}/folders/0, https://developer.box.com/reference/put-users-id-folders-0/,
 *    guide https://developer.box.com/guides/users/delete-user/) and delete again, or ask for the
 *    files' deletion explicitly with remote_query `force=true`, which goes to the DELETE unchanged
 *    (as does `notify`). Also a PRECONDITION: 403 forbidden "User cannot be deleted due to retention
 *    policies. Please transfer user content first" (Box support article 33282413279635: the user owns
 *    content and the enterprise has a retention or legal hold policy; even with force).
 *  - GET    /users/me → 200 user: "the user who is currently authenticated ... In the case of a JWT,
 *    server-side authenticated application this will be the service account that belongs to the
 *    application" — the self-deletion guard's token owner.  https://developer.box.com/reference/get-users-me/
 *  - GET    /users?filter_term={email}&user_type=managed&limit=1000&offset=… (findUsers): "Limits
 *    the results to only users who's `name` or `login` start with the search term"; only exact
 *    case-insensitive `login` matches are kept; offset paging up to 10 pages ("offset parameter value
 *    exceeding 10000 will be rejected").                        https://developer.box.com/reference/get-users/
 * Auth: JWT (Server Authentication, box_sub_type enterprise), Client Credentials Grant
 * (box_subject_type enterprise) — both act as the app's service account — or an admin's OAuth 2.0
 * token; all from https://api.box.com/oauth2/token, with the Manage users scope
 * (https://developer.box.com/guides/authentication/). Every call carries `Authorization: Bearer`.
 * Errors: ClientError `{type:"error", status, code, message, request_id}` (box.yaml; codes in
 * https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/). Rate limits:
 * "The API returns HTTP 429 ... The response includes a retry-after header with the number of seconds
 * to wait" (https://developer.box.com/guides/api-calls/permissions-and-errors/rate-limits/).
 *
 * What deletion means: the user account is deleted; Box documents no restore of a deleted user.
 * Without force the user owned no content (Box refuses otherwise), so nothing of theirs is deleted
 * with them; with an explicit force the user's files are deleted too.
 *
 * The snapshot asks for its fields by name (`fields`, which "will have the effect that none of the
 * standard fields are returned ... unless explicitly specified"): the standard ones plus role,
 * enterprise and is_platform_access_only ("Not all available fields are returned by default").
 *
 * Ambiguities (docs/vendors/box.md): the "has managed content" refusal carries the generic
 * `bad_request` code: it is told apart by its message, as Box's support shows it.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface BoxUser {
  type?: 'user';
  id: string;
  name?: string | null;
  login?: string | null;
  created_at?: string | null;
  modified_at?: string | null;
  language?: string | null;
  timezone?: string | null;
  status?: 'active' | 'inactive' | 'cannot_delete_edit' | 'cannot_delete_edit_upload' | string | null;
  job_title?: string | null;
  phone?: string | null;
  address?: string | null;
  avatar_url?: string | null;
  notification_email?: { email?: string; is_confirmed?: boolean } | null;
  role?: 'admin' | 'coadmin' | 'user' | string | null;
  enterprise?: { id?: string; name?: string; type?: string } | null;
  is_platform_access_only?: boolean | null;
  external_app_user_id?: string | null;
  [k: string]: unknown;
}

interface BoxUsers {
  entries?: BoxUser[];
  total_count?: number;
  offset?: number;
  limit?: number;
}

const BOX_TOKEN_URL = 'https://api.box.com/oauth2/token';
/** Box user ids are numeric strings. */
const USER_ID = /^\d{1,20}$/;
const PAGE = 1000;
/** The snapshot's fields (GET /users/{user_id} `fields`). */
export const USER_FIELDS = [
  'type', 'id', 'name', 'login', 'created_at', 'modified_at', 'language', 'timezone', 'status', 'job_title', 'phone', 'address', 'avatar_url',
  'notification_email', 'role', 'enterprise', 'is_platform_access_only', 'external_app_user_id',
].join(',');
const MAX_PAGES = 10;

function userPath(id: string) {
  if (!USER_ID.test(id)) {
    throw new AppError('BAD_USER_INPUT', `Box user ids are numeric; "${id.slice(0, 40)}" is not (look a user up by email first)`, { integration: 'Box' });
  }
  return path`/users/${id}`;
}

/** Box's error code, made specific for the two content refusals Box reports with generic codes. */
function boxCode(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { code, message } = body as { code?: unknown; message?: unknown };
  const msg = typeof message === 'string' ? message.toLowerCase() : '';
  if (msg.includes('has managed content')) return 'user_has_managed_content';
  if (msg.includes('cannot be deleted due to retention policies')) return 'user_content_under_retention';
  return typeof code === 'string' ? code : undefined;
}

export const box = defineProvider<BoxUser>({
  name: 'Box',
  slug: 'box',
  docs: 'https://developer.box.com/reference/delete-users-id/',
  baseUrl: 'https://api.box.com/2.0',
  context: {},
  auth: {
    jwt: {
      scheme: {
        kind: 'jwt_bearer',
        tokenUrl: BOX_TOKEN_URL,
        claims: { iss: '{clientId}', sub: '{enterpriseId}', box_sub_type: 'enterprise', aud: '{tokenUrl}' },
        lifetimeSeconds: 60,
        jti: true,
        keyId: '{publicKeyId}',
        form: { client_id: '{clientId}', client_secret: '{clientSecret}' },
      },
      description:
        "Platform app with Server Authentication (JWT), App + Enterprise Access and the Manage users scope, authorized in the Admin Console; acts as the app's service account. From the app's config JSON: clientID, clientSecret, appAuth.publicKeyID, appAuth.privateKey (PEM; privateKeyPassphrase = appAuth.passphrase), enterpriseID.",
      docs: 'https://developer.box.com/guides/authentication/jwt/without-sdk/',
    },
    client_credentials: {
      scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: BOX_TOKEN_URL, form: { box_subject_type: 'enterprise', box_subject_id: '{enterpriseId}' } },
      description:
        'Platform app with Server Authentication (Client Credentials Grant), App + Enterprise Access and the Manage users scope, authorized in the Admin Console; acts as its service account (box_subject_type=enterprise).',
      docs: 'https://developer.box.com/guides/authentication/client-credentials/',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: BOX_TOKEN_URL, scopes: ['manage_managed_users'] },
      description: 'OAuth 2.0 app authorized by an admin.',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'name', 'title', 'emails', 'phones', 'status', 'roles', 'userType', 'organizations', 'avatar', 'timezone', 'languages', 'createdAt', 'updatedAt'],
  errors: {
    docs: 'https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/',
    bodyLevel: false,
    code: boxCode,
    table: {
      not_found: 'NOT_FOUND',
      unauthorized: 'REAUTH_REQUIRED',
      access_denied_insufficient_permissions: 'FORBIDDEN',
      insufficient_scope: 'FORBIDDEN',
      too_many_requests: 'RATE_LIMITED',
      user_has_managed_content: 'PRECONDITION',
      user_content_under_retention: 'PRECONDITION',
    },
  },
  semantics: {
    permanent: true,
    description:
      "The user is deleted from the Box enterprise and can no longer sign in; Box documents no restore of a deleted user. Box refuses while the user still owns content: transfer it first (PUT /users/{id}/folders/0), or send force=true in remote_query to delete the user's files too (they are not kept).",
    docs: 'https://developer.box.com/guides/users/delete-user/',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developer.box.com/reference/get-users-me/',
    async lookup({ http }) {
      const me = await http.get<BoxUser>(path`/users/me`);
      return { ids: [me.id, ...(me.login ? [me.login] : [])].filter((v) => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    const wanted = email.trim().toLowerCase();
    const found: BoxUser[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const offset = page * PAGE;
      const res = await http.get<BoxUsers>(path`/users`, { query: { filter_term: email.trim(), user_type: 'managed', limit: PAGE, offset } });
      const entries = res.entries ?? [];
      for (const u of entries) if (typeof u.login === 'string' && u.login.toLowerCase() === wanted) found.push(u);
      if (entries.length < PAGE || (res.total_count !== undefined && offset + entries.length >= res.total_count)) break;
    }
    return found;
  },

  getUser({ http, id }) {
    // `fields` replaces the default representation: the standard fields are named with the few
    // the snapshot needs beyond them (role, enterprise, is_platform_access_only).
    return http.get<BoxUser>(userPath(id), { query: { fields: USER_FIELDS } });
  },

  async deleteUser({ http, id, remoteQuery }) {
    // 204, no body. `force` only when the client sends it itself in remote_query.
    await http.request('DELETE', userPath(id), { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const rawStatus = u.status ?? undefined;
    // active; inactive; cannot_delete_edit(_upload): an active user whose rights are restricted.
    const status = rawStatus === 'inactive' ? 'INACTIVE' : rawStatus ? 'ACTIVE' : undefined;
    return compact({
      id: u.id,
      name: u.name || undefined,
      title: u.job_title || undefined,
      emails: u.login ? [{ email: u.login, type: 'login', isPrimary: true }, ...(u.notification_email?.email ? [{ email: u.notification_email.email, type: 'notification', isPrimary: false }] : [])] : undefined,
      phones: u.phone ? [{ number: u.phone }] : undefined,
      status,
      rawStatus,
      roles: u.role ? [{ id: u.role, name: u.role }] : undefined,
      userType: u.is_platform_access_only === true ? 'app_user' : u.is_platform_access_only === false ? 'managed_user' : undefined,
      organizations: u.enterprise?.id ? [{ id: u.enterprise.id, name: u.enterprise.name ?? null }] : undefined,
      avatar: u.avatar_url || undefined,
      timezone: u.timezone || undefined,
      languages: u.language ? [u.language] : undefined,
      createdAt: date(u.created_at),
      updatedAt: date(u.modified_at),
    });
  },
});
