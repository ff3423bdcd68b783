import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { validateContext } from '../core/definition.js';
import { identifier, quoted, snowflake, type SnowflakeUser } from './index.js';

const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const user = fixture<SnowflakeUser>('snowflake', 'user.json');
const vendor = useFakeVendor();
const creds = { method: 'keypair_jwt', account: 'myorg-myaccount', user: 'deleter', privateKey: PEM, accessToken: 'eyJ.signed-keypair.jwt' };
const context = { host: 'myorg-myaccount.snowflakecomputing.com' };
const dropped = { status: 'JACKPATEL successfully dropped.' };

describe('snowflake', () => {
  it('reads the user, then drops exactly that user (quoted), with the key-pair JWT and its token-type header', async () => {
    vendor.fake.on('GET /api/v2/users/jackpatel', { body: user }).on('DELETE /api/v2/users/%22JACKPATEL%22', { body: dropped });
    const out = await runDeletion(snowflake, { baseUrl: vendor.fake.url, credentials: creds, context, id: 'jackpatel' });
    expect(vendor.fake.calls()).toEqual(['GET /api/v2/users/jackpatel', 'DELETE /api/v2/users/%22JACKPATEL%22?ifExists=false']);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe('Bearer eyJ.signed-keypair.jwt');
      expect(r.headers['x-snowflake-authorization-token-type']).toBe('KEYPAIR_JWT');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual({
      id: 'JACKPATEL',
      firstName: 'Jack',
      lastName: 'Patel',
      name: 'Jack Patel',
      username: 'JACK.PATEL@EXAMPLE.COM',
      emails: [{ email: 'jack.patel@example.com', type: 'work', isPrimary: true }],
      status: 'ACTIVE',
      rawStatus: 'enabled',
      userType: 'PERSON',
      bio: 'A distinguished user',
      createdAt: new Date('2024-02-12T09:15:27.123Z'),
      lastLoginAt: new Date('2026-11-30T16:42:05.000Z'),
    });
  });

  it('writes identifiers as Snowflake resolves them: plain names as is, others and stored names quoted', () => {
    expect(identifier('jackpatel')).toBe('jackpatel');
    expect(identifier('jack.patel@example.com')).toBe('"jack.patel@example.com"');
    expect(identifier('"Mixed Case"')).toBe('"Mixed Case"');
    expect(identifier('say "hi"')).toBe('"say ""hi"""');
    expect(quoted('jackpatel')).toBe('"jackpatel"');
  });

  it('a user name with special characters is read quoted and dropped by its stored name; remote_query cannot set ifExists', async () => {
    const odd = { ...user, name: 'jack.patel@example.com' };
    vendor.fake.on('GET /api/v2/users/%22jack.patel%40example.com%22', { body: odd }).on('DELETE /api/v2/users/%22jack.patel%40example.com%22', { body: dropped });
    await runDeletion(snowflake, { baseUrl: vendor.fake.url, credentials: creds, context, id: 'jack.patel@example.com', remoteQuery: { ifExists: 'true' } });
    expect(vendor.fake.calls()).toEqual(['GET /api/v2/users/%22jack.patel%40example.com%22', 'DELETE /api/v2/users/%22jack.patel%40example.com%22?ifExists=false']);
  });

  it('a missing user (002003) is NOT_FOUND; a 404 for a disabled API is a remote error, never "no such user"', async () => {
    vendor.fake.on('GET /api/v2/users/JACKPATEL', { status: 404, body: fixture('snowflake', 'error-404.json') }, { status: 404, body: { message: 'Not Found', code: '390404', request_id: 'x' } });
    await expect(runDeletion(snowflake, { baseUrl: vendor.fake.url, credentials: creds, context, id: 'JACKPATEL' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runDeletion(snowflake, { baseUrl: vendor.fake.url, credentials: creds, context, id: 'JACKPATEL' })).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    expect(vendor.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('accepts only Snowflake account hosts', () => {
    expect(validateContext(snowflake, context).host).toBe('myorg-myaccount.snowflakecomputing.com');
    expect(() => validateContext(snowflake, { host: 'snowflakecomputing.com.evil.io' })).toThrow();
  });

  it('the token owner is the JWT user, read with fetchUser', async () => {
    vendor.fake.on('GET /api/v2/users/deleter', { body: { ...user, name: 'DELETER', login_name: 'DELETER', email: 'it@example.com' } });
    const { http } = vendorClient(snowflake, { baseUrl: vendor.fake.url, credentials: creds, context });
    const lookup = snowflake.tokenOwner as Extract<typeof snowflake.tokenOwner, { lookup: unknown }>;
    expect(await lookup.lookup({ http, context, method: 'keypair_jwt', subject: 'deleter' })).toEqual({ ids: ['deleter', 'DELETER', 'DELETER', 'it@example.com'] });
  });

  it('finds users by email over the user list, exact and case-insensitive', async () => {
    vendor.fake.on('GET /api/v2/users', { body: [user, { ...user, name: 'JP2', email: 'JACK.PATEL@example.com' }, { ...user, name: 'X', email: 'jack.patel@example.com.evil' }] });
    const { http } = vendorClient(snowflake, { baseUrl: vendor.fake.url, credentials: creds, context });
    const found = await snowflake.findUsers!({ http, context, email: 'jack.patel@example.com', params: {} });
    expect(found.map((u) => u.name)).toEqual(['JACKPATEL', 'JP2']);
    expect(vendor.fake.requests[0]!.search).toBe('showLimit=10000');
  });
});
