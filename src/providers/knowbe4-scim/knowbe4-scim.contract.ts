/** KnowBe4 SCIM under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import { knowbe4Scim } from './index.js';

const user = fixture<ScimUser>('knowbe4-scim', 'user.json');
const ID = user.id;
const BASE = '/scim/v2';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

export const contract = defineContract({
  provider: knowbe4Scim,
  credentials: { method: 'scim_token', scimToken: 'kb4-contract-scim-token-0123' },
  context: { host: 'training.knowbe4.com' },
  basePath: BASE,
  id: ID,
  happy: [
    // GET /Users/{id}, then PATCH active=false (RFC 7644 §3.5.2), what an IdP sends to archive (the SCIM Configuration Guide).
    { route: `GET ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: user } },
    { route: `PATCH ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: fixture('knowbe4-scim', 'user-archived.json') } },
  ],
  // KnowBe4 documents no SCIM rate limit; a 429 with Retry-After is what is honoured.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, headers: SCIM_JSON, body: fixture('knowbe4-scim', 'error-404.json') },
  unauthorized: { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } },
});
