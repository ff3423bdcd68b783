import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const WS = '580e63e98c9a982ac9b8b741';

export const scenario: Scenario = {
  slug: 'webflow',
  account: (u) => ({ integration: 'webflow', credentials: { method: 'workspace_token', apiToken: 'parity-webflow-workspace-token' }, baseUrl: `${u}/webflow/v2` }),
  id: 'sam.okafor@example.com',
  input: { workspaceId: WS },
  restQuery: `workspace_id=${WS}`,
  routes: (f) =>
    f
      .on(`GET /webflow/v2/workspaces/${WS}/members`, { body: fixture('webflow', 'members-by-email.json') })
      .on(`DELETE /webflow/v2/workspaces/${WS}/members/62fa5e47f6b8256f4641c5bd`, { status: 204 }),
};
