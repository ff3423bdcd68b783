/** Segment under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { segment } from './index.js';

const ID = 'sgJDWk3K21k6LE3tLU9nRK';

export const contract = defineContract({
  provider: segment,
  credentials: { method: 'api_token', apiToken: 'contract-segment-token' },
  context: { host: 'api.segmentapis.com' },
  id: ID,
  happy: [
    { route: `GET /users/${ID}`, reply: { body: fixture('segment', 'user.json') } },
    { route: 'GET /', reply: { body: fixture('segment', 'workspace.json') } },
    { route: 'DELETE /users', query: `userIds.0=${ID}`, reply: { body: { data: { status: 'SUCCESS' } } } },
  ],
  container: { kind: 'workspace', id: '9aQ1Lj62S4bomZKLF4DPqW' },
  rateLimited: { status: 429, headers: { 'retry-after': '0', 'ratelimit-reset': '0' }, body: { errors: [{ type: 'too-many-requests', message: 'Too many requests' }] } },
  notFound: { status: 404, body: fixture('segment', 'error-404.json') },
  unauthorized: { status: 401, body: { errors: [{ type: 'unauthorized', message: 'Unauthorized' }] } },
});
