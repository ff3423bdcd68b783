/**
 * Teamwork Project Management (Teamwork.com projects): delete a user from the site.
 *
 * Calls (https://apidocs.teamwork.com/docs/teamwork):
 *  - GET /projects/api/v3/people/{personId}.json (snapshot) → {"person": {...}}
 *    https://apidocs.teamwork.com/docs/teamwork/v3/person/get-projects-api-v3-people-person-id-json
 *  - DELETE /people/{personId}.json (v1 "Delete a person"; 200 on success)
 *    https://apidocs.teamwork.com/docs/teamwork/v1/people/delete-people-id-json
 *  - GET /projects/api/v3/me.json — the token's user (self-deletion guard)
 *    https://apidocs.teamwork.com/docs/teamwork/v3/people/get-projects-api-v3-me-json
 *  - GET /projects/api/v3/people.json?searchTerm=… — people "by name or e-mail" (lookup)
 *    https://apidocs.teamwork.com/docs/teamwork/v3/people/get-projects-api-v3-people-json
 *  The same paths and answers are used by Teamwork's own Go SDK (teamwork/twapi-go-sdk,
 *  projects/user.go: UserGet, UserDelete, UserGetMe, UserList) and its MCP server (Teamwork/mcp).
 * Auth: HTTP Basic with the API key as user name and any password, or a Teamwork app's OAuth
 *   access token (Bearer), as the SDK above sends them (BasicAuth / bearer engines).
 *
 * What deletion means (https://support.teamwork.com/projects/people/deleting-a-user-from-your-site,
 * https://support.teamwork.com/projects/people/restoring-deleted-users): the user can no longer log
 * in; their files, time logs, comments and messages stay; their active tasks and milestones stay
 * assigned to them unless reassigned (the API call offers no reassignment: "Just unassign" and
 * "reassign" are choices of the web app); the user stays 30 days in the Deleted People trash can,
 * from which a site administrator of the owner company can restore them. Deleting a paid user
 * does not lower the subscription's user count. The site's default user cannot be deleted.
 *
 * ambiguous: the rate-limit headers and the wait to use are not given on the pages read;
 * a 429 is waited out with Retry-After when sent, otherwise one minute (per-minute windows).
 * ambiguous: the v1 delete answer's body is not shown; any 2xx is success.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { AuthMethod, ContextField } from '../core/types.js';

export interface TeamworkPerson {
  id: number;
  firstName?: string | null;
  lastName?: string | null;
  title?: string | null;
  email?: string | null;
  isAdmin?: boolean | null;
  type?: string | null;
  company?: { id: number; type?: string } | null;
  deleted?: boolean | null;
  createdAt?: string | null;
  updatedAt?: string | null;
}

interface PeoplePage {
  people: TeamworkPerson[];
  meta?: { page?: { hasMore?: boolean } };
}

/** Shared by the Teamwork products: one site host, EU sites on <site>.eu.teamwork.com. */
export const TEAMWORK_HOST: ContextField = {
  kind: 'hostname',
  description: 'Teamwork site host (EU sites are <site>.eu.teamwork.com)',
  example: 'acme.teamwork.com',
  endsWith: ['.teamwork.com'],
};

export const TEAMWORK_AUTH: Readonly<Record<string, AuthMethod>> = {
  api_key: {
    scheme: { kind: 'basic', username: '{apiKey}', password: 'x' },
    description: 'API key of a site administrator as the Basic user name (any password).',
  },
  oauth: {
    scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://www.teamwork.com/launchpad/v1/token.json' },
    description: 'Access token of a Teamwork app authorized by a site administrator (App Login Flow).',
  },
};

const DOCS_DELETE = 'https://apidocs.teamwork.com/docs/teamwork/v1/people/delete-people-id-json';
const MAX_PAGES = 10;

/** Teamwork person ids are numbers; anything else never reaches the vendor. */
function personId(id: string): string {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) throw new AppError('BAD_USER_INPUT', 'a Teamwork person id is a number', { integration: 'Teamwork Project Management' });
  return id;
}

export const teamworkProjectManagement = defineProvider<TeamworkPerson>({
  name: 'Teamwork Project Management',
  slug: 'teamwork-project-management',
  docs: DOCS_DELETE,
  baseUrl: 'https://{host}',
  context: { host: TEAMWORK_HOST },
  auth: TEAMWORK_AUTH,
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'title', 'status', 'roles', 'userType', 'organizations', 'createdAt', 'updatedAt'],
  semantics: {
    permanent: false,
    restoreWindowDays: 30,
    description:
      'The user can no longer log in to the site; their files, time logs, comments and messages stay, and their active tasks and milestones are not reassigned by the API. They stay 30 days in the Deleted People trash can, from which a site administrator can restore them. The paid seat is not released: the subscription user count must be lowered separately.',
    docs: 'https://support.teamwork.com/projects/people/deleting-a-user-from-your-site',
  },
  rateLimit: { defaultWaitMs: 60_000 },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://apidocs.teamwork.com/docs/teamwork/v3/people/get-projects-api-v3-me-json',
    async lookup({ http }) {
      const { person } = await http.get<{ person: TeamworkPerson }>(path`/projects/api/v3/me.json`);
      return { ids: [String(person.id), person.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    const wanted = email.trim().toLowerCase();
    const found: TeamworkPerson[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await http.get<PeoplePage>(path`/projects/api/v3/people.json`, { query: { searchTerm: email.trim(), page, pageSize: 50 } });
      for (const p of res.people ?? []) if (typeof p.email === 'string' && p.email.toLowerCase() === wanted) found.push(p);
      if (!res.meta?.page?.hasMore) return found;
    }
    throw new AppError('REMOTE_ERROR', `Teamwork listed more than ${MAX_PAGES} pages of people for one email address`, { integration: 'Teamwork Project Management' });
  },

  async getUser({ http, id }) {
    const { person } = await http.get<{ person: TeamworkPerson }>(path`/projects/api/v3/people/${personId(id)}.json`);
    return person;
  },

  async deleteUser({ http, id, remoteQuery }) {
    await http.delete(path`/people/${personId(id)}.json`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(p) {
    const name = [p.firstName, p.lastName].filter(Boolean).join(' ');
    return compact({
      id: String(p.id),
      firstName: p.firstName ?? undefined,
      lastName: p.lastName ?? undefined,
      name: name || undefined,
      emails: p.email ? [{ email: p.email, type: 'work', isPrimary: true }] : undefined,
      title: p.title ?? undefined,
      status: p.deleted === true ? 'DELETED' : p.deleted === false ? 'ACTIVE' : undefined,
      rawStatus: p.deleted === true ? 'deleted' : p.deleted === false ? 'active' : undefined,
      roles: p.isAdmin === true ? [{ id: 'administrator', name: 'Site administrator' }] : p.isAdmin === false ? [] : undefined,
      userType: p.type ?? undefined,
      organizations: p.company ? [{ id: String(p.company.id) }] : undefined,
      createdAt: date(p.createdAt),
      updatedAt: date(p.updatedAt),
    });
  },
});
