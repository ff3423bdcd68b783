/** Sentry under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { sentry, type SentryMember } from './index.js';

const member = fixture<SentryMember>('sentry', 'member.json');
const ORG = 'antarctica';

export const contract = defineContract({
  provider: sentry,
  credentials: { method: 'auth_token', authToken: 'sntryu_contract0000000000000000' },
  context: { region: 'us', organizationSlug: ORG },
  basePath: '/api/0',
  id: member.id,
  happy: [
    { route: `GET /api/0/organizations/${ORG}/members/${member.id}/`, reply: { body: member } },
    { route: `DELETE /api/0/organizations/${ORG}/members/${member.id}/`, reply: { status: 204 } },
  ],
  // api/ratelimits: 429 with X-Sentry-Rate-Limit-* headers (reset in epoch seconds).
  rateLimited: {
    status: 429,
    headers: { 'x-sentry-rate-limit-limit': '40', 'x-sentry-rate-limit-remaining': '0', 'x-sentry-rate-limit-reset': '0' },
    body: fixture('sentry', 'error-429.json'),
  },
  notFound: { status: 404, body: fixture('sentry', 'error-404.json') },
  unauthorized: { status: 401, body: fixture('sentry', 'error-401.json') },
  container: { kind: 'organization', id: ORG },
});
