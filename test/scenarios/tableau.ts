import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = 'ee8bc9ca-77fe-4ae0-8093-cf77f0ee67a9';
const SITE = '9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d';
const USER = `/tableau-parity/api/3.24/sites/${SITE}/users/${ID}`;

export const scenario: Scenario = {
  slug: 'tableau',
  account: (u) => ({
    integration: 'tableau',
    credentials: { method: 'personal_access_token', tokenName: 'parity-pat', tokenSecret: 'parity-tableau-secret-0123', siteContentUrl: 'acme', accessToken: 'parity-tableau-session' },
    context: { host: '10ax.online.tableau.com', siteId: SITE },
    baseUrl: `${u}/tableau-parity/api/3.24`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('tableau', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
