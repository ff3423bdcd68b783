/** Airtable (Enterprise API) under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { airtable, type AirtableEnterpriseUser } from './index.js';

const user = fixture<AirtableEnterpriseUser>('airtable', 'user.json');
const ENT = 'entUBq2RGdihxl3vU';
const BASE = '/v0';
const USER = `${BASE}/meta/enterpriseAccounts/${ENT}/users/${user.id}`;

export const contract = defineContract({
  provider: airtable,
  credentials: { method: 'personal_access_token', apiToken: 'patContract.0123456789abcdef' },
  context: { enterpriseAccountId: ENT },
  basePath: BASE,
  id: user.id,
  happy: [
    { route: `GET ${USER}`, reply: { body: user } },
    // "This endpoint returns an empty response on success."
    { route: `DELETE ${USER}`, reply: { status: 200, text: '' } },
  ],
  owner: { route: `GET ${BASE}/meta/whoami`, someoneElse: { body: fixture('airtable', 'whoami.json') }, theTarget: { body: { id: user.id, email: user.email } } },
  // "You will receive a 429 status code and a message "Rate limit exceeded. Please try again later"".
  // No header is documented; Retry-After 0 stands in for the 30 s wait so the test does not sleep.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { error: { type: 'TOO_MANY_REQUESTS', message: 'Rate limit exceeded. Please try again later' } } },
  notFound: { status: 404, body: fixture('airtable', 'error-404.json') },
  unauthorized: { status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } },
});
