/**
 * Azure Active Directory (Microsoft Entra ID) through Microsoft Graph v1.0: delete the user.
 *
 * Calls (base https://graph.microsoft.com/v1.0):
 *  1. GET /users/{id | userPrincipalName}?$select=… — the snapshot (404 → NOT_FOUND, nothing deleted).
 *     https://learn.microsoft.com/en-us/graph/api/user-get?view=graph-rest-1.0
 *     A UPN that starts with `$` is addressed as /users('$x@y.com'), as that page says.
 *  2. GET /users/{objectId}/licenseDetails — the licenses (skuId, skuPartNumber).
 *     https://learn.microsoft.com/en-us/graph/api/user-list-licensedetails?view=graph-rest-1.0
 *  3. GET /users/{objectId}/memberOf/microsoft.graph.directoryRole?$select=id,displayName,roleTemplateId&$count=true
 *     with `ConsistencyLevel: eventual` (the page says the header and $count are required with an
 *     OData cast) — the directory roles.
 *     https://learn.microsoft.com/en-us/graph/api/user-list-memberof?view=graph-rest-1.0
 *  4. GET /users/{objectId}?$select=signInActivity — the last sign-in; it needs a Microsoft Entra ID
 *     P1/P2 licence and AuditLog.Read.All, so a 403 here only leaves lastLoginAt empty.
 *     https://learn.microsoft.com/en-us/graph/api/resources/signinactivity?view=graph-rest-1.0
 *  5. DELETE /users/{objectId} → 204 No Content.
 *     https://learn.microsoft.com/en-us/graph/api/user-delete?view=graph-rest-1.0
 *  6. Self-deletion guard, delegated (`oauth`) accounts only, once per account and credentials:
 *     GET /me?$select=id,userPrincipalName,mail — the signed-in user the token acts as
 *     ("GET /me", https://learn.microsoft.com/en-us/graph/api/user-get?view=graph-rest-1.0).
 *     App-only (`client_credentials`) tokens act as the application's service principal, not a
 *     user: "Calling the /me endpoint requires a signed-in user and therefore a delegated
 *     permission. Application permissions are not supported" (same page), and a service
 *     principal is not a user that DELETE /users could remove. No owner, no call.
 *
 * Self-alias: Graph documents `/me` as its own path for the signed-in user; whether
 * /users/me resolves is not documented (ambiguous). `me` is declared a self-alias and refused
 * before any call: it is neither an object id nor a UPN, so it can never name anyone else.
 *
 * Semantics: DELETE moves the user to the directory's deleted items: "When deleted, user
 * resources, including their mailbox and license assignments, are moved to a temporary container
 * and if the user is restored within 30 days, these objects are restored to them" (user-delete);
 * "A recently deleted item will remain available for up to 30 days. After 30 days, the item is
 * permanently deleted" (https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-restore?view=graph-rest-1.0).
 * The outcome is DELETED (sign-in ends at once). Permanent deletion would be
 * DELETE /directory/deletedItems/{id}
 * (https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-delete?view=graph-rest-1.0),
 * but the spec gives Azure Active Directory no `permanent` param, so it is not done.
 *
 * Every call after the first one uses the object id read in the snapshot, so a UPN that is
 * renamed or reassigned between the calls cannot make the DELETE hit another person.
 *
 * Auth: OAuth 2.0 against https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token; client
 * credentials use the scope https://graph.microsoft.com/.default (application permission
 * User.ReadWrite.All; LicenseAssignment.Read.All or Directory.Read.All for licenses;
 * RoleManagement.Read.Directory or Directory.Read.All for roles; AuditLog.Read.All for sign-ins).
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 * Throttling: 429 with Retry-After (seconds), https://learn.microsoft.com/en-us/graph/throttling
 *
 * Ambiguities, stated rather than guessed:
 *  - licenses, roles and sign-in activity are extra reads with their own permissions; a 403 on
 *    one of them leaves that field empty instead of blocking the deletion (the user read and the
 *    DELETE still fail on 403). Only the first page (100) of each list is read.
 *  - the user-list-memberof page asks for ConsistencyLevel + $count with a cast while one of its
 *    own examples casts without them; we send both, as the page's header table says.
 *  - national clouds (graph.microsoft.us, microsoftgraph.chinacloudapi.cn) need both another Graph
 *    host (baseUrl override) and another login host; only the global cloud's token URL is declared.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { VendorHttp } from '../core/http.js';
import type { TokenOwner, UserStatus } from '../core/types.js';

export interface GraphLicenseDetail {
  id?: string;
  skuId: string;
  skuPartNumber?: string | null;
  servicePlans?: unknown[];
}

export interface GraphDirectoryRole {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  roleTemplateId?: string | null;
  description?: string | null;
}

export interface GraphSignInActivity {
  lastSignInDateTime?: string | null;
  lastSignInRequestId?: string | null;
  lastNonInteractiveSignInDateTime?: string | null;
  lastNonInteractiveSignInRequestId?: string | null;
  lastSuccessfulSignInDateTime?: string | null;
  lastSuccessfulSignInRequestId?: string | null;
}

/**
 * The Graph user as selected, with the extra reads attached the way Graph itself names them
 * (`licenseDetails`, `memberOf`, `signInActivity`); a key is absent when its read was refused.
 */
export interface AzureUser {
  id: string;
  userPrincipalName?: string | null;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  otherMails?: string[] | null;
  businessPhones?: string[] | null;
  mobilePhone?: string | null;
  jobTitle?: string | null;
  userType?: string | null;
  accountEnabled?: boolean | null;
  externalUserState?: string | null;
  preferredLanguage?: string | null;
  createdDateTime?: string | null;
  employeeId?: string | null;
  assignedLicenses?: Array<{ skuId: string; disabledPlans?: string[] }> | null;
  licenseDetails?: GraphLicenseDetail[];
  memberOf?: GraphDirectoryRole[];
  signInActivity?: GraphSignInActivity | null;
  [k: string]: unknown;
}

/** The user properties read in the snapshot (most are returned only on $select). */
export const USER_SELECT = [
  'id', 'userPrincipalName', 'displayName', 'givenName', 'surname', 'mail', 'otherMails', 'businessPhones', 'mobilePhone',
  'jobTitle', 'userType', 'accountEnabled', 'externalUserState', 'preferredLanguage', 'createdDateTime', 'employeeId', 'assignedLicenses',
].join(',');
export const ROLE_SELECT = 'id,displayName,roleTemplateId';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant id (GUID) or one of the tenant's verified domains (contoso.onmicrosoft.com, contoso.com). */
const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/i;

/** Graph addresses a user by object id or UPN; anything else (`delta`, `me`, …) is refused. */
function checkUserKey(id: string): void {
  if (!GUID.test(id) && !/^[^@\s/\\]+@[^@\s/\\]+$/.test(id)) {
    throw badInput(`Azure Active Directory users are addressed by object id (a GUID) or userPrincipalName; "${id.slice(0, 60)}" is neither`);
  }
}

/** The signed-in user of a delegated token: GET /me (user-get). */
async function signedInUser(http: VendorHttp): Promise<TokenOwner> {
  const me = await http.get<AzureUser>(path`/me`, { query: { $select: 'id,userPrincipalName,mail' } });
  if (!me || typeof me !== 'object' || typeof me.id !== 'string' || !GUID.test(me.id)) {
    throw new AppError('REMOTE_ERROR', 'Azure Active Directory answered GET /me without an object id', { integration: 'Azure Active Directory' });
  }
  // id, UPN and primary SMTP address are unique in the tenant; otherMails may hold anyone's address.
  return { ids: [me.id, me.userPrincipalName, me.mail].filter((v): v is string => typeof v === 'string' && v !== '') };
}

/**
 * Who the token acts as, per auth method (every declared method has an entry; a test checks it):
 * a delegated token acts as the signed-in user; an app-only token as no user.
 */
export const OWNER_LOOKUPS: Readonly<Record<string, (http: VendorHttp) => Promise<TokenOwner | undefined>>> = {
  oauth: signedInUser,
  client_credentials: async () => undefined,
};

interface Collection<T> {
  value?: T[];
}

/** Drops undefined keys of a nested object (compact() is for the unified user itself). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A supplementary read: its value, or undefined when the account may not read it (403). */
async function optionalRead<T>(run: () => Promise<{ status: number; body: T }>): Promise<T | undefined> {
  const res = await run();
  return res.status === 403 ? undefined : res.body;
}

export const azureActiveDirectory = defineProvider<AzureUser>({
  name: 'Azure Active Directory',
  slug: 'azure-active-directory',
  docs: 'https://learn.microsoft.com/en-us/graph/api/user-delete?view=graph-rest-1.0',
  baseUrl: 'https://graph.microsoft.com/v1.0',
  context: {
    tenant: {
      kind: 'id',
      description: 'The Microsoft Entra tenant: its id (a GUID) or one of its verified domains',
      example: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      pattern: TENANT,
    },
  },
  auth: {
    client_credentials: {
      scheme: {
        kind: 'oauth2',
        grant: 'client_credentials',
        tokenUrl: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
        scopes: ['https://graph.microsoft.com/.default'],
      },
      description:
        'App-only access: an app registration in the tenant with the User.ReadWrite.All application permission (admin consent); LicenseAssignment.Read.All, RoleManagement.Read.Directory and AuditLog.Read.All add licenses, roles and last sign-in. Deleting an administrator also needs a privileged role assigned to the app.',
    },
    oauth: {
      scheme: {
        kind: 'oauth2',
        grant: 'authorization_code',
        tokenUrl: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
        scopes: ['https://graph.microsoft.com/User.ReadWrite.All', 'offline_access'],
      },
      description: 'Delegated access of a signed-in User Administrator (or higher) who consented to User.ReadWrite.All.',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'emails', 'phones', 'status', 'title', 'userType', 'roles', 'licenses', 'languages', 'createdAt', 'lastLoginAt'],
  semantics: {
    permanent: false,
    restoreWindowDays: 30,
    description:
      'The user is moved to the directory\'s deleted items and can no longer sign in; it can be restored for 30 days with its mailbox, licence assignments and group memberships, after which Microsoft Entra ID deletes it permanently.',
    docs: 'https://learn.microsoft.com/en-us/graph/api/user-delete?view=graph-rest-1.0',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://learn.microsoft.com/en-us/graph/api/user-get?view=graph-rest-1.0',
    async lookup({ http, method }) {
      const lookup = OWNER_LOOKUPS[method];
      if (!lookup) {
        throw new AppError('UNSUPPORTED', `Azure Active Directory has no token-owner lookup for the ${method} auth method, so no deletion is made with it (self-deletion guard)`, {
          integration: 'Azure Active Directory',
        });
      }
      return lookup(http);
    },
  },

  async getUser({ http, id }) {
    checkUserKey(id);
    // A UPN starting with `$` would read as an OData system query option: /users('$x@y.com').
    const userPath = id.startsWith('$') ? path`/users(${`'${id.replace(/'/g, "''")}'`})` : path`/users/${id}`;
    const user = await http.get<AzureUser>(userPath, { query: { $select: USER_SELECT } });
    if (!user || typeof user !== 'object' || typeof user.id !== 'string' || !GUID.test(user.id)) {
      throw new AppError('REMOTE_ERROR', 'Azure Active Directory answered the user read without an object id', { integration: 'Azure Active Directory' });
    }
    const oid = user.id;
    const licenses = await optionalRead(() => http.request<Collection<GraphLicenseDetail>>('GET', path`/users/${oid}/licenseDetails`, { accept: [403] }));
    const roles = await optionalRead(() =>
      http.request<Collection<GraphDirectoryRole>>('GET', path`/users/${oid}/memberOf/microsoft.graph.directoryRole`, {
        query: { $select: ROLE_SELECT, $count: 'true' },
        headers: { ConsistencyLevel: 'eventual' },
        accept: [403],
      }),
    );
    const signIn = await optionalRead(() => http.request<{ signInActivity?: GraphSignInActivity | null }>('GET', path`/users/${oid}`, { query: { $select: 'signInActivity' }, accept: [403] }));
    const out: AzureUser = { ...user };
    if (licenses) out.licenseDetails = licenses.value ?? [];
    if (roles) out.memberOf = roles.value ?? [];
    if (signIn && signIn.signInActivity !== undefined) out.signInActivity = signIn.signInActivity;
    return out;
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    checkUserKey(id);
    const oid = snapshot?.id ?? id;
    if (!GUID.test(oid)) throw badInput('Azure Active Directory deletion needs the user object id');
    await http.request('DELETE', path`/users/${oid}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const status: UserStatus | null =
      u.accountEnabled === false ? 'INACTIVE' : u.externalUserState === 'PendingAcceptance' ? 'INVITED' : u.accountEnabled === true ? 'ACTIVE' : null;
    const rawStatus =
      u.accountEnabled === false ? 'disabled' : u.externalUserState === 'PendingAcceptance' ? 'PendingAcceptance' : u.accountEnabled === true ? 'enabled' : undefined;
    const emails = [
      ...(u.mail ? [{ email: u.mail, type: 'primary', isPrimary: true }] : []),
      ...(u.otherMails ?? []).filter((m) => m && m.toLowerCase() !== u.mail?.toLowerCase()).map((m) => ({ email: m, type: 'other', isPrimary: false })),
    ];
    const phones = [
      ...(u.businessPhones ?? []).filter(Boolean).map((n) => ({ number: n, type: 'business' })),
      ...(u.mobilePhone ? [{ number: u.mobilePhone, type: 'mobile' }] : []),
    ];
    const licenses = u.licenseDetails
      ? u.licenseDetails.map((l) => defined({ id: l.skuId, name: l.skuPartNumber ?? undefined }))
      : u.assignedLicenses
        ? u.assignedLicenses.map((l) => ({ id: l.skuId }))
        : undefined;
    const roles = u.memberOf
      ?.filter((r) => r['@odata.type'] === undefined || r['@odata.type'] === '#microsoft.graph.directoryRole')
      .map((r) => defined({ id: r.roleTemplateId ?? r.id, name: r.displayName ?? undefined }));
    const sign = u.signInActivity ?? undefined;
    return compact({
      id: u.id,
      firstName: u.givenName ?? undefined,
      lastName: u.surname ?? undefined,
      name: u.displayName ?? ([u.givenName, u.surname].filter(Boolean).join(' ') || undefined),
      username: u.userPrincipalName ?? undefined,
      title: u.jobTitle ?? undefined,
      userType: u.userType ?? undefined,
      emails,
      phones,
      status,
      rawStatus,
      roles,
      licenses,
      languages: u.preferredLanguage ? [u.preferredLanguage] : undefined,
      createdAt: date(u.createdDateTime),
      lastLoginAt: date(sign?.lastSuccessfulSignInDateTime) ?? date(sign?.lastSignInDateTime),
    });
  },
});
