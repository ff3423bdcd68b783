import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getEntry } from '../providers/registry.js';
import { AccountStore } from './accounts.js';
import { DEFAULT_TENANT } from './api-keys.js';
import { Cipher, keyIdOf, loadOrCreateKey, parseKey, parseKeyList } from './crypto.js';
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

  it('generates a key once into DATA_DIR with mode 0600, or takes ENCRYPTION_KEY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uud-key-'));
    const k1 = loadOrCreateKey(undefined, dir);
    const k2 = loadOrCreateKey(undefined, dir);
    expect(k1.equals(k2)).toBe(true);
    expect(statSync(join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'encryption.key'), 'utf8')).toBe(k1.toString('base64'));
    const hex = 'ab'.repeat(32);
    expect(loadOrCreateKey(hex, dir).equals(Buffer.from(hex, 'hex'))).toBe(true);
    expect(() => parseKey('too-short')).toThrow(/32 bytes/);
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
