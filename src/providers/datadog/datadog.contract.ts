/** Datadog under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { datadog, type DatadogUser } from './index.js';

const user = fixture<DatadogUser>('datadog', 'user.json');
const ID = user.data.id;

export const contract = defineContract({
  provider: datadog,
  credentials: { method: 'api_key', apiKey: 'contract-dd-api-key-0000', applicationKey: 'contract-dd-app-key-0000' },
  context: { site: 'datadoghq.eu' },
  id: ID,
  happy: [
    { route: `GET /api/v2/users/${ID}`, reply: { body: user } },
    { route: `DELETE /api/v2/users/${ID}`, reply: { status: 204 } },
  ],
  owner: {
    route: 'GET /api/v2/current_user/application_keys',
    query: 'page%5Bsize%5D=1',
    someoneElse: { body: fixture('datadog', 'application-keys.json') },
    theTarget: { body: { data: [{ type: 'application_keys', id: 'k1', relationships: { owned_by: { data: { type: 'users', id: ID } } } }] } },
  },
  // api/latest/rate-limits: 429 with X-RateLimit-* (reset: seconds until the period resets).
  rateLimited: {
    status: 429,
    headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-period': '3600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0', 'x-ratelimit-name': 'users' },
    body: fixture('datadog', 'error-429.json'),
  },
  notFound: { status: 404, body: fixture('datadog', 'error-404.json') },
  unauthorized: { status: 401, body: fixture('datadog', 'error-401.json') },
});
