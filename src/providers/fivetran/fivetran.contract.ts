/** Fivetran under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { fivetran } from './index.js';

const ID = 'nominee_warrior';
const info = fixture<{ data: Record<string, unknown> }>('fivetran', 'account-info.json');

export const contract = defineContract({
  provider: fivetran,
  credentials: { method: 'api_key', apiKey: 'contractFivetranKey', apiSecret: 'contractFivetranSecret' },
  basePath: '/v1',
  id: ID,
  happy: [
    { route: `GET /v1/users/${ID}`, reply: { body: fixture('fivetran', 'user.json') } },
    { route: `DELETE /v1/users/${ID}`, reply: { status: 200, body: { code: 'Success', message: `User with id '${ID}' has been deleted` } } },
  ],
  owner: {
    route: 'GET /v1/account/info',
    someoneElse: { body: info },
    theTarget: { body: { ...info, data: { ...info.data, user_id: ID } } },
  },
  // https://fivetran.com/docs/rest-api/getting-started/rate-limiting: 429, Retry-After in seconds.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { code: 'TooManyRequests', message: 'Too many requests' } },
  notFound: { status: 404, body: fixture('fivetran', 'error-404.json') },
  unauthorized: { status: 401, body: { code: 'AuthFailed', message: 'Missing or invalid authorization credentials' } },
});
