/** Webflow under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { webflow } from './index.js';

const WS = '580e63e98c9a982ac9b8b741';
const BASE = '/v2';
const MEMBER = '62fa5e47f6b8256f4641c5bd';

export const contract = defineContract({
  provider: webflow,
  credentials: { method: 'oauth', accessToken: 'webflow-contract-access-token' },
  basePath: BASE,
  id: 'sam.okafor@example.com',
  params: { workspaceId: WS },
  happy: [
    { route: `GET ${BASE}/workspaces/${WS}/members`, query: 'email=sam.okafor%40example.com', reply: { body: fixture('webflow', 'members-by-email.json') } },
    { route: `DELETE ${BASE}/workspaces/${WS}/members/${MEMBER}`, reply: { status: 204 } },
  ],
  owner: {
    route: `GET ${BASE}/token/authorized_by`,
    someoneElse: { body: fixture('webflow', 'authorized-by.json') },
    theTarget: { body: { id: MEMBER, email: 'sam.okafor@example.com', firstName: 'Sam', lastName: 'Okafor' } },
  },
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { code: 'too_many_requests', message: 'Too many requests' } },
  notFound: { status: 404, body: fixture('webflow', 'error-404.json') },
  unauthorized: { status: 401, body: { code: 'not_authorized', message: 'Request not authorized' } },
  container: { kind: 'workspace', id: WS },
});
