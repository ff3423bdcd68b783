/** Confluent under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { confluent } from './index.js';

const ID = 'u-02ab3c';

export const contract = defineContract({
  provider: confluent,
  credentials: { method: 'cloud_api_key', apiKey: 'CONTRACTKEY0001', apiSecret: 'contract-confluent-secret' },
  id: ID,
  happy: [
    { route: `GET /iam/v2/users/${ID}`, reply: { body: fixture('confluent', 'user.json') } },
    { route: `DELETE /iam/v2/users/${ID}`, reply: { status: 204 } },
  ],
  // The delete operation documents 429 with X-RateLimit-Reset in relative seconds.
  rateLimited: { status: 429, headers: { 'x-ratelimit-limit': '25', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }, body: { errors: [{ status: '429', detail: 'Rate Limit Exceeded' }] } },
  notFound: { status: 404, body: fixture('confluent', 'error-404.json') },
  unauthorized: { status: 401, headers: { 'www-authenticate': 'Basic error="invalid_key", error_description="The API Key is invalid"' }, body: { errors: [{ status: '401', detail: 'The API Key is invalid' }] } },
});
