import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

export const scenario: Scenario = {
  slug: 'typeform',
  account: (u) => ({
    integration: 'typeform',
    credentials: { method: 'personal_access_token', apiToken: 'tfp_parity_token' },
    context: { host: 'api.typeform.com' },
    baseUrl: `${u}/typeform`,
  }),
  id: 'pat.lee@acme.com',
  input: { workspaceId: 'a1b2c3' },
  restQuery: 'workspace_id=a1b2c3',
  routes: (f) => f.on('GET /typeform/workspaces/a1b2c3', { body: fixture('typeform', 'workspace.json') }).on('PATCH /typeform/workspaces/a1b2c3', { status: 204 }),
};
