import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const TEAM = 'team_1a2b3c4d5e6f7g8h9i0j1k2l';
const UID = 'zTuNVUXEAvvnNN3IaqinkyMw';

export const scenario: Scenario = {
  slug: 'vercel',
  account: (u) => ({ integration: 'vercel', credentials: { method: 'access_token', accessToken: 'parity-vercel-token' }, baseUrl: `${u}/vercel` }),
  id: UID,
  input: { workspace: TEAM },
  restQuery: `workspace=${TEAM}`,
  routes: (f) =>
    f
      .on(`GET /vercel/v3/teams/${TEAM}/members`, { body: fixture('vercel', 'members.json') })
      .on(`DELETE /vercel/v1/teams/${TEAM}/members/${UID}`, { body: { id: TEAM } }),
};
