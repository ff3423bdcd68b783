/** Tableau Cloud under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { tableau, type TableauUser } from './index.js';

const user = fixture<{ user: TableauUser }>('tableau', 'user.json');
const ID = user.user.id;
const SITE = '9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d';
const USER = `/api/3.24/sites/${SITE}/users/${ID}`;
const session = (u: TableauUser) => ({ session: { site: { id: SITE, name: 'Acme', contentUrl: 'acme' }, user: u } });

export const contract = defineContract({
  provider: tableau,
  // The session token from /auth/signin is stored as accessToken; the site id it provided is in the context.
  credentials: { method: 'personal_access_token', tokenName: 'deleter-pat', tokenSecret: 'tableau-pat-secret-0123456', siteContentUrl: 'acme', accessToken: 'tableau-session-token-contract' },
  context: { host: '10ax.online.tableau.com', siteId: SITE },
  basePath: '/api/3.24',
  id: ID,
  happy: [
    // Query User On Site, then Remove User from Site (204).
    { route: `GET ${USER}`, reply: { body: user } },
    { route: `DELETE ${USER}`, reply: { status: 204 } },
  ],
  // Get Current Server Session.
  owner: {
    route: 'GET /api/3.24/sessions/current',
    someoneElse: { body: session({ id: '1a2b3c4d-0000-1111-2222-333344445555', name: 'admin@example.com', siteRole: 'SiteAdministratorCreator' }) },
    theTarget: { body: session(user.user) },
  },
  container: { kind: 'organization', id: SITE },
  // No rate-limit header is documented for the REST API: a 429 with Retry-After is honoured.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, body: { error: { summary: 'Resource Not Found', detail: `User '${ID}' could not be found.`, code: '404002' } } },
  unauthorized: { status: 401, body: { error: { summary: 'Unauthorized Access', detail: 'Invalid authentication credentials were provided.', code: '401002' } } },
});
