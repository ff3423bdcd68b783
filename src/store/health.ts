/**
 * The store check behind GET /readyz: a cheap query through the service's own connection (or
 * pool), and on the embedded store also the file's SQLite header read from disk. The query alone
 * would not notice a damaged file: in WAL mode SQLite keeps serving the pages it has cached
 * while the wal-index is unchanged, whatever happened to the file under it (the store writer's
 * and checkpointer's connections would then fail on their next commit).
 */
import { open } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { DB } from './db.js';
import { embeddedOf } from './embedded.js';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Resolves when the store answers within `timeoutMs`; rejects with the cause otherwise. */
export async function checkStore(db: Kysely<DB>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe(db), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function probe(db: Kysely<DB>): Promise<void> {
  // A table every store has since its first migration: the schema is there and readable.
  await db.selectFrom('tenants').select('id').limit(1).execute();
  const file = embeddedOf(db)?.database.name;
  if (file) await checkSqliteHeader(file);
}

async function checkSqliteHeader(file: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const { bytesRead } = await fh.read(header, 0, 100, 0);
    if (bytesRead < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) throw new Error(`${file} is not an SQLite database any more (its header is damaged or the file was truncated)`);
    // The page size (bytes 16-17, 1 meaning 65536) is a power of two from 512 to 65536.
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new Error(`${file} has a damaged header (page size ${raw})`);
  } finally {
    await fh.close();
  }
}
