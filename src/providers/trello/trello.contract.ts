/** Trello under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { trello, type TrelloMember } from './index.js';

const member = fixture<TrelloMember>('trello', 'member.json');
const ID = member.id;
const ORG = '5ab5e6fbb07a9b0d3fa8d2b4';
const BASE = '/1';
const AUTH = 'key=contract-trello-key&token=contract-trello-token';
const admin: TrelloMember = { id: '5abbe4b7ddc1b351ef960001', username: 'workspaceadmin', email: 'admin@example.com' };

export const contract = defineContract({
  provider: trello,
  credentials: { method: 'api_key', apiKey: 'contract-trello-key', apiToken: 'contract-trello-token' },
  basePath: BASE,
  id: ID,
  params: { organizationId: ORG },
  happy: [
    { route: `GET ${BASE}/members/${ID}`, query: AUTH, reply: { body: member } },
    // "Remove a member from a Workspace and from all Workspace boards": 200 Success.
    { route: `DELETE ${BASE}/organizations/${ORG}/members/${ID}/all`, query: AUTH, reply: { status: 200, body: {} } },
  ],
  owner: {
    route: `GET ${BASE}/members/me`,
    query: `fields=id%2Cusername%2Cemail&${AUTH}`,
    someoneElse: { body: admin },
    theTarget: { body: { id: ID, username: member.username, email: member.email } },
  },
  // https://developer.atlassian.com/cloud/trello/guides/rest-api/rate-limits/: 429 with a JSON error and no Retry-After
  // (the provider then waits its 10-second window); Retry-After 0 here only keeps the contract instant.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { error: 'API_TOKEN_LIMIT_EXCEEDED', message: 'Rate limit exceeded' } },
  notFound: { status: 404, headers: { 'content-type': 'text/plain' }, text: 'The requested resource was not found.' },
  unauthorized: { status: 401, headers: { 'content-type': 'text/plain' }, text: 'invalid token' },
  container: { kind: 'organization', id: ORG },
});
