/** Slack Enterprise under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { slackEnterprise, type SlackUser } from './index.js';

const info = fixture<{ ok: true; user: SlackUser }>('slack-enterprise', 'users-info.json');
const ID = info.user.id;
const TEAM = 'T012AB3C4';
// auth.test's documented "Standard success response when used with a user token" (https://docs.slack.dev/reference/methods/auth.test/).
const authTest = { ok: true, url: 'https://subarachnoid.slack.com/', team: 'Subarachnoid Workspace', user: 'grace', team_id: 'T12345678', user_id: 'W12345678' };

export const contract = defineContract({
  provider: slackEnterprise,
  credentials: { method: 'user_token', token: 'xoxp-contract-0000000000-0000000000-000000000000' },
  id: ID,
  params: { workspaceId: TEAM },
  happy: [
    { route: 'GET /users.info', query: `user=${ID}`, reply: { body: info } },
    { route: 'POST /admin.users.remove', reply: { body: { ok: true } } },
  ],
  owner: { route: 'GET /auth.test', someoneElse: { body: authTest }, theTarget: { body: { ...authTest, user: 'spengler', user_id: ID } } },
  // https://docs.slack.dev/apis/web-api/rate-limits: 429 with Retry-After; the error string is `ratelimited`.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } },
  // Slack's failures are 200 bodies: users.info's documented user_not_found and invalid_auth.
  notFound: { status: 200, body: { ok: false, error: 'user_not_found' } },
  unauthorized: { status: 200, body: { ok: false, error: 'invalid_auth' } },
  container: { kind: 'workspace', id: TEAM },
});
