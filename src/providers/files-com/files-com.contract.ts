/** Files.com under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { filesCom, type FilesComUser } from './index.js';

const user = fixture<FilesComUser>('files-com', 'user.json');
const apiKey = fixture<Record<string, unknown>>('files-com', 'api-key.json');
const ID = String(user.id);
const BASE = '/api/rest/v1';

export const contract = defineContract({
  provider: filesCom,
  credentials: { method: 'api_key', apiKey: 'files-contract-api-key-0123456789' },
  context: { subdomain: 'acme' },
  basePath: BASE,
  id: ID,
  happy: [
    // Show User, then Delete User (https://developers.files.com/#users).
    { route: `GET ${BASE}/users/${ID}`, reply: { body: user } },
    { route: `DELETE ${BASE}/users/${ID}`, reply: { status: 204 } },
  ],
  // Show information about current API key: user_id names its owner.
  owner: { route: `GET ${BASE}/api_key`, someoneElse: { body: apiKey }, theTarget: { body: { ...apiKey, user_id: user.id } } },
  // The rate-limited error group (TooManyRequestsError): a 429 with the error body; Retry-After honoured.
  rateLimited: {
    status: 429,
    headers: { 'retry-after': '0' },
    body: { error: 'Too Many Requests', 'http-code': 429, title: 'Too Many Requests', type: 'rate-limited/too-many-requests' },
  },
  notFound: { status: 404, body: fixture('files-com', 'error-404.json') },
  unauthorized: {
    status: 401,
    body: { error: 'Invalid Credentials', 'http-code': 401, title: 'Invalid Credentials', type: 'not-authenticated/invalid-credentials' },
  },
});
