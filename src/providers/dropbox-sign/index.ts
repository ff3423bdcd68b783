/**
 * Dropbox Sign (HelloSign): remove the member from the team (API v3).
 *
 * Calls (Dropbox Sign's OpenAPI description, test/contracts/dropbox-sign.yaml, from
 * hellosign/hellosign-openapi openapi.yaml; server https://api.hellosign.com/v3):
 *  - GET /team → 200 { team: { name, accounts: [AccountResponse], invited_accounts, invited_emails } }
 *    (teamGet): the snapshot — the member is found among the team's accounts (or its outstanding
 *    invitations) by account id or email address
 *    https://developers.hellosign.com/api/reference/operation/teamGet/
 *  - POST /team/remove_member { "account_id": … } → 201 { team } (teamRemoveMember): "Removes the
 *    provided user Account from your Team. If the Account had an outstanding invitation to your
 *    Team, the invitation will be expired. If you choose to transfer documents … the response status
 *    code will be 201, which indicates that your request has been queued but not fully executed."
 *    https://developers.hellosign.com/api/reference/operation/teamRemoveMember/
 *  - GET /account → 200 { account } (accountGet, "Returns the properties and settings of your
 *    Account"): the account the API key or token belongs to, for the self-deletion guard
 *    https://developers.hellosign.com/api/reference/operation/accountGet/
 * Auth (securitySchemes): HTTP Basic with the API key as the user name and an empty password, or an
 * OAuth bearer token with the team_access scope (basic_account_info for GET /account).
 * Errors: 4XX `{ "error": { "error_msg", "error_name", "error_path"? } }` (not_found, unauthorized,
 * forbidden, exceeded_rate, ...). Rate limits: X-RateLimit-Limit, X-RateLimit-Remaining and
 * X-Ratelimit-Reset ("The Unix time at which the rate limit will reset"); 429 exceeded_rate.
 *
 * What deletion means: the account leaves the team (its seat is freed) and keeps existing as an
 * individual Dropbox Sign account; by default its documents, templates and API apps stay with it.
 * Transferring them (`new_owner_email_address`, Enterprise plans only) is not offered: the spec gives
 * Dropbox Sign no param for it, and a transfer is queued (201) rather than done.
 *
 * ambiguous: the reference lists only 201 for remove_member while its description says 201 means
 * "queued" when documents are transferred; 200 and 201 are both taken as success (no transfer is
 * asked, so the removal itself is not queued).
 * ambiguous: `role_code` values are not enumerated in the schema; the examples show "a" (admin) and
 * "m" (member); the code is kept as the role id, the name given only for those two.
 * ambiguous: an account has no name in API v3 (AccountResponse); `name` is not mapped.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';

export interface DropboxSignAccount {
  account_id: string;
  email_address?: string;
  is_locked?: boolean;
  is_paid_hs?: boolean;
  is_paid_hf?: boolean;
  role_code?: string | null;
  team_id?: string | null;
  locale?: string | null;
  [k: string]: unknown;
}

interface Team {
  name?: string;
  accounts?: DropboxSignAccount[];
  invited_accounts?: DropboxSignAccount[];
  invited_emails?: string[];
}

/** The member and the team it was found in (`invited`: an outstanding invitation, not a member yet). */
export interface DropboxSignMember {
  account: DropboxSignAccount;
  team: { name?: string };
  invited: boolean;
}

const ROLE: Record<string, string> = { a: 'Admin', m: 'Member' };
const DOCS = 'https://developers.hellosign.com/api/reference/operation/teamRemoveMember/';

function find(team: Team, match: (a: DropboxSignAccount) => boolean): DropboxSignMember[] {
  const t = { name: team.name };
  return [
    ...(team.accounts ?? []).filter(match).map((account) => ({ account, team: t, invited: false })),
    ...(team.invited_accounts ?? []).filter(match).map((account) => ({ account, team: t, invited: true })),
  ];
}

const teamId = (m: DropboxSignMember) => m.account.team_id ?? m.team.name;

export const dropboxSign = defineProvider<DropboxSignMember>({
  name: 'Dropbox Sign (HelloSign)',
  slug: 'dropbox-sign',
  docs: DOCS,
  baseUrl: 'https://api.hellosign.com/v3',
  context: {},
  auth: {
    api_key: {
      scheme: { kind: 'basic', username: '{apiKey}', password: '' },
      description: 'API key of a team admin (Settings > API) as the HTTP Basic user name, empty password.',
      docs: 'https://developers.hellosign.com/api/reference/authentication/',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://app.hellosign.com/oauth/token', scopes: ['team_access', 'basic_account_info'] },
      description: 'OAuth app authorized by a team admin (team_access, basic_account_info).',
      docs: 'https://developers.hellosign.com/docs/o-auth/overview/',
    },
  },
  params: {},
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'emails', 'status', 'roles', 'userType', 'groups', 'languages'],
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'epoch-seconds' },
  errors: {
    code: (body) => {
      const e = (body as { error?: { error_name?: unknown } } | undefined)?.error;
      return e && typeof e.error_name === 'string' ? e.error_name : undefined;
    },
    bodyLevel: false,
    table: {
      not_found: 'NOT_FOUND',
      unauthorized: 'REAUTH_REQUIRED',
      forbidden: 'FORBIDDEN',
      payment_required: 'FORBIDDEN',
      exceeded_rate: 'RATE_LIMITED',
      bad_request: 'BAD_USER_INPUT',
    },
    docs: 'https://developers.hellosign.com/api/reference/error-handling/',
  },
  semantics: {
    permanent: true,
    description:
      'The account is removed from the team and its seat freed (an outstanding invitation is expired instead); it remains an individual Dropbox Sign account that keeps its documents, templates and API apps. The removal is not undone by any API: the account must be invited again.',
    docs: DOCS,
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://developers.hellosign.com/api/reference/operation/accountGet/',
    async lookup({ http }) {
      const { account } = await http.get<{ account: DropboxSignAccount }>(path`/account`);
      return { ids: [account.account_id, account.email_address].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    const { team } = await http.get<{ team: Team }>(path`/team`);
    return find(team, (a) => a.email_address?.toLowerCase() === email.toLowerCase());
  },

  async getUser({ http, id }) {
    const { team } = await http.get<{ team: Team }>(path`/team`);
    const lower = id.toLowerCase();
    const found = find(team, (a) => a.account_id === id || a.email_address?.toLowerCase() === lower);
    if (found.length > 1) {
      throw new AppError('REMOTE_ERROR', 'Dropbox Sign lists this account twice in the team (as a member and as invited)', { integration: 'Dropbox Sign (HelloSign)' });
    }
    if (!found[0]) throw new AppError('NOT_FOUND', 'no member or invited account of the team has this account id or email address', { integration: 'Dropbox Sign (HelloSign)' });
    return found[0];
  },

  async deleteUser({ http, snapshot, id }) {
    const accountId = snapshot?.account.account_id ?? id;
    // 200 or 201 with the team as it is now (the member no longer listed).
    await http.request('POST', path`/team/remove_member`, { json: { account_id: accountId } });
    const group = snapshot ? teamId(snapshot) : undefined;
    return group ? { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'group', id: group } } : { outcome: 'REMOVED_FROM_CONTAINER' };
  },

  toUser({ account, team, invited }) {
    const group = account.team_id ?? team.name;
    const role = account.role_code ?? undefined;
    return compact({
      id: account.account_id,
      emails: account.email_address ? [{ email: account.email_address, isPrimary: true }] : undefined,
      status: invited ? 'INVITED' : account.is_locked ? 'INACTIVE' : 'ACTIVE',
      rawStatus: invited ? 'invited' : account.is_locked ? 'locked' : 'member',
      roles: role ? [{ id: role, name: ROLE[role] ?? null, group: group ?? null }] : undefined,
      userType: account.is_paid_hs === undefined ? undefined : account.is_paid_hs ? 'paid' : 'free',
      groups: group ? [{ id: group, name: team.name ?? null }] : undefined,
      languages: account.locale ? [account.locale] : undefined,
    });
  },
});
