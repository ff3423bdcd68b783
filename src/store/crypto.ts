/**
 * Credentials at rest: AES-256-GCM with a random 96-bit IV per value. The key comes from
 * ENCRYPTION_KEY or ENCRYPTION_KEY_FILE (32 bytes, base64 or hex), or, on the embedded store
 * only, from DATA_DIR/encryption.key, generated (mode 0600) only while the store holds nothing
 * encrypted. Ciphertexts carry a key id so a later key rotation can tell keys apart.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Why a start was refused over its encryption key; the message names the fix and carries no key material. */
export class KeyCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyCheckError';
  }
}

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

  /** Whether a value written with key `keyId` can be read (the current key or a previous one). */
  canRead(keyId: string): boolean {
    return this.readKeys.has(keyId);
  }

  /** The ids of the keys read with, the current one first (for messages; ids are not key material). */
  get readKeyIds(): string[] {
    return [this.keyId, ...[...this.readKeys.keys()].filter((id) => id !== this.keyId)];
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

export function parseKey(raw: string, name = 'ENCRYPTION_KEY'): Buffer {
  const s = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, given as 64 hex characters or base64`);
  return key;
}

/** ENCRYPTION_KEYS_PREVIOUS: comma-separated keys still accepted for reading. */
export function parseKeyList(raw: string | undefined): Buffer[] {
  return (raw ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
    .map((k) => parseKey(k, 'each key of ENCRYPTION_KEYS_PREVIOUS'));
}

export interface KeyConfig {
  ENCRYPTION_KEY?: string;
  ENCRYPTION_KEY_FILE?: string;
  DATA_DIR: string;
  DATABASE_URL?: string;
}

/** The key and where it came from (named in start-up messages). */
export interface LoadedKey {
  key: Buffer;
  source: 'ENCRYPTION_KEY' | 'ENCRYPTION_KEY_FILE' | 'DATA_DIR/encryption.key' | 'generated into DATA_DIR/encryption.key';
}

/**
 * The encryption key: ENCRYPTION_KEY, else the file ENCRYPTION_KEY_FILE names, else (embedded
 * store only) DATA_DIR/encryption.key. That file is generated only for a store holding nothing
 * encrypted (`storeHasEncryptedRecords`): a new key cannot read what an old one wrote, so a
 * missing key file in front of stored credentials refuses the start (KeyCheckError) instead. With
 * DATABASE_URL a key must be configured: replicas generating their own would not share it.
 */
export async function loadKey(config: KeyConfig, storeHasEncryptedRecords: () => Promise<boolean>): Promise<LoadedKey> {
  if (config.ENCRYPTION_KEY && config.ENCRYPTION_KEY_FILE) {
    throw new KeyCheckError('Both ENCRYPTION_KEY and ENCRYPTION_KEY_FILE are set: set one of them');
  }
  if (config.ENCRYPTION_KEY) return { key: parseKey(config.ENCRYPTION_KEY), source: 'ENCRYPTION_KEY' };
  if (config.ENCRYPTION_KEY_FILE) {
    let raw: string;
    try {
      raw = readFileSync(config.ENCRYPTION_KEY_FILE, 'utf8');
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'unreadable';
      throw new KeyCheckError(`ENCRYPTION_KEY_FILE ${resolve(config.ENCRYPTION_KEY_FILE)} cannot be read (${code})`);
    }
    return { key: parseKey(raw, `The key in ENCRYPTION_KEY_FILE`), source: 'ENCRYPTION_KEY_FILE' };
  }
  if (config.DATABASE_URL) {
    throw new KeyCheckError(
      'DATABASE_URL is set but no encryption key is: set ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE) to the same 32-byte key on every replica ' +
        '(generate one with: openssl rand -base64 32). A key generated by each process would differ between replicas. ' +
        'If an earlier start generated DATA_DIR/encryption.key for this database, point ENCRYPTION_KEY_FILE at that file.',
    );
  }
  const file = join(config.DATA_DIR, 'encryption.key');
  if (existsSync(file)) return { key: parseKey(readFileSync(file, 'utf8'), `The key in ${file}`), source: 'DATA_DIR/encryption.key' };
  if (await storeHasEncryptedRecords()) {
    throw new KeyCheckError(
      `The store holds encrypted credentials, but there is no encryption key: ${resolve(file)} is missing and neither ENCRYPTION_KEY nor ENCRYPTION_KEY_FILE is set. ` +
        'Restore that file from its backup, or set ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE) to the key. ' +
        'No new key was generated: it could not read the stored credentials.',
    );
  }
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return { key, source: 'generated into DATA_DIR/encryption.key' };
}
