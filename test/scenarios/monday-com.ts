import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '4012689';
const WORKSPACE = '5678901';

export const scenario: Scenario = {
  slug: 'monday-com',
  account: (u) => ({ integration: 'monday-com', credentials: { method: 'api_token', apiToken: 'parity-monday-token' }, baseUrl: `${u}/monday/v2` }),
  id: ID,
  input: { workspaceId: WORKSPACE },
  restQuery: `workspace_id=${WORKSPACE}`,
  routes: (f) =>
    f
      .on('POST /monday/v2 #users', { body: fixture('monday-com', 'users.json') })
      .on('POST /monday/v2 #delete_users_from_workspace', { body: { data: { delete_users_from_workspace: [{ id: ID }] } } }),
};
