/** Figma SCIM under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import { figmaScim } from './index.js';

const user = fixture<ScimUser>('figma-scim', 'user.json');
const TENANT = '1401286822445493852';
const BASE = `/scim/v2/${TENANT}`;

export const contract = defineContract({
  provider: figmaScim,
  credentials: { method: 'scim_token', scimToken: 'figd_contract_scim_token_0123' },
  context: { tenantId: TENANT },
  basePath: BASE,
  // The email form: the one Figma documents a read for (a Figma user id is deleted without a read).
  id: 'johndoe@example.com',
  happy: [
    // https://developers.figma.com/docs/rest-api/scim-endpoints: GET Users with an email filter, then DELETE Users (204).
    { route: `GET ${BASE}/Users`, query: 'filter=userName+eq+%22johndoe%40example.com%22', reply: { body: fixture('figma-scim', 'users-by-email.json') } },
    { route: `DELETE ${BASE}/Users/${user.id}`, reply: { status: 204 } },
  ],
  // Figma documents no SCIM rate-limit answer; a 429 with Retry-After is what is honoured.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  // A filter that matches nobody: an empty list response (RFC 7644 §3.4.2).
  notFound: { status: 200, body: fixture('figma-scim', 'users-none.json') },
  unauthorized: { status: 401, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } },
});
