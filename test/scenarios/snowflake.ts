import type { Scenario } from '../helpers/scenarios.js';
import { generateKeyPairSync } from 'node:crypto';
import { fixture } from '../helpers/provider.js';

const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export const scenario: Scenario = {
  slug: 'snowflake',
  account: (u) => ({
    integration: 'snowflake',
    credentials: { method: 'keypair_jwt', account: 'myorg-myaccount', user: 'deleter', privateKey: PEM },
    context: { host: 'myorg-myaccount.snowflakecomputing.com' },
    baseUrl: `${u}/sf`,
  }),
  id: 'JACKPATEL',
  restQuery: '',
  routes: (f) =>
    f
      .on('GET /sf/api/v2/users/JACKPATEL', { body: fixture('snowflake', 'user.json') })
      .on('DELETE /sf/api/v2/users/%22JACKPATEL%22', { body: { status: 'JACKPATEL successfully dropped.' } }),
};
