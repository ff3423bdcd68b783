/**
 * Dialpad: delete the user from the company (API v2, Users).
 *
 * Calls (Dialpad's own OpenAPI description, test/contracts/dialpad.json, from
 * dialpad/dialpad-python-sdk dialpad_api_spec.json; servers https://dialpad.com/ and
 * https://sandbox.dialpad.com/):
 *  - GET /api/v2/users/{id} → 200 UserProto (snapshot)  (users.get)
 *    https://developers.dialpad.com/reference/usersget
 *  - DELETE /api/v2/users/{id} → 200 UserProto with `state: "deleted"` (users.delete, "Deletes a
 *    user by id")
 *    https://developers.dialpad.com/reference/usersdelete
 *  - GET /api/v2/users?email={email}[&cursor=…] → 200 { items: [UserProto], cursor } (users.list,
 *    "Gets company users, optionally filtering by email"): the lookup by email
 *    https://developers.dialpad.com/reference/userslist
 *  - GET /api/v2/users/me: "'me' can be used if you are using a user level API key" (users.get `id`):
 *    the self-deletion guard's owner, and `me` is refused as an id.
 * Auth (securitySchemes): `Authorization: Bearer <api_key>` (or ?apikey=, not used: a key in a URL
 * ends up in logs) — an API key created by a company admin — or an OAuth access token
 * (https://developers.dialpad.com/docs/oauth-20, token URL https://dialpad.com/oauth2/token).
 * Rate limits: "Rate limit: 1200 per minute" on each of these operations; a 429 gives no documented
 * header, so the core's exponential backoff applies.
 *
 * What deletion means: the user's state becomes `deleted` and the DELETE answers the user as
 * deleted ("display_name": "… (deactivated)"); the license the user held is released. Dialpad
 * documents no API to restore a deleted user, so the deletion is declared permanent.
 *
 * ambiguous: a company-level API key acts as the company, not a user; what GET /users/me answers for
 * it is not documented. A 400/403/404 answer to it is read as "this key has no user" (no owner to
 * protect); any other failure fails the deletion.
 * ambiguous: what happens to the deleted user's numbers, call history and voicemails is described
 * in Dialpad's help center only (numbers go back to the company's pool); not verified here.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UnifiedUser, UserStatus } from '../core/types.js';

export interface DialpadUser {
  id: string | number;
  company_id?: string | number;
  country?: string;
  date_active?: string;
  date_added?: string;
  date_first_login?: string;
  display_name?: string;
  emails?: string[];
  first_name?: string;
  last_name?: string;
  group_details?: Array<{ group_id?: string | number | null; group_type?: string | null; role?: string | null; do_not_disturb?: boolean | null }>;
  image_url?: string;
  is_admin?: boolean;
  is_super_admin?: boolean;
  job_title?: string;
  language?: string;
  license?: string;
  office_id?: string | number;
  phone_numbers?: string[];
  state?: 'active' | 'cancelled' | 'deleted' | 'pending' | 'suspended' | string;
  timezone?: string;
  [k: string]: unknown;
}

const STATUS: Record<string, UserStatus> = { active: 'ACTIVE', pending: 'INVITED', suspended: 'INACTIVE', cancelled: 'INACTIVE', deleted: 'DELETED' };
const MAX_PAGES = 20;

/** Dialpad's timestamps carry no zone ("2021-06-20T19:18:00"); they are UTC. */
function utc(v: string | undefined): Date | undefined {
  return v ? date(/(Z|[+-]\d\d:?\d\d)$/.test(v) ? v : `${v}Z`) : undefined;
}

function userPath(id: string) {
  if (id.trim().toLowerCase() === 'me') throw badInput('"me" is not a user id: it names the user the API key belongs to');
  return path`/users/${id}`;
}

const DOCS = 'https://developers.dialpad.com/reference/usersdelete';

export const dialpad = defineProvider<DialpadUser>({
  name: 'Dialpad',
  slug: 'dialpad',
  docs: DOCS,
  baseUrl: 'https://{host}/api/v2',
  context: {
    host: {
      kind: 'enum',
      description: 'dialpad.com (production) or sandbox.dialpad.com (the sandbox), the servers of the Dialpad API description',
      values: ['dialpad.com', 'sandbox.dialpad.com'],
      default: 'dialpad.com',
    },
  },
  auth: {
    api_key: {
      scheme: { kind: 'bearer', tokenField: 'apiKey' },
      description: 'An API key created by a company admin (Admin Settings > My Company > Authentication > API keys), sent as Authorization: Bearer.',
      docs: 'https://developers.dialpad.com/docs/api-keys',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://{host}/oauth2/token' },
      description: 'OAuth app authorized by a company admin.',
      docs: 'https://developers.dialpad.com/docs/oauth-20',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: [
    'id', 'firstName', 'lastName', 'name', 'title', 'emails', 'phones', 'status', 'roles', 'organizations', 'licenses', 'groups',
    'avatar', 'timezone', 'languages', 'createdAt', 'activatedAt',
  ],
  semantics: {
    permanent: true,
    description:
      'The user is deleted from the Dialpad company (state "deleted"): they can no longer sign in and their license is released. Dialpad documents no API to restore a deleted user.',
    docs: DOCS,
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developers.dialpad.com/reference/usersget',
    async lookup({ http }) {
      const res = await http.request<DialpadUser>('GET', path`/users/me`, { accept: [400, 403, 404] });
      if (res.status !== 200) return undefined;
      return { ids: [String(res.body.id), ...(res.body.emails ?? [])].filter((v) => v !== '' && v !== 'undefined') };
    },
  },

  async findUsers({ http, email }) {
    const out: DialpadUser[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.get<{ items?: DialpadUser[]; cursor?: string | null }>(path`/users`, { query: { email, state: 'all', ...(cursor ? { cursor } : {}) } });
      // state=all includes suspended and pending users; users already deleted are left out.
      for (const u of res.items ?? []) {
        if (u.state !== 'deleted' && (u.emails ?? []).some((e) => e.toLowerCase() === email.toLowerCase())) out.push(u);
      }
      cursor = res.cursor ?? undefined;
      if (!cursor) return out;
    }
    return out;
  },

  getUser({ http, id }) {
    return http.get<DialpadUser>(userPath(id));
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    const user = await http.request<DialpadUser>('DELETE', userPath(snapshot ? String(snapshot.id) : id), { query: remoteQuery });
    return { outcome: 'DELETED', user: user.body && typeof user.body === 'object' && 'id' in user.body ? user.body : undefined };
  },

  // The DELETE answers the user as deleted; the license it held is released.
  after(user: UnifiedUser) {
    return { ...user, status: 'DELETED', licenses: [] };
  },

  toUser(u) {
    const company = u.company_id !== undefined ? String(u.company_id) : undefined;
    const roles = [
      ...(u.is_super_admin ? [{ name: 'super_admin', organization: company ?? null }] : []),
      ...(u.is_admin && !u.is_super_admin ? [{ name: 'admin', organization: company ?? null }] : []),
      ...(u.group_details ?? []).filter((g) => g.role).map((g) => ({ id: g.group_id != null ? String(g.group_id) : null, name: g.role ?? null, group: g.group_type ?? null })),
    ];
    const groups = (u.group_details ?? []).filter((g) => g.group_id != null).map((g) => ({ id: String(g.group_id), name: g.group_type ?? null, organizationId: company ?? null }));
    const emails = (u.emails ?? []).map((email, i) => ({ email, isPrimary: i === 0 }));
    const phones = (u.phone_numbers ?? []).map((number) => ({ number }));
    return compact({
      id: String(u.id),
      firstName: u.first_name || undefined,
      lastName: u.last_name || undefined,
      name: u.display_name || [u.first_name, u.last_name].filter(Boolean).join(' ') || undefined,
      title: u.job_title || undefined,
      emails: emails.length ? emails : undefined,
      phones: phones.length ? phones : undefined,
      status: u.state ? (STATUS[u.state] ?? null) : undefined,
      rawStatus: u.state,
      roles: roles.length ? roles : undefined,
      organizations: company ? [{ id: company }] : undefined,
      licenses: u.license ? [{ id: u.license, name: u.license, organizationId: company ?? null }] : undefined,
      groups: groups.length ? groups : undefined,
      avatar: u.image_url || undefined,
      timezone: u.timezone || undefined,
      languages: u.language ? [u.language] : undefined,
      createdAt: utc(u.date_added),
      activatedAt: utc(u.date_active),
    });
  },
});
