/** Help Scout under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { helpScout, type HelpScoutUser } from './index.js';

const user = fixture<HelpScoutUser>('help-scout', 'user.json');
const ID = String(user.id);
const owner: HelpScoutUser = { ...user, id: 1, firstName: 'Ada', lastName: 'Admin', email: 'ada@acme.com', role: 'admin', alternateEmails: [] };

export const contract = defineContract({
  provider: helpScout,
  credentials: { method: 'client_credentials', clientId: 'hs-app-id-0123', clientSecret: 'hs-app-secret-0123', accessToken: 'hs-contract-access-token' },
  basePath: '/v2',
  id: ID,
  happy: [
    // endpoints/users/get/, then endpoints/users/delete/ (204).
    { route: `GET /v2/users/${ID}`, reply: { body: user } },
    { route: `DELETE /v2/users/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /v2/users/me', someoneElse: { body: owner }, theTarget: { body: user } },
  // overview/rate-limiting/: 429 with Retry-After.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, body: { logRef: 'a1b2c3', message: 'Resource not found' } },
  unauthorized: { status: 401, body: { error: 'invalid_token', error_description: 'Invalid access token' } },
});
