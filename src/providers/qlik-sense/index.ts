/**
 * Qlik Sense (Qlik Cloud Analytics): delete the user from the Qlik Cloud tenant.
 *
 * Calls (Users API, https://qlik.dev/apis/rest/users/; the same operations are declared in Qlik's
 * own client qlik-oss/qlik-api-ts, users.d.ts / users.js):
 *  - GET /api/v1/users/{userId} → User (snapshot)                         #get-api-v1-users-userId
 *  - DELETE /api/v1/users/{userId} → 204 (400/403/404/429 with Errors)     #delete-api-v1-users-userId
 *  - GET /api/v1/users/me → the user "associated with the JWT claims" (self-deletion guard)
 *    #get-api-v1-users-me; documented as "Redirects to retrieve the user resource", answering 200 User
 *  - GET /api/v1/users?filter=email eq "…"&limit=100[&next=…] → {data, links.next} (lookup by email)
 *    #get-api-v1-users: "All conditional statements within this query parameter are case insensitive"
 * Auth: an API key of a tenant admin (https://qlik.dev/authenticate/api-key/), `Authorization:
 * Bearer`; or a machine-to-machine OAuth client (https://qlik.dev/authenticate/oauth/getting-started-oauth-m2m/):
 * "OAuth clients pass the Client ID and Client Secret fields in the request body to the /oauth/token
 * endpoint" — Qlik's examples and its own client send a JSON body
 * {client_id, client_secret, grant_type: "client_credentials", scope}, so the token is acquired as a
 * JSON sign-in (session kind) rather than a form-encoded OAuth request. M2M clients "have the Tenant
 * Admin role"; the admin_classic scope is asked for.
 * Rate limits (https://qlik.dev/apis/rest/rate-limiting/): Tier 2 (100/min per user) for DELETE, Tier 1
 * for GET; a 429 carries `Retry-After` (seconds) and {"errors":[{"code":"HTTP-429",…}]}.
 * Errors: {"errors":[{"code":"USERS-7","status":404,"title":"Not found"}],"traceId":…}; the HTTP
 * status decides (no code is documented as a precondition).
 *
 * What deletion means (https://help.qlik.com/en-US/cloud-services/Subsystems/Hub/Content/Sense_Hub/Admin/SaaS-delete-users.htm):
 * the user is no longer in the tenant, their entitlement is freed, "all personally identifiable
 * information is removed", their session is invalidated and their API keys are revoked; "any assets
 * they own will no longer have an owner" (apps, spaces, scripts, data connections should be reassigned).
 * With the tenant's own identity provider the person can sign in again and be re-created unless they
 * are removed there too.
 *
 * Ambiguities: /users/me is described as a redirect while its documented answer is 200 User; a 3xx
 * whose Location names /api/v1/users/{id} on the same tenant is read as naming that user. Status
 * `provisioned` (created by SCIM, not signed in yet) is mapped to INVITED. Qlik Cloud Government
 * hosts are not under .qlikcloud.com and are not accepted.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface QlikUser {
  id: string;
  tenantId?: string | null;
  status?: 'active' | 'invited' | 'disabled' | 'deleted' | 'provisioned' | string | null;
  subject?: string | null;
  name?: string | null;
  email?: string | null;
  picture?: string | null;
  locale?: string | null;
  preferredLocale?: string | null;
  zoneinfo?: string | null;
  preferredZoneinfo?: string | null;
  assignedRoles?: Array<{ id: string; name?: string; type?: string; level?: string }> | null;
  assignedGroups?: Array<{ id: string; name?: string; providerType?: string }> | null;
  createdAt?: string | null;
  lastUpdatedAt?: string | null;
  links?: { self?: { href?: string } } | null;
  [k: string]: unknown;
}

interface QlikUsers {
  data?: QlikUser[];
  links?: { next?: { href?: string } | null } | null;
}

const STATUS: Record<string, UserStatus> = { active: 'ACTIVE', invited: 'INVITED', provisioned: 'INVITED', disabled: 'INACTIVE', deleted: 'DELETED' };
const PAGE = 100;
const MAX_PAGES = 20;
const REDIRECTS = [301, 302, 303, 307, 308] as const;

/** A SCIM-style string literal: quotes and backslashes escaped. */
function literal(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export const qlikSense = defineProvider<QlikUser>({
  name: 'Qlik Sense',
  slug: 'qlik-sense',
  docs: 'https://qlik.dev/apis/rest/users/#delete-api-v1-users-userId',
  baseUrl: 'https://{host}',
  context: {
    host: {
      kind: 'hostname',
      description: 'Qlik Cloud tenant host, <tenant>.<region>.qlikcloud.com (or <tenant>.qlikcloud.com)',
      example: 'acme.eu.qlikcloud.com',
      endsWith: ['.qlikcloud.com'],
    },
  },
  auth: {
    api_key: {
      scheme: { kind: 'bearer', tokenField: 'apiKey' },
      description: 'API key of a tenant admin (Profile settings > API keys), sent as Authorization: Bearer.',
      docs: 'https://qlik.dev/authenticate/api-key/generate-your-first-api-key/',
    },
    client_credentials: {
      scheme: {
        kind: 'session',
        signIn: {
          url: 'https://{host}/oauth/token',
          json: { client_id: '{clientId}', client_secret: '{clientSecret}', grant_type: 'client_credentials', scope: 'admin_classic' },
        },
        token: { path: 'access_token' },
        expiresIn: { path: 'expires_in' },
        header: { Authorization: 'Bearer {token}' },
      },
      description:
        'Machine-to-machine OAuth client of the tenant (client id and secret, admin_classic scope), exchanged at https://<tenant>/oauth/token with a JSON body for a bearer access token.',
      docs: 'https://qlik.dev/authenticate/oauth/getting-started-oauth-m2m/',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'externalId', 'name', 'emails', 'status', 'roles', 'groups', 'organizations', 'avatar', 'timezone', 'languages', 'createdAt', 'updatedAt', 'urls'],
  semantics: {
    permanent: true,
    description:
      "The user is removed from the tenant and their user entitlement freed; their personal information is removed, their session invalidated and their API keys revoked. Apps, spaces, scripts and data connections they own are left without an owner until reassigned. With the tenant's own identity provider they can sign in again (and be re-created) unless removed there too.",
    docs: 'https://help.qlik.com/en-US/cloud-services/Subsystems/Hub/Content/Sense_Hub/Admin/SaaS-delete-users.htm',
  },
  // GET /api/v1/users/me names the caller: `me` as a user id would read the token's own user.
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://qlik.dev/apis/rest/users/#get-api-v1-users-me',
    async lookup({ http }) {
      const res = await http.request<QlikUser | undefined>('GET', path`/api/v1/users/me`, { accept: REDIRECTS });
      if (res.status >= 300) {
        // "Redirects to retrieve the user resource": the Location names the user.
        const m = /^(?:https:\/\/[^/]+)?\/api\/v1\/users\/([A-Za-z0-9_-]{1,128})$/.exec(res.headers.location ?? '');
        if (!m?.[1] || m[1] === 'me') {
          throw new AppError('REMOTE_ERROR', 'Qlik Cloud answered /api/v1/users/me with a redirect that names no user', { integration: 'Qlik Sense' });
        }
        const me = await http.get<QlikUser>(path`/api/v1/users/${m[1]}`);
        return { ids: [m[1], ...(me.email ? [me.email] : []), ...(me.subject ? [me.subject] : [])] };
      }
      const me = res.body;
      if (!me?.id) throw new AppError('REMOTE_ERROR', 'Qlik Cloud answered /api/v1/users/me without a user id', { integration: 'Qlik Sense' });
      return { ids: [me.id, ...(me.email ? [me.email] : []), ...(me.subject ? [me.subject] : [])] };
    },
  },

  async findUsers({ http, email }) {
    const want = email.toLowerCase();
    const out: QlikUser[] = [];
    let next: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.get<QlikUsers>(path`/api/v1/users`, { query: { filter: `email eq ${literal(email)}`, limit: PAGE, ...(next ? { next } : {}) } });
      out.push(...(res.data ?? []).filter((u) => (u.email ?? '').toLowerCase() === want));
      const href = res.links?.next?.href;
      next = href ? (new URL(href, 'https://qlikcloud.invalid').searchParams.get('next') ?? undefined) : undefined;
      if (!next) break;
    }
    return out;
  },

  getUser({ http, id }) {
    return http.get<QlikUser>(path`/api/v1/users/${id}`);
  },

  async deleteUser({ http, id, remoteQuery }) {
    await http.request('DELETE', path`/api/v1/users/${id}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const status = u.status ?? undefined;
    const lang = u.preferredLocale ?? u.locale ?? undefined;
    return compact({
      id: u.id,
      externalId: u.subject ?? undefined,
      name: u.name ?? undefined,
      emails: u.email ? [{ email: u.email, type: 'primary', isPrimary: true }] : undefined,
      status: status ? STATUS[status] : undefined,
      rawStatus: status,
      roles: u.assignedRoles?.length ? u.assignedRoles.map((r) => ({ id: r.id, name: r.name ?? null })) : undefined,
      groups: u.assignedGroups?.length ? u.assignedGroups.map((g) => ({ id: g.id, name: g.name ?? null })) : undefined,
      organizations: u.tenantId ? [{ id: u.tenantId }] : undefined,
      avatar: u.picture ?? undefined,
      timezone: u.preferredZoneinfo ?? u.zoneinfo ?? undefined,
      languages: lang ? [lang] : undefined,
      createdAt: date(u.createdAt),
      updatedAt: date(u.lastUpdatedAt),
      urls: u.links?.self?.href ? [{ url: u.links.self.href, type: 'api' }] : undefined,
    });
  },
});
