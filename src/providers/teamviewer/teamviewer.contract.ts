/** TeamViewer under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { teamviewer } from './index.js';

const ID = 'u1234567';

export const contract = defineContract({
  provider: teamviewer,
  credentials: { method: 'script_token', scriptToken: 'contract-teamviewer-script-token' },
  basePath: '/api/v1',
  id: ID,
  happy: [
    { route: `GET /api/v1/users/${ID}`, reply: { body: fixture('teamviewer', 'user.json') } },
    { route: `DELETE /api/v1/users/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /api/v1/account', someoneElse: { body: fixture('teamviewer', 'account.json') }, theTarget: { body: { ...fixture<Record<string, unknown>>('teamviewer', 'account.json'), userid: ID, email: 'jane.doe@example.com' } } },
  container: { kind: 'organization', id: 'company' },
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { error: 'rate_limit_exceeded', error_description: 'Too many requests', error_code: 429 } },
  notFound: { status: 404, body: { error: 'NotFound', error_description: 'The user could not be found.', error_code: 4 } },
  unauthorized: { status: 401, body: { error: 'invalid_token', error_description: 'The access token is invalid.', error_code: 2 } },
});
