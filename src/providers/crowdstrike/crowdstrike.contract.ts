/** CrowdStrike under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { crowdstrike } from './index.js';

const ID = '4d6f6b3e-2a1c-4f0e-9b8d-7c6e5f4a3b2c';

export const contract = defineContract({
  provider: crowdstrike,
  credentials: { method: 'client_credentials', clientId: 'contract-falcon-client', clientSecret: 'contract-falcon-secret', accessToken: 'contract-falcon-access-token' },
  context: { host: 'api.crowdstrike.com' },
  id: ID,
  happy: [
    { route: 'GET /users/entities/users/v1', query: `ids=${ID}`, reply: { body: fixture('crowdstrike', 'user.json') } },
    { route: 'DELETE /user-management/entities/users/v1', query: `user_uuid=${ID}`, reply: { body: { meta: { query_time: 0.01, powered_by: 'user-management' }, errors: [], resources: [] } } },
  ],
  rateLimited: { status: 429, headers: { 'x-ratelimit-limit': '6000', 'x-ratelimit-remaining': '0', 'x-ratelimit-retryafter': '0' }, body: { meta: {}, errors: [{ code: 429, message: 'API rate limit exceeded.' }], resources: [] } },
  notFound: { status: 404, body: fixture('crowdstrike', 'error-404.json') },
  unauthorized: { status: 401, body: { meta: {}, errors: [{ code: 401, message: 'access denied, invalid bearer token' }] } },
});
