/**
 * Zoom: remove the user from the Zoom account (Users API, `DELETE /users/{userId}`).
 *
 * Calls (https://api.zoom.us/v2):
 *  - GET /users/{userId} → 200 user (snapshot; userId is the user id or the email address)
 *    https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}
 *  - DELETE /users/{userId}?action=disassociate → 204, no body
 *    https://developers.zoom.us/docs/api/users/#tag/users/DELETE/users/{userId}
 *    "Disassociates (unlinks) a user from the associated Zoom account and provides the user their
 *    own basic free Zoom account ... To permanently delete a user, specify `delete` as the value of
 *    the action query parameter." `action`: `disassociate` (the default) or `delete`; "To delete
 *    pending user in the account, use disassociate". Optional transfer_email, transfer_meeting,
 *    transfer_webinar, transfer_recording, transfer_whiteboard move the user's data to another user.
 *  - GET /users/me → 200 user: the user the token acts as, for the self-deletion guard (`me` is the
 *    documented alias of the caller in every /users/{userId} call, so it is also refused as an id).
 *    https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}
 * Auth: Server-to-Server OAuth (grant_type=account_credentials with the account id, client id and
 * secret as HTTP Basic, https://developers.zoom.us/docs/internal-apps/s2s-oauth/) or an OAuth app
 * authorized by an admin; scopes user:read:user:admin and user:delete:user:admin.
 * Rate limits (https://developers.zoom.us/docs/api/rate-limits/): 429 with the X-RateLimit-Type
 * header; the daily limit adds Retry-After. The per-second limits give no wait, so a 429 without
 * Retry-After waits one second (the per-second window).
 * Errors: `{ "code": 1001, "message": "User does not exist: {userId}." }` (404); on the DELETE a 400
 * with code 300 when the user's data must be transferred first (Zoom Events / Sessions published:
 * "you have not specified the user to whom data should be transferred") or the transfer target is
 * the user themselves, and code 200 when the user cannot be deleted or unlinked (the account owner,
 * a free account unlinking): both are preconditions, reported and never forced.
 *
 * What deletion means: the safe, documented default `disassociate` — the user leaves the company
 * account (license, group and role there released) and keeps a free Zoom account with their own
 * meetings and recordings (unless transferred with remote_query transfer_*). `remote_query`
 * `action=delete` asks for Zoom's permanent deletion instead ("permanently removes the user and
 * their data from Zoom"); the report then says DELETED and permanent.
 *
 * ambiguous: whether GET /users/me answers for a Server-to-Server OAuth token (an account-level app
 * with no user of its own) is not documented; it is read like any token, and a refusal fails the
 * deletion rather than letting it go ahead unguarded.
 * ambiguous: the disassociate page notes that users whose email is in one of the account's managed
 * domains cannot be unlinked (Zoom support, "Unlinking users"); Zoom then answers an error which is
 * reported as such — the caller can send action=delete through remote_query.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface ZoomUser {
  id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  display_name?: string;
  type?: number;
  role_name?: string;
  role_id?: string;
  status?: 'active' | 'inactive' | 'pending' | string;
  account_id?: string;
  group_ids?: string[];
  job_title?: string;
  dept?: string;
  language?: string;
  timezone?: string;
  pic_url?: string;
  verified?: number;
  phone_numbers?: Array<{ code?: string; country?: string; label?: string; number?: string; verified?: boolean }>;
  created_at?: string;
  user_created_at?: string;
  last_login_time?: string;
  [k: string]: unknown;
}

const STATUS: Record<string, UserStatus> = { active: 'ACTIVE', inactive: 'INACTIVE', pending: 'INVITED' };

/** Zoom's user types (GET /users/{userId} `type`). */
const USER_TYPE: Record<number, string> = { 1: 'Basic', 2: 'Licensed', 4: 'Unassigned without Meetings Basic', 99: 'None' };

function userPath(id: string) {
  if (id.trim().toLowerCase() === 'me') throw badInput('"me" is not a user id: it names the user the token acts as');
  return path`/users/${id}`;
}

/** The deletion action: Zoom's default `disassociate`, or `delete` asked for in remote_query. */
function action(remoteQuery: Readonly<Record<string, unknown>> | undefined): 'disassociate' | 'delete' {
  const a = remoteQuery?.action;
  if (a === undefined || a === 'disassociate') return 'disassociate';
  if (a === 'delete') return 'delete';
  throw badInput('remote_query.action must be "disassociate" (the default) or "delete"');
}

const DOCS = 'https://developers.zoom.us/docs/api/users/#tag/users/DELETE/users/{userId}';

export const zoom = defineProvider<ZoomUser>({
  name: 'Zoom',
  slug: 'zoom',
  docs: DOCS,
  baseUrl: 'https://api.zoom.us/v2',
  context: {},
  auth: {
    server_to_server: {
      scheme: { kind: 'oauth2', grant: 'account_credentials', tokenUrl: 'https://zoom.us/oauth/token', clientAuth: 'basic', form: { account_id: '{accountId}' } },
      description:
        'Server-to-Server OAuth app (account id, client id, client secret from its App Credentials) with the user:read:user:admin and user:delete:user:admin scopes; a new token each hour, no refresh token.',
      docs: 'https://developers.zoom.us/docs/internal-apps/s2s-oauth/',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://zoom.us/oauth/token', scopes: ['user:read:user:admin', 'user:delete:user:admin'], clientAuth: 'basic' },
      description: 'OAuth app authorized by an account owner or admin (user:read:user:admin, user:delete:user:admin).',
      docs: 'https://developers.zoom.us/docs/integrations/oauth/',
    },
  },
  params: {},
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: [
    'id', 'firstName', 'lastName', 'name', 'emails', 'phones', 'status', 'isEmailVerified', 'title', 'userType', 'roles',
    'organizations', 'groups', 'avatar', 'timezone', 'languages', 'createdAt', 'lastLoginAt',
  ],
  rateLimit: { defaultWaitMs: 1_000 },
  errors: {
    // `status/code`: Zoom reuses small codes across statuses (code 200 on a 400 is "cannot delete").
    code: (body, status) => {
      const c = (body as { code?: unknown } | undefined)?.code;
      return typeof c === 'number' || typeof c === 'string' ? `${status}/${c}` : undefined;
    },
    bodyLevel: false,
    table: {
      '404/1001': 'NOT_FOUND',
      '400/1001': 'NOT_FOUND',
      '400/300': 'PRECONDITION',
      '400/200': 'PRECONDITION',
      '401/124': 'REAUTH_REQUIRED',
    },
    docs: 'https://developers.zoom.us/docs/api/using-zoom-apis/#error-codes',
  },
  semantics: {
    permanent: false,
    description:
      'The user is disassociated (unlinked) from the Zoom account: their license, group and role in the account are released and they keep their own free Zoom account with their meetings and recordings, unless remote_query transfer_email/transfer_* moves those to another user first. With remote_query action=delete the user and their data are permanently deleted instead.',
    docs: DOCS,
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}',
    async lookup({ http }) {
      const me = await http.get<ZoomUser>(path`/users/me`);
      return { ids: [me.id, me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    // GET /users/{userId} takes the email address: one exact match at most, 404/1001 when none.
    const res = await http.request<ZoomUser>('GET', userPath(email), { accept: [404] });
    if (res.status === 404) return [];
    return res.body.email?.toLowerCase() === email.toLowerCase() ? [res.body] : [];
  },

  getUser({ http, id }) {
    return http.get<ZoomUser>(userPath(id));
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    const act = action(remoteQuery);
    // Zoom's own id from the snapshot: `id` may be an email address.
    const zoomId = snapshot?.id ?? id;
    await http.request('DELETE', userPath(zoomId), { query: { ...remoteQuery, action: act } });
    if (act === 'delete') return { outcome: 'DELETED', permanent: true };
    const account = snapshot?.account_id;
    return account ? { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: account } } : { outcome: 'REMOVED_FROM_CONTAINER' };
  },

  // Unlinked, the user is a free Basic user outside the account: no role, group or license of the account.
  after(user, result) {
    if (result.outcome === 'DELETED') return { ...user, status: 'DELETED', rawStatus: null, roles: [], groups: [], organizations: [] };
    return { ...user, roles: [], groups: [], organizations: [] };
  },

  toUser(u) {
    const name = u.display_name || [u.first_name, u.last_name].filter(Boolean).join(' ') || undefined;
    const phones = (u.phone_numbers ?? [])
      .filter((p) => p.number)
      .map((p) => ({ number: `${p.code ?? ''}${p.code ? ' ' : ''}${p.number as string}`, type: p.label ?? null }));
    return compact({
      id: u.id,
      firstName: u.first_name || undefined,
      lastName: u.last_name || undefined,
      name,
      emails: u.email ? [{ email: u.email, isPrimary: true }] : undefined,
      phones: phones.length ? phones : undefined,
      status: u.status ? (STATUS[u.status] ?? null) : undefined,
      rawStatus: u.status,
      isEmailVerified: u.verified === undefined ? undefined : u.verified === 1,
      title: u.job_title || undefined,
      userType: u.type !== undefined ? (USER_TYPE[u.type] ?? String(u.type)) : undefined,
      roles: u.role_id || u.role_name ? [{ id: u.role_id ?? null, name: u.role_name ?? null, organization: u.account_id ?? null }] : undefined,
      organizations: u.account_id ? [{ id: u.account_id }] : undefined,
      groups: u.group_ids?.length ? u.group_ids.map((id) => ({ id, organizationId: u.account_id ?? null })) : undefined,
      avatar: u.pic_url || undefined,
      timezone: u.timezone || undefined,
      languages: u.language ? [u.language] : undefined,
      createdAt: date(u.user_created_at ?? u.created_at),
      lastLoginAt: date(u.last_login_time),
    });
  },
});
