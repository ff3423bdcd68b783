/**
 * The embedded SQLite store's fast path: the few statements that run on every request (API key,
 * account, audit start and finish) executed as prepared better-sqlite3 statements, and read
 * caches for API keys and accounts that can never serve a row another writer has changed.
 *
 * Why: through Kysely each of those statements cost ~30 µs of query building, compiling and
 * mutex hand-offs on top of SQLite's own ~5–17 µs, on the event-loop thread (BENCHMARKS.md).
 *
 * Consistency of the caches:
 * - every write to `api_keys`, `integrated_accounts` or `tenants` made through this process's
 *   connection (Kysely included: the statement wrapper in db.ts sees them) empties them,
 *   synchronously, when the statement runs;
 * - every write committed by another connection (the CLI, another process on the same file)
 *   changes SQLite's `PRAGMA data_version` for this connection, which is read (≈1.5 µs) before
 *   each cache use; a change empties them.
 * So a revoked key is refused, and changed credentials are used, from the next request on,
 * whoever made the change. PostgreSQL has no such signal: there the caches are off and every
 * request reads the rows (a changed row is seen at once by every process).
 */
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';

/** A bounded map: the oldest entry goes when it is full (entries are re-inserted on use). */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

/** The tables whose rows the caches hold; a write to any of them empties every cache. */
export const CACHED_TABLES = /\b(api_keys|integrated_accounts|tenants)\b/i;

export class Embedded {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly caches: Array<Lru<unknown>> = [];
  private readonly dataVersion: Database.Statement;
  private seenVersion: unknown;
  /** How often the caches were emptied (own writes, other connections' commits). */
  invalidations = 0;

  constructor(readonly database: Database.Database) {
    this.dataVersion = database.prepare('PRAGMA data_version').pluck();
    this.seenVersion = this.dataVersion.get();
  }

  /**
   * A prepared statement for `sql`, or undefined while a transaction is open on the connection
   * (a statement run now would join it: the caller goes through Kysely, which waits its turn)
   * or a statement is being iterated.
   */
  statement(sql: string): Database.Statement | undefined {
    if (this.database.inTransaction) return undefined;
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.database.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt.busy ? undefined : stmt;
  }

  cache<V>(max: number): Lru<V> {
    const c = new Lru<V>(max);
    this.caches.push(c as Lru<unknown>);
    return c;
  }

  /** Empties every cache: a cached table was written through this connection. */
  invalidate(): void {
    this.invalidations++;
    for (const c of this.caches) c.clear();
  }

  /**
   * Call right before reading a cache (same tick): empties the caches when another connection
   * committed since the last call. Returns false when the caches must not be used (open transaction).
   */
  fresh(): boolean {
    if (this.database.inTransaction) return false;
    const v = this.dataVersion.get();
    if (v !== this.seenVersion) {
      this.seenVersion = v;
      this.invalidate();
    }
    return true;
  }
}

const embedded = new WeakMap<object, Embedded>();

export function registerEmbedded(db: Kysely<any>, e: Embedded): void {
  embedded.set(db, e);
}

/** The fast path of an embedded SQLite store; undefined on PostgreSQL. */
export function embeddedOf(db: Kysely<any>): Embedded | undefined {
  return embedded.get(db);
}
