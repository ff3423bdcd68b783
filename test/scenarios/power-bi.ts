import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const WS = 'f089354e-8366-4e18-aea3-4cb4a3a50b48';
const BASE = '/power-bi/v1.0/myorg';

export const scenario: Scenario = {
  slug: 'power-bi',
  account: (u) => ({
    integration: 'power-bi',
    credentials: { method: 'service_principal', clientId: '11111111-2222-3333-4444-555555555555', clientSecret: 'parity-pbi-secret', accessToken: 'eyJ.parity-pbi-token' },
    context: { tenantId: 'contoso.onmicrosoft.com' },
    baseUrl: `${u}${BASE}`,
  }),
  id: 'Adam@contoso.com',
  input: { workspace: WS },
  restQuery: `workspace=${WS}`,
  routes: (f) =>
    f.on(`GET ${BASE}/groups/${WS}/users`, { body: fixture('power-bi', 'group-users.json') }).on(`DELETE ${BASE}/groups/${WS}/users/Adam%40contoso.com`, { status: 200 }),
};
