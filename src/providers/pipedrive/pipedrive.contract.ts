/** Pipedrive under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { pipedrive, type PipedriveUser } from './index.js';

const user = fixture<{ success: boolean; data: PipedriveUser }>('pipedrive', 'user.json');
const ID = String(user.data.id);
const deactivated = { success: true, data: { ...user.data, active_flag: false } };
const admin = { success: true, data: { ...user.data, id: 1, name: 'Company Admin', email: 'admin@acme.com', is_you: true } };

export const contract = defineContract({
  provider: pipedrive,
  credentials: { method: 'api_token', apiToken: 'pd-contract-api-token' },
  context: { subdomain: 'acme' },
  basePath: '/api/v1',
  id: ID,
  happy: [
    { route: `GET /api/v1/users/${ID}`, reply: { body: user } },
    { route: `PUT /api/v1/users/${ID}`, reply: { body: deactivated } },
  ],
  owner: { route: 'GET /api/v1/users/me', someoneElse: { body: admin }, theTarget: { body: user } },
  // https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting: 429 with x-ratelimit-reset (seconds).
  rateLimited: {
    status: 429,
    headers: { 'x-ratelimit-limit': '80', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' },
    body: { success: false, error: 'Request over limit', errorCode: 429 },
  },
  notFound: { status: 404, body: { success: false, error: 'User not found', error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.', data: null, additional_data: null } },
  unauthorized: { status: 401, body: { success: false, error: 'unauthorized access', errorCode: 401, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.' } },
});
