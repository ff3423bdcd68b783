/** Calendly under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { calendly } from './index.js';

const user = fixture<{ resource: Record<string, unknown> }>('calendly', 'user.json');
const ID = 'AAAAAAAAAAAAAAAA';
const admin = { resource: { ...user.resource, uri: 'https://api.calendly.com/users/BBBBBBBBBBBBBBBB', email: 'admin@example.com', slug: 'acme-admin', name: 'Org Admin' } };
const ORG = encodeURIComponent('https://api.calendly.com/organizations/AAAAAAAAAAAAAAAA');
const USER_URI = encodeURIComponent(`https://api.calendly.com/users/${ID}`);

export const contract = defineContract({
  provider: calendly,
  credentials: { method: 'personal_access_token', apiToken: 'contract-calendly-pat' },
  id: ID,
  happy: [
    { route: `GET /users/${ID}`, reply: { body: user } },
    { route: 'GET /organization_memberships', query: `organization=${ORG}&user=${USER_URI}`, reply: { body: fixture('calendly', 'memberships.json') } },
    { route: 'DELETE /organization_memberships/MMMMMMMMMMMMMMMM', reply: { status: 204 } },
  ],
  owner: { route: 'GET /users/me', someoneElse: { body: admin }, theTarget: { body: user } },
  container: { kind: 'organization', id: 'AAAAAAAAAAAAAAAA' },
  // https://developer.calendly.com/api-docs/rate-limits: 429 with X-RateLimit-* headers.
  rateLimited: { status: 429, headers: { 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }, body: { title: 'Too Many Requests', message: 'You have exceeded the rate limit' } },
  notFound: { status: 404, body: fixture('calendly', 'error-404.json') },
  unauthorized: { status: 401, body: fixture('calendly', 'error-401.json') },
});
