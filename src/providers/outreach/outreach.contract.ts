/** Outreach under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { outreach, type OutreachUser } from './index.js';

const user = fixture<{ data: OutreachUser }>('outreach', 'user.json');
const ID = String(user.data.id);
const locked = { data: { ...user.data, attributes: { ...user.data.attributes, locked: true } } };

export const contract = defineContract({
  provider: outreach,
  credentials: { method: 'oauth', accessToken: 'outreach-contract-access-token' },
  basePath: '/api/v2',
  id: ID,
  happy: [
    { route: `GET /api/v2/users/${ID}`, reply: { body: user } },
    { route: `PATCH /api/v2/users/${ID}`, reply: { body: locked } },
  ],
  // 429 Too Many Requests (leaky bucket); waiting 0 s.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ id: 'rateLimitExceeded', title: 'Rate Limit Exceeded', detail: 'You have exceeded your permitted rate limit.' }] } },
  notFound: { status: 404, body: { errors: [{ id: 'resourceNotFound', title: 'Resource Not Found', detail: "Could not find 'user' with ID '1'." }] } },
  unauthorized: { status: 401, body: { errors: [{ id: 'unauthorizedOauthToken', title: 'Unauthorized OAuth Token', detail: 'The OAuth token provided is invalid.' }] } },
});
