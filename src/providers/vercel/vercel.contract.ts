/** Vercel under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { vercel } from './index.js';

const TEAM = 'team_1a2b3c4d5e6f7g8h9i0j1k2l';
const UID = 'zTuNVUXEAvvnNN3IaqinkyMw';

export const contract = defineContract({
  provider: vercel,
  credentials: { method: 'access_token', accessToken: 'contract-vercel-access-token' },
  id: UID,
  params: { workspace: TEAM },
  happy: [
    { route: `GET /v3/teams/${TEAM}/members`, query: 'limit=100', reply: { body: fixture('vercel', 'members.json') } },
    { route: `DELETE /v1/teams/${TEAM}/members/${UID}`, reply: { body: { id: TEAM } } },
  ],
  owner: {
    route: 'GET /v2/user',
    someoneElse: { body: fixture('vercel', 'user.json') },
    theTarget: { body: { user: { id: UID, email: 'jane.doe@example.com', username: 'jane-doe' } } },
  },
  // limits/rate-limits: 429 with X-RateLimit-* (reset in epoch seconds).
  rateLimited: { status: 429, headers: { 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }, body: fixture('vercel', 'error-429.json') },
  notFound: { status: 404, body: fixture('vercel', 'error-404.json') },
  unauthorized: { status: 403, body: fixture('vercel', 'error-403.json') },
  container: { kind: 'workspace', id: TEAM },
});
