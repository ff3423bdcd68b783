/** Heroku under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { heroku, type HerokuTeamMember } from './index.js';

const members = fixture<HerokuTeamMember[]>('heroku', 'team-members.json');
const member = members[0] as HerokuTeamMember;
const TEAM = 'example';

export const contract = defineContract({
  provider: heroku,
  credentials: { method: 'api_key', apiKey: '01234567-89ab-cdef-0123-456789abcdef-contract' },
  id: member.id,
  params: { groupId: TEAM },
  happy: [
    { route: `GET /teams/${TEAM}/members`, reply: { body: members } },
    { route: `DELETE /teams/${TEAM}/members/${member.id}`, reply: { body: member } },
  ],
  owner: { route: 'GET /account', someoneElse: { body: fixture('heroku', 'account.json') }, theTarget: { body: { id: member.id, email: member.email, name: 'Tina Edmonds' } } },
  // platform-api-reference#rate-limits: 429 with {"id":"rate_limit"}, no reset header.
  rateLimited: { status: 429, headers: { 'ratelimit-remaining': '0' }, body: fixture('heroku', 'error-429.json') },
  notFound: { status: 404, body: fixture('heroku', 'error-404.json') },
  unauthorized: { status: 401, body: fixture('heroku', 'error-401.json') },
  container: { kind: 'group', id: TEAM },
});
