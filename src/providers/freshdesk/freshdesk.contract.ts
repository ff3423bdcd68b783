/** Freshdesk under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { freshdesk, type FreshdeskAgent } from './index.js';

const agent = fixture<FreshdeskAgent>('freshdesk', 'agent.json');
const ID = String(agent.id);
const admin = { ...agent, id: 1, contact: { ...agent.contact, name: 'Helpdesk Admin', email: 'admin@acme.com' } };

export const contract = defineContract({
  provider: freshdesk,
  credentials: { method: 'api_key', apiKey: 'fd-contract-api-key' },
  context: { subdomain: 'acme' },
  basePath: '/api/v2',
  id: ID,
  happy: [
    { route: `GET /api/v2/agents/${ID}`, reply: { body: agent } },
    { route: `DELETE /api/v2/agents/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /api/v2/agents/me', someoneElse: { body: admin }, theTarget: { body: agent } },
  // https://developers.freshdesk.com/api/#ratelimit: 429 with Retry-After (seconds).
  rateLimited: { status: 429, headers: { 'retry-after': '0', 'x-ratelimit-total': '200', 'x-ratelimit-remaining': '0' }, body: { code: 'rate_limit_exceeded', message: 'You have exceeded the limit of requests per hour' } },
  notFound: { status: 404, text: '' },
  unauthorized: { status: 401, body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } },
});
