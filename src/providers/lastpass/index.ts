/**
 * LastPass Business: the Enterprise (provisioning) API's `deluser` command. One endpoint,
 * POST https://lastpass.com/enterpriseapi.php, with the command in the JSON body and the company's
 * credentials (`cid`, `provhash`) in the same body (the core's `body` auth kind merges them).
 *
 * Calls:
 *  - { cmd: "getuserdata", data: { username } } → { Users: { "<uid>": {...} }, Groups, Invited: [...] }:
 *    the snapshot (and the lookup by email: LastPass users are named by their email address)
 *    https://support.lastpass.com/help/get-user-data-via-lastpass-api
 *  - { cmd: "deluser", data: { username, deleteaction } } → { "status": "OK" }
 *    https://support.lastpass.com/help/delete-users-via-lastpass-api
 *    "0 – Deactivate user. Block login but retain data and LastPass Business membership.
 *     1 – Remove user. Remove the user from your LastPass Business account but keep the account itself active.
 *     2 – Delete user. Delete the account entirely.
 *     3 – Uninvite user. Delete a user's invitation to join LastPass."
 * Auth: account number (cid) and provisioning hash (Admin Console > Advanced > Enterprise API)
 * https://support.lastpass.com/help/where-can-i-find-the-cid-and-api-secret. The hash belongs to the
 * company, not to a user, and the API has no "who am I" command: no token owner.
 * Errors: HTTP 200 with `{ "status": "FAIL", "error"|"errors": ["..."] }` (body-level).
 *
 * What deletion means: by default deleteaction 0 — the user is deactivated: they can no longer log
 * in, and their vault data and Business membership are kept (the company keeps access to what was
 * shared; an admin can reactivate). `remote_query` `deleteaction` 1 (remove from the company, the
 * person keeps a personal account) or 2 (delete the account entirely, permanent) asks for more, and
 * the report says so. A pending invitation (the address is only in `Invited`) is uninvited (3).
 *
 * ambiguous: the text of an authentication failure is not documented; a FAIL whose message speaks of
 * authorization, cid or provhash is read as REAUTH_REQUIRED, every other FAIL as a vendor error.
 * ambiguous: `getuserdata` timestamps ("2014-03-12 10:02:56") carry no zone; they are not mapped.
 * ambiguous: the EU data centre (lastpass.eu) is offered as a host; its API is assumed identical.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, splitName } from '../core/map.js';
import { literal } from '../core/path.js';
import type { VendorHttp } from '../core/http.js';

export interface LastPassUserData {
  username: string;
  fullname?: string;
  disabled?: boolean;
  neverloggedin?: boolean;
  admin?: boolean;
  groups?: string[];
  multifactor?: string | null;
  [k: string]: unknown;
}

/** A user of the company (with LastPass's uid), or an address only invited. */
export type LastPassRaw = { uid: string; user: LastPassUserData; invited: false } | { uid?: undefined; user: { username: string }; invited: true };

interface UserDataAnswer {
  Users?: Record<string, LastPassUserData> | unknown[];
  Invited?: string[];
}

const ENDPOINT = literal('/enterpriseapi.php');
const INTEGRATION = 'LastPass';

async function userData(http: VendorHttp, username: string): Promise<LastPassRaw[]> {
  const res = await http.post<UserDataAnswer>(ENDPOINT, { json: { cmd: 'getuserdata', data: { username } } });
  const lower = username.toLowerCase();
  const users = res.Users && !Array.isArray(res.Users) ? Object.entries(res.Users) : [];
  const found: LastPassRaw[] = users.filter(([, u]) => u?.username?.toLowerCase() === lower).map(([uid, user]) => ({ uid, user, invited: false }));
  for (const address of res.Invited ?? []) if (address.toLowerCase() === lower) found.push({ user: { username: address }, invited: true });
  return found;
}

function deleteAction(remoteQuery: Readonly<Record<string, unknown>> | undefined): 0 | 1 | 2 {
  const a = remoteQuery?.deleteaction;
  if (a === undefined || a === 0 || a === '0') return 0;
  if (a === 1 || a === '1') return 1;
  if (a === 2 || a === '2') return 2;
  throw badInput('remote_query.deleteaction must be 0 (deactivate, the default), 1 (remove from the company) or 2 (delete the account)');
}

const DOCS = 'https://support.lastpass.com/help/delete-users-via-lastpass-api';

export const lastpass = defineProvider<LastPassRaw>({
  name: 'LastPass',
  slug: 'lastpass',
  docs: DOCS,
  baseUrl: 'https://{host}',
  context: {
    host: { kind: 'enum', description: 'lastpass.com (default) or lastpass.eu (EU data centre)', values: ['lastpass.com', 'lastpass.eu'], default: 'lastpass.com' },
  },
  auth: {
    provisioning_hash: {
      scheme: { kind: 'body', fields: { cid: '{companyId}', provhash: '{provisioningHash}' } },
      description: 'Account number (cid) and provisioning hash (Admin Console > Advanced > Enterprise API), sent in the JSON body of every call.',
      docs: 'https://support.lastpass.com/help/where-can-i-find-the-cid-and-api-secret',
    },
  },
  params: {},
  outcome: 'DEACTIVATED',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'emails', 'status', 'is2faEnabled', 'roles', 'groups'],
  errors: {
    code: (body) => {
      const b = body as { status?: unknown; error?: unknown; errors?: unknown } | undefined;
      if (!b || typeof b !== 'object' || typeof b.status !== 'string' || /^(ok|success)$/i.test(b.status)) return undefined;
      const list = [b.error, b.errors].flatMap((e) => (Array.isArray(e) ? e : typeof e === 'string' ? [e] : [])).map(String);
      const message = list[0] ?? b.status;
      return /authori|provhash|\bcid\b/i.test(message) ? 'authorization_error' : message;
    },
    bodyLevel: true,
    table: { authorization_error: 'REAUTH_REQUIRED' },
    docs: 'https://support.lastpass.com/help/lastpass-provisioning-api',
  },
  semantics: {
    permanent: false,
    description:
      'The user is deactivated (deleteaction 0): they can no longer log in; their vault data and LastPass Business membership are kept and an admin can reactivate them. remote_query deleteaction 1 removes them from the company (they keep a personal account), 2 deletes the account entirely (permanent). A pending invitation is withdrawn.',
    docs: DOCS,
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      'The Enterprise API authenticates with the company account number and provisioning hash, a company-level secret that acts as no user; the API documents no "who am I" command.',
  },

  findUsers({ http, email }) {
    return userData(http, email);
  },

  async getUser({ http, id }) {
    const found = await userData(http, id);
    if (found.length === 0) throw new AppError('NOT_FOUND', 'LastPass knows no user or invitation with this username', { integration: INTEGRATION });
    // A registered user first: an address both registered and invited is the user.
    return found.find((r) => !r.invited) ?? found[0];
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    const username = snapshot?.user.username ?? id;
    if (snapshot?.invited) {
      await http.post(ENDPOINT, { json: { cmd: 'deluser', data: { username, deleteaction: 3 } } });
      return { outcome: 'DELETED', permanent: true };
    }
    const action = deleteAction(remoteQuery);
    if (action === 0 && snapshot && !snapshot.invited && snapshot.user.disabled === true) return { outcome: 'ALREADY_DEACTIVATED' };
    await http.post(ENDPOINT, { json: { cmd: 'deluser', data: { username, deleteaction: action } } });
    if (action === 2) return { outcome: 'DELETED', permanent: true };
    if (action === 1) return { outcome: 'REMOVED_FROM_CONTAINER', permanent: true };
    return { outcome: 'DEACTIVATED' };
  },

  after(user, result) {
    if (result.outcome === 'REMOVED_FROM_CONTAINER') return { ...user, groups: [], roles: [], organizations: [] };
    if (result.outcome === 'DELETED') return { ...user, status: 'DELETED', rawStatus: null };
    return { ...user, status: 'INACTIVE', rawStatus: 'disabled' };
  },

  toUser(raw) {
    if (raw.invited) {
      return compact({ id: raw.user.username, username: raw.user.username, emails: [{ email: raw.user.username, isPrimary: true }], status: 'INVITED', rawStatus: 'invited' });
    }
    const u = raw.user;
    const rawStatus = u.disabled ? 'disabled' : u.neverloggedin ? 'neverloggedin' : 'active';
    return compact({
      // LastPass names users by their email address in every command; the uid is kept in identifiers.
      id: u.username,
      identifiers: { uid: raw.uid },
      ...splitName(u.fullname),
      name: u.fullname || undefined,
      username: u.username,
      emails: [{ email: u.username, isPrimary: true }],
      status: u.disabled ? 'INACTIVE' : u.neverloggedin ? 'INVITED' : 'ACTIVE',
      rawStatus,
      is2faEnabled: u.multifactor === undefined ? undefined : Boolean(u.multifactor),
      roles: u.admin ? [{ name: 'admin' }] : [{ name: 'user' }],
      groups: u.groups?.length ? u.groups.map((g) => ({ id: g, name: g })) : undefined,
    });
  },
});
