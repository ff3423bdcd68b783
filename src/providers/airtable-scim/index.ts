/**
 * Airtable SCIM: the SCIM 2.0 base in delete mode. Airtable documents a real DELETE for SCIM
 * users (it is not a deactivation; deactivation is the separate `active: false` via PUT/PATCH).
 * Overview: https://airtable.com/developers/web/api/scim-overview ("Only managed users can be
 * retrieved and managed using the SCIM API"; Business, Enterprise and Enterprise Scale plans).
 *
 * Calls:
 *  - GET    https://airtable.com/scim/v2/Users/{userId} → 200 SCIM user; 404
 *    {"detail":"not a valid userId",...} (snapshot)
 *    https://airtable.com/developers/web/api/get-scim-user
 *  - DELETE https://airtable.com/scim/v2/Users/{userId} → "an empty response on success";
 *    404 {"detail":"user not found"}; 422 for the token's own admin ("Cannot perform deletion
 *    operation on own account") and for the sole owner of a workspace with several collaborators.
 *    https://airtable.com/developers/web/api/delete-scim-user — "Delete a single SCIM user", hence DELETED.
 *
 * Auth (both calls): personal access token or OAuth integration of an enterprise admin, scope
 * enterprise.scim.usersAndGroups:manage ("Admins of multiple enterprises should use a service
 * account's token"). OAuth tokens come from https://airtable.com/oauth2/v1/token; a confidential
 * integration authenticates there with HTTP Basic client_id:client_secret
 * (https://airtable.com/developers/web/api/oauth-reference).
 *  - GET    https://api.airtable.com/v0/meta/whoami → {"id":"usr…"} (+ "email" with the
 *    user.email:read scope): the user the token belongs to, for the self-deletion guard. "No scopes
 *    are required for this endpoint", "User role: Any user", personal access tokens and OAuth.
 *    https://airtable.com/developers/web/api/get-user-id-scopes
 *    The SCIM user id is the Airtable user id (`usr…`), so the two compare directly. Airtable also
 *    refuses on its side: 422 "Cannot perform deletion operation on own account" (→ FORBIDDEN).
 *
 * Rate limits: 429 on excess, "you will receive a 429 status code and will need to wait 30 seconds
 * before subsequent requests will succeed" (https://airtable.com/developers/web/api/rate-limits);
 * no header is documented, so the wait is 30 s unless a Retry-After says otherwise
 * (RATE_LIMITED with retryAfter 30 when that does not fit the retry budget).
 *
 * Deletion: "Delete a single SCIM user" — permanent; Airtable documents no restore of a deleted
 * SCIM user, and refuses (422) the sole owner of a workspace with other collaborators (→
 * FAILED_PRECONDITION).
 *
 * Ambiguity (docs/vendors/airtable-scim.md): the HTML reference pages give the host as
 * https://airtable.com/scim/v2 (also the catalog's), while Airtable's newer Markdown rendering of
 * the same pages says https://api.airtable.com/scim/v2. The host is therefore a closed choice per
 * account, defaulting to airtable.com.
 * ambiguous: whoami is documented on https://api.airtable.com only. Whatever SCIM host the account
 * uses, whoami goes there; an account whose base URL is overridden (a proxy) gets it on that base
 * URL's origin, /v0/meta/whoami.
 */
import { AppError } from '../../errors.js';
import { path } from '../core/path.js';
import { scimErrors, scimProvider } from '../core/scim.js';

export const AIRTABLE_SCIM_HOSTS = ['airtable.com', 'api.airtable.com'] as const;

export const airtableScim = scimProvider({
  name: 'Airtable SCIM',
  slug: 'airtable-scim',
  docs: 'https://airtable.com/developers/web/api/delete-scim-user',
  baseUrl: 'https://{host}/scim/v2',
  context: {
    host: {
      kind: 'enum',
      description: 'Host of the Airtable SCIM API: airtable.com (default, as in the SCIM reference pages) or api.airtable.com',
      values: AIRTABLE_SCIM_HOSTS,
      default: 'airtable.com',
    },
  },
  auth: {
    personal_access_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'Personal access token of an enterprise admin (or service account) with scope enterprise.scim.usersAndGroups:manage.',
    },
    oauth: {
      scheme: {
        kind: 'oauth2',
        grant: 'authorization_code',
        tokenUrl: 'https://airtable.com/oauth2/v1/token',
        scopes: ['enterprise.scim.usersAndGroups:manage'],
        clientAuth: 'basic',
      },
      description: 'OAuth integration authorized by an enterprise admin with scope enterprise.scim.usersAndGroups:manage.',
    },
  },
  params: {},
  mode: 'delete',
  outcome: 'DELETED',
  semantics: {
    permanent: true,
    description:
      'Airtable deletes the SCIM user ("Delete a single SCIM user"); no restore is documented. Deactivation is a separate setting (active: false) that this integration does not use. Airtable refuses the token\'s own admin and the sole owner of a workspace shared with other collaborators.',
    docs: 'https://airtable.com/developers/web/api/delete-scim-user',
  },
  tokenOwner: {
    docs: 'https://airtable.com/developers/web/api/get-user-id-scopes',
    async lookup({ http }) {
      // Both auth methods are tokens of an Airtable user (an enterprise admin or a service account).
      const base = http.base;
      const origin = (AIRTABLE_SCIM_HOSTS as readonly string[]).includes(base.hostname) ? 'https://api.airtable.com' : base.origin;
      const me = await http.get<{ id?: unknown; email?: unknown }>(path`/v0/meta/whoami`, { origin });
      if (typeof me?.id !== 'string' || me.id === '') {
        throw new AppError('REMOTE_ERROR', 'Airtable SCIM: whoami did not name the user the token belongs to', { integration: 'Airtable SCIM' });
      }
      return { ids: [me.id, ...(typeof me.email === 'string' && me.email !== '' ? [me.email] : [])] };
    },
  },
  errors: scimErrors({
    docs: 'https://airtable.com/developers/web/api/delete-scim-user',
    table: {
      'Cannot perform deletion operation on own account': 'FORBIDDEN',
      'Cannot delete the sole owner of a workspace containing multiple collaborators': 'PRECONDITION',
    },
  }),
  rateLimit: { defaultWaitMs: 30_000 },
  maps: ['id', 'externalId', 'firstName', 'lastName', 'title', 'name', 'username', 'emails', 'status', 'groups', 'languages', 'createdAt', 'updatedAt'],
});
