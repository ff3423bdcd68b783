/** Canva (SCIM) under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import { canva } from './index.js';

const user = fixture<ScimUser>('canva', 'user.json');
const ID = user.id;
const BASE = '/_scim/v2';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

export const contract = defineContract({
  provider: canva,
  credentials: { method: 'scim_token', scimToken: 'canva-contract-scim-token-0123' },
  basePath: BASE,
  id: ID,
  happy: [
    // https://www.canva.dev/docs/scim/get-user, then the deprovisioning PATCH of update-individual-attributes-user.
    { route: `GET ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: user } },
    { route: `PATCH ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: fixture('canva', 'user-deprovisioned.json') } },
  ],
  // Canva documents no SCIM rate-limit answer for these calls; a 429 with Retry-After (RFC 6585) is what is honoured.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, headers: SCIM_JSON, body: fixture('canva', 'error-404.json') },
  unauthorized: { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: 401, detail: 'Unauthorized' } },
});
