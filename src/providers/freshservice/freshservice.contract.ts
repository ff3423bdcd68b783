/** Freshservice under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { freshservice, type FreshserviceAgent } from './index.js';

const agent = fixture<{ agent: FreshserviceAgent }>('freshservice', 'agent.json');
const ID = String(agent.agent.id);
const admin = { agent: { ...agent.agent, id: 10000000001, first_name: 'Service', last_name: 'Admin', email: 'admin@acme.com' } };

export const contract = defineContract({
  provider: freshservice,
  credentials: { method: 'api_key', apiKey: 'fs-contract-api-key' },
  context: { subdomain: 'acme' },
  basePath: '/api/v2',
  id: ID,
  happy: [
    { route: `GET /api/v2/agents/${ID}`, reply: { body: agent } },
    { route: `DELETE /api/v2/agents/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /api/v2/agents/me', someoneElse: { body: admin }, theTarget: { body: agent } },
  // https://api.freshservice.com/#rate_limit: 429 with Retry-After (seconds).
  rateLimited: { status: 429, headers: { 'retry-after': '0', 'x-ratelimit-total': '100', 'x-ratelimit-remaining': '0' }, body: { code: 'rate_limit_exceeded', message: 'You have exceeded the limit of requests per minute' } },
  // The 404 body is not documented: an empty one.
  notFound: { status: 404, text: '' },
  unauthorized: { status: 401, body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } },
});
