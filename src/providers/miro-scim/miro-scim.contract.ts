/** Miro SCIM under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import { miroScim } from './index.js';

const user = fixture<ScimUser>('miro-scim', 'user.json');
const ID = user.id;
const BASE = '/api/v1/scim';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

export const contract = defineContract({
  provider: miroScim,
  credentials: { method: 'scim_token', scimToken: 'miro-contract-scim-token-0123' },
  basePath: BASE,
  id: ID,
  happy: [
    // https://developers.miro.com/reference/getuser, then deleteuser (204 "Successful Operation - No content").
    { route: `GET ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: user } },
    { route: `DELETE ${BASE}/Users/${ID}`, reply: { status: 204 } },
  ],
  // Miro documents 429 for these calls (no SCIM rate-limit header); Retry-After is honoured.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, headers: SCIM_JSON, body: fixture('miro-scim', 'error-404.json') },
  unauthorized: { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } },
});
