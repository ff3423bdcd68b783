/** ClickUp under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { clickup, type ClickUpMember } from './index.js';

const member = fixture<{ member: ClickUpMember }>('clickup', 'member.json');
const ID = String(member.member.user.id);
const TEAM = '9011234567';
const BASE = '/api/v2';
const owner = { user: { id: 81940001, username: 'Workspace Owner', email: 'owner@example.com', color: '#0388d1', profilePicture: null } };

export const contract = defineContract({
  provider: clickup,
  credentials: { method: 'api_token', apiToken: 'pk_81940001_CONTRACTTOKEN' },
  basePath: BASE,
  id: ID,
  params: { organizationId: TEAM },
  happy: [
    { route: `GET ${BASE}/team/${TEAM}/user/${ID}`, reply: { body: member } },
    { route: `DELETE ${BASE}/team/${TEAM}/user/${ID}`, reply: { status: 200, body: {} } },
  ],
  owner: {
    route: `GET ${BASE}/user`,
    someoneElse: { body: owner },
    theTarget: { body: { user: { id: member.member.user.id, username: 'John Doe', email: 'john.doe@example.com' } } },
  },
  // https://developer.clickup.com/docs/rate-limits: 429 with X-RateLimit-Reset (epoch seconds).
  rateLimited: { status: 429, headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }, body: { err: 'Rate limit reached' } },
  // ambiguous: ClickUp documents no not-found example; the documented error envelope {err, ECODE}.
  notFound: { status: 404, body: { err: 'Team member not found' } },
  // https://developer.clickup.com/docs/common_errors: "Token not found" OAUTH_019/021/025/077.
  unauthorized: { status: 401, body: { err: 'Token invalid', ECODE: 'OAUTH_025' } },
  container: { kind: 'organization', id: TEAM },
});
