/**
 * `npm run reencrypt`: key rotation. With the new key in ENCRYPTION_KEY and the old one(s) in
 * ENCRYPTION_KEYS_PREVIOUS, re-encrypts every stored credential with the new key. Safe to run
 * while the service runs (each row is rewritten only if unchanged) and to run again.
 */
import { loadConfig } from '../src/config.js';
import { getEntry } from '../src/providers/registry.js';
import { AccountStore } from '../src/store/accounts.js';
import { Cipher, loadOrCreateKey, parseKeyList } from '../src/store/crypto.js';
import { migrate, openDatabase } from '../src/store/db.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config);
  try {
    await migrate(db);
    const cipher = new Cipher(loadOrCreateKey(config.ENCRYPTION_KEY, config.DATA_DIR), parseKeyList(config.ENCRYPTION_KEYS_PREVIOUS));
    const { total, reencrypted, failed } = await new AccountStore(db, cipher, getEntry).reencryptAll();
    process.stdout.write(`${total} integrated accounts, ${reencrypted} re-encrypted with key ${cipher.keyId}, ${failed.length} unreadable\n`);
    if (failed.length) {
      process.stdout.write(`unreadable with the configured keys (add the key they were written with to ENCRYPTION_KEYS_PREVIOUS): ${failed.join(', ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`reencrypt failed: ${err instanceof Error ? err.message : 'unknown error'}\n`);
  process.exit(1);
});
