/**
 * Trello: remove a member from a Workspace (Trello's API calls Workspaces "organizations") and
 * from every board of that Workspace. Trello has no API to delete a member's account: an account
 * belongs to its owner (Atlassian account); a Workspace admin can only remove the member.
 *
 * Calls (https://developer.atlassian.com/cloud/trello/rest/):
 *  - GET /1/members/{id} (snapshot; `id` is the member id or username, `me` is the token's member)
 *    https://developer.atlassian.com/cloud/trello/rest/api-group-members/#api-members-id-get
 *  - DELETE /1/organizations/{id}/members/{idMember}/all — "Remove a member from a Workspace and
 *    from all Workspace boards"
 *    https://developer.atlassian.com/cloud/trello/rest/api-group-organizations/#api-organizations-id-members-idmember-all-delete
 *    (the plain DELETE /1/organizations/{id}/members/{idMember} leaves the member on the
 *    Workspace's boards, where they keep access as board members: not an offboarding)
 *  - GET /1/members/me — the member the token belongs to (self-deletion guard)
 *    https://developer.atlassian.com/cloud/trello/rest/api-group-members/#api-members-id-get
 * Auth: `key` and `token` query parameters
 *   https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/
 * Rate limits: 300 requests per 10 s per API key, 100 per 10 s per token, 100 per 900 s on
 *   /1/members/; 429 with {"error":"API_TOKEN_LIMIT_EXCEEDED"|"API_KEY_LIMIT_EXCEEDED","message"}
 *   and no Retry-After or reset header: waited 10 s (the window).
 *   https://developer.atlassian.com/cloud/trello/guides/rest-api/rate-limits/
 * Errors: plain-text bodies ("invalid token", "invalid key", "unauthorized permission requested")
 *   with the HTTP status; the rate limit answer is JSON.
 *
 * ambiguous: Trello documents no answer body for the removal (the reference lists "200 Success");
 * any 2xx is success. It documents no refusal for the last admin of a Workspace either: whatever
 * Trello answers is reported as its error (REMOTE_ERROR with the status), never forced.
 * ambiguous: a member's `email` is returned only to the member itself or, for managed members, an
 * Enterprise admin; otherwise the snapshot has no email.
 */
import { defineProvider } from '../core/definition.js';
import { compact, splitName } from '../core/map.js';
import { path } from '../core/path.js';

export interface TrelloMember {
  id: string;
  fullName?: string | null;
  username?: string | null;
  email?: string | null;
  avatarUrl?: string | null;
  bio?: string | null;
  url?: string | null;
  memberType?: string | null;
  confirmed?: boolean | null;
  idOrganizations?: string[] | null;
}

const DOCS_REMOVE =
  'https://developer.atlassian.com/cloud/trello/rest/api-group-organizations/#api-organizations-id-members-idmember-all-delete';
const DOCS_MEMBER = 'https://developer.atlassian.com/cloud/trello/rest/api-group-members/#api-members-id-get';

/** A Trello error body: JSON `{"error": CODE}` (rate limits) or plain text ("invalid token"). */
function trelloCode(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().toLowerCase() || undefined;
  if (body && typeof body === 'object') {
    const e = (body as { error?: unknown }).error;
    if (typeof e === 'string') return e;
  }
  return undefined;
}

export const trello = defineProvider<TrelloMember>({
  name: 'Trello',
  slug: 'trello',
  docs: DOCS_REMOVE,
  baseUrl: 'https://api.trello.com/1',
  context: {},
  auth: {
    api_key: {
      scheme: { kind: 'query', params: { key: '{apiKey}', token: '{apiToken}' } },
      description: 'Power-Up API key and a user token (scope read,write) of a Workspace admin.',
      docs: 'https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/',
    },
  },
  params: { organizationId: { use: 'required', note: 'The unique identifier for the organization' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'emails', 'organizations', 'userType', 'avatar', 'bio', 'urls'],
  semantics: {
    permanent: true,
    description:
      'The member is removed from the Workspace and from every board of that Workspace; their Trello (Atlassian) account, and the cards and comments they made, stay. Trello documents no restore: adding the member back is a new invitation.',
    docs: DOCS_REMOVE,
  },
  rateLimit: { defaultWaitMs: 10_000 },
  errors: {
    code: (body) => trelloCode(body),
    bodyLevel: false,
    table: {
      API_TOKEN_LIMIT_EXCEEDED: 'RATE_LIMITED',
      API_KEY_LIMIT_EXCEEDED: 'RATE_LIMITED',
      'invalid token': 'REAUTH_REQUIRED',
      'invalid key': 'REAUTH_REQUIRED',
      'expired token': 'REAUTH_REQUIRED',
      'unauthorized permission requested': 'FORBIDDEN',
    },
    docs: 'https://developer.atlassian.com/cloud/trello/guides/rest-api/rate-limits/',
  },
  // "The ID or username of the member" — and `me`, the member the token belongs to.
  selfAliases: ['me'],
  tokenOwner: {
    docs: DOCS_MEMBER,
    async lookup({ http }) {
      const me = await http.get<TrelloMember>(path`/members/me`, { query: { fields: 'id,username,email' } });
      return { ids: [me.id, me.username, me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },
  noLookup:
    'Trello documents no lookup of a member by email address: /1/search/members matches names and usernames, and a member\'s email is shown only to that member (or an Enterprise admin for managed members).',

  async getUser({ http, id }) {
    return http.get<TrelloMember>(path`/members/${id}`);
  },

  async deleteUser({ http, id, params, snapshot, remoteQuery }) {
    const org = params.organizationId as string;
    const member = snapshot?.id ?? id;
    await http.delete(path`/organizations/${org}/members/${member}/all`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: org } };
  },

  toUser(m) {
    return compact({
      id: m.id,
      ...splitName(m.fullName),
      name: m.fullName ?? undefined,
      username: m.username ?? undefined,
      emails: m.email ? [{ email: m.email, type: 'work', isPrimary: true }] : undefined,
      organizations: m.idOrganizations?.map((id) => ({ id })),
      userType: m.memberType ?? undefined,
      avatar: m.avatarUrl ?? undefined,
      bio: m.bio ?? undefined,
      urls: m.url ? [{ url: m.url, type: 'profile' }] : undefined,
    });
  },
});
