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
 * Rate limits: 429 on excess, "wait 30 seconds" (https://airtable.com/developers/web/api/rate-limits);
 * no rate-limit header is documented, so only Retry-After (if ever sent) is honoured.
 *
 * Ambiguity (docs/vendors/airtable-scim.md): the HTML reference pages give the host as
 * https://airtable.com/scim/v2 (also the catalog's), while Airtable's newer Markdown rendering of
 * the same pages says https://api.airtable.com/scim/v2. The host is therefore a closed choice per
 * account, defaulting to airtable.com.
 */
import { scimProvider } from '../core/scim.js';

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
  maps: ['id', 'externalId', 'firstName', 'lastName', 'title', 'name', 'username', 'emails', 'status', 'groups', 'languages', 'createdAt', 'updatedAt'],
});
