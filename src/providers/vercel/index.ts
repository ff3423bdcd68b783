/**
 * Vercel: remove a user from a Vercel team (the spec's `workspace`, a team id) or from each team
 * listed in `groups` (`[{ id: teamId }]`). A Vercel user account belongs to the person; the REST
 * API has no call to delete another user's account, only team membership removal.
 *
 * Calls (https://vercel.com/docs/rest-api; shapes from Vercel's OpenAPI description
 * https://openapi.vercel.sh/ as generated into vercel/sdk `docs/models/*`):
 *  1. GET /v3/teams/{teamId}/members?limit=100[&until=<pagination.next>] — "List team members",
 *     paged by timestamp (`pagination.hasNext`/`next`), bounded; the member is the one whose `uid`
 *     is the id. Vercel documents no read of one member.
 *     https://vercel.com/docs/rest-api/teams/list-team-members
 *  2. DELETE /v1/teams/{teamId}/members/{uid} → 200 `{ "id": "<team id>" }` — "Remove a Team
 *     Member from the Team, or dismiss a user that requested access".
 *     https://vercel.com/docs/rest-api/teams/remove-a-team-member
 *  - GET /v2/user — "Get the User": who the token belongs to, for the self-deletion guard.
 *    https://vercel.com/docs/rest-api/user/get-the-user
 * Auth: `Authorization: Bearer <access token>` (https://vercel.com/docs/rest-api#authentication).
 *
 * Rate limits (https://vercel.com/docs/limits/rate-limits): 429 with `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining` and `X-RateLimit-Reset` (UTC epoch seconds).
 * Errors (https://vercel.com/docs/rest-api#errors): `{ "error": { "code", "message" } }`; an
 * invalid or expired token is answered 403 `{"error":{"code":"forbidden","invalidToken":true}}`,
 * read here as REAUTH_REQUIRED.
 *
 * ambiguous: the spec gives Vercel `groups` (object[]) and `workspace` (string), exactly one of
 * them, without saying what a group is. Vercel's only containers of users with a removal call are
 * teams, so `workspace` is one team id and `groups` a list of teams (`id`, or `teamId`, of each).
 * ambiguous: the docs do not say whether the last Owner of a team can be removed, nor what happens
 * to members managed by directory sync (Vercel answers "Invite managed by directory sync" for
 * invites); whatever Vercel answers is reported as the error, never as success.
 * ambiguous: the 429 body's `error.code` is not documented; `rate_limited` and `too_many_requests`
 * are both read as RATE_LIMITED, and the status alone already is.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { DeleteUserParams } from '../core/types.js';

export interface VercelMember {
  uid: string;
  email: string;
  username: string;
  name?: string;
  avatar?: string;
  confirmed: boolean;
  role: string;
  createdAt: number;
  accessRequestedAt?: number;
  isEnterpriseManaged?: boolean;
  [k: string]: unknown;
}

interface VercelMemberPage {
  members: VercelMember[];
  pagination?: { hasNext?: boolean; count?: number; next?: number | null; prev?: number | null };
}

/** The member in each team it is removed from. */
export interface VercelSnapshot {
  member: VercelMember;
  teams: Array<{ teamId: string; role: string; confirmed: boolean; createdAt?: number }>;
}

const PAGE = 100;
const MAX_PAGES = 100;

/** The teams the params name: the workspace, or the id of each group. */
function teamsOf(params: DeleteUserParams): { kind: 'workspace' | 'group'; ids: string[] } {
  if (params.workspace && params.groups?.length) throw badInput('Vercel needs exactly one of workspace or groups');
  if (params.workspace) return { kind: 'workspace', ids: [params.workspace] };
  const ids = (params.groups ?? []).map((g) => (typeof g.id === 'string' ? g.id : typeof g.teamId === 'string' ? g.teamId : undefined));
  if (!ids.length || ids.some((id) => !id)) throw badInput('Vercel needs workspace (a team id) or groups, each with the team id in `id`');
  return { kind: 'group', ids: [...new Set(ids as string[])] };
}

/** Every member of the team matching `keep`, paging by `until` (bounded). */
async function members(http: VendorHttp, teamId: string, keep: (m: VercelMember) => boolean, search?: string): Promise<VercelMember[]> {
  const out: VercelMember[] = [];
  let until: number | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new AppError('REMOTE_ERROR', `Vercel team ${teamId} has more than ${PAGE * MAX_PAGES} members; the lookup stopped there`);
    const body = await http.get<VercelMemberPage>(path`/v3/teams/${teamId}/members`, { query: { limit: PAGE, until, search } });
    out.push(...(body.members ?? []).filter(keep));
    const next = body.pagination?.next;
    if (!body.pagination?.hasNext || typeof next !== 'number' || next === until) return out;
    until = next;
  }
}

function vercelErrorCode(body: unknown): string | undefined {
  const error = body && typeof body === 'object' ? (body as { error?: { code?: unknown; invalidToken?: unknown } }).error : undefined;
  if (!error || typeof error !== 'object') return undefined;
  if (error.invalidToken === true) return 'invalid_token';
  return typeof error.code === 'string' ? error.code : undefined;
}

export const vercel = defineProvider<VercelSnapshot>({
  name: 'Vercel',
  slug: 'vercel',
  docs: 'https://vercel.com/docs/rest-api/teams/remove-a-team-member',
  baseUrl: 'https://api.vercel.com',
  context: {},
  auth: {
    access_token: {
      scheme: { kind: 'bearer', tokenField: 'accessToken' },
      description: 'A Vercel access token of a team Owner, scoped to the team(s).',
      docs: 'https://vercel.com/docs/rest-api#creating-an-access-token',
    },
  },
  params: { groups: { use: 'supported' }, workspace: { use: 'supported' } },
  either: [{ oneOf: ['groups', 'workspace'], message: 'Either one of groups or workspace is required.' }],
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'identifiers', 'name', 'username', 'emails', 'status', 'roles', 'createdAt'],
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'epoch-seconds', remainingHeader: 'x-ratelimit-remaining' },
  errors: {
    code: vercelErrorCode,
    bodyLevel: false,
    table: { invalid_token: 'REAUTH_REQUIRED', rate_limited: 'RATE_LIMITED', too_many_requests: 'RATE_LIMITED', not_found: 'NOT_FOUND' },
    docs: 'https://vercel.com/docs/rest-api#errors',
  },
  semantics: {
    permanent: true,
    description:
      'The user leaves the team (each team listed) and loses access to its projects and deployments; their Vercel account and personal scope stay, and the team keeps its projects. A pending access request is dismissed instead. Vercel documents no restore: adding them back is a new invitation.',
    docs: 'https://vercel.com/docs/rest-api/teams/remove-a-team-member',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://vercel.com/docs/rest-api/user/get-the-user',
    async lookup({ http }) {
      const { user } = await http.get<{ user: { id: string; email?: string; username?: string } }>(path`/v2/user`);
      return { ids: [user.id, user.email, user.username].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email, params }) {
    const found = new Map<string, VercelSnapshot>();
    for (const teamId of teamsOf(params).ids) {
      for (const m of await members(http, teamId, (x) => x.email?.toLowerCase() === email.toLowerCase(), email)) {
        const entry = found.get(m.uid) ?? { member: m, teams: [] };
        entry.teams.push({ teamId, role: m.role, confirmed: m.confirmed, createdAt: m.createdAt });
        found.set(m.uid, entry);
      }
    }
    return [...found.values()];
  },

  async getUser({ http, id, params }) {
    let member: VercelMember | undefined;
    const teams: VercelSnapshot['teams'] = [];
    for (const teamId of teamsOf(params).ids) {
      const [m] = await members(http, teamId, (x) => x.uid === id);
      if (!m) throw new AppError('NOT_FOUND', `User ${id} is not a member of Vercel team ${teamId}; nothing was removed`, { integration: 'vercel' });
      member ??= m;
      teams.push({ teamId, role: m.role, confirmed: m.confirmed, createdAt: m.createdAt });
    }
    return member ? { member, teams } : undefined;
  },

  async deleteUser({ http, id, params, remoteQuery }) {
    const { kind, ids } = teamsOf(params);
    for (const teamId of ids) await http.request('DELETE', path`/v1/teams/${teamId}/members/${id}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind, id: ids[0] as string } };
  },

  // Every team named was left: no membership, role or status remains of them.
  after(user) {
    return { ...user, status: null, rawStatus: null, roles: [], workspaces: [], groups: [] };
  },

  toUser({ member: m, teams }, { params }) {
    const kind = params.workspace ? 'workspace' : 'group';
    const confirmed = teams.every((t) => t.confirmed);
    return compact({
      id: m.uid,
      identifiers: { uid: m.uid, username: m.username, email: m.email, avatarFileId: m.avatar ?? null },
      name: m.name || undefined,
      username: m.username,
      emails: m.email ? [{ email: m.email, isPrimary: true }] : undefined,
      // `confirmed`: "this member was confirmed by an owner"; an unconfirmed member requested access.
      status: confirmed ? 'ACTIVE' : 'INVITED',
      rawStatus: confirmed ? 'confirmed' : 'unconfirmed',
      roles: teams.map((t) => ({ id: t.role, name: t.role, ...(kind === 'workspace' ? { workspace: t.teamId } : { group: t.teamId }) })),
      ...(kind === 'workspace' ? { workspaces: teams.map((t) => ({ id: t.teamId })) } : { groups: teams.map((t) => ({ id: t.teamId })) }),
      userType: m.isEnterpriseManaged === undefined ? undefined : m.isEnterpriseManaged ? 'enterprise_managed' : 'vercel',
      // "Timestamp in milliseconds when this member was added" (the earliest team).
      createdAt: date(Math.min(...teams.map((t) => t.createdAt ?? m.createdAt))),
    });
  },
});
