/**
 * Credentials at rest: AES-256-GCM with a random 96-bit IV per value. The key comes from
 * ENCRYPTION_KEY (32 bytes, base64 or hex) or is generated once into DATA_DIR/encryption.key
 * with mode 0600. Ciphertexts carry a key id so a later key rotation can tell keys apart.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Encrypts with the current key; decrypts with whichever key a ciphertext names, the current
 * one or a previous one still accepted for reading (key rotation: ENCRYPTION_KEYS_PREVIOUS).
 */
export class Cipher {
  readonly keyId: string;
  private readonly readKeys = new Map<string, Buffer>();

  constructor(
    private readonly key: Buffer,
    previous: readonly Buffer[] = [],
  ) {
    if (key.length !== 32) throw new Error('encryption key must be 32 bytes');
    this.keyId = keyIdOf(key);
    for (const k of previous) {
      if (k.length !== 32) throw new Error('encryption key must be 32 bytes');
      this.readKeys.set(keyIdOf(k), k);
    }
    this.readKeys.set(this.keyId, key);
  }

  /** The key id a stored value was encrypted with (to find values still under an old key). */
  static keyIdOf(value: string): string | undefined {
    const [version, keyId] = value.split(':');
    return version === 'v1' ? keyId : undefined;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(this.keyId));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
  }

  decrypt(value: string): string {
    const [version, keyId, iv, tag, ct] = value.split(':');
    if (version !== 'v1' || !keyId || !iv || !tag || ct === undefined) throw new Error('unreadable ciphertext');
    const key = this.readKeys.get(keyId);
    if (!key) throw new Error(`credentials were encrypted with another key (${keyId})`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  }
}

export function parseKey(raw: string): Buffer {
  const s = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  if (key.length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes, given as 64 hex characters or base64');
  return key;
}

/** ENCRYPTION_KEYS_PREVIOUS: comma-separated keys still accepted for reading. */
export function parseKeyList(raw: string | undefined): Buffer[] {
  return (raw ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
    .map(parseKey);
}

/** The configured key, or the one generated into DATA_DIR on first start. */
export function loadOrCreateKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return parseKey(configured);
  const file = join(dataDir, 'encryption.key');
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return key;
}
