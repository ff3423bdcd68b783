/** Webex under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { webex, type WebexPerson } from './index.js';

const person = fixture<WebexPerson>('webex', 'person.json');
const ID = person.id;
const admin: WebexPerson = {
  ...person,
  id: 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hZG1pbi0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA',
  emails: ['admin@example.com'],
  displayName: 'Org Admin',
};

export const contract = defineContract({
  provider: webex,
  credentials: { method: 'access_token', accessToken: 'contract-webex-admin-token' },
  basePath: '/v1',
  id: ID,
  happy: [
    { route: `GET /v1/people/${ID}`, reply: { body: person } },
    { route: `DELETE /v1/people/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /v1/people/me', someoneElse: { body: admin }, theTarget: { body: person } },
  // https://developer.webex.com/docs/basics: 429 Too Many Requests with Retry-After (seconds).
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { message: 'Too Many Requests', trackingId: 'ROUTER_CONTRACT' } },
  notFound: { status: 404, body: fixture('webex', 'error-404.json') },
  unauthorized: {
    status: 401,
    body: { message: 'The request requires a valid access token set in the Authorization request header.', errors: [{ description: 'The request requires a valid access token set in the Authorization request header.' }], trackingId: 'ROUTER_CONTRACT' },
  },
});
