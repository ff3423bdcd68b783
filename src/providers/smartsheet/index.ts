/**
 * Smartsheet: deactivate a user of the plan (organization).
 *
 * Calls (https://developers.smartsheet.com/api/smartsheet/openapi/users):
 *  - GET /2.0/users/{userId} (snapshot, UserProfile)
 *    https://developers.smartsheet.com/api/smartsheet/openapi/users/get-user
 *  - POST /2.0/users/{userId}/deactivate — "Blocks the user from using Smartsheet in any way.
 *    Deactivating a user does not affect their existing permissions on owned or shared items."
 *    System Admin only; unavailable for Smartsheet Gov; refused for users whose primary email is
 *    on an ISP domain or a domain not associated with the plan, and for users managed by an
 *    identity provider or directory integration ("can only be deactivated via the external
 *    source"). https://developers.smartsheet.com/api/smartsheet/openapi/users/deactivate-user
 *    Reactivation (POST /2.0/users/{userId}/reactivate) "can only be" done within thirty days.
 *    https://developers.smartsheet.com/api/smartsheet/openapi/users/reactivate-user
 *  - GET /2.0/users/me — the token's user (self-deletion guard)
 *    https://developers.smartsheet.com/api/smartsheet/openapi/users/get-current-user
 *  - GET /2.0/users?email=<address> — List Users filtered by email (lookup)
 *    https://developers.smartsheet.com/api/smartsheet/openapi/users/list-users
 *
 * Why deactivation and not "Remove user from organization" (DELETE /2.0/users/{userId},
 * https://developers.smartsheet.com/api/smartsheet/openapi/users/remove-user): the removal needs
 * decisions the spec's params cannot carry — `transferTo` is required when the user owns groups,
 * and without `transferSheets` the user keeps their sheets as a free collaborator outside the
 * plan ("User is transitioned to a free collaborator with read-only access to owned sheets").
 * Deactivation blocks every access at once, keeps the assets where they are, and can be undone
 * for thirty days; the removal (with the asset transfer) stays for the System Admin to do.
 *
 * Errors: {"errorCode": n, "message", "refId"}: 1001 (no token), 1002 (invalid token), 1003
 * (expired token), 1004 (not authorized), 1006 (Not Found), 4003 (rate limit, HTTP 429)
 * https://developers.smartsheet.com/api/smartsheet/error-codes
 * Rate limits: 300 requests per minute per token; 429 with errorCode 4003; Smartsheet asks for
 * exponential backoff (no Retry-After documented)
 * https://developers.smartsheet.com/api/smartsheet/guides/advanced-topics/scalability-options
 *
 * ambiguous: Smartsheet ids are 64-bit numbers, and the reference's own Get User example
 * (48569348493401200) is beyond what a JSON number keeps exactly in JavaScript. Every call uses
 * the id as the client gave it (a string), the mapped id is that string when the answer's number
 * is not exact, and the lookup by email refuses ids it cannot represent exactly.
 * ambiguous: UserProfile `status` is ACTIVE, PENDING or DECLINED; the reference does not say how
 * a deactivated user reads, so a deactivated snapshot cannot be recognized and is deactivated
 * again (Smartsheet's answer to that is reported as it comes).
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface SmartsheetUser {
  id: number;
  email?: string | null;
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  status?: string | null;
  admin?: boolean | null;
  licensedSheetCreator?: boolean | null;
  groupAdmin?: boolean | null;
  resourceViewer?: boolean | null;
  lastLogin?: string | null;
  account?: { id?: number; name?: string } | null;
  alternateEmails?: Array<{ id?: number; email: string; confirmed?: boolean }> | null;
  title?: string | null;
  mobilePhone?: string | null;
  workPhone?: string | null;
  timeZone?: string | null;
  locale?: string | null;
}

interface UsersPage {
  pageNumber: number;
  totalPages: number;
  data: SmartsheetUser[];
}

const DOCS_DEACTIVATE = 'https://developers.smartsheet.com/api/smartsheet/openapi/users/deactivate-user';
/** Pages of List Users read by the lookup (100 users each) before it gives up. */
const MAX_PAGES = 10;

const STATUS: Readonly<Record<string, UserStatus>> = { ACTIVE: 'ACTIVE', PENDING: 'INVITED', DECLINED: 'INACTIVE' };

function smartsheetCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const c = (body as { errorCode?: unknown }).errorCode;
  return typeof c === 'number' || typeof c === 'string' ? String(c) : undefined;
}

export const smartsheet = defineProvider<SmartsheetUser>({
  name: 'Smartsheet',
  slug: 'smartsheet',
  docs: DOCS_DEACTIVATE,
  baseUrl: 'https://{host}/2.0',
  context: {
    host: {
      kind: 'enum',
      description: 'API host of the Smartsheet region: api.smartsheet.com (US), api.smartsheet.eu (EU), api.smartsheet.au (AU)',
      values: ['api.smartsheet.com', 'api.smartsheet.eu', 'api.smartsheet.au'],
      default: 'api.smartsheet.com',
    },
  },
  auth: {
    api_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'API access token of a System Admin.',
      docs: 'https://developers.smartsheet.com/api/smartsheet/guides/basics/authentication',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://{host}/2.0/token', scopes: ['ADMIN_USERS', 'READ_USERS'] },
      description: 'OAuth app authorized by a System Admin (scopes ADMIN_USERS, READ_USERS).',
      docs: 'https://developers.smartsheet.com/api/smartsheet/guides/advanced-topics/oauth',
    },
  },
  params: {},
  outcome: 'DEACTIVATED',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'status', 'roles', 'licenses', 'lastLoginAt', 'organizations', 'title', 'phones', 'timezone'],
  semantics: {
    permanent: false,
    restoreWindowDays: 30,
    description:
      'Smartsheet blocks the user from using Smartsheet in any way; their sheets, workspaces and sharing stay as they are and their seat stays in the plan. A System Admin can reactivate them within thirty days; removing them from the plan (with the transfer of their groups and sheets) stays a separate decision.',
    docs: DOCS_DEACTIVATE,
  },
  errors: {
    code: (body) => smartsheetCode(body),
    bodyLevel: false,
    table: {
      '1001': 'REAUTH_REQUIRED',
      '1002': 'REAUTH_REQUIRED',
      '1003': 'TOKEN_EXPIRED',
      '1004': 'FORBIDDEN',
      '1006': 'NOT_FOUND',
      '4003': 'RATE_LIMITED',
    },
    docs: 'https://developers.smartsheet.com/api/smartsheet/error-codes',
  },
  // GET /users/me is the documented "Get current user": `me` in place of a user id is the token's user.
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developers.smartsheet.com/api/smartsheet/openapi/users/get-current-user',
    async lookup({ http }) {
      const me = await http.get<SmartsheetUser>(path`/users/me`);
      const ids = [me.email, ...(me.alternateEmails ?? []).map((a) => a.email)];
      if (Number.isSafeInteger(me.id)) ids.push(String(me.id));
      return { ids: ids.filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    // List Users takes a comma-separated list of addresses: one address only.
    if (email.includes(',')) throw new AppError('BAD_USER_INPUT', 'an email address cannot contain a comma', { integration: 'Smartsheet' });
    const wanted = email.trim().toLowerCase();
    const found: SmartsheetUser[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await http.get<UsersPage>(path`/users`, { query: { email: email.trim(), page, pageSize: 100 } });
      for (const u of res.data ?? []) {
        if (typeof u.email !== 'string' || u.email.toLowerCase() !== wanted) continue;
        if (!Number.isSafeInteger(u.id)) {
          throw new AppError('REMOTE_ERROR', 'Smartsheet answered a user id too large to be read exactly; look the user up by id in Smartsheet instead', {
            integration: 'Smartsheet',
          });
        }
        found.push(u);
      }
      if (page >= (res.totalPages ?? 1)) return found;
    }
    throw new AppError('REMOTE_ERROR', `Smartsheet listed more than ${MAX_PAGES} pages of users for one email address`, { integration: 'Smartsheet' });
  },

  getUser({ http, id }) {
    return http.get<SmartsheetUser>(path`/users/${id}`);
  },

  async deleteUser({ http, id, remoteQuery }) {
    // The id exactly as given (see the header: a number from the answer may not be exact).
    await http.post(path`/users/${id}/deactivate`, { query: remoteQuery });
    return { outcome: 'DEACTIVATED' };
  },

  toUser(u, { id }) {
    const roles = [
      u.admin ? { id: 'admin', name: 'System Admin' } : undefined,
      u.groupAdmin ? { id: 'groupAdmin', name: 'Group Admin' } : undefined,
      u.resourceViewer ? { id: 'resourceViewer', name: 'Resource Viewer' } : undefined,
    ].filter((r): r is { id: string; name: string } => r !== undefined);
    const emails = [
      ...(u.email ? [{ email: u.email, type: 'work', isPrimary: true }] : []),
      ...(u.alternateEmails ?? []).map((a) => ({ email: a.email, type: 'alternate', isPrimary: false })),
    ];
    const phones = [
      ...(u.mobilePhone ? [{ number: u.mobilePhone, type: 'mobile' }] : []),
      ...(u.workPhone ? [{ number: u.workPhone, type: 'work' }] : []),
    ];
    const name = u.name ?? ([u.firstName, u.lastName].filter(Boolean).join(' ') || undefined);
    return compact({
      id: Number.isSafeInteger(u.id) ? String(u.id) : id,
      firstName: u.firstName ?? undefined,
      lastName: u.lastName ?? undefined,
      name,
      emails: emails.length ? emails : undefined,
      status: u.status ? (STATUS[u.status] ?? null) : undefined,
      rawStatus: u.status ?? undefined,
      roles: u.admin === undefined && u.groupAdmin === undefined && u.resourceViewer === undefined ? undefined : roles,
      licenses: u.licensedSheetCreator ? [{ id: 'licensedSheetCreator', name: 'Licensed Sheet Creator', organizationId: u.account?.id !== undefined ? String(u.account.id) : null }] : u.licensedSheetCreator === false ? [] : undefined,
      lastLoginAt: date(u.lastLogin),
      organizations: u.account?.id !== undefined ? [{ id: String(u.account.id), name: u.account.name ?? null }] : undefined,
      title: u.title ?? undefined,
      phones: phones.length ? phones : undefined,
      timezone: u.timeZone ?? undefined,
    });
  },
});
