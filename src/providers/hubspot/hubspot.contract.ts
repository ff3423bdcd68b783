/** HubSpot under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { hubspot, type HubSpotUser } from './index.js';

const user = fixture<HubSpotUser>('hubspot', 'user.json');
const ID = user.id;

export const contract = defineContract({
  provider: hubspot,
  credentials: { method: 'private_app', accessToken: 'pat-na1-contract-token' },
  id: ID,
  happy: [
    { route: `GET /settings/v3/users/${ID}`, reply: { body: user } },
    { route: `DELETE /settings/v3/users/${ID}`, reply: { status: 204 } },
  ],
  // https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details: 429, errorType RATE_LIMIT, no wait hint.
  rateLimited: {
    status: 429,
    headers: { 'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000' },
    body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad48', policyName: 'TEN_SECONDLY_ROLLING' },
  },
  notFound: { status: 404, body: { status: 'error', message: 'resource not found', correlationId: 'a43683b0-5717-4ceb-80b4-104d02915d8c', category: 'OBJECT_NOT_FOUND' } },
  unauthorized: {
    status: 401,
    body: { status: 'error', message: 'Authentication credentials not found.', correlationId: '4a8f2e1c-4f1d-4e0b-9d62-0d5a8f6b2c11', category: 'INVALID_AUTHENTICATION' },
  },
});
