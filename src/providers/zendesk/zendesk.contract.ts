/** Zendesk under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { zendesk, type ZendeskUser } from './index.js';

const user = fixture<{ user: ZendeskUser }>('zendesk', 'user.json');
const deleted = fixture<{ user: ZendeskUser }>('zendesk', 'deleted-user.json');
const ID = String(user.user.id);
// The documented Delete User answer, for this user.
const deleteAnswer = { user: { ...deleted.user, id: user.user.id, name: user.user.name } };
const admin = { user: { ...user.user, id: 1000001, name: 'Account Admin', email: 'admin@acme.com', role: 'admin' } };

export const contract = defineContract({
  provider: zendesk,
  credentials: { method: 'api_token', email: 'admin@acme.com', apiToken: 'zd-contract-api-token' },
  context: { subdomain: 'acme' },
  id: ID,
  happy: [
    { route: `GET /api/v2/users/${ID}`, reply: { body: user } },
    { route: `DELETE /api/v2/users/${ID}`, reply: { status: 200, body: deleteAnswer } },
  ],
  owner: { route: 'GET /api/v2/users/me', someoneElse: { body: admin }, theTarget: { body: user } },
  // https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/best-practices-for-avoiding-rate-limiting/:
  // 429 with Retry-After, a plain-text body.
  rateLimited: { status: 429, headers: { 'retry-after': '0', 'content-type': 'text/plain' }, text: 'Rate limit for ticket updates exceeded, please wait before updating this ticket again' },
  notFound: { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } },
  unauthorized: { status: 401, body: { error: "Couldn't authenticate you" } },
});
