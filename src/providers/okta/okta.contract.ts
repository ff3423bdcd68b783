/** Okta under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { okta, type OktaUser } from './index.js';

const user = fixture<OktaUser>('okta', 'user.json');
const ID = user.id;
const admin = { ...user, id: '00uadmin0000000000x7', profile: { ...user.profile, login: 'admin@example.com', email: 'admin@example.com' } };

export const contract = defineContract({
  provider: okta,
  credentials: { method: 'api_token', apiToken: '00contract-okta-token' },
  context: { domain: 'acme.okta.com' },
  id: ID,
  happy: [
    { route: `GET /api/v1/users/${ID}`, reply: { body: user } },
    { route: `POST /api/v1/users/${ID}/lifecycle/deactivate`, reply: { status: 200, body: {} } },
    { route: `DELETE /api/v1/users/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /api/v1/users/me', someoneElse: { body: admin }, theTarget: { body: user } },
  // https://developer.okta.com/docs/reference/rl-best-practices/: 429 with X-Rate-Limit-Reset (epoch seconds).
  rateLimited: { status: 429, headers: { 'x-rate-limit-reset': '0', 'x-rate-limit-remaining': '0' }, body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' } },
  notFound: { status: 404, body: fixture('okta', 'error-404.json') },
  notInDocumentedExample: {
    timezone: 'okta.yaml user-example (getUser) has no profile.timezone; the User profile schema has it (nullable)',
  },
  unauthorized: { status: 401, body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorId: 'oaeXXX', errorCauses: [] } },
});
