/**
 * Help Scout (Inbox / Mailbox API 2.0): delete a user of the account.
 *
 * Calls (https://developer.helpscout.com/mailbox-api/):
 *  - GET /v2/users/{id} → User (snapshot)                         endpoints/users/get/
 *  - DELETE /v2/users/{id} → 204                                 endpoints/users/delete/
 *  - GET /v2/users/me → the resource owner (self-deletion guard)   endpoints/users/me/
 *  - GET /v2/users?email=…&page=N → {_embedded: {users}, page}     endpoints/users/list/ ("Optional
 *    filter param for looking up users by email using exact match")
 * Auth (https://developer.helpscout.com/mailbox-api/overview/authentication/): OAuth 2.0, token URL
 * https://api.helpscout.net/v2/oauth2/token, either the authorization-code flow (an admin authorizes
 * the app) or client credentials of an app created under an admin's profile (Your Profile > My Apps);
 * both act as that user, whom /v2/users/me names.
 * Rate limits (https://developer.helpscout.com/mailbox-api/overview/rate-limiting/): 429 with
 * Retry-After (seconds); writes have an extra burst limit.
 *
 * What deletion means (https://docs.helpscout.com/article/17-create-and-manage-user-accounts,
 * "Delete User Accounts"): the user's previous replies and notes stay, reporting and the workflows they
 * created are unaffected, conversations assigned to them become unassigned ("There's no way to
 * [re-assign them] after the User has been removed"), and the seat is no longer billed. No restore is
 * documented. The Account Owner must first hand ownership to an administrator
 * (https://docs.helpscout.com/article/488-transfer-account-ownership): an owner is refused here with
 * FAILED_PRECONDITION rather than sent to Help Scout.
 *
 * Ambiguities: the Delete User reference page (endpoints/users/delete/) could not be read here; its
 * existence, method, path and 204 answer come from its listing next to the other user endpoints in
 * two independent clients of the API and from Truto's unified API listing Help Scout for user
 * deletion. The status Help Scout answers for the Account Owner is not documented, hence the check on
 * the snapshot's `role`.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface HelpScoutUser {
  id: number;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  role?: 'owner' | 'admin' | 'user' | string | null;
  timezone?: string | null;
  photoUrl?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  type?: string | null;
  jobTitle?: string | null;
  phone?: string | null;
  alternateEmails?: string[] | null;
  [k: string]: unknown;
}

interface UsersPage {
  _embedded?: { users?: HelpScoutUser[] };
  page?: { size?: number; totalElements?: number; totalPages?: number; number?: number };
}

const TOKEN_URL = 'https://api.helpscout.net/v2/oauth2/token';
const MAX_PAGES = 20;
const HELP_SCOUT = 'Help Scout';

export const helpScout = defineProvider<HelpScoutUser>({
  name: 'Help Scout',
  slug: 'help-scout',
  docs: 'https://developer.helpscout.com/mailbox-api/endpoints/users/delete/',
  baseUrl: 'https://api.helpscout.net/v2',
  context: {},
  auth: {
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: TOKEN_URL },
      description: 'OAuth app authorized by an account owner/admin.',
      docs: 'https://developer.helpscout.com/mailbox-api/overview/authentication/',
    },
    client_credentials: {
      scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: TOKEN_URL },
      description: "Own-account app id/secret of an account owner/admin (Your Profile > My Apps); the token acts as that user.",
      docs: 'https://developer.helpscout.com/mailbox-api/overview/authentication/',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'firstName', 'lastName', 'name', 'title', 'emails', 'phones', 'roles', 'userType', 'avatar', 'timezone', 'createdAt', 'updatedAt'],
  semantics: {
    permanent: true,
    description:
      "The user is deleted and their seat no longer billed; Help Scout documents no restore. Their replies and notes stay, reporting and their workflows are unaffected, and conversations assigned to them become unassigned (reassign them first: it cannot be done afterwards). The Account Owner cannot be deleted before ownership is transferred.",
    docs: 'https://docs.helpscout.com/article/17-create-and-manage-user-accounts',
  },
  // GET /v2/users/me is the resource owner: `me` as an id names the caller.
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developer.helpscout.com/mailbox-api/endpoints/users/me/',
    async lookup({ http }) {
      const me = await http.get<HelpScoutUser>(path`/users/me`);
      return { ids: [String(me.id), ...(me.email ? [me.email] : []), ...(me.alternateEmails ?? [])] };
    },
  },

  async findUsers({ http, email }) {
    const want = email.toLowerCase();
    const out: HelpScoutUser[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await http.get<UsersPage>(path`/users`, { query: { email, page } });
      out.push(...(res._embedded?.users ?? []).filter((u) => (u.email ?? '').toLowerCase() === want || (u.alternateEmails ?? []).some((a) => a.toLowerCase() === want)));
      if (page >= (res.page?.totalPages ?? 1)) break;
    }
    return out;
  },

  async getUser({ http, id }) {
    if (!/^\d{1,20}$/.test(id)) throw badInput(`Help Scout user ids are numeric; "${id.slice(0, 40)}" is not`);
    const user = await http.get<HelpScoutUser>(path`/users/${id}`);
    if (user?.role === 'owner') {
      throw new AppError('FAILED_PRECONDITION', 'Help Scout user ' + id + ' is the Account Owner: transfer account ownership to an administrator first (Manage > Users), then delete', {
        integration: HELP_SCOUT,
      });
    }
    return user;
  },

  async deleteUser({ http, id, remoteQuery }) {
    await http.request('DELETE', path`/users/${id}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const emails = [
      ...(u.email ? [{ email: u.email, type: 'primary', isPrimary: true }] : []),
      ...(u.alternateEmails ?? []).map((email) => ({ email, type: 'alternate', isPrimary: false })),
    ];
    const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
    return compact({
      id: String(u.id),
      firstName: u.firstName ?? undefined,
      lastName: u.lastName ?? undefined,
      name: name || undefined,
      title: u.jobTitle ?? undefined,
      emails: emails.length ? emails : undefined,
      phones: u.phone ? [{ number: u.phone }] : undefined,
      roles: u.role ? [{ id: u.role, name: u.role }] : undefined,
      userType: u.type ?? undefined,
      avatar: u.photoUrl ?? undefined,
      timezone: u.timezone ?? undefined,
      createdAt: date(u.createdAt),
      updatedAt: date(u.updatedAt),
    });
  },
});
