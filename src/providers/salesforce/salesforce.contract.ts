/** Salesforce under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { salesforce, type SalesforceUser } from './index.js';

const user = fixture<SalesforceUser>('salesforce', 'user.json');
const ID = user.Id;
const BASE = '/services/data/v61.0';

export const contract = defineContract({
  provider: salesforce,
  credentials: { method: 'oauth', accessToken: '00Dxx0000001gPL!contract-access-token' },
  context: { host: 'acme.my.salesforce.com' },
  basePath: BASE,
  id: ID,
  happy: [
    { route: `GET ${BASE}/sobjects/User/${ID}`, reply: { body: user } },
    { route: `PATCH ${BASE}/sobjects/User/${ID}`, reply: { status: 204 } },
  ],
  owner: {
    route: 'GET /services/oauth2/userinfo',
    someoneElse: { body: { sub: 'https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS', user_id: '005xx000001SwiUAAS', organization_id: '00Dxx0000001gPLEAY', preferred_username: 'admin@acme.com', email: 'admin@acme.com' } },
    theTarget: { body: { sub: `https://login.salesforce.com/id/00Dxx0000001gPLEAY/${ID}`, user_id: ID, organization_id: '00Dxx0000001gPLEAY', preferred_username: user.Username, email: user.Email } },
  },
  // The org's API request limit: 403 REQUEST_LIMIT_EXCEEDED (no wait hint: backoff).
  rateLimited: { status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] },
  notFound: { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] },
  unauthorized: { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] },
});
