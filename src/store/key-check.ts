/**
 * The encryption key check: a row holding a known constant encrypted with the store's key. It is
 * written on the first start (with the key of that start) and re-written by `reencrypt`, so a
 * later start can tell "this key reads this store" from "this is another key" before it serves
 * anything. Without it a missing or wrong key looked like every account needing re-authorization.
 */
import { sql, type Kysely } from 'kysely';
import { Cipher, KeyCheckError } from './crypto.js';
import type { DB } from './db.js';

const ROW = 'current';
const PLAINTEXT = 'uud key check v1';

/** Whether the store holds anything encrypted (then a new key must never be generated for it). */
export async function hasEncryptedRecords(db: Kysely<DB>): Promise<boolean> {
  const check = await db.selectFrom('key_check').select('id').limit(1).executeTakeFirst();
  if (check) return true;
  const account = await db.selectFrom('integrated_accounts').select('id').limit(1).executeTakeFirst();
  return account !== undefined;
}

/**
 * Makes sure `cipher` can read this store. With a key-check row: it must decrypt to the constant.
 * Without one (a fresh store, or one written before the check existed): when the store already
 * holds credentials, at least one of them must be under a configured key; then the row is written
 * with the current key. Throws KeyCheckError, naming the fix, when the keys do not fit.
 */
export async function verifyKeyCheck(db: Kysely<DB>, cipher: Cipher, describe: string): Promise<void> {
  let row = await db.selectFrom('key_check').selectAll().where('id', '=', ROW).executeTakeFirst();
  if (!row) {
    // The key ids only ("v1:<8 hex>:…"), distinct in SQL: one row per key, however many accounts.
    const keyIds = await db
      .selectFrom('integrated_accounts')
      .select(sql<string>`substr(credentials_enc, 1, 12)`.as('prefix'))
      .distinct()
      .execute()
      .then((rows) => new Set(rows.map((r) => Cipher.keyIdOf(`${r.prefix}:`) ?? '?')));
    if (keyIds.size > 0 && ![...keyIds].some((id) => cipher.canRead(id))) {
      throw new KeyCheckError(
        `The store's credentials are encrypted with key ${[...keyIds].slice(0, 3).join(', ')}, which ${describe} is not: ${FIX}`,
      );
    }
    // Another replica may be writing its row at this moment: the first one stays, and is checked below.
    await db
      .insertInto('key_check')
      .values({ id: ROW, value: cipher.encrypt(PLAINTEXT), updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    row = await db.selectFrom('key_check').selectAll().where('id', '=', ROW).executeTakeFirstOrThrow();
  }
  let plain: string | undefined;
  try {
    plain = cipher.decrypt(row.value);
  } catch {
    plain = undefined;
  }
  if (plain !== PLAINTEXT) {
    throw new KeyCheckError(`This store was encrypted with key ${Cipher.keyIdOf(row.value) ?? '(unknown)'}, which ${describe} is not: ${FIX}`);
  }
}

/** After a re-encryption: the check is re-written with the current key (the previous ones may go). */
export async function rewriteKeyCheck(db: Kysely<DB>, cipher: Cipher): Promise<void> {
  const value = cipher.encrypt(PLAINTEXT);
  const updated_at = new Date().toISOString();
  await db
    .insertInto('key_check')
    .values({ id: ROW, value, updated_at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ value, updated_at }))
    .execute();
}

const FIX =
  'start with the key this store was written with (ENCRYPTION_KEY, ENCRYPTION_KEY_FILE, or the DATA_DIR/encryption.key file restored from its backup); ' +
  'during a key rotation, give the old key in ENCRYPTION_KEYS_PREVIOUS until `uud reencrypt` (npm run reencrypt) has run. ' +
  'Nothing was changed; the service refuses to start rather than treat every stored credential as lost.';
