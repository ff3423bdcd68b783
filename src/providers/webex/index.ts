/**
 * Webex: remove the person from the organization (People API). "Remove a person from the
 * system. Only an admin can remove a person": the user can no longer sign in, its services and
 * licenses are released and it leaves every space and team
 * (https://help.webex.com/en-us/article/0qse04). The spec gives Webex no params, so nothing
 * narrower (a workspace, a license) is offered.
 *
 * Calls (https://webexapis.com/v1):
 *  - GET /v1/people/{personId} → 200 person (snapshot)
 *    https://developer.webex.com/docs/api/v1/people/get-person-details
 *  - DELETE /v1/people/{personId} → 204, no body
 *    https://developer.webex.com/docs/api/v1/people/delete-a-person
 * Scopes: spark-admin:people_read and spark-admin:people_write, of a full administrator
 * (https://developer.webex.com/docs/api/v1/people). Auth: `Authorization: Bearer {token}`, an
 * integration's OAuth 2.0 access token (token URL https://webexapis.com/v1/access_token,
 * https://developer.webex.com/docs/integrations) or a service app / admin access token.
 *  - GET /v1/people/me → 200 person: who the token belongs to, for the self-deletion guard
 *    https://developer.webex.com/docs/api/v1/people/get-my-own-details
 * Rate limits: 429 with Retry-After in seconds, and "423 Locked: The requested resource is
 * temporarily unavailable. A Retry-After header may be present that specifies how many seconds
 * you need to wait before attempting the request again" (Response Codes,
 * https://developer.webex.com/docs/basics): both are waited out and retried.
 *
 * What deletion means: "When you delete a user, they can no longer sign in to your Webex site, all
 * their assigned Webex services are removed, and they are removed from any spaces or teams that
 * they were participating in. Any content that they created in spaces is not deleted"
 * (https://help.webex.com/en-us/article/0qse04). No restore of a deleted user is documented
 * (deactivation, https://help.webex.com/en-us/article/v5wksr, is the reversible alternative), so
 * the deletion is declared permanent.
 *
 * Ambiguities (also in docs/vendors/webex.md):
 *  - `status` in the person is presence (active, inactive, OutOfOffice, …), not the account's
 *    state. The account state comes from `invitePending` and `loginEnabled`, which Webex
 *    returns only to admins and documents as the strings "true"/"false" (enum) where clients
 *    treat them as booleans: both forms are read.
 *  - Organizations synchronized with Directory Connector cannot delete users in Control Hub
 *    (users are deleted in Active Directory); Webex's answer to the DELETE then comes back as
 *    the vendor error, never as success.
 *  - `me` names the caller in /people/me: `me` is a self-alias, refused before any call (and
 *    again in personPath, so no DELETE path can name it).
 *  - A service app acts as a machine account of the org (https://developer.webex.com/docs/service-apps);
 *    the docs do not say what /people/me answers for it. ambiguous: it is read like any token;
 *    if Webex refuses it, the deletion fails rather than going ahead unguarded.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

type Flag = boolean | 'true' | 'false';

export interface WebexPerson {
  id: string;
  emails?: string[];
  phoneNumbers?: Array<{ type?: string; value?: string; primary?: boolean }>;
  extension?: string;
  locationId?: string;
  displayName?: string;
  nickName?: string;
  firstName?: string;
  lastName?: string;
  avatar?: string;
  orgId?: string;
  roles?: string[];
  licenses?: string[];
  department?: string;
  manager?: string;
  managerId?: string;
  title?: string;
  created?: string;
  lastModified?: string;
  timezone?: string;
  lastActivity?: string;
  siteUrls?: string[];
  status?: string;
  invitePending?: Flag;
  loginEnabled?: Flag;
  type?: 'person' | 'bot' | 'appuser' | string;
  [k: string]: unknown;
}

function flag(v: Flag | undefined): boolean | undefined {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

function personPath(id: string) {
  if (id.trim().toLowerCase() === 'me') throw badInput('"me" is not a person id: it would name the administrator whose token is used');
  return path`/people/${id}`;
}

const PEOPLE_SCOPES = ['spark-admin:people_read', 'spark-admin:people_write'] as const;

export const webex = defineProvider<WebexPerson>({
  name: 'Webex',
  slug: 'webex',
  docs: 'https://developer.webex.com/docs/api/v1/people/delete-a-person',
  baseUrl: 'https://webexapis.com/v1',
  context: {},
  auth: {
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://webexapis.com/v1/access_token', scopes: PEOPLE_SCOPES },
      description: 'A Webex integration authorized by a full administrator with spark-admin:people_read and spark-admin:people_write.',
    },
    access_token: {
      scheme: { kind: 'bearer', tokenField: 'accessToken' },
      description: 'An access token of a full administrator or service app with spark-admin:people_read and spark-admin:people_write.',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: [
    'id', 'firstName', 'lastName', 'name', 'title', 'emails', 'phones', 'status', 'userType', 'roles', 'licenses',
    'organizations', 'avatar', 'timezone', 'createdAt', 'updatedAt', 'lastActiveAt',
  ],
  rateLimit: { statuses: [423] },
  semantics: {
    permanent: true,
    description:
      'The person is deleted from the organization: they can no longer sign in, their Webex services and licenses are released and they leave every space and team; content they created in spaces stays, under each space\'s retention policy. Webex documents no restore of a deleted user (deactivation is the reversible alternative).',
    docs: 'https://help.webex.com/en-us/article/0qse04',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developer.webex.com/docs/api/v1/people/get-my-own-details',
    async lookup({ http }) {
      const me = await http.get<WebexPerson>(path`/people/me`);
      return { ids: [me.id, ...(me.emails ?? [])].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  getUser({ http, id }) {
    return http.get<WebexPerson>(personPath(id));
  },

  async deleteUser({ http, id, remoteQuery }) {
    // 204 with no body.
    await http.request('DELETE', personPath(id), { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  // 204 with no body: the person is gone and "all their assigned Webex services are removed", so
  // no license is held any more.
  after(user) {
    return { ...user, status: 'DELETED', rawStatus: null, licenses: [] };
  },

  toUser(p) {
    const invitePending = flag(p.invitePending);
    const loginEnabled = flag(p.loginEnabled);
    const rawStatus = invitePending ? 'invitePending' : loginEnabled === false ? 'loginDisabled' : loginEnabled ? 'loginEnabled' : undefined;
    const status = rawStatus === 'invitePending' ? 'INVITED' : rawStatus === 'loginDisabled' ? 'INACTIVE' : rawStatus ? 'ACTIVE' : undefined;
    const emails = (p.emails ?? []).map((email, i) => ({ email, isPrimary: i === 0 }));
    const phones = (p.phoneNumbers ?? []).filter((n) => n.value).map((n) => ({ number: n.value as string, type: n.type ?? null }));
    const name = p.displayName || [p.firstName, p.lastName].filter(Boolean).join(' ') || undefined;
    return compact({
      id: p.id,
      firstName: p.firstName || undefined,
      lastName: p.lastName || undefined,
      name,
      title: p.title || undefined,
      emails: emails.length ? emails : undefined,
      phones: phones.length ? phones : undefined,
      status,
      rawStatus,
      userType: p.type || undefined,
      // Role and license ids (their names need /roles and /licenses, which deletion does not read).
      roles: p.roles?.length ? p.roles.map((id) => ({ id })) : undefined,
      licenses: p.licenses?.length ? p.licenses.map((id) => ({ id, organizationId: p.orgId ?? null })) : undefined,
      organizations: p.orgId ? [{ id: p.orgId }] : undefined,
      avatar: p.avatar || undefined,
      timezone: p.timezone || undefined,
      createdAt: date(p.created),
      updatedAt: date(p.lastModified),
      lastActiveAt: date(p.lastActivity),
    });
  },
});
