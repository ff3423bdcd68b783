/** Google Workspace under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { googleWorkspace, type GoogleUser } from './index.js';

const user = fixture<GoogleUser>('google-workspace', 'user.json');
const ID = user.id;
const USERS = '/admin/directory/v1/users';
/** The administrator the token acts as: another account of the same customer. */
const admin: GoogleUser = { ...user, id: '107926455473828112345', primaryEmail: 'admin@example.com', aliases: ['it-admin@example.com'], nonEditableAliases: [], emails: [] };

export const contract = defineContract({
  provider: googleWorkspace,
  credentials: { method: 'oauth', accessToken: 'ya29.contract-google-access-token' },
  id: ID,
  happy: [
    { route: `GET ${USERS}/${ID}`, reply: { body: user } },
    // users.delete: empty body; Google answers 204.
    { route: `DELETE ${USERS}/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: `GET ${USERS}/me`, someoneElse: { body: admin }, theTarget: { body: user } },
  // https://developers.google.com/workspace/admin/directory/v1/limits: 403 userRateLimitExceeded,
  // "slow down ... using exponential backoff" (no Retry-After).
  rateLimited: { status: 403, body: fixture('google-workspace', 'error-403-rate-limit.json') },
  notFound: { status: 404, body: fixture('google-workspace', 'error-404.json') },
  unauthorized: {
    status: 401,
    body: {
      error: {
        code: 401,
        message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
        status: 'UNAUTHENTICATED',
      },
    },
  },
});
