/** Elastic Cloud under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { elasticCloud } from './index.js';

const ORG = '1234567890';
const ID = '1718293645';

export const contract = defineContract({
  provider: elasticCloud,
  credentials: { method: 'api_key', apiKey: 'contract-elastic-cloud-key' },
  basePath: '/api/v1',
  id: ID,
  params: { organizationId: ORG },
  happy: [
    { route: `GET /api/v1/organizations/${ORG}/members`, reply: { body: fixture('elastic-cloud', 'members.json') } },
    { route: `DELETE /api/v1/organizations/${ORG}/members/${ID}`, reply: { status: 200, body: {} } },
  ],
  container: { kind: 'organization', id: ORG },
  // Elastic Cloud documents no rate-limit answer; a 429 with Retry-After is the generic one.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ code: 'root.too_many_requests', message: 'Too many requests' }] } },
  notFound: { status: 404, headers: { 'x-cloud-error-codes': 'organization.not_found' }, body: fixture('elastic-cloud', 'error-404.json') },
  unauthorized: { status: 401, body: { errors: [{ code: 'root.unauthenticated', message: 'The supplied authentication is invalid' }] } },
});
