/**
 * Heroku: remove a member from a Heroku team (`groupId`, the team's name or id, required by the
 * spec). A Heroku account belongs to the person; the Platform API's account deletion
 * (`DELETE /users/{account}`) is for the account itself and is not offered.
 *
 * Calls (Platform API v3, https://devcenter.heroku.com/articles/platform-api-reference; request
 * shapes read from Heroku's JSON hyper-schema, heroku/heroku-go `v5/schema.json`):
 *  1. GET /teams/{team_name_or_id}/members — "List members of the team", paged with
 *     `Range: email ..; max=1000` and `Next-Range` (206 Partial Content while more remain):
 *     the member is found by its email or id (the team-member identity, "anyOf email, id").
 *     Heroku documents no read of one team member.
 *     https://devcenter.heroku.com/articles/platform-api-reference#team-member-list
 *     https://devcenter.heroku.com/articles/platform-api-reference#ranges
 *  2. DELETE /teams/{team_name_or_id}/members/{team_member_email_or_id} — "Remove a member
 *     from the team" → 200 with the team member.
 *     https://devcenter.heroku.com/articles/platform-api-reference#team-member-delete
 *  - GET /account — "Info for account": the token's user, for the self-deletion guard.
 *    https://devcenter.heroku.com/articles/platform-api-reference#account-info
 *  `~` is Heroku's "Implicit reference to currently authorized user" (account identity `self`):
 *  a self-alias, refused before any call.
 *
 * Headers: `Accept: application/vnd.heroku+json; version=3` (clients "must" send the version:
 * https://devcenter.heroku.com/articles/platform-api-reference#clients). Auth: `Authorization:
 * Bearer {token}` (API key or OAuth token): https://devcenter.heroku.com/articles/platform-api-reference#authentication
 *
 * Rate limits (https://devcenter.heroku.com/articles/platform-api-reference#rate-limits): 4500
 * calls per hour per account, a token bucket refilled continuously; over it the API answers 429
 * with `{"id":"rate_limit"}` and no reset header (`RateLimit-Remaining` only): exponential backoff.
 * Errors (https://devcenter.heroku.com/articles/platform-api-reference#error-responses): a JSON
 * body `{"id": "...", "message": "..."}`, the `id` mapped below.
 *
 * ambiguous: the docs do not say whether the last admin of a team can be removed; whatever Heroku
 * answers to such a removal is reported as the error, never as success.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { VendorHttp } from '../core/http.js';

export interface HerokuTeamMember {
  id: string;
  email: string;
  role?: string | null;
  federated?: boolean;
  two_factor_authentication?: boolean;
  identity_provider?: { id?: string; name?: string; redacted?: boolean } | null;
  created_at?: string;
  updated_at?: string;
  user?: { id?: string; email?: string; name?: string | null };
}

interface HerokuAccount {
  id: string;
  email: string;
  name?: string | null;
}

/** Pages of 1000 (Heroku's maximum), at most this many: 50,000 members. */
const PAGE_SIZE = 1000;
const MAX_PAGES = 50;

/** Every member of the team, following Next-Range (bounded). */
async function listMembers(http: VendorHttp, team: string): Promise<HerokuTeamMember[]> {
  const out: HerokuTeamMember[] = [];
  let range: string | undefined = `email ..; max=${PAGE_SIZE}`;
  for (let page = 0; range !== undefined; page++) {
    if (page >= MAX_PAGES) throw new AppError('REMOTE_ERROR', `Heroku team ${team} has more than ${MAX_PAGES * PAGE_SIZE} members; the lookup stopped there`);
    const res: { status: number; headers: Record<string, string | undefined>; body: unknown } = await http.request('GET', path`/teams/${team}/members`, {
      headers: { range },
    });
    if (!Array.isArray(res.body)) throw new AppError('REMOTE_ERROR', 'Heroku answered the team member list with something other than a list');
    out.push(...(res.body as HerokuTeamMember[]));
    range = res.status === 206 ? res.headers['next-range'] || undefined : undefined;
  }
  return out;
}

function teamOf(params: { groupId?: string }): string {
  if (!params.groupId) throw badInput('Heroku needs group_id (the team name or id)');
  return params.groupId;
}

const same = (a: string | undefined | null, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

export const heroku = defineProvider<HerokuTeamMember>({
  name: 'Heroku',
  slug: 'heroku',
  docs: 'https://devcenter.heroku.com/articles/platform-api-reference#team-member-delete',
  baseUrl: 'https://api.heroku.com',
  context: {},
  auth: {
    api_key: {
      scheme: { kind: 'bearer', tokenField: 'apiKey' },
      description: 'The API key (or an authorization created with `heroku authorizations:create`) of a team admin.',
      docs: 'https://devcenter.heroku.com/articles/platform-api-quickstart#authentication',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://id.heroku.com/oauth/token', scopes: ['global'] },
      description: 'A Heroku OAuth client authorized by a team admin (scope `global`).',
      docs: 'https://devcenter.heroku.com/articles/oauth',
    },
  },
  params: { groupId: { use: 'required' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'identifiers', 'name', 'emails', 'is2faEnabled', 'roles', 'groups', 'createdAt', 'updatedAt'],
  headers: { accept: 'application/vnd.heroku+json; version=3' },
  errors: {
    code: (body) => (body && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string' ? (body as { id: string }).id : undefined),
    bodyLevel: false,
    table: { rate_limit: 'RATE_LIMITED', unauthorized: 'REAUTH_REQUIRED', not_found: 'NOT_FOUND', forbidden: 'FORBIDDEN' },
    docs: 'https://devcenter.heroku.com/articles/platform-api-reference#error-responses',
  },
  semantics: {
    permanent: true,
    description:
      'The person is removed from the Heroku team and loses access to the team\'s apps; their Heroku account and any personal apps stay, and the team\'s apps stay with the team. Heroku documents no restore: adding them back is a new membership.',
    docs: 'https://devcenter.heroku.com/articles/platform-api-reference#team-member-delete',
  },
  selfAliases: ['~'],
  tokenOwner: {
    docs: 'https://devcenter.heroku.com/articles/platform-api-reference#account-info',
    async lookup({ http }) {
      const me = await http.get<HerokuAccount>(path`/account`);
      return { ids: [me.id, me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email, params }) {
    return (await listMembers(http, teamOf(params))).filter((m) => same(m.email, email) || same(m.user?.email, email));
  },

  async getUser({ http, id, params }) {
    const team = teamOf(params);
    const matches = (await listMembers(http, team)).filter((m) => same(m.id, id) || same(m.email, id));
    if (matches.length === 0) throw new AppError('NOT_FOUND', `No member ${id} in Heroku team ${team}`, { integration: 'heroku' });
    if (matches.length > 1) throw new AppError('REMOTE_ERROR', `Several members of Heroku team ${team} answer to ${id}`, { integration: 'heroku' });
    return matches[0];
  },

  async deleteUser({ http, id, params, snapshot, remoteQuery }) {
    const team = teamOf(params);
    // The member's own id from the snapshot (an email given as the id resolves to the same member).
    const member = snapshot?.id ?? id;
    // The answer is the removed membership as it was: the user after removal is derived in `after`.
    await http.request('DELETE', path`/teams/${team}/members/${member}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'group', id: team } };
  },

  // The team role described the removed membership.
  after(user) {
    return { ...user, roles: [], groups: [] };
  },

  toUser(m, { params }) {
    const team = params.groupId;
    return compact({
      id: m.id,
      identifiers: { memberId: m.id, userId: m.user?.id ?? null, email: m.email },
      name: m.user?.name || undefined,
      emails: m.email ? [{ email: m.email, isPrimary: true }] : undefined,
      is2faEnabled: typeof m.two_factor_authentication === 'boolean' ? m.two_factor_authentication : undefined,
      roles: m.role ? [{ id: m.role, name: m.role, ...(team ? { group: team } : {}) }] : undefined,
      groups: team ? [{ id: team }] : undefined,
      userType: m.federated === undefined ? undefined : m.federated ? 'federated' : 'heroku',
      createdAt: date(m.created_at),
      updatedAt: date(m.updated_at),
    });
  },
});
