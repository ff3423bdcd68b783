/** Auth0 under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { auth0, type Auth0User } from './index.js';

const user = fixture<Auth0User>('auth0', 'user.json');
// The `|` of an Auth0 user id is percent-encoded in the path.
const USER_PATH = `/api/v2/users/${encodeURIComponent(user.user_id)}`;

export const contract = defineContract({
  provider: auth0,
  credentials: { method: 'api_token', apiToken: 'eyJhbGciOiJSUzI1NiJ9.contract-mgmt-token.sig' },
  context: { domain: 'acme.eu.auth0.com' },
  basePath: '/api/v2',
  id: user.user_id,
  happy: [
    { route: `GET ${USER_PATH}`, reply: { body: user } },
    // delete-users-by-id: 204, no body.
    { route: `DELETE ${USER_PATH}`, reply: { status: 204 } },
  ],
  // https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy:
  // 429 with x-ratelimit-limit / -remaining / -reset (UTC epoch seconds).
  rateLimited: { status: 429, headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }, body: fixture('auth0', 'error-429.json') },
  notFound: { status: 404, body: fixture('auth0', 'error-404.json') },
  unauthorized: { status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'Invalid token', attributes: { error: 'Invalid token' } } },
});
