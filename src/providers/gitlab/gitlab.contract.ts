/** GitLab under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { gitlab, type GitLabMember } from './index.js';

const member = fixture<GitLabMember>('gitlab', 'member.json');
const ID = String(member.id);
const GROUP = '4';
// GET /user for the token: another user (the group owner), and the member being removed.
const owner = { id: 2, username: 'john_doe', name: 'John Doe', state: 'active', email: 'owner@example.com' };

export const contract = defineContract({
  provider: gitlab,
  credentials: { method: 'personal_access_token', apiToken: 'glpat-contractToken000000000' },
  basePath: '/api/v4',
  id: ID,
  params: { organizationId: GROUP },
  happy: [
    { route: `GET /api/v4/groups/${GROUP}/members/${ID}`, reply: { body: member } },
    { route: `DELETE /api/v4/groups/${GROUP}/members/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /api/v4/user', someoneElse: { body: owner }, theTarget: { body: { id: member.id, username: member.username, email: member.email } } },
  // user_and_ip_rate_limits#response-headers: 429, Retry-After, RateLimit-Reset, body "Retry later".
  rateLimited: {
    status: 429,
    headers: { 'retry-after': '0', 'ratelimit-limit': '60', 'ratelimit-remaining': '0', 'ratelimit-reset': '0', 'content-type': 'text/plain' },
    text: 'Retry later',
  },
  notFound: { status: 404, body: fixture('gitlab', 'error-404.json') },
  unauthorized: { status: 401, body: fixture('gitlab', 'error-401.json') },
  container: { kind: 'organization', id: GROUP },
});
