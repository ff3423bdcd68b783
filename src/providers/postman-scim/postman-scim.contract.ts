/** Postman SCIM under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import { postmanScim } from './index.js';

const user = fixture<ScimUser>('postman-scim', 'user.json');
const ID = user.id;
const BASE = '/scim/v2';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

export const contract = defineContract({
  provider: postmanScim,
  credentials: { method: 'api_key', apiKey: 'PMAK-contract-scim-key-0123' },
  basePath: BASE,
  id: ID,
  happy: [
    // get-scim-user-resource, then update-scim-user-patch with active=false (200 with the user).
    { route: `GET ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: user } },
    { route: `PATCH ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: fixture('postman-scim', 'user-deactivated.json') } },
  ],
  // https://learning.postman.com/docs/developer/postman-api/postman-api-rate-limits/: 429 with X-RateLimit-RetryAfter (seconds).
  rateLimited: { status: 429, headers: { 'x-ratelimit-retryafter': '0' } },
  notFound: { status: 404, headers: SCIM_JSON, body: fixture('postman-scim', 'error-404.json') },
  unauthorized: { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } },
});
