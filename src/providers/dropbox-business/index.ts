/**
 * Dropbox Business (Dropbox teams): remove the member from the team.
 *
 * Source: Dropbox's own API description, dropbox/dropbox-api-spec (team.stone, async.stone,
 * auth.stone; commit 0d994ebe), rendered at https://www.dropbox.com/developers/documentation/http/teams.
 * RPC endpoints: POST with a JSON body on https://api.dropboxapi.com/2.
 *
 * Calls:
 *  - POST /team/members/get_info_v2 {"members":[<UserSelectorArg>]} → {"members_info":[{".tag":
 *    "member_info", "profile": TeamMemberProfile, "roles": [...]}]} or [{".tag":"id_not_found"}]
 *    (a 200: "will return MembersGetInfoItem.id_not_found, for IDs (or emails) that cannot be matched
 *    to a valid team member") — the snapshot, and findUsers by email.
 *    https://www.dropbox.com/developers/documentation/http/teams#team-members-get_info
 *  - POST /team/members/remove {"user":{".tag":"team_member_id","team_member_id":…},"wipe_data":true,
 *    "keep_account":false} → {".tag":"complete"} or {".tag":"async_job_id","async_job_id":…}
 *    https://www.dropbox.com/developers/documentation/http/teams#team-members-remove
 *    "Exactly one of team_member_id, email, or external_id must be provided": the member is always
 *    named by the team_member_id read in the snapshot. `wipe_data` (default true: "controls if the
 *    user's data will be deleted on their linked devices") and `keep_account` (default false) are
 *    sent explicitly with their documented defaults; no transfer, no permanent deletion of files.
 *  - POST /team/members/remove/job_status/get {"async_job_id":…} → {".tag":"complete"|"in_progress"}
 *    when the removal launched an asynchronous job: polled once (a provider never sleeps).
 *  - POST /team/token/get_authenticated_admin (no argument) → {"admin_profile": TeamMemberProfile}:
 *    "the admin who generated the team access token" — the self-deletion guard's token owner.
 *    https://www.dropbox.com/developers/documentation/http/teams#team-token-get_authenticated_admin
 * Auth: OAuth 2.0 (team-scoped app authorized by a team admin), scopes members.read, members.delete,
 * team_info.read; `Authorization: Bearer`. Token URL https://api.dropboxapi.com/oauth2/token.
 * Errors (https://www.dropbox.com/developers/documentation/http/documentation#error-handling): 409
 * endpoint errors and 401 auth errors as {"error_summary", "error": {".tag": …}}; 429 with Retry-After
 * and {"error": {"reason": {".tag": "too_many_requests"}, "retry_after": n}}; 400 as plain text.
 *
 * What removal means (members/remove): "Accounts can be recovered via members/recover for a 7 day
 * period or until the account has been permanently deleted or transferred to another account
 * (whichever comes first) ... Accounts can have their files transferred via the admin console for a
 * limited time, based on the version history length associated with the team (180 days for most teams)."
 * Hence DELETED, not permanent, restore window 7 days.
 *
 * Preconditions: remove_last_admin ("The user is the last admin of the team") and
 * member_is_transfer_destination → FAILED_PRECONDITION.
 *
 * Ambiguities (docs/vendors/dropbox-business.md): an asynchronous removal still in progress after
 * the one poll is reported as the removal Dropbox accepted (ambiguous: Dropbox documents no
 * failure state for PollEmptyResult; job failures come back as a PollError); ids other than a
 * team_member_id (`dbmid:…`) or an email are refused (an external_id cannot be told apart from other
 * strings). Dropbox documents no alias such as `me` for team members.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

type Tagged<T extends string = string> = { '.tag': T };

export interface DropboxTeamMemberProfile {
  team_member_id: string;
  account_id?: string | null;
  external_id?: string | null;
  email: string;
  email_verified?: boolean;
  secondary_emails?: Array<{ email: string; is_verified?: boolean }> | null;
  status?: Tagged<'active' | 'invited' | 'suspended' | 'removed' | string> & { is_recoverable?: boolean };
  name?: { given_name?: string; surname?: string; familiar_name?: string; display_name?: string; abbreviated_name?: string };
  membership_type?: Tagged<'full' | 'limited' | string>;
  invited_on?: string | null;
  joined_on?: string | null;
  suspended_on?: string | null;
  persistent_id?: string | null;
  groups?: string[];
  member_folder_id?: string;
  root_folder_id?: string;
  profile_photo_url?: string | null;
  [k: string]: unknown;
}

export interface DropboxMember {
  profile: DropboxTeamMemberProfile;
  roles?: Array<{ role_id: string; name?: string; description?: string }> | null;
}

type GetInfoItem = (Tagged<'member_info'> & DropboxMember) | (Tagged<'id_not_found'> & { id_not_found?: string });

const SELECTOR_ERROR = 'Dropbox team members are named by their team_member_id ("dbmid:…") or their email address';

/** The UserSelectorArg for a deleteUser id: a team_member_id or an email. */
export function selector(id: string): Record<string, string> {
  if (id.startsWith('dbmid:')) return { '.tag': 'team_member_id', team_member_id: id };
  if (/^[^\s@]+@[^\s@]+$/.test(id)) return { '.tag': 'email', email: id };
  throw new AppError('BAD_USER_INPUT', `${SELECTOR_ERROR}; "${id.slice(0, 40)}" is neither`, { integration: 'Dropbox - Business' });
}

/** Dropbox's error tag: endpoint (409) and auth (401) errors, the rate-limit reason, or a 200 id_not_found. */
function dropboxCode(body: unknown, status: number): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  if (status >= 200 && status < 300) {
    const items = (body as { members_info?: GetInfoItem[] }).members_info;
    return Array.isArray(items) && items.length === 1 && items[0]?.['.tag'] === 'id_not_found' ? 'id_not_found' : undefined;
  }
  const error = (body as { error?: { '.tag'?: unknown; reason?: { '.tag'?: unknown } } }).error;
  const tag = error?.['.tag'] ?? error?.reason?.['.tag'];
  return typeof tag === 'string' ? tag : undefined;
}

export const dropboxBusiness = defineProvider<DropboxMember>({
  name: 'Dropbox - Business',
  slug: 'dropbox-business',
  docs: 'https://www.dropbox.com/developers/documentation/http/teams#team-members-remove',
  baseUrl: 'https://api.dropboxapi.com/2',
  context: {},
  auth: {
    oauth: {
      scheme: {
        kind: 'oauth2',
        grant: 'authorization_code',
        tokenUrl: 'https://api.dropboxapi.com/oauth2/token',
        scopes: ['members.read', 'members.delete', 'team_info.read'],
      },
      description: 'Team-scoped Dropbox app authorized by a team admin (Team member management), with members.read, members.delete and team_info.read.',
      docs: 'https://developers.dropbox.com/oauth-guide',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'externalId', 'firstName', 'lastName', 'name', 'emails', 'status', 'isEmailVerified', 'roles', 'userType', 'groups', 'avatar', 'activatedAt'],
  errors: {
    docs: 'https://www.dropbox.com/developers/documentation/http/documentation#error-handling',
    bodyLevel: true,
    code: dropboxCode,
    table: {
      id_not_found: 'NOT_FOUND',
      user_not_found: 'NOT_FOUND',
      user_not_in_team: 'NOT_FOUND',
      invalid_access_token: 'REAUTH_REQUIRED',
      expired_access_token: 'TOKEN_EXPIRED',
      // token/get_authenticated_admin: "Consider re-authorizing a new access token to record its authenticating admin".
      mapping_not_found: 'REAUTH_REQUIRED',
      admin_not_active: 'REAUTH_REQUIRED',
      missing_scope: 'FORBIDDEN',
      route_access_denied: 'FORBIDDEN',
      remove_last_admin: 'PRECONDITION',
      member_is_transfer_destination: 'PRECONDITION',
      too_many_requests: 'RATE_LIMITED',
      too_many_write_operations: 'RATE_LIMITED',
    },
  },
  semantics: {
    permanent: false,
    restoreWindowDays: 7,
    description:
      "The member is removed from the team and their data is wiped from their linked devices (wipe_data, Dropbox's default); the account can be recovered with members/recover for 7 days, unless it is permanently deleted or transferred first. Their files are not deleted: an admin can transfer them from the admin console for a limited time (180 days for most teams). The license is freed.",
    docs: 'https://www.dropbox.com/developers/documentation/http/teams#team-members-remove',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://www.dropbox.com/developers/documentation/http/teams#team-token-get_authenticated_admin',
    async lookup({ http }) {
      const { admin_profile: admin } = await http.post<{ admin_profile: DropboxTeamMemberProfile }>(path`/team/token/get_authenticated_admin`);
      return { ids: [admin.team_member_id, admin.email, admin.account_id].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    // get_info_v2 with an email selector is Dropbox's exact lookup by email; the answer's address is checked too.
    const res = await http.request<{ members_info?: GetInfoItem[] }>('POST', path`/team/members/get_info_v2`, {
      json: { members: [{ '.tag': 'email', email: email.trim() }] },
      accept: [200],
    });
    const wanted = email.trim().toLowerCase();
    return (res.body.members_info ?? [])
      .filter((m): m is Tagged<'member_info'> & DropboxMember => m['.tag'] === 'member_info')
      .filter((m) => m.profile.email.toLowerCase() === wanted || (m.profile.secondary_emails ?? []).some((e) => e.email.toLowerCase() === wanted))
      .map(({ profile, roles }) => ({ profile, roles }));
  },

  async getUser({ http, id }) {
    const res = await http.post<{ members_info?: GetInfoItem[] }>(path`/team/members/get_info_v2`, { json: { members: [selector(id)] } });
    const item = res.members_info?.[0];
    if (item?.['.tag'] !== 'member_info') {
      throw new AppError('NOT_FOUND', `Dropbox - Business has no team member ${id.slice(0, 80)}`, { integration: 'Dropbox - Business' });
    }
    return { profile: item.profile, roles: item.roles ?? null };
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    const teamMemberId = snapshot?.profile.team_member_id ?? (id.startsWith('dbmid:') ? id : undefined);
    if (!teamMemberId) throw new AppError('BAD_USER_INPUT', SELECTOR_ERROR, { integration: 'Dropbox - Business' });
    const launched = await http.post<Tagged<'complete' | 'async_job_id'> & { async_job_id?: string }>(path`/team/members/remove`, {
      json: { user: { '.tag': 'team_member_id', team_member_id: teamMemberId }, wipe_data: true, keep_account: false },
      query: remoteQuery,
    });
    if (launched['.tag'] === 'async_job_id' && launched.async_job_id) {
      // One poll: a failed job answers 409 PollError (internal_error, invalid_async_job_id), an error here.
      await http.post(path`/team/members/remove/job_status/get`, { json: { async_job_id: launched.async_job_id } });
    }
    return { outcome: 'DELETED' };
  },

  after(user) {
    // Removed from the team: no longer in its groups, no role there.
    return { ...user, status: 'DELETED', rawStatus: 'removed', groups: [], roles: [] };
  },

  toUser({ profile: p, roles }) {
    const tag = p.status?.['.tag'];
    const status = tag === 'active' ? 'ACTIVE' : tag === 'invited' ? 'INVITED' : tag === 'suspended' ? 'INACTIVE' : tag === 'removed' ? 'DELETED' : undefined;
    const secondary = (p.secondary_emails ?? []).map((e) => ({ email: e.email, type: e.is_verified ? 'secondary' : 'secondary_unverified', isPrimary: false }));
    return compact({
      id: p.team_member_id,
      externalId: p.external_id ?? undefined,
      identifiers: { team_member_id: p.team_member_id, account_id: p.account_id ?? null, persistent_id: p.persistent_id ?? null },
      firstName: p.name?.given_name || undefined,
      lastName: p.name?.surname || undefined,
      name: p.name?.display_name || undefined,
      emails: [{ email: p.email, type: 'primary', isPrimary: true }, ...secondary],
      status,
      rawStatus: tag,
      isEmailVerified: p.email_verified,
      roles: roles?.length ? roles.map((r) => ({ id: r.role_id, name: r.name ?? null })) : roles ? [] : undefined,
      userType: p.membership_type?.['.tag'],
      groups: p.groups?.length ? p.groups.map((id) => ({ id })) : p.groups ? [] : undefined,
      avatar: p.profile_photo_url || undefined,
      activatedAt: date(p.joined_on),
    });
  },
});
