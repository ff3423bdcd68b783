/**
 * TeamViewer: remove the user from the company (Web API v1, User management), or delete the account
 * completely with the spec's `permanent` param.
 *
 * Calls (https://webapi.teamviewer.com/api/v1; the Web API documentation,
 * https://webapi.teamviewer.com/api/v1/docs/index#/Users, and TeamViewer's own PowerShell module
 * teamviewer/TeamViewerPS, which names the exact parameters):
 *  - GET /users/{userId} → 200 user { id: "u…", name, email, userRoleId, active, last_access_date,
 *    tfa_enabled, activated_license_id, activated_license_name, … } (snapshot)
 *  - DELETE /users/{userId} → 2xx: "Removes an existing user from the TeamViewer tenant" — the account
 *    leaves the company and continues to exist as a free account;
 *    DELETE /users/{userId}?isPermanentDelete=true: "the user is deleted from TeamViewer completely"
 *    (TeamViewerPS Remove-TeamViewerUser -Permanent, Docs/Help/Remove-TeamViewerUser.md)
 *  - GET /users?email={email}&full_list=true → { users: [...] }: lookup by email
 *  - GET /account → { userid, name, email, ... }: the account the token belongs to (self-deletion
 *    guard; script tokens are created by, and act as, a user of the company)
 * Auth: `Authorization: Bearer` with a script token (User management permission) or an OAuth token
 * (token URL https://webapi.teamviewer.com/api/v1/oauth2/token).
 * Errors: the HTTP status, with `{ "error", "error_description", "error_code" }` bodies. Rate limits:
 * 429 (the documentation's "Rate Limits" section); waited out from Retry-After, else with backoff.
 *
 * What deletion means: by default the user is removed from the company: they lose the company's
 * license, policies and shared groups, and keep a free TeamViewer account (TeamViewer community:
 * "Remove user will not delete the entire account, but remove it from your company profile. The
 * account would then continue to exist as a free account"). With `permanent: true` the account is
 * deleted completely (DELETED, permanent).
 *
 * ambiguous: the interactive reference has no stable per-operation links; the parameter name
 * `isPermanentDelete` and the user fields are taken from TeamViewer's own PowerShell module.
 * ambiguous: whether GET /users/{id} answers every field of `full_list=true` is not stated; the
 * snapshot maps what it gets.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date, splitName } from '../core/map.js';
import { path } from '../core/path.js';

export interface TeamViewerUser {
  id: string;
  name?: string;
  email?: string;
  userRoleId?: string;
  active?: boolean;
  last_access_date?: string;
  tfa_enabled?: boolean;
  activated_license_id?: string;
  activated_license_name?: string;
  activated_subLicense_name?: string;
  [k: string]: unknown;
}

/** TeamViewer user ids are "u" followed by digits (TeamViewerPS Resolve-TeamViewerUserId). */
const USER_ID = /^u\d+$/;

function userPath(id: string) {
  if (!USER_ID.test(id)) throw badInput('a TeamViewer user id has the form u123456789');
  return path`/users/${id}`;
}

const DOCS = 'https://webapi.teamviewer.com/api/v1/docs/index#/Users';
/** The one company a token administers; TeamViewer exposes no company id. */
const COMPANY = 'company';

export const teamviewer = defineProvider<TeamViewerUser>({
  name: 'TeamViewer',
  slug: 'teamviewer',
  docs: DOCS,
  baseUrl: 'https://webapi.teamviewer.com/api/v1',
  context: {},
  auth: {
    script_token: {
      scheme: { kind: 'bearer', tokenField: 'scriptToken' },
      description: 'Company script token with User management: view and delete users.',
      docs: 'https://www.teamviewer.com/en/for-developers/teamviewer-api/',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://webapi.teamviewer.com/api/v1/oauth2/token' },
      description: 'OAuth app authorized by a company admin.',
      docs: 'https://www.teamviewer.com/en/for-developers/teamviewer-api/',
    },
  },
  params: { permanent: { use: 'supported', note: 'true: delete the TeamViewer account completely (isPermanentDelete=true) instead of removing it from the company' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'status', 'is2faEnabled', 'roles', 'licenses', 'lastActiveAt'],
  semantics: {
    permanent: true,
    description:
      'The user is removed from the company: they lose its license, policies and shared groups and keep a free TeamViewer account. With permanent: true the TeamViewer account is deleted completely.',
    docs: DOCS,
  },
  selfAliases: [],
  tokenOwner: {
    docs: DOCS,
    async lookup({ http }) {
      const me = await http.get<{ userid?: string; email?: string }>(path`/account`);
      return { ids: [me.userid, me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    const res = await http.get<{ users?: TeamViewerUser[] }>(path`/users`, { query: { email, full_list: true } });
    return (res.users ?? []).filter((u) => u.email?.toLowerCase() === email.toLowerCase());
  },

  getUser({ http, id }) {
    return http.get<TeamViewerUser>(userPath(id));
  },

  async deleteUser({ http, id, params }) {
    if (params.permanent === true) {
      await http.request('DELETE', userPath(id), { query: { isPermanentDelete: true } });
      return { outcome: 'DELETED', permanent: true };
    }
    await http.request('DELETE', userPath(id));
    // The company of the token: the Web API names no company id (GET /account gives only its name).
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: COMPANY } };
  },

  // Out of the company: no company license or role any more.
  after(user, result) {
    if (result.outcome === 'DELETED') return { ...user, status: 'DELETED', rawStatus: null, licenses: [], roles: [] };
    return { ...user, licenses: [], roles: [] };
  },

  toUser(u) {
    return compact({
      id: u.id,
      ...splitName(u.name),
      name: u.name || undefined,
      emails: u.email ? [{ email: u.email, isPrimary: true }] : undefined,
      status: u.active === undefined ? undefined : u.active ? 'ACTIVE' : 'INACTIVE',
      rawStatus: u.active === undefined ? undefined : u.active ? 'active' : 'inactive',
      is2faEnabled: u.tfa_enabled,
      roles: u.userRoleId ? [{ id: u.userRoleId }] : undefined,
      licenses: u.activated_license_id || u.activated_license_name ? [{ id: u.activated_license_id ?? null, name: u.activated_license_name ?? null }] : undefined,
      lastActiveAt: date(u.last_access_date),
    });
  },
});
