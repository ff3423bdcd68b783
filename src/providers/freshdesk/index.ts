/**
 * Freshdesk: remove an agent from the helpdesk (the agent is downgraded to a contact).
 *
 * Calls (Freshdesk API v2, https://developers.freshdesk.com/api/):
 *  - GET /api/v2/agents/{id} → 200 agent object (snapshot)                  #view_agent
 *  - DELETE /api/v2/agents/{id} → 204 no content                            #delete_agent
 *    "Deleting an agent will downgrade the agent into a contact."
 *  - GET /api/v2/agents/me → 200 agent object: the agent the API key belongs to, for the
 *    self-deletion guard                                                     #me
 *  - GET /api/v2/agents?email={email} → 200 array of agents (lookup by email) #list_all_agents
 * Auth: https://developers.freshdesk.com/api/#authentication — HTTP Basic with the agent's API key
 * as the user name and any password ("X" in the docs' curl examples); the key acts as that agent.
 * Errors and rate limits: https://developers.freshdesk.com/api/#error and #ratelimit — 401
 * `{"code":"invalid_credentials","message":...}`, 403 `access_denied`, 404 for an unknown id, 429
 * with a Retry-After header (seconds) and X-Ratelimit-Total / X-Ratelimit-Remaining.
 *
 * What deletion means (https://support.freshdesk.com/support/solutions/articles/11000000028187 as
 * mirrored on supportsandbox.freshdesk.com, and the Delete Agent reference): the agent is converted
 * into a contact; all tickets assigned to them become unassigned; the person is "not permanently
 * removed" (tickets, tags and activities keep pointing at the contact) and can no longer sign in as an
 * agent, which frees the agent seat. The outcome is therefore DEACTIVATED (agent access removed), not
 * DELETED. Freshdesk's permanent path is a separate step on the contact ("Permanently delete a
 * contact", DELETE /api/v2/contacts/{id}/hard_delete): it is NOT taken here.
 *
 * ambiguous: whether the contact left behind keeps the agent's id is not stated in the docs, so the
 * contact's permanent deletion is not chained after the agent deletion; an admin who wants the
 * person's data erased deletes the contact (Contacts → Delete, then Delete forever) as the support
 * article says.
 * ambiguous: the body of a 404 is not documented (an empty body is accepted).
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface FreshdeskContact {
  active?: boolean;
  email?: string | null;
  job_title?: string | null;
  language?: string | null;
  last_login_at?: string | null;
  mobile?: string | null;
  name?: string | null;
  phone?: string | null;
  time_zone?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}

export interface FreshdeskAgent {
  id: number;
  available?: boolean;
  occasional?: boolean;
  signature?: string | null;
  ticket_scope?: number;
  group_ids?: number[];
  role_ids?: number[];
  skill_ids?: number[];
  type?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  last_active_at?: string | null;
  available_since?: string | null;
  contact?: FreshdeskContact;
  [k: string]: unknown;
}

/** Agent ids are numbers in every documented example and schema. */
function checkId(id: string): void {
  if (!/^\d{1,20}$/.test(id)) throw badInput(`Freshdesk agent ids are numeric; "${id.slice(0, 40)}" is not`);
}

export const freshdesk = defineProvider<FreshdeskAgent>({
  name: 'Freshdesk',
  slug: 'freshdesk',
  docs: 'https://developers.freshdesk.com/api/#delete_agent',
  baseUrl: 'https://{subdomain}.freshdesk.com/api/v2',
  context: { subdomain: { kind: 'subdomain', description: 'Helpdesk subdomain (acme in acme.freshdesk.com)', example: 'acme' } },
  auth: {
    api_key: {
      scheme: { kind: 'basic', username: '{apiKey}', password: 'X' },
      description: "An administrator's API key (Profile settings → View API key) as the Basic user name; the password is ignored (X).",
      docs: 'https://developers.freshdesk.com/api/#authentication',
    },
  },
  params: {},
  outcome: 'DEACTIVATED',
  maps: ['id', 'name', 'emails', 'phones', 'status', 'roles', 'licenses', 'timezone', 'languages', 'createdAt', 'updatedAt', 'lastActiveAt', 'lastLoginAt'],
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
    table: {
      invalid_credentials: 'REAUTH_REQUIRED',
      access_denied: 'FORBIDDEN',
      require_feature: 'FORBIDDEN',
    },
    docs: 'https://developers.freshdesk.com/api/#error',
  },
  semantics: {
    permanent: false,
    description:
      'The agent is downgraded to a contact: they can no longer sign in as an agent, the agent seat is freed and every ticket assigned to them becomes unassigned. The person stays in Freshdesk as a contact (tickets, tags and activities keep pointing at them) and can be made an agent again; erasing them for good is a separate deletion of the contact, not done here.',
    docs: 'https://developers.freshdesk.com/api/#delete_agent',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developers.freshdesk.com/api/#me',
    async lookup({ http }) {
      const me = await http.get<FreshdeskAgent>(path`/agents/me`);
      return { ids: [String(me.id), ...(me.contact?.email ? [me.contact.email] : [])] };
    },
  },

  async findUsers({ http, email }) {
    // #list_all_agents: the `email` filter; at most 100 per page, one page is every agent with one address.
    const list = await http.get<FreshdeskAgent[]>(path`/agents`, { query: { email, per_page: 100 } });
    const want = email.trim().toLowerCase();
    return (Array.isArray(list) ? list : []).filter((a) => (a.contact?.email ?? '').toLowerCase() === want);
  },

  getUser({ http, id }) {
    checkId(id);
    return http.get<FreshdeskAgent>(path`/agents/${id}`);
  },

  async deleteUser({ http, id, remoteQuery }) {
    checkId(id);
    await http.request('DELETE', path`/agents/${id}`, { query: remoteQuery });
    return { outcome: 'DEACTIVATED' };
  },

  toUser(a) {
    const c = a.contact ?? {};
    const phones = [
      ...(c.phone ? [{ number: c.phone, type: 'work' }] : []),
      ...(c.mobile ? [{ number: c.mobile, type: 'mobile' }] : []),
    ];
    return compact({
      id: String(a.id),
      name: c.name ?? undefined,
      title: c.job_title ?? undefined,
      emails: c.email ? [{ email: c.email, type: 'primary', isPrimary: true }] : undefined,
      phones: phones.length ? phones : undefined,
      // Every object the Agents API returns is an agent: the agent role itself is what deletion removes.
      status: 'ACTIVE',
      rawStatus: 'agent',
      isEmailVerified: c.active,
      roles: a.role_ids?.length ? a.role_ids.map((r) => ({ id: String(r) })) : undefined,
      // The agent seat: its type (support_agent, field_agent, collaborator) and full-time or occasional.
      licenses: a.type ? [{ id: a.type, name: `${a.type} (${a.occasional ? 'occasional' : 'full-time'})` }] : undefined,
      groups: a.group_ids?.length ? a.group_ids.map((g) => ({ id: String(g) })) : undefined,
      timezone: c.time_zone ?? undefined,
      languages: c.language ? [c.language] : undefined,
      createdAt: date(a.created_at),
      updatedAt: date(a.updated_at),
      lastActiveAt: date(a.last_active_at),
      lastLoginAt: date(c.last_login_at),
    });
  },
});
