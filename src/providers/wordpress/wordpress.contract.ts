/** WordPress under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { wordpress } from './index.js';

const SITE = '82974409';
const ID = '78972699';

export const contract = defineContract({
  provider: wordpress,
  credentials: { method: 'oauth', accessToken: 'contract-wpcom-access-token' },
  basePath: '/rest/v1.1',
  id: ID,
  params: { workspace: SITE },
  happy: [
    { route: `GET /rest/v1.1/sites/${SITE}/users/${ID}`, reply: { body: fixture('wordpress', 'user.json') } },
    { route: `GET /rest/v1.1/sites/${SITE}`, reply: { body: fixture('wordpress', 'site.json') } },
    { route: `POST /rest/v1.1/sites/${SITE}/users/${ID}/delete`, reply: { body: { success: true } } },
  ],
  owner: { route: 'GET /rest/v1.1/me', someoneElse: { body: fixture('wordpress', 'me.json') }, theTarget: { body: { ...fixture<Record<string, unknown>>('wordpress', 'me.json'), ID: Number(ID), username: 'apiexamples' } } },
  container: { kind: 'workspace', id: SITE },
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { error: 'rate_limit_exceeded', message: 'Too many requests' } },
  notFound: { status: 404, body: { error: 'unknown_user', message: 'Unknown user' } },
  unauthorized: { status: 400, body: { error: 'invalid_token', message: 'The OAuth2 token is invalid.' } },
  notInDocumentedExample: {
    firstName: 'the users list example (Jetpack json-endpoints) has "first_name": ""',
    lastName: 'the users list example (Jetpack json-endpoints) has "last_name": ""',
  },
});
