import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

export const scenario: Scenario = {
  slug: 'jamf',
  account: (u) => ({
    integration: 'jamf',
    credentials: { method: 'client_credentials', clientId: 'parity-jamf-client', clientSecret: 'parity-jamf-secret', accessToken: 'parity-jamf-token' },
    context: { host: 'acme.jamfcloud.com' },
    baseUrl: `${u}/jamf`,
  }),
  id: '7',
  restQuery: '',
  routes: (f) =>
    f
      .on('GET /jamf/JSSResource/accounts/userid/7', { body: fixture('jamf', 'account.json') })
      .on('DELETE /jamf/JSSResource/accounts/userid/7', { text: '<account><id>7</id></account>', headers: { 'content-type': 'application/xml' } }),
};
