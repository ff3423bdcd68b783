/** JFrog under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { jfrog, type JFrogUser } from './index.js';

const user = fixture<JFrogUser>('jfrog', 'user.json');

export const contract = defineContract({
  provider: jfrog,
  credentials: { method: 'access_token', accessToken: 'contract-jfrog-admin-token' },
  context: { subdomain: 'acme' },
  id: user.username,
  happy: [
    { route: `GET /access/api/v2/users/${user.username}`, reply: { body: user } },
    { route: `DELETE /access/api/v2/users/${user.username}`, reply: { status: 204 } },
  ],
  owner: {
    route: 'GET /access/api/v1/tokens/me',
    someoneElse: { body: fixture('jfrog', 'token-me.json') },
    theTarget: { body: { token_id: 't', subject: `jfac@01ch05tj4n3ss80s6n3v2307b9/users/${user.username}`, issued_at: 1, issuer: 'jfac@01ch05tj4n3ss80s6n3v2307b9', refreshable: false } },
  },
  // No rate-limit headers are documented: a bare 429 (Retry-After 0 as any proxy in front may send).
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ code: 'TOO_MANY_REQUESTS', message: 'Too Many Requests' }] } },
  notFound: { status: 404, body: fixture('jfrog', 'error-404.json') },
  unauthorized: { status: 401, body: fixture('jfrog', 'error-401.json') },
});
