/**
 * Datadog: disable a user of the organization. Datadog has no user deletion in its API: "Disable a
 * user" (`DELETE /api/v2/users/{user_id}`) is the documented removal, and a disabled user stays in
 * the organization's user list as Disabled, so the outcome is DEACTIVATED.
 *
 * Calls (https://docs.datadoghq.com/api/latest/users/):
 *  1. GET /api/v2/users/{user_id} → 200 `{ data: User, included: [roles, org] }`.
 *     https://docs.datadoghq.com/api/latest/users/#get-user-details
 *  2. DELETE /api/v2/users/{user_id} → 204: "Disable a user. Can only be used with an application
 *     key belonging to an administrator user." Skipped (ALREADY_DEACTIVATED) when the snapshot
 *     says `disabled: true`.
 *     https://docs.datadoghq.com/api/latest/users/#disable-a-user
 *  - GET /api/v2/users?filter=<email>&page[size]=100&page[number]=N — "Filter all users by the
 *    given string": the lookup by email (exact matches kept).
 *    https://docs.datadoghq.com/api/latest/users/#list-all-users
 *  - GET /api/v2/current_user/application_keys?page[size]=1 — "Get all application keys owned by
 *    current user": each key's `relationships.owned_by` names the user (or service account) the
 *    application key belongs to, i.e. who the calls act as (needs `user_app_keys`, which Datadog
 *    administrators have). https://docs.datadoghq.com/api/latest/key-management/#get-all-application-keys-owned-by-current-user
 *
 * Site: the API host is `api.{site}` for every Datadog site (datadoghq.com, us3, us5, datadoghq.eu,
 * ap1, ap2, ddog-gov.com): https://docs.datadoghq.com/getting_started/site/
 * Auth: `DD-API-KEY` and `DD-APPLICATION-KEY` headers (https://docs.datadoghq.com/api/latest/#authentication).
 * Rate limits (https://docs.datadoghq.com/api/latest/rate-limits/): 429 with `X-RateLimit-Reset`,
 * the seconds until the current period resets (delta), plus X-RateLimit-Limit/-Period/-Remaining/-Name.
 * Errors: `{"errors": ["..."]}` with the HTTP status.
 *
 * The spec lists `bio` for Datadog, but a Datadog user has no biography field (UserAttributes:
 * created_at, disabled, email, handle, icon, last_login_time, mfa_enabled, modified_at, name,
 * service_account, status, title, verified): `title` is mapped to `title`, and bio is exempted in
 * the conformance test rather than filled with something else.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

interface Ref {
  type: string;
  id: string;
}

export interface DatadogUserData {
  type: 'users';
  id: string;
  attributes: {
    name?: string | null;
    handle?: string;
    email?: string;
    icon?: string;
    title?: string | null;
    verified?: boolean;
    service_account?: boolean;
    disabled?: boolean;
    status?: string;
    created_at?: string;
    modified_at?: string;
    last_login_time?: string | null;
    mfa_enabled?: boolean;
    [k: string]: unknown;
  };
  relationships?: { roles?: { data?: Ref[] }; org?: { data?: Ref | null }; [k: string]: unknown };
}

export interface DatadogUser {
  data: DatadogUserData;
  included?: Array<Ref & { attributes?: { name?: string; [k: string]: unknown } }>;
}

const STATUS: Record<string, UserStatus> = { Active: 'ACTIVE', Pending: 'INVITED', Disabled: 'INACTIVE' };
const PAGE = 100;
const MAX_PAGES = 50;

export const datadog = defineProvider<DatadogUser>({
  name: 'Datadog',
  slug: 'datadog',
  docs: 'https://docs.datadoghq.com/api/latest/users/#disable-a-user',
  baseUrl: 'https://api.{site}',
  context: {
    site: {
      kind: 'enum',
      description: 'Datadog site of the organization (https://docs.datadoghq.com/getting_started/site/)',
      values: ['datadoghq.com', 'us3.datadoghq.com', 'us5.datadoghq.com', 'datadoghq.eu', 'ap1.datadoghq.com', 'ap2.datadoghq.com', 'ddog-gov.com'],
      default: 'datadoghq.com',
    },
  },
  auth: {
    api_key: {
      scheme: { kind: 'headers', headers: { 'DD-API-KEY': '{apiKey}', 'DD-APPLICATION-KEY': '{applicationKey}' } },
      description: 'An API key and an application key of an administrator (user_access_manage and user_app_keys).',
      docs: 'https://docs.datadoghq.com/account_management/api-app-keys/',
    },
  },
  params: {},
  outcome: 'DEACTIVATED',
  maps: ['id', 'identifiers', 'name', 'username', 'emails', 'status', 'isEmailVerified', 'is2faEnabled', 'roles', 'organizations', 'userType', 'title', 'avatar', 'createdAt', 'updatedAt', 'lastLoginAt'],
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'delta-seconds', remainingHeader: 'x-ratelimit-remaining' },
  semantics: {
    permanent: false,
    description:
      'The user is disabled: they can no longer log in and stop counting as an active user, but stay in the organization as Disabled, with what they created (dashboards, monitors) kept. An administrator can enable them again; Datadog documents no deletion of users.',
    docs: 'https://docs.datadoghq.com/account_management/users/#disable-existing-users',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://docs.datadoghq.com/api/latest/key-management/#get-all-application-keys-owned-by-current-user',
    async lookup({ http }) {
      const body = await http.get<{ data?: Array<{ relationships?: { owned_by?: { data?: Ref | null } } }> }>(path`/api/v2/current_user/application_keys`, {
        query: { 'page[size]': 1 },
      });
      const owner = body.data?.[0]?.relationships?.owned_by?.data?.id;
      if (!owner) throw new AppError('REMOTE_ERROR', 'Datadog did not name the owner of the application key in use', { integration: 'datadog' });
      return { ids: [owner] };
    },
  },

  async findUsers({ http, email }) {
    const want = email.toLowerCase();
    const out: DatadogUser[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await http.get<{ data?: DatadogUserData[]; included?: DatadogUser['included']; meta?: { page?: { total_filtered_count?: number } } }>(path`/api/v2/users`, {
        query: { filter: email, 'page[size]': PAGE, 'page[number]': page },
      });
      const data = body.data ?? [];
      for (const u of data) if (u.attributes.email?.toLowerCase() === want) out.push({ data: u, included: body.included });
      const total = body.meta?.page?.total_filtered_count;
      if (data.length < PAGE || (typeof total === 'number' && (page + 1) * PAGE >= total)) return out;
    }
    throw new AppError('REMOTE_ERROR', `Datadog answered more than ${PAGE * MAX_PAGES} users for the lookup; it stopped there`, { integration: 'datadog' });
  },

  getUser({ http, id }) {
    return http.get<DatadogUser>(path`/api/v2/users/${id}`);
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    if (snapshot?.data.attributes.disabled === true) return { outcome: 'ALREADY_DEACTIVATED' };
    await http.request('DELETE', path`/api/v2/users/${id}`, { query: remoteQuery });
    return { outcome: 'DEACTIVATED' };
  },

  after(user) {
    return { ...user, status: 'INACTIVE', rawStatus: 'Disabled' };
  },

  toUser({ data, included }) {
    const a = data.attributes;
    const named = (ref: Ref) => included?.find((i) => i.type === ref.type && i.id === ref.id)?.attributes?.name;
    const org = data.relationships?.org?.data ?? undefined;
    const rawStatus = a.status ?? (a.disabled ? 'Disabled' : undefined);
    return compact({
      id: data.id,
      identifiers: { id: data.id, handle: a.handle ?? null },
      name: a.name || undefined,
      username: a.handle || undefined,
      emails: a.email ? [{ email: a.email, isPrimary: true }] : undefined,
      status: rawStatus ? (STATUS[rawStatus] ?? null) : undefined,
      rawStatus,
      isEmailVerified: typeof a.verified === 'boolean' ? a.verified : undefined,
      is2faEnabled: typeof a.mfa_enabled === 'boolean' ? a.mfa_enabled : undefined,
      roles: data.relationships?.roles?.data?.map((r) => ({ id: r.id, name: named(r) ?? null })),
      organizations: org ? [{ id: org.id, name: named(org) ?? null }] : undefined,
      userType: typeof a.service_account === 'boolean' ? (a.service_account ? 'service_account' : 'user') : undefined,
      title: a.title || undefined,
      avatar: a.icon || undefined,
      createdAt: date(a.created_at),
      updatedAt: date(a.modified_at),
      lastLoginAt: date(a.last_login_time),
    });
  },
});
