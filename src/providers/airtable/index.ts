/**
 * Airtable (Enterprise API, not SCIM — that is airtable-scim): delete a user of the enterprise account.
 *
 * Calls (https://api.airtable.com/v0):
 *  - GET    /meta/enterpriseAccounts/{enterpriseAccountId}/users/{userId} → 200 user (snapshot)
 *    https://airtable.com/developers/web/api/get-user-by-id (scope enterprise.user:read)
 *  - DELETE /meta/enterpriseAccounts/{enterpriseAccountId}/users/{userId} → "an empty response on success"
 *    https://airtable.com/developers/web/api/delete-user-by-id (scope enterprise.user:write): "Delete ELA
 *    enterprise account internal users and "claiming" enterprise account managed users."
 *  - GET    /meta/enterpriseAccounts/{enterpriseAccountId}/users?email[]={email} → {"users":[…]} (findUsers)
 *    https://airtable.com/developers/web/api/get-users-by-id-or-email
 *  - GET    /meta/whoami → {"id":"usr…","email"?} — the user the token belongs to, for the self-deletion
 *    guard ("No scopes are required"). https://airtable.com/developers/web/api/get-user-id-scopes
 * Requirements of both user routes: personal access token or OAuth integration of an Enterprise admin;
 * billing plans Enterprise (pre-2023.08 legacy) and Enterprise Scale.
 *
 * Refusals documented on Delete user by id, all 403 {"error":{"type":"INVALID_PERMISSIONS","message":…}}:
 *  - "Cannot perform action on self" → FORBIDDEN (the token's own admin; also refused before any write
 *    by the whoami guard);
 *  - "Cannot delete sole owner of a workspace with other collaborators" → FAILED_PRECONDITION ("If a
 *    workspace has more than one collaborator, it must have at least one owner");
 *  - "User does not belong to the enterprise email domain" (external user), "User is not managed by the
 *    enterprise account", "State modification is not enabled for FLA enterprise accounts" →
 *    FAILED_PRECONDITION: such users cannot be deleted through this route (Airtable's admin panel or its
 *    "remove user from enterprise" action is the way for them).
 * The type alone (INVALID_PERMISSIONS) does not tell them apart, so the code read is the type plus the
 * documented message.
 * Errors (https://airtable.com/developers/web/api/errors): "a JSON-encoded body that contains error and
 * message fields"; 401 AUTHENTICATION_REQUIRED / invalid token; 404 "if the resource doesn't exist".
 * Rate limits: "You will receive a 429 status code ... and will need to wait 30 seconds before subsequent
 * requests will succeed" (no header documented): defaultWaitMs 30 s.
 *
 * What deletion means: "Delete user by id" deletes the user (no restore is documented); the sole-owner
 * refusal protects shared workspaces, so nothing is orphaned silently.
 *
 * Ambiguities (docs/vendors/airtable.md): the 404 body is not shown for these routes (both
 * {"error":"NOT_FOUND"} and {"error":{"type":"NOT_FOUND"}} are read); Airtable documents no alias such
 * as `me` for user ids; what becomes of the bases and workspaces a deleted user owned alone without
 * other collaborators is not stated.
 */
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import { AppError } from '../../errors.js';

export interface AirtableEnterpriseUser {
  id: string;
  email?: string | null;
  name?: string | null;
  state?: 'provisioned' | 'deactivated' | string | null;
  isAdmin?: boolean | null;
  isManaged?: boolean | null;
  isServiceAccount?: boolean | null;
  isSsoRequired?: boolean | null;
  isTwoFactorAuthEnabled?: boolean | null;
  lastActivityTime?: string | null;
  createdTime?: string | null;
  invitedToAirtableByUserId?: string | null;
  groups?: Array<{ id: string }> | null;
  licenseType?: string | null;
  [k: string]: unknown;
}

/** Airtable user ids: `usr` and 14 characters. */
const USER_ID = /^usr[A-Za-z0-9]{14}$/;

const REFUSALS: Record<string, string> = {
  'cannot perform action on self': 'INVALID_PERMISSIONS:SELF',
  'cannot delete sole owner of a workspace with other collaborators': 'INVALID_PERMISSIONS:SOLE_OWNER',
  'user does not belong to the enterprise email domain': 'INVALID_PERMISSIONS:EXTERNAL_USER',
  'user is not managed by the enterprise account': 'INVALID_PERMISSIONS:NOT_MANAGED',
  'state modification is not enabled for fla enterprise accounts': 'INVALID_PERMISSIONS:FLA_ACCOUNT',
};

function airtableCode(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  if (error === null || typeof error !== 'object') return undefined;
  const { type, message } = error as { type?: unknown; message?: unknown };
  const refusal = typeof message === 'string' ? REFUSALS[message.trim().toLowerCase()] : undefined;
  return refusal ?? (typeof type === 'string' ? type : undefined);
}

function userPath(enterpriseAccountId: string | undefined, id: string) {
  if (!USER_ID.test(id)) {
    throw new AppError('BAD_USER_INPUT', `Airtable user ids look like usrXXXXXXXXXXXXXX; "${id.slice(0, 40)}" is not one (look a user up by email first)`, { integration: 'Airtable' });
  }
  return path`/meta/enterpriseAccounts/${enterpriseAccountId ?? ''}/users/${id}`;
}

export const airtable = defineProvider<AirtableEnterpriseUser>({
  name: 'Airtable',
  slug: 'airtable',
  docs: 'https://airtable.com/developers/web/api/delete-user-by-id',
  baseUrl: 'https://api.airtable.com/v0',
  context: {
    enterpriseAccountId: {
      kind: 'id',
      description: 'Enterprise account id used in /meta/enterpriseAccounts/{id}/users/{userId} (Admin panel > Settings)',
      example: 'entUBq2RGdihxl3vU',
      pattern: /^ent[A-Za-z0-9]{14}$/,
    },
  },
  auth: {
    personal_access_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'Personal access token of an enterprise admin with the scopes enterprise.user:read and enterprise.user:write.',
      docs: 'https://airtable.com/developers/web/guides/personal-access-tokens',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://airtable.com/oauth2/v1/token', scopes: ['enterprise.user:read', 'enterprise.user:write'] },
      description: 'OAuth integration acting for an enterprise admin.',
      docs: 'https://airtable.com/developers/web/api/oauth-reference',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'name', 'emails', 'status', 'is2faEnabled', 'roles', 'userType', 'groups', 'createdAt', 'lastActiveAt'],
  rateLimit: { defaultWaitMs: 30_000 },
  errors: {
    docs: 'https://airtable.com/developers/web/api/errors',
    bodyLevel: false,
    code: airtableCode,
    table: {
      NOT_FOUND: 'NOT_FOUND',
      MODEL_ID_NOT_FOUND: 'NOT_FOUND',
      AUTHENTICATION_REQUIRED: 'REAUTH_REQUIRED',
      UNAUTHORIZED: 'REAUTH_REQUIRED',
      INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND: 'FORBIDDEN',
      'INVALID_PERMISSIONS:SELF': 'FORBIDDEN',
      'INVALID_PERMISSIONS:SOLE_OWNER': 'PRECONDITION',
      'INVALID_PERMISSIONS:EXTERNAL_USER': 'PRECONDITION',
      'INVALID_PERMISSIONS:NOT_MANAGED': 'PRECONDITION',
      'INVALID_PERMISSIONS:FLA_ACCOUNT': 'PRECONDITION',
      TOO_MANY_REQUESTS: 'RATE_LIMITED',
    },
  },
  semantics: {
    permanent: true,
    description:
      'The user is deleted from the enterprise account (ELA internal users and claiming-account managed users only); Airtable documents no restore. Airtable refuses the sole owner of a workspace with other collaborators, external and non-managed users, and the token\'s own admin.',
    docs: 'https://airtable.com/developers/web/api/delete-user-by-id',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://airtable.com/developers/web/api/get-user-id-scopes',
    async lookup({ http }) {
      const me = await http.get<{ id?: unknown; email?: unknown }>(path`/meta/whoami`);
      if (typeof me.id !== 'string' || me.id === '') {
        throw new AppError('REMOTE_ERROR', 'Airtable: whoami did not name the user the token belongs to', { integration: 'Airtable' });
      }
      return { ids: [me.id, ...(typeof me.email === 'string' && me.email !== '' ? [me.email] : [])] };
    },
  },

  async findUsers({ http, email, context }) {
    const res = await http.get<{ users?: AirtableEnterpriseUser[] }>(path`/meta/enterpriseAccounts/${context.enterpriseAccountId ?? ''}/users`, {
      query: { email: [email.trim()] },
    });
    const wanted = email.trim().toLowerCase();
    return (res.users ?? []).filter((u) => typeof u.email === 'string' && u.email.toLowerCase() === wanted);
  },

  getUser({ http, id, context }) {
    return http.get<AirtableEnterpriseUser>(userPath(context.enterpriseAccountId, id));
  },

  async deleteUser({ http, id, context, remoteQuery }) {
    await http.request('DELETE', userPath(context.enterpriseAccountId, id), { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const rawStatus = u.state ?? undefined;
    return compact({
      id: u.id,
      name: u.name || undefined,
      emails: u.email ? [{ email: u.email, type: 'primary', isPrimary: true }] : undefined,
      status: rawStatus === 'provisioned' ? 'ACTIVE' : rawStatus === 'deactivated' ? 'INACTIVE' : undefined,
      rawStatus,
      is2faEnabled: u.isTwoFactorAuthEnabled ?? undefined,
      roles: u.isAdmin === true ? [{ id: 'admin', name: 'Enterprise admin' }] : u.isAdmin === false ? [] : undefined,
      userType: u.isServiceAccount === true ? 'service_account' : u.isManaged === true ? 'managed' : u.isManaged === false ? 'unmanaged' : undefined,
      groups: u.groups ? u.groups.map((g) => ({ id: g.id })) : undefined,
      createdAt: date(u.createdTime),
      lastActiveAt: date(u.lastActivityTime),
    });
  },
});
