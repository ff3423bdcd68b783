/**
 * Snowflake: drop a user of the Snowflake account (REST User API, snowflakedb/snowflake-rest-api-specs
 * specifications/user.yaml + common.yaml, version 10.10).
 *
 * Calls (https://{account host}, key-pair JWT as bearer):
 *  - GET /api/v2/users/{name} → User (fetchUser, "using the result of the DESCRIBE command")
 *    https://docs.snowflake.com/en/developer-guide/snowflake-rest-api/reference/user
 *  - DELETE /api/v2/users/{name}?ifExists=false → {status} (deleteUser, "Delete a user with the
 *    given name"; SQL DROP USER). https://docs.snowflake.com/en/sql-reference/sql/drop-user
 *  - GET /api/v2/users?showLimit=10000[&fromName=…] (lookup by email: `like` matches names only,
 *    so the list is read, bounded)
 * Identifiers (components.schemas.Identifier): `^"([^"]|"")+"|[a-zA-Z_][a-zA-Z0-9_$]*$` — "If the
 * identifier contains spaces or special characters, the entire string must be enclosed in double
 * quotes. Identifiers enclosed in double quotes are also case-sensitive." The id is resolved the
 * way Snowflake resolves a name (a plain name case-insensitively, anything else quoted, a quoted
 * name as given); the DROP then names the user read, quoted, so it removes exactly that user.
 * Auth: key-pair authentication (https://docs.snowflake.com/en/developer-guide/snowflake-rest-api/authentication):
 * a JWT signed RS256 with the user's private key, iss = ACCOUNT.USER.SHA256:<public key
 * fingerprint>, sub = ACCOUNT.USER ("The account_identifier and user values must use all uppercase"), at most one hour, sent as `Authorization: Bearer` with
 * `X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT` (securitySchemes.KeyPair).
 * Errors: `{message, code, request_id}`; a missing user is code 002003 ("does not exist or not
 * authorized"). A 404 with another code means "the API endpoint does not exist, or ... the API is
 * not enabled" (404NotFound): reported as REMOTE_ERROR, never as an absent user.
 * Rate limits: 429 "Limit Exceeded" (no header documented): the core's backoff.
 *
 * ambiguous: deleteUser may answer 202 ("accepted ... not completed yet"); it is taken as done.
 * ambiguous: only key-pair JWT is offered. Programmatic access tokens and OAuth tokens also belong
 * to a user, but the REST API documents no "current user" read (only SQL CURRENT_USER() through the
 * SQL API, a POST), so the self-deletion guard could not name their owner.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface SnowflakeUser {
  name: string;
  login_name?: string | null;
  display_name?: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  disabled?: boolean | null;
  locked_until?: string | null;
  default_role?: string | null;
  comment?: string | null;
  type?: string | null;
  created_on?: string | null;
  last_successful_login?: string | null;
  [k: string]: unknown;
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const QUOTED = /^"(?:[^"]|"")+"$/;
const SHOW_LIMIT = 10_000;
const MAX_PAGES = 10;

/** The identifier Snowflake resolves for a given name: plain names as is, quoted names as given, others quoted. */
export function identifier(name: string): string {
  if (PLAIN.test(name) || QUOTED.test(name)) return name;
  return quoted(name);
}

/** The exact, case-sensitive identifier of a stored name. */
export function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function errorCode(body: unknown, status: number): string | undefined {
  const code = body && typeof body === 'object' ? (body as { code?: unknown; error_code?: unknown }).code ?? (body as { error_code?: unknown }).error_code : undefined;
  if (status === 404 && code !== '002003') return 'endpoint_not_found';
  return typeof code === 'string' ? code : undefined;
}

export const snowflake = defineProvider<SnowflakeUser>({
  name: 'Snowflake',
  slug: 'snowflake',
  docs: 'https://docs.snowflake.com/en/developer-guide/snowflake-rest-api/reference/user',
  baseUrl: 'https://{host}',
  context: {
    host: { kind: 'hostname', description: 'Account host (<orgname>-<account_name>.snowflakecomputing.com, or the account locator URL)', example: 'myorg-myaccount.snowflakecomputing.com', endsWith: ['.snowflakecomputing.com'] },
  },
  auth: {
    keypair_jwt: {
      scheme: {
        kind: 'keypair_jwt',
        claims: { iss: '{account}.{user}.{publicKeyFingerprint}', sub: '{account}.{user}' },
        upper: ['account', 'user'],
        lifetimeSeconds: 3600,
        headers: { Authorization: 'Bearer {token}', 'X-Snowflake-Authorization-Token-Type': 'KEYPAIR_JWT' },
        actsAs: 'user',
      },
      description:
        'Key-pair authentication of a user whose role may drop users (USERADMIN or the owner role): `account` is the account identifier for the JWT (orgname-account_name, or the account locator without region), `user` the user name, `privateKey` the PEM whose public key is set on that user (RSA_PUBLIC_KEY).',
      docs: 'https://docs.snowflake.com/en/developer-guide/snowflake-rest-api/authentication',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'emails', 'status', 'userType', 'bio', 'createdAt', 'lastLoginAt'],
  errors: {
    code: errorCode,
    bodyLevel: false,
    table: { '002003': 'NOT_FOUND', endpoint_not_found: 'REMOTE_ERROR' },
    docs: 'https://docs.snowflake.com/en/developer-guide/snowflake-rest-api/reference/user',
  },
  semantics: {
    permanent: true,
    description:
      'The user is dropped from the Snowflake account (DROP USER): they can no longer sign in and their sessions end. Dropped users cannot be restored (UNDROP does not apply to users). Objects are owned by roles, not users, so nothing they created is removed.',
    docs: 'https://docs.snowflake.com/en/sql-reference/sql/drop-user',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://docs.snowflake.com/en/developer-guide/snowflake-rest-api/authentication',
    // The JWT names its user (sub = ACCOUNT.USER): the credentials' `user` is the token's owner,
    // read with fetchUser so its login name and email are compared too.
    async lookup({ http, subject }) {
      if (!subject) throw new AppError('REAUTH_REQUIRED', 'The Snowflake account has no user for its key-pair JWT', { integration: 'snowflake' });
      const me = await http.get<SnowflakeUser>(path`/api/v2/users/${identifier(subject)}`);
      return { ids: [subject, me?.name, me?.login_name, me?.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    const wanted = email.toLowerCase();
    const found: SnowflakeUser[] = [];
    let fromName: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const users = await http.get<SnowflakeUser[]>(path`/api/v2/users`, { query: fromName ? { showLimit: SHOW_LIMIT, fromName } : { showLimit: SHOW_LIMIT } });
      const list = Array.isArray(users) ? users : [];
      for (const u of list) if (u.email?.toLowerCase() === wanted && !found.some((f) => f.name === u.name)) found.push(u);
      if (list.length < SHOW_LIMIT) break;
      fromName = list[list.length - 1]?.name;
    }
    return found;
  },

  async getUser({ http, id }) {
    const user = await http.get<SnowflakeUser>(path`/api/v2/users/${identifier(id)}`);
    if (!user || typeof user.name !== 'string') throw new AppError('REMOTE_ERROR', 'Snowflake answered the user read without a user name', { integration: 'snowflake' });
    return user;
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    const target = snapshot ? quoted(snapshot.name) : identifier(id);
    await http.request('DELETE', path`/api/v2/users/${target}`, { query: { ...(remoteQuery ?? {}), ifExists: false } });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    return compact({
      id: u.name,
      firstName: u.first_name ?? undefined,
      lastName: u.last_name ?? undefined,
      name: u.display_name ?? ([u.first_name, u.last_name].filter(Boolean).join(' ') || undefined),
      username: u.login_name ?? undefined,
      emails: u.email ? [{ email: u.email, type: 'work', isPrimary: true }] : undefined,
      status: u.disabled ? 'INACTIVE' : 'ACTIVE',
      rawStatus: u.disabled ? 'disabled' : 'enabled',
      userType: u.type ?? undefined,
      bio: u.comment ?? undefined,
      createdAt: date(u.created_on),
      lastLoginAt: date(u.last_successful_login),
    });
  },
});
