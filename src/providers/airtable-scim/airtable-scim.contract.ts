/** Airtable SCIM under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import { airtableScim } from './index.js';

const user = fixture<ScimUser>('airtable-scim', 'user.json');
const ID = user.id;
const BASE = '/scim/v2';

export const contract = defineContract({
  provider: airtableScim,
  credentials: { method: 'personal_access_token', apiToken: 'patContract0000.0123456789abcdef' },
  basePath: BASE,
  id: ID,
  happy: [
    // https://airtable.com/developers/web/api/get-scim-user, then delete-scim-user ("an empty response on success").
    { route: `GET ${BASE}/Users/${ID}`, reply: { body: user } },
    { route: `DELETE ${BASE}/Users/${ID}`, reply: { status: 200, body: {} } },
  ],
  // https://airtable.com/developers/web/api/get-user-id-scopes, on the (overridden) base URL's origin.
  owner: { route: 'GET /v0/meta/whoami', someoneElse: { body: { id: 'usrL2PNC5o3H4lBEi' } }, theTarget: { body: { id: ID } } },
  // Airtable documents a bare 429 ("wait 30 seconds"); the 30 s default wait is tested in
  // airtable-scim.test.ts. Here a Retry-After of 0 lets the generic test retry at once.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, body: fixture('airtable-scim', 'error-404-get.json') },
  unauthorized: { status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } },
});
