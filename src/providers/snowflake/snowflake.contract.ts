/** Snowflake under the generic provider contract (test/provider-contract.test.ts). */
import { generateKeyPairSync } from 'node:crypto';
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { snowflake, type SnowflakeUser } from './index.js';

const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const user = fixture<SnowflakeUser>('snowflake', 'user.json');
const admin: SnowflakeUser = { ...user, name: 'DELETER', login_name: 'DELETER', display_name: 'Deletion service', email: 'it-automation@example.com', type: 'SERVICE' };

export const contract = defineContract({
  provider: snowflake,
  // accessToken: the key-pair JWT the core signs and stores (the signing is tested in test/auth-keypair-jwt.test.ts).
  credentials: { method: 'keypair_jwt', account: 'myorg-myaccount', user: 'deleter', privateKey: PEM, accessToken: 'eyJ.contract-keypair-jwt.sig' },
  context: { host: 'myorg-myaccount.snowflakecomputing.com' },
  id: 'JACKPATEL',
  happy: [
    { route: 'GET /api/v2/users/JACKPATEL', reply: { body: user } },
    { route: 'DELETE /api/v2/users/%22JACKPATEL%22', query: 'ifExists=false', reply: { body: { status: "JACKPATEL successfully dropped." } } },
  ],
  owner: { route: 'GET /api/v2/users/deleter', someoneElse: { body: admin }, theTarget: { body: user } },
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { message: 'Too many requests', code: '390429', request_id: '01b7c2d3-0000-4a5b-0000-0000a1b2c3d5' } },
  notFound: { status: 404, body: fixture('snowflake', 'error-404.json') },
  unauthorized: { status: 401, body: { message: 'JWT token is invalid.', code: '390144', request_id: '01b7c2d3-0000-4a5b-0000-0000a1b2c3d6' } },
});
