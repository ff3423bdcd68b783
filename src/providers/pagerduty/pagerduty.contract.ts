/** PagerDuty under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { pagerduty, type PagerDutyUser } from './index.js';

const user = fixture<{ user: PagerDutyUser }>('pagerduty', 'user.json');
const someoneElse = fixture<{ users: PagerDutyUser[] }>('pagerduty', 'users-page.json').users[1]!;
const ID = user.user.id;

export const contract = defineContract({
  provider: pagerduty,
  credentials: { method: 'user_api_token', apiToken: 'contract-pd-user-key' },
  context: { host: 'api.pagerduty.com' },
  id: ID,
  happy: [
    { route: `GET /users/${ID}`, reply: { body: user } },
    { route: `DELETE /users/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /users/me', someoneElse: { body: { user: someoneElse } }, theTarget: { body: user } },
  // https://support.pagerduty.com/docs/rest-api-rate-limits: 429, ratelimit-reset in seconds.
  rateLimited: { status: 429, headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '0' }, body: { error: { message: 'Rate Limit Exceeded', code: 2020 } } },
  notFound: { status: 404, body: fixture('pagerduty', 'error-404.json') },
  unauthorized: { status: 401, body: { error: { message: 'Unauthorized', code: 2006 } } },
  notInDocumentedExample: {},
});
