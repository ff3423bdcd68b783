/** Pendo SCIM under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import { pendoScim } from './index.js';

const user = fixture<ScimUser>('pendo-scim', 'user.json');
const ID = user.id;
const BASE = '/api/scim/v2';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

export const contract = defineContract({
  provider: pendoScim,
  credentials: { method: 'scim_api_key', apiKey: 'pendo-contract-scim-key-0123' },
  context: { host: 'app.pendo.io', basePath: 'api/scim/v2' },
  basePath: BASE,
  id: ID,
  happy: [
    // GET /Users/{id}, then PATCH active=false (RFC 7644 §3.5.2): what Pendo's guides call "Remove and deactivate".
    { route: `GET ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: user } },
    { route: `PATCH ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: fixture('pendo-scim', 'user-deactivated.json') } },
  ],
  // Pendo documents no SCIM rate limit; a 429 with Retry-After is what is honoured.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, headers: SCIM_JSON, body: fixture('pendo-scim', 'error-404.json') },
  unauthorized: { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } },
});
