/** Typeform under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { typeform, type TypeformWorkspace } from './index.js';

const ws = fixture<TypeformWorkspace>('typeform', 'workspace.json');

export const contract = defineContract({
  provider: typeform,
  credentials: { method: 'personal_access_token', apiToken: 'tfp_contract_token_0123456789' },
  context: { host: 'api.eu.typeform.com' },
  id: 'pat.lee@acme.com',
  params: { workspaceId: ws.id },
  happy: [
    { route: `GET /workspaces/${ws.id}`, reply: { body: ws } },
    { route: `PATCH /workspaces/${ws.id}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /me', someoneElse: { body: fixture('typeform', 'me.json') }, theTarget: { body: { alias: 'Pat Lee', email: 'Pat.Lee@acme.com', language: 'en' } } },
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, body: fixture('typeform', 'error-404.json') },
  unauthorized: { status: 401, body: { code: 'AUTHENTICATION_FAILED', description: 'Authentication credentials not found on the Request Headers' } },
  container: { kind: 'workspace', id: ws.id },
});
