/**
 * Jamf Pro: delete the person's Jamf Pro user account (the login that administers Jamf Pro).
 *
 * Which "user": Jamf Pro has two. Classic API `users` (JSSResource/users) are inventory records of
 * device owners — deleting one revokes no access. Jamf Pro *user accounts* (JSSResource/accounts,
 * Settings > System > User accounts and groups) are the people who sign in to Jamf Pro and hold its
 * privileges: offboarding someone means deleting that account, so this provider works on accounts.
 *
 * Calls (Classic API, https://{host}/JSSResource, JSON with Accept: application/json):
 *  - GET /JSSResource/accounts/userid/{id} (or /accounts/username/{name}) → 200 { account } (snapshot)
 *    https://developer.jamf.com/jamf-pro/reference/findaccountsbyid
 *  - DELETE /JSSResource/accounts/userid/{id} → 200 (privilege "Delete - User accounts and groups",
 *    https://developer.jamf.com/jamf-pro/docs/classic-api-minimum-required-privileges-and-endpoint-mapping)
 *    https://developer.jamf.com/jamf-pro/reference/deleteaccountbyid
 *  - GET /api/v1/auth (Jamf Pro API) → 200 { account: { id, username, email, ... } }: the account the
 *    user-token session belongs to, for the self-deletion guard
 *    https://developer.jamf.com/jamf-pro/reference/get_v1-auth
 * Auth: an API client (client credentials at /api/oauth/token, https://developer.jamf.com/jamf-pro/docs/client-credentials)
 * — it acts as an API role, not as a user account — or a user account's name and password exchanged
 * for a bearer token at /api/v1/auth/token (https://developer.jamf.com/jamf-pro/docs/jamf-pro-api-overview).
 * Errors: the HTTP status (401, 404; bodies are HTML/XML, not structured). No rate-limit signal is
 * documented for Jamf Pro; 429/503 are retried with backoff.
 *
 * What deletion means: the user account is deleted from Jamf Pro — it can no longer sign in to Jamf
 * Pro or call its APIs and its privileges end; objects it created stay. Jamf documents no restore:
 * permanent. A directory (LDAP) account loses its Jamf Pro access too; the directory entry is not touched.
 *
 * ambiguous: the catalog's first reading (deleteuserbyid, the inventory user) was not kept: deleting
 * an inventory record revokes no access (see above). The inventory users stay untouched.
 * ambiguous: what GET /api/v1/auth answers for an API client token is not documented; API clients
 * act as no user account, so their owner is "none" without a call.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, splitName } from '../core/map.js';
import { path } from '../core/path.js';

export interface JamfAccount {
  id: number | string;
  name?: string;
  directory_user?: boolean;
  full_name?: string;
  email?: string;
  email_address?: string;
  enabled?: 'Enabled' | 'Disabled' | string;
  access_level?: string;
  privilege_set?: string;
  site?: { id?: number; name?: string } | null;
  groups?: Array<{ id?: number; name?: string }>;
  [k: string]: unknown;
}

function accountPath(id: string) {
  return /^\d+$/.test(id) ? path`/JSSResource/accounts/userid/${id}` : path`/JSSResource/accounts/username/${id}`;
}

const DOCS = 'https://developer.jamf.com/jamf-pro/reference/deleteaccountbyid';

export const jamf = defineProvider<JamfAccount>({
  name: 'Jamf',
  slug: 'jamf',
  docs: DOCS,
  baseUrl: 'https://{host}',
  context: { host: { kind: 'hostname', description: 'Jamf Pro Cloud host', example: 'acme.jamfcloud.com', endsWith: ['.jamfcloud.com'] } },
  auth: {
    client_credentials: {
      scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://{host}/api/oauth/token' },
      description: 'API client (Settings > API roles and clients) whose role has Read and Delete User accounts and groups.',
      docs: 'https://developer.jamf.com/jamf-pro/docs/client-credentials',
    },
    user_token: {
      scheme: {
        kind: 'session',
        signIn: { url: '/api/v1/auth/token', basic: { username: '{username}', password: '{password}' } },
        token: { path: 'token' },
        expiresAt: { path: 'expires' },
        header: { Authorization: 'Bearer {token}' },
      },
      description: 'A Jamf Pro user account with Read and Delete User accounts and groups: its user name and password get a bearer token from /api/v1/auth/token (renewed before it expires).',
      // The session token once issued (as client credentials keep theirs), so a signed-in account is complete.
      optionalFields: ['accessToken', 'expiresAt'],
      docs: 'https://developer.jamf.com/jamf-pro/docs/jamf-pro-api-overview',
    },
  },
  headers: { Accept: 'application/json' },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'emails', 'status', 'roles', 'groups'],
  semantics: {
    permanent: true,
    description:
      'The Jamf Pro user account is deleted: it can no longer sign in to Jamf Pro or use its APIs, and its privileges end; objects it created stay. Jamf documents no restore.',
    docs: DOCS,
  },
  selfAliases: [],
  noLookup: "Jamf Pro's Classic API lists accounts by id and name only (GET /JSSResource/accounts) and documents no search by email; an account is found by its id or user name.",
  tokenOwner: {
    docs: 'https://developer.jamf.com/jamf-pro/reference/get_v1-auth',
    async lookup({ http, method }) {
      // An API client acts under an API role, as no user account.
      if (method === 'client_credentials') return undefined;
      const me = await http.get<{ account?: { id?: string | number; username?: string; email?: string } }>(path`/api/v1/auth`);
      const a = me.account ?? {};
      return { ids: [a.id !== undefined ? String(a.id) : undefined, a.username, a.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async getUser({ http, id }) {
    return (await http.get<{ account: JamfAccount }>(accountPath(id))).account;
  },

  async deleteUser({ http, id, snapshot }) {
    const accountId = snapshot ? String(snapshot.id) : id;
    if (!/^\d+$/.test(accountId)) throw badInput('a Jamf Pro account is deleted by its numeric id');
    await http.request('DELETE', path`/JSSResource/accounts/userid/${accountId}`);
    return { outcome: 'DELETED' };
  },

  toUser(a) {
    const email = a.email_address || a.email;
    const roles = [a.privilege_set, a.access_level].filter((r): r is string => Boolean(r)).map((name) => ({ name }));
    return compact({
      id: String(a.id),
      ...splitName(a.full_name),
      name: a.full_name || undefined,
      username: a.name || undefined,
      emails: email ? [{ email, isPrimary: true }] : undefined,
      status: a.enabled === 'Enabled' ? 'ACTIVE' : a.enabled === 'Disabled' ? 'INACTIVE' : undefined,
      rawStatus: a.enabled,
      roles: roles.length ? roles : undefined,
      groups: a.groups?.length ? a.groups.filter((g) => g.id !== undefined).map((g) => ({ id: String(g.id), name: g.name ?? null })) : undefined,
    });
  },
});
