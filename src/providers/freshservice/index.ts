/**
 * Freshservice: deactivate the agent (Freshservice agents cannot be deleted).
 *
 * Calls (Freshservice API v2, https://api.freshservice.com/):
 *  - GET /api/v2/agents/{id} → 200 {"agent":{...}} (snapshot)                          #view_an_agent
 *  - DELETE /api/v2/agents/{id} → 2xx, no content: "Deactivate an Agent"             #delete_an_agent
 *  - GET /api/v2/agents/me → 200 {"agent":{...}}: the agent the API key belongs to    (self-deletion guard)
 *  - GET /api/v2/agents?email={email} → 200 {"agents":[...]} (lookup by email)        #list_all_agents
 * Auth: https://api.freshservice.com/#authentication — HTTP Basic, the agent's API key as the user
 * name and any password ("X"); the key acts as that agent.
 * Errors and rate limits (https://api.freshservice.com/#error_codes, #rate_limit): 401
 * `{"code":"invalid_credentials"}`, 403 `access_denied`, 404 for an unknown id; 429 with Retry-After
 * (seconds) and X-Ratelimit-Total / X-Ratelimit-Remaining.
 *
 * What deletion means (https://support.freshservice.com/support/solutions/articles/50000000332): "We
 * would not be able to delete an agent from freshservice"; deactivation: the agent can no longer log in,
 * cannot be assigned anything, their Open, In Progress and Pending tickets become unassigned (Resolved
 * and Closed ones stay), they are removed from account-level configurations (not from Workflow
 * Automator), reports they created move to trash; an admin can reactivate them
 * (PUT /api/v2/agents/{id}/reactivate). "Forget user" (DELETE /api/v2/agents/{id}/forget) is the
 * permanent erasure — it deletes the incidents, notes and service requests tied to the agent — and is
 * NOT taken here.
 *
 * ambiguous: the reference gives no body for the deactivation answer (200 or 204 seen in clients);
 * any 2xx is accepted and the returned user is what the outcome implies.
 * ambiguous: whether a deactivated agent still holds a paid licence is not stated.
 * ambiguous: the 404 body is not documented (an empty body is accepted).
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface FreshserviceAgent {
  id: number;
  first_name?: string | null;
  last_name?: string | null;
  occasional?: boolean;
  active?: boolean;
  job_title?: string | null;
  email?: string | null;
  work_phone_number?: string | null;
  mobile_phone_number?: string | null;
  department_ids?: number[] | null;
  member_of?: number[] | null;
  roles?: Array<{ role_id?: number; assignment_scope?: string | null; groups?: number[] | null }> | null;
  time_zone?: string | null;
  language?: string | null;
  last_login_at?: string | null;
  last_active_at?: string | null;
  has_logged_in?: boolean;
  created_at?: string | null;
  updated_at?: string | null;
  [k: string]: unknown;
}

function checkId(id: string): void {
  if (!/^\d{1,20}$/.test(id)) throw badInput(`Freshservice agent ids are numeric; "${id.slice(0, 40)}" is not`);
}

export const freshservice = defineProvider<FreshserviceAgent>({
  name: 'Freshservice',
  slug: 'freshservice',
  docs: 'https://api.freshservice.com/#delete_an_agent',
  baseUrl: 'https://{subdomain}.freshservice.com/api/v2',
  context: { subdomain: { kind: 'subdomain', description: 'Freshservice subdomain (acme in acme.freshservice.com)', example: 'acme' } },
  auth: {
    api_key: {
      scheme: { kind: 'basic', username: '{apiKey}', password: 'X' },
      description: "An administrator's API key (Profile settings → Your API key) as the Basic user name; the password is ignored (X).",
      docs: 'https://api.freshservice.com/#authentication',
    },
  },
  params: {},
  outcome: 'DEACTIVATED',
  maps: ['id', 'firstName', 'lastName', 'name', 'title', 'emails', 'phones', 'status', 'roles', 'licenses', 'groups', 'timezone', 'languages', 'createdAt', 'updatedAt', 'lastActiveAt', 'lastLoginAt'],
  // 429 with Retry-After (seconds), which the core honours: nothing beyond the defaults.
  rateLimit: {},
  errors: {
    code: (body) => {
      if (!body || typeof body !== 'object') return undefined;
      const b = body as { code?: unknown; errors?: Array<{ code?: unknown }> };
      if (typeof b.code === 'string') return b.code;
      const first = Array.isArray(b.errors) ? b.errors[0]?.code : undefined;
      return typeof first === 'string' ? first : undefined;
    },
    bodyLevel: false,
    table: { invalid_credentials: 'REAUTH_REQUIRED', access_denied: 'FORBIDDEN' },
    docs: 'https://api.freshservice.com/#error_codes',
  },
  semantics: {
    permanent: false,
    description:
      'The agent is deactivated: they can no longer log in or be assigned anything, their open, in-progress and pending tickets become unassigned, they are removed from account-level configurations (not from Workflow Automator) and their reports move to trash. Freshservice cannot delete agents; an admin can reactivate them. The permanent "Forget user" is not done.',
    docs: 'https://support.freshservice.com/support/solutions/articles/50000000332',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://api.freshservice.com/#view_an_agent',
    async lookup({ http }) {
      const { agent } = await http.get<{ agent: FreshserviceAgent }>(path`/agents/me`);
      return { ids: [String(agent.id), ...(agent.email ? [agent.email] : [])] };
    },
  },

  async findUsers({ http, email }) {
    const res = await http.get<{ agents?: FreshserviceAgent[] }>(path`/agents`, { query: { email, per_page: 100 } });
    const want = email.trim().toLowerCase();
    return (res.agents ?? []).filter((a) => (a.email ?? '').toLowerCase() === want);
  },

  async getUser({ http, id }) {
    checkId(id);
    return (await http.get<{ agent: FreshserviceAgent }>(path`/agents/${id}`)).agent;
  },

  async deleteUser({ http, id, remoteQuery, snapshot }) {
    checkId(id);
    if (snapshot?.active === false) return { outcome: 'ALREADY_DEACTIVATED' };
    await http.request('DELETE', path`/agents/${id}`, { query: remoteQuery });
    return { outcome: 'DEACTIVATED' };
  },

  toUser(a) {
    const phones = [
      ...(a.work_phone_number ? [{ number: a.work_phone_number, type: 'work' }] : []),
      ...(a.mobile_phone_number ? [{ number: a.mobile_phone_number, type: 'mobile' }] : []),
    ];
    const name = [a.first_name, a.last_name].filter((x): x is string => Boolean(x)).join(' ');
    return compact({
      id: String(a.id),
      firstName: a.first_name ?? undefined,
      lastName: a.last_name ?? undefined,
      name: name || undefined,
      title: a.job_title ?? undefined,
      emails: a.email ? [{ email: a.email, type: 'primary', isPrimary: true }] : undefined,
      phones: phones.length ? phones : undefined,
      status: a.active === false ? 'INACTIVE' : 'ACTIVE',
      rawStatus: a.active === false ? 'deactivated' : 'active',
      roles: a.roles?.length ? a.roles.map((r) => ({ id: String(r.role_id) })) : undefined,
      // The agent licence kind: full-time or occasional (day passes).
      licenses: [{ id: a.occasional ? 'occasional' : 'full_time', name: a.occasional ? 'Occasional agent' : 'Full-time agent' }],
      groups: a.member_of?.length ? a.member_of.map((g) => ({ id: String(g) })) : undefined,
      timezone: a.time_zone ?? undefined,
      languages: a.language ? [a.language] : undefined,
      createdAt: date(a.created_at),
      updatedAt: date(a.updated_at),
      lastActiveAt: date(a.last_active_at),
      lastLoginAt: date(a.last_login_at),
    });
  },
});
