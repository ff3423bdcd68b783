import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cipher, loadOrCreateKey, parseKey } from './crypto.js';

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
});
