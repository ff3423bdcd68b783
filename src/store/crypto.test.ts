import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getEntry } from '../providers/registry.js';
import { AccountStore } from './accounts.js';
import { DEFAULT_TENANT } from './api-keys.js';
import { Cipher, keyIdOf, loadKey, parseKey, parseKeyList } from './crypto.js';
import { testStore } from '../../test/helpers/pg.js';
import { migrate } from './db.js';

describe('credential encryption', () => {
  it('round-trips with AES-256-GCM, a fresh IV each time, and detects tampering', () => {
    const c = new Cipher(Buffer.alloc(32, 7));
    const a = c.encrypt('{"token":"secret-value"}');
    const b = c.encrypt('{"token":"secret-value"}');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret-value');
    expect(c.decrypt(a)).toBe('{"token":"secret-value"}');
    const parts = a.split(':');
    const ct = Buffer.from(parts[4]!, 'base64');
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString('base64');
    expect(() => c.decrypt(parts.join(':'))).toThrow();
    expect(() => new Cipher(Buffer.alloc(32, 8)).decrypt(a)).toThrow(/another key/);
  });

  it('generates a key once into DATA_DIR with mode 0600 (only for a store holding nothing encrypted), or takes ENCRYPTION_KEY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uud-key-'));
    const fresh = async () => false;
    const k1 = await loadKey({ DATA_DIR: dir }, fresh);
    expect(k1.source).toBe('generated into DATA_DIR/encryption.key');
    const k2 = await loadKey({ DATA_DIR: dir }, async () => true);
    expect(k2.source).toBe('DATA_DIR/encryption.key');
    expect(k1.key.equals(k2.key)).toBe(true);
    expect(statSync(join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'encryption.key'), 'utf8')).toBe(k1.key.toString('base64'));
    const hex = 'ab'.repeat(32);
    expect((await loadKey({ DATA_DIR: dir, ENCRYPTION_KEY: hex }, fresh)).key.equals(Buffer.from(hex, 'hex'))).toBe(true);
    expect(() => parseKey('too-short')).toThrow(/32 bytes/);
  });

  it('refuses to generate a key in front of stored credentials, and with DATABASE_URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uud-key-'));
    await expect(loadKey({ DATA_DIR: dir }, async () => true)).rejects.toThrow(/encryption\.key is missing .*Restore that file from its backup/);
    expect(existsSync(join(dir, 'encryption.key'))).toBe(false);
    await expect(loadKey({ DATA_DIR: dir, DATABASE_URL: 'postgres://db/x' }, async () => false)).rejects.toThrow(/DATABASE_URL is set but no encryption key is: set ENCRYPTION_KEY \(or ENCRYPTION_KEY_FILE\)/);
    expect(existsSync(join(dir, 'encryption.key'))).toBe(false);
  });

  it('reads ENCRYPTION_KEY_FILE, names it when it is missing or wrong, and refuses it together with ENCRYPTION_KEY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uud-key-'));
    const file = join(dir, 'key');
    writeFileSync(file, `${'cd'.repeat(32)}\n`);
    const loaded = await loadKey({ DATA_DIR: dir, ENCRYPTION_KEY_FILE: file, DATABASE_URL: 'postgres://db/x' }, async () => true);
    expect(loaded).toEqual({ key: Buffer.from('cd'.repeat(32), 'hex'), source: 'ENCRYPTION_KEY_FILE' });
    await expect(loadKey({ DATA_DIR: dir, ENCRYPTION_KEY_FILE: join(dir, 'nope') }, async () => false)).rejects.toThrow(/ENCRYPTION_KEY_FILE .*nope cannot be read \(ENOENT\)/);
    writeFileSync(file, 'short');
    await expect(loadKey({ DATA_DIR: dir, ENCRYPTION_KEY_FILE: file }, async () => false)).rejects.toThrow(/The key in ENCRYPTION_KEY_FILE must be 32 bytes/);
    await expect(loadKey({ DATA_DIR: dir, ENCRYPTION_KEY_FILE: file, ENCRYPTION_KEY: 'ab'.repeat(32) }, async () => false)).rejects.toThrow(/set one of them/);
  });

  it('reads with previous keys, writes with the current one (rotation)', () => {
    const oldKey = Buffer.alloc(32, 1);
    const newKey = Buffer.alloc(32, 2);
    const before = new Cipher(oldKey).encrypt('secret');
    const rotated = new Cipher(newKey, [oldKey]);
    expect(rotated.decrypt(before)).toBe('secret');
    const after = rotated.encrypt('secret');
    expect(Cipher.keyIdOf(after)).toBe(keyIdOf(newKey));
    expect(Cipher.keyIdOf(before)).toBe(keyIdOf(oldKey));
    expect(() => new Cipher(newKey).decrypt(before)).toThrow(/another key/);
    expect(parseKeyList(` ${'ab'.repeat(32)}, ${Buffer.alloc(32, 3).toString('base64')} `)).toHaveLength(2);
    expect(parseKeyList(undefined)).toEqual([]);
  });
});

describe('npm run reencrypt', () => {
  it('moves every stored credential to the new key; the old key can then be dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uud-rotate-'));
    const oldKey = Buffer.alloc(32, 4);
    const newKey = Buffer.alloc(32, 5);
    const store = await testStore(dir);
    const db = store.open();
    try {
      await migrate(db);
      const oldStore = new AccountStore(db, new Cipher(oldKey), getEntry);
      const a = await oldStore.create(DEFAULT_TENANT, { integration: 'github', credentials: { token: 'ghp_rotation_secret_1' } });
      const b = await oldStore.create(DEFAULT_TENANT, { integration: 'github', credentials: { token: 'ghp_rotation_secret_2' } });

      const rotating = new AccountStore(db, new Cipher(newKey, [oldKey]), getEntry);
      expect(await rotating.reencryptAll()).toEqual({ total: 2, reencrypted: 2, failed: [] });
      expect(await rotating.reencryptAll()).toEqual({ total: 2, reencrypted: 0, failed: [] });

      const onlyNew = new AccountStore(db, new Cipher(newKey), getEntry);
      const loaded = await onlyNew.loadMany(DEFAULT_TENANT, [a.id, b.id]);
      expect(loaded.map((x) => x?.credentials.fields.token)).toEqual(['ghp_rotation_secret_1', 'ghp_rotation_secret_2']);
      const raw = await db.selectFrom('integrated_accounts').select('credentials_enc').execute();
      expect(raw.every((r) => Cipher.keyIdOf(r.credentials_enc) === keyIdOf(newKey))).toBe(true);
      expect(JSON.stringify(raw)).not.toContain('ghp_rotation_secret');

      // a credential under a key nobody configured is reported, not lost
      await oldStore.create(DEFAULT_TENANT, { integration: 'github', credentials: { token: 'ghp_rotation_secret_3' } });
      const res = await onlyNew.reencryptAll();
      expect(res.failed).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
