/**
 * Fivetran: delete the user from the Fivetran account the API key belongs to.
 *
 * Calls (Fivetran REST API v1, https://api.fivetran.com/v1, HTTP Basic with the API key and secret):
 *  - GET /v1/users/{user_id} → {"code":"Success","data":{...}} (snapshot)
 *    https://fivetran.com/docs/rest-api/api-reference/users/user-details
 *  - DELETE /v1/users/{user_id} → 200 {"code":"Success","message":"User with id '…' has been deleted"}
 *    https://fivetran.com/docs/rest-api/api-reference/users/delete-user
 *    "Deletes a user from your Fivetran account. You will be unable to delete an account owner
 *    user if there is only one remaining."
 *  - GET /v1/users?limit=1000&cursor=… (lookup by email; cursor paging, items + next_cursor)
 *    https://fivetran.com/docs/developer-resources/rest-api/api-reference/users/list-all-users
 *    https://fivetran.com/docs/rest-api/pagination
 *  - GET /v1/account/info → data.user_id: "The user ID from the API key. Returned if the user API
 *    key is used"; a system key answers `system_key_id` and no user (self-deletion guard).
 *    https://fivetran.com/docs/rest-api/api-reference/account/get-account-info
 * Auth: https://fivetran.com/docs/rest-api/getting-started (Basic base64(api_key:api_secret)).
 * Errors: https://fivetran.com/docs/rest-api/getting-started/api-response-codes — a JSON body
 * `{code, message}`; 404 names the missing resource type in `code` (`NotFound_Connector` is the
 * documented example), 409 "The request conflicts …".
 * Rate limits: https://fivetran.com/docs/rest-api/getting-started/rate-limiting — 429 with
 * `Retry-After` (seconds) and `{"code":"TooManyRequests"}`; 20,000 requests per rolling hour.
 *
 * ambiguous: the refusal to delete the last account owner is documented in prose only; its status
 * and code are not. A 409 (Conflict) or a code naming the owner is mapped to PRECONDITION; any
 * other refusal keeps its HTTP mapping with the vendor's message.
 * ambiguous: Fivetran documents no alias (`me`) for a user id, so `selfAliases` is empty.
 */
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface FivetranUser {
  id: string;
  email?: string | null;
  verified?: boolean | null;
  invited?: boolean | null;
  picture?: string | null;
  phone?: string | null;
  role?: string | null;
  logged_in_at?: string | null;
  created_at?: string | null;
  active?: boolean | null;
  given_name?: string | null;
  family_name?: string | null;
  user_type?: string | null;
  [k: string]: unknown;
}

interface Envelope<T> {
  code: string;
  message?: string;
  data: T;
}

interface AccountInfo {
  account_id: string;
  account_name?: string | null;
  system_key_id?: string | null;
  user_id?: string | null;
}

/** Pages of 1000 (the documented maximum), at most this many: 50,000 users. */
const PAGE_SIZE = 1000;
const MAX_PAGES = 50;

function status(u: FivetranUser): UserStatus {
  if (u.invited) return 'INVITED';
  return u.active === false ? 'INACTIVE' : 'ACTIVE';
}

function errorCode(body: unknown, httpStatus: number): string | undefined {
  if (httpStatus === 409) return 'Conflict';
  if (body && typeof body === 'object') {
    const code = (body as { code?: unknown }).code;
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string' && httpStatus >= 400 && /account owner/i.test(message)) return 'LastAccountOwner';
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export const fivetran = defineProvider<FivetranUser>({
  name: 'Fivetran',
  slug: 'fivetran',
  docs: 'https://fivetran.com/docs/rest-api/api-reference/users/delete-user',
  baseUrl: 'https://api.fivetran.com/v1',
  context: {},
  auth: {
    api_key: {
      scheme: { kind: 'basic', username: '{apiKey}', password: '{apiSecret}' },
      description: 'API key and secret (Account Settings > API Config) of an Account Administrator; a system key with user management permission works too.',
      docs: 'https://fivetran.com/docs/rest-api/getting-started',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'phones', 'status', 'isEmailVerified', 'roles', 'userType', 'avatar', 'createdAt', 'lastLoginAt'],
  errors: {
    code: errorCode,
    bodyLevel: false,
    table: {
      TooManyRequests: 'RATE_LIMITED',
      Conflict: 'PRECONDITION',
      LastAccountOwner: 'PRECONDITION',
    },
    docs: 'https://fivetran.com/docs/rest-api/getting-started/api-response-codes',
  },
  semantics: {
    permanent: true,
    description:
      'The user is deleted from the Fivetran account and can no longer sign in or use their API key; Fivetran documents no way to restore a deleted user (they must be invited again). The last remaining account owner cannot be deleted.',
    docs: 'https://fivetran.com/docs/rest-api/api-reference/users/delete-user',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://fivetran.com/docs/rest-api/api-reference/account/get-account-info',
    async lookup({ http }) {
      const info = await http.get<Envelope<AccountInfo>>(path`/account/info`);
      // A system key acts as no user: nobody to protect.
      const user = info.data?.user_id;
      return user ? { ids: [user] } : undefined;
    },
  },

  async findUsers({ http, email }) {
    const wanted = email.toLowerCase();
    const found: FivetranUser[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.get<Envelope<{ items: FivetranUser[]; next_cursor?: string | null }>>(path`/users`, {
        query: cursor ? { limit: PAGE_SIZE, cursor } : { limit: PAGE_SIZE },
      });
      for (const u of res.data?.items ?? []) if (u.email?.toLowerCase() === wanted) found.push(u);
      cursor = res.data?.next_cursor ?? undefined;
      if (!cursor) break;
    }
    return found;
  },

  async getUser({ http, id }) {
    const res = await http.get<Envelope<FivetranUser>>(path`/users/${id}`);
    return res.data;
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    await http.request('DELETE', path`/users/${snapshot?.id ?? id}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const name = [u.given_name, u.family_name].filter(Boolean).join(' ') || undefined;
    return compact({
      id: u.id,
      firstName: u.given_name ?? undefined,
      lastName: u.family_name ?? undefined,
      name,
      emails: u.email ? [{ email: u.email, type: 'work', isPrimary: true }] : undefined,
      phones: u.phone ? [{ number: u.phone }] : undefined,
      status: status(u),
      rawStatus: u.invited ? 'invited' : u.active === false ? 'inactive' : 'active',
      isEmailVerified: typeof u.verified === 'boolean' ? u.verified : undefined,
      roles: u.role ? [{ id: u.role, name: u.role }] : undefined,
      userType: u.user_type ?? undefined,
      avatar: u.picture ?? undefined,
      createdAt: date(u.created_at),
      lastLoginAt: date(u.logged_in_at),
    });
  },
});
