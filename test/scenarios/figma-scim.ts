import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const TENANT = '1401286822445493852';
const ID = '1427545874257949557';

/**
 * The email form: Figma documents GET /Users with a userName filter (and no GET /Users/{id}), so the
 * user is found by email, then deleted by its Figma id.
 */
export const scenario: Scenario = {
  slug: 'figma-scim',
  account: (u) => ({
    integration: 'figma-scim',
    credentials: { method: 'scim_token', scimToken: 'figd_parity_figma_scim' },
    context: { tenantId: TENANT },
    baseUrl: `${u}/figma-scim/${TENANT}`,
  }),
  id: 'johndoe@example.com',
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /figma-scim/${TENANT}/Users`, { body: fixture('figma-scim', 'users-by-email.json') })
      .on(`DELETE /figma-scim/${TENANT}/Users/${ID}`, { status: 204 }),
};
