/**
 * The key-pair JWT auth kind (Snowflake key-pair authentication): no token exchange — the core
 * signs a JWT (RS256) with the account's private key and sends it as the bearer token with the
 * declared headers, and signs a new one shortly before it expires or on a 401. The claims are
 * checked exactly, with the signature verified by the public key and the fingerprint computed
 * here independently (SHA256: + base64 of the SHA-256 of the DER SubjectPublicKeyInfo).
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { TokenRefresher } from '../src/deletion/oauth.js';
import { signKeypairJwt } from '../src/deletion/token-kinds.js';
import { credentialFields, impersonatedSubject, resolveAuth, validateCredentials, type StoredCredentials } from '../src/providers/core/definition.js';
import { Transport } from '../src/providers/core/transport.js';
import type { AuthScheme } from '../src/providers/core/types.js';
import { snowflake } from '../src/providers/snowflake/index.js';
import type { AccountStore, AccountWithCredentials } from '../src/store/accounts.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PASSPHRASE = 'snowflake-key-passphrase';
const ENCRYPTED_PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }).toString();
const EC_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const FINGERPRINT = `SHA256:${createHash('sha256').update(keys.publicKey.export({ type: 'spki', format: 'der' })).digest('base64')}`;
const scheme = snowflake.auth.keypair_jwt!.scheme as Extract<AuthScheme, { kind: 'keypair_jwt' }>;
const fields = { account: 'myorg-myaccount', user: 'deleter', privateKey: PEM };

/** An in-memory account store with the one method the refresher uses. */
function store(account: AccountWithCredentials) {
  let saved = 0;
  const accounts = {
    withLockedAccount: async <T>(_t: string, _id: string, fn: (current: AccountWithCredentials, save: (c: StoredCredentials) => Promise<void>, mark: () => Promise<void>) => Promise<T>) =>
      fn(account, async (c) => {
        saved++;
        account.credentials = c;
      }, async () => {
        account.status = 'needs_reauth';
      }),
  } as unknown as AccountStore;
  return { accounts, saves: () => saved };
}

function account(f: Record<string, string>): AccountWithCredentials {
  return {
    id: '0b6d1f7e-1111-4a2b-9c3d-000000000001',
    tenantId: 't1',
    defaultParams: {},
    integration: 'snowflake',
    authMethod: 'keypair_jwt',
    context: { host: 'myorg-myaccount.snowflakecomputing.com' },
    baseUrl: null,
    tokenUrl: null,
    status: 'active',
    selfHosted: false,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    credentials: { method: 'keypair_jwt', fields: f },
  };
}

describe('keypair_jwt (Snowflake key-pair authentication)', () => {
  it('signs exactly the documented claims: upper-case ACCOUNT.USER, the public key fingerprint, one hour', async () => {
    const now = Date.UTC(2026, 11, 3, 15, 0, 0);
    const signed = await signKeypairJwt(scheme, fields, now);
    if ('refused' in signed) throw new Error(signed.refused);
    const { payload } = await jwtVerify(signed.token, keys.publicKey, { currentDate: new Date(now) });
    expect(payload).toEqual({
      iss: `MYORG-MYACCOUNT.DELETER.${FINGERPRINT}`,
      sub: 'MYORG-MYACCOUNT.DELETER',
      iat: now / 1000,
      exp: now / 1000 + 3600,
    });
    expect(decodeProtectedHeader(signed.token)).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(signed.expiresAt).toBe(new Date(now + 3600_000).toISOString());
  });

  it('signs with an encrypted key and its passphrase; refuses a key that cannot sign RS256', async () => {
    const enc = await signKeypairJwt(scheme, { ...fields, privateKey: ENCRYPTED_PEM, privateKeyPassphrase: PASSPHRASE }, Date.now());
    expect('token' in enc && (await jwtVerify(enc.token, keys.publicKey)).payload.sub).toBe('MYORG-MYACCOUNT.DELETER');
    expect(await signKeypairJwt(scheme, { ...fields, privateKey: EC_PEM }, Date.now())).toEqual({ refused: expect.stringMatching(/RSA/) });
    expect(() => validateCredentials(snowflake, { method: 'keypair_jwt', ...fields, privateKey: EC_PEM })).toThrow(/privateKey must be an RSA key/);
  });

  it('declares its credential fields, reads a PEM pasted with literal \\n, names the JWT user as the token owner', () => {
    expect(credentialFields(snowflake.auth.keypair_jwt!)).toEqual({
      required: ['privateKey', 'account', 'user'],
      optional: ['privateKeyPassphrase', 'accessToken', 'expiresAt'],
    });
    const creds = validateCredentials(snowflake, { method: 'keypair_jwt', ...fields, privateKey: PEM.replace(/\n/g, '\\n') });
    expect(creds.fields.privateKey).toBe(PEM);
    expect(impersonatedSubject(snowflake, creds)).toBe('deleter');
  });

  it('the core signs the JWT (no request anywhere), stores it, sends it with the token-type header, reuses it, and signs anew when due or on a 401', async () => {
    const acc = account({ ...fields });
    const { accounts, saves } = store(acc);
    const refresher = new TokenRefresher({ accounts, transport: new Transport({ allowPrivateHosts: false }), timeoutMs: 1000 });
    const first = await refresher.clientAuth(acc, snowflake);
    const jwt = acc.credentials.fields.accessToken!;
    expect(first.auth.headers).toEqual({ authorization: `Bearer ${jwt}`, 'x-snowflake-authorization-token-type': 'KEYPAIR_JWT' });
    expect((await jwtVerify(jwt, keys.publicKey)).payload.iss).toBe(`MYORG-MYACCOUNT.DELETER.${FINGERPRINT}`);
    expect(first.auth.secrets).toContain(PEM);
    expect(saves()).toBe(1);

    // Still valid: reused, nothing signed.
    await refresher.clientAuth(acc, snowflake);
    expect(saves()).toBe(1);

    // Due within the skew: signed anew before the call.
    acc.credentials = { ...acc.credentials, fields: { ...acc.credentials.fields, expiresAt: new Date(Date.now() + 30_000).toISOString() } };
    await refresher.clientAuth(acc, snowflake);
    expect(saves()).toBe(2);

    // A 401: signed anew once.
    const again = await refresher.clientAuth(acc, snowflake);
    const renewed = await again.onUnauthorized!();
    expect(saves()).toBe(3);
    expect(renewed.headers.authorization).toBe(`Bearer ${acc.credentials.fields.accessToken}`);
    expect(resolveAuth(snowflake, acc.credentials).headers['x-snowflake-authorization-token-type']).toBe('KEYPAIR_JWT');
  });

  it('an account whose key cannot sign is marked needs_reauth (REAUTH_REQUIRED)', async () => {
    const acc = account({ ...fields, privateKey: EC_PEM });
    const { accounts } = store(acc);
    const refresher = new TokenRefresher({ accounts, transport: new Transport({ allowPrivateHosts: false }), timeoutMs: 1000 });
    await expect(refresher.clientAuth(acc, snowflake)).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(acc.status).toBe('needs_reauth');
  });
});
