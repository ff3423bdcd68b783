/** Dialpad under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { dialpad, type DialpadUser } from './index.js';

const user = fixture<DialpadUser>('dialpad', 'user.json');
const ID = String(user.id);
const admin: DialpadUser = { ...user, id: '6011111111111111', emails: ['admin@example.com'], display_name: 'Company Admin' };
const error = (code: number, message: string, reason: string) => ({ error: { code, message, errors: [{ domain: 'global', message, reason }] } });

export const contract = defineContract({
  provider: dialpad,
  credentials: { method: 'api_key', apiKey: 'contract-dialpad-api-key' },
  context: { host: 'dialpad.com' },
  basePath: '/api/v2',
  id: ID,
  happy: [
    { route: `GET /api/v2/users/${ID}`, reply: { body: user } },
    { route: `DELETE /api/v2/users/${ID}`, reply: { body: { ...fixture<DialpadUser>('dialpad', 'user-deleted.json'), id: ID } } },
  ],
  owner: { route: 'GET /api/v2/users/me', someoneElse: { body: admin }, theTarget: { body: user } },
  // "Rate limit: 1200 per minute" (users.get, users.delete); a 429 without documented headers.
  rateLimited: { status: 429, body: error(429, 'Rate limit exceeded', 'rateLimitExceeded') },
  notFound: { status: 404, body: error(404, 'User not found', 'notFound') },
  unauthorized: { status: 401, body: error(401, 'Invalid API key', 'required') },
  notInDocumentedExample: {},
});
