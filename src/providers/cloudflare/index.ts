/**
 * Cloudflare: remove a member from the Cloudflare account named by the `accountId` context. The id
 * is the MEMBERSHIP id (Account > Members), not the Cloudflare user id: a Cloudflare user belongs
 * to themselves and may be a member of other accounts, which this removal does not touch.
 *
 * Calls (https://api.cloudflare.com/client/v4):
 *  - GET /accounts/{account_id}/members/{member_id} → {success, result: Member} (snapshot)
 *    https://developers.cloudflare.com/api/resources/accounts/subresources/members/methods/get/
 *  - DELETE /accounts/{account_id}/members/{member_id} → {success: true, result: {id}}
 *    https://developers.cloudflare.com/api/resources/accounts/subresources/members/methods/delete/
 *    Accepted permissions: "SCIM Provisioning" or "Account Settings Write".
 *  - GET /accounts/{account_id}/members?page=N&per_page=50 (lookup by email: no email filter is
 *    documented, so every page is read, bounded; per_page is 5..50; `result_info.total_pages`)
 *    https://developers.cloudflare.com/api/resources/accounts/subresources/members/methods/list/
 *  - GET /user → the user a user-owned API token or the global API key acts as (self-deletion
 *    guard; compared with the member's user id and email). An account-owned API token acts as the
 *    account, no user: https://developers.cloudflare.com/fundamentals/api/get-started/account-owned-tokens/
 *    https://developers.cloudflare.com/api/resources/user/methods/get/
 * Auth: `Authorization: Bearer <API token>` or the legacy `X-Auth-Email` + `X-Auth-Key` (global
 * API key), https://developers.cloudflare.com/fundamentals/api/get-started/create-token/
 * Errors: `{success: false, errors: [{code, message, error_chain?}]}`, codes ≥ 1000. 9106 (missing
 * auth headers) and 6003 whose chain names 6103/6111 (malformed X-Auth-Key / Authorization) mean
 * the credentials cannot be used; otherwise the status decides (401 REAUTH_REQUIRED, 403 FORBIDDEN:
 * a token lacking a permission is not asked to reconnect).
 * Rate limits: 1200 requests per 5 minutes per user; 429 with `Retry-After` (seconds) when exceeded
 * ("all API calls for the next five minutes will be blocked"),
 * https://developers.cloudflare.com/fundamentals/api/reference/limits/
 *
 * ambiguous: the docs do not say which error code a missing member answers (only the envelope);
 * a 404 is NOT_FOUND by its status. They do not document refusals (e.g. removing the last Super
 * Administrator); such an answer keeps its status mapping with Cloudflare's message.
 * ambiguous: Cloudflare documents no alias for a member id; `selfAliases` is empty.
 */
import { defineProvider } from '../core/definition.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface CloudflareMember {
  id: string;
  email?: string | null;
  status?: 'accepted' | 'pending' | 'rejected' | string | null;
  roles?: Array<{ id: string; name?: string | null; description?: string | null }> | null;
  policies?: unknown[] | null;
  user?: {
    id?: string | null;
    email?: string | null;
    first_name?: string | null;
    last_name?: string | null;
    two_factor_authentication_enabled?: boolean | null;
  } | null;
  [k: string]: unknown;
}

interface Envelope<T> {
  success: boolean;
  errors?: Array<{ code: number; message: string }>;
  result: T;
  result_info?: { page?: number; per_page?: number; total_pages?: number; count?: number; total_count?: number };
}

const STATUS: Record<string, UserStatus> = { accepted: 'ACTIVE', pending: 'INVITED', rejected: 'INACTIVE' };
const PER_PAGE = 50;
const MAX_PAGES = 100;

/**
 * Cloudflare's code of an error body: the first error's code, or `malformed_auth` for 6003
 * "Invalid request headers" whose error_chain names an auth header (6103 X-Auth-Key, 6111
 * Authorization): credentials the account cannot use as they are.
 */
function errorCode(body: unknown): string | undefined {
  const errors = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const first = errors[0] as { code?: unknown; error_chain?: unknown };
  const chain = Array.isArray(first.error_chain) ? (first.error_chain as Array<{ code?: unknown }>).map((e) => String(e?.code)) : [];
  if (String(first.code) === '6003' && chain.some((c) => c === '6103' || c === '6111')) return 'malformed_auth';
  return typeof first.code === 'number' || typeof first.code === 'string' ? String(first.code) : undefined;
}

export const cloudflare = defineProvider<CloudflareMember>({
  name: 'Cloudflare',
  slug: 'cloudflare',
  docs: 'https://developers.cloudflare.com/api/resources/accounts/subresources/members/methods/delete/',
  baseUrl: 'https://api.cloudflare.com/client/v4',
  context: {
    accountId: { kind: 'id', description: 'Cloudflare account id (32 hex characters)', example: '023e105f4ecef8ad9ca31a8372d0c353', pattern: /^[0-9a-f]{32}$/ },
  },
  auth: {
    api_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description:
        'A user-owned API token with Account > Account Settings: Edit (or SCIM Provisioning) on the account, and User > User Details: Read so the service can tell whose token it is.',
      docs: 'https://developers.cloudflare.com/fundamentals/api/get-started/create-token/',
    },
    account_api_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'An account-owned API token with Account Settings: Edit (or SCIM Provisioning); it acts as the account, not as a user.',
      docs: 'https://developers.cloudflare.com/fundamentals/api/get-started/account-owned-tokens/',
    },
    global_api_key: {
      scheme: { kind: 'headers', headers: { 'X-Auth-Email': '{email}', 'X-Auth-Key': '{apiKey}' } },
      description: 'Legacy global API key with the email of its Cloudflare user (an account administrator).',
      docs: 'https://developers.cloudflare.com/fundamentals/api/get-started/keys/',
    },
  },
  params: {},
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'identifiers', 'firstName', 'lastName', 'name', 'emails', 'status', 'is2faEnabled', 'roles'],
  errors: {
    code: errorCode,
    bodyLevel: false,
    table: {
      '9106': 'REAUTH_REQUIRED',
      malformed_auth: 'REAUTH_REQUIRED',
    },
    docs: 'https://developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/',
  },
  semantics: {
    permanent: true,
    description:
      'The membership is removed from the Cloudflare account: the person loses the account\'s roles and policies and its zones, but their Cloudflare user (login, other accounts) is untouched. There is no restore: an administrator must invite them again.',
    docs: 'https://developers.cloudflare.com/fundamentals/manage-members/manage/',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://developers.cloudflare.com/api/resources/user/methods/get/',
    async lookup({ http, method }) {
      // An account-owned token is no user: nobody to protect.
      if (method === 'account_api_token') return undefined;
      const me = await http.get<Envelope<{ id: string; email?: string | null }>>(path`/user`);
      return { ids: [me.result?.id, me.result?.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email, context }) {
    const wanted = email.toLowerCase();
    const found: CloudflareMember[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await http.get<Envelope<CloudflareMember[]>>(path`/accounts/${context.accountId as string}/members`, { query: { page, per_page: PER_PAGE } });
      const items = res.result ?? [];
      for (const m of items) {
        const addresses = [m.email, m.user?.email].filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
        if (addresses.includes(wanted)) found.push(m);
      }
      const total = res.result_info?.total_pages;
      if (items.length === 0 || (typeof total === 'number' ? page >= total : items.length < PER_PAGE)) break;
    }
    return found;
  },

  async getUser({ http, id, context }) {
    const res = await http.get<Envelope<CloudflareMember>>(path`/accounts/${context.accountId as string}/members/${id}`);
    return res.result;
  },

  async deleteUser({ http, id, context, snapshot, remoteQuery }) {
    const account = context.accountId as string;
    await http.request('DELETE', path`/accounts/${account}/members/${snapshot?.id ?? id}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: account } };
  },

  // status and roles described the membership that is gone.
  after(user) {
    return { ...user, status: null, rawStatus: null, roles: [] };
  },

  toUser(m) {
    const u = m.user ?? {};
    const email = u.email ?? m.email ?? undefined;
    const name = [u.first_name, u.last_name].filter(Boolean).join(' ') || undefined;
    return compact({
      id: m.id,
      identifiers: { membershipId: m.id, userId: u.id ?? null },
      firstName: u.first_name ?? undefined,
      lastName: u.last_name ?? undefined,
      name,
      emails: email ? [{ email, type: 'work', isPrimary: true }] : undefined,
      status: m.status ? (STATUS[m.status] ?? null) : undefined,
      rawStatus: m.status ?? undefined,
      is2faEnabled: typeof u.two_factor_authentication_enabled === 'boolean' ? u.two_factor_authentication_enabled : undefined,
      roles: (m.roles ?? []).map((r) => ({ id: r.id, name: r.name ?? null })),
    });
  },
});
