/**
 * The typed query layer (Kysely) and its migrations. The embedded default is SQLite in a file
 * under DATA_DIR; the same migrations run on every start.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, sql, SqliteAdapter, SqliteDialect, type Migration, type MigrationProvider, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import { Checkpointer } from './checkpointer.js';
import { CACHED_TABLES, Embedded, embeddedOf, registerEmbedded } from './embedded.js';
import { WriteWorker } from './writer.js';

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface IntegratedAccountsTable {
  id: string;
  tenant_id: string;
  integration: string;
  auth_method: string;
  credentials_enc: string;
  context: string;
  base_url: string | null;
  /** Replaces the integration's OAuth token URL (sandboxes, self-hosted); like base_url. */
  token_url: string | null;
  /** active, or needs_reauth after the vendor refused a token refresh. */
  status: string;
  /**
   * 1 when an admin marked the account self-hosted: its base URL and token URL may then be on
   * hosts outside the integration's own (GitHub Enterprise Server, GitLab self-managed, ...).
   */
  self_hosted: number;
  /**
   * JSON: deleteUser params this account's deletions start from (GitHub's organizationId, ...),
   * so an offboarding by email knows them; null for none. Added by migration 0011.
   */
  default_params?: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * One row ('current'): a constant encrypted with the store's encryption key, written on the first
 * start and re-written by `reencrypt`. A start whose configured keys cannot read it is refused
 * (store/key-check.ts) instead of treating every stored credential as lost.
 */
export interface KeyCheckTable {
  id: string;
  value: string;
  updated_at: string;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}

/** One row per deleteUser attempt (dry runs included): inserted when it starts, completed once. */
export interface DeletionAuditTable {
  id: string;
  tenant_id: string;
  api_key_id: string | null;
  via: string;
  request_id: string | null;
  idempotency_key: string | null;
  integrated_account_id: string;
  integration: string | null;
  target_id: string;
  /** A hash of the validated params: "already absent" needs an earlier deletion with the same ones. */
  params_key: string | null;
  input: string;
  dry_run: number;
  state: string;
  outcome: string | null;
  error_code: string | null;
  error_message: string | null;
  calls: string;
  snapshot: string | null;
  started_at: string;
  finished_at: string | null;
  /** The process running the attempt (service_instances.id); null for records older than migration 0009. */
  owner_id?: string | null;
  /** A retry with the same Idempotency-Key that resumed an INTERRUPTED attempt: that attempt's id. */
  resumed_from?: string | null;
}

/**
 * User reads made for federation references (`_entities`): one row per integrated account per
 * DataLoader batch, written together when the batch's reads are done (migration 0010).
 */
export interface UserReadAuditTable {
  id: string;
  tenant_id: string;
  api_key_id: string | null;
  request_id: string | null;
  via: string;
  integrated_account_id: string;
  integration: string | null;
  /** JSON: [{ id, read, errorCode }] in the order the references came. */
  targets: string;
  /** JSON: the vendor calls made (URLs redacted by the HTTP client). */
  calls: string;
  read_at: string;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  request_hash: string;
  state: string;
  result: string | null;
  created_at: string;
  expires_at: string;
  /** The process running the claimant (service_instances.id); null for claims older than migration 0009. */
  owner_id?: string | null;
  /** The claimant's attempt (its audit record id): an INTERRUPTED claim is resumed from it. */
  attempt_id?: string | null;
}

/**
 * One row per running service (or CLI) process, renewed by its heartbeat: the owner of the
 * deletions it runs. A process judged gone (heartbeat older than the lease, or a pid of this host
 * that no longer runs) has its STARTED attempts marked INTERRUPTED (deletion/recovery.ts).
 */
export interface ServiceInstancesTable {
  id: string;
  /** Host name, pid namespace and boot id: where `pid` means something. */
  host: string;
  pid: number;
  started_at: string;
  heartbeat_at: string;
}

/**
 * One offboarding run (offboardUser): a person removed by email from several accounts. The
 * per-account state is one JSON array, rewritten as each account finishes; each deletion has
 * its own deletion_audit record, named there by its audit id.
 */
export interface OffboardingsTable {
  id: string;
  tenant_id: string;
  api_key_id: string | null;
  /** The Idempotency-Key of the request that started it (unique per tenant), or null. */
  idempotency_key: string | null;
  request_hash: string;
  email: string;
  /** RUNNING or FINISHED. */
  state: string;
  /** JSON: the per-account results (src/deletion/offboarding.ts, OffboardingAccount[]). */
  accounts: string;
  /** How many times it ran (a re-run with the same Idempotency-Key finishes what failed). */
  runs: number;
  created_at: string;
  updated_at: string;
}

export interface DB {
  offboardings: OffboardingsTable;
  tenants: TenantsTable;
  integrated_accounts: IntegratedAccountsTable;
  api_keys: ApiKeysTable;
  deletion_audit: DeletionAuditTable;
  idempotency_keys: IdempotencyKeysTable;
  service_instances: ServiceInstancesTable;
  user_read_audit: UserReadAuditTable;
  key_check: KeyCheckTable;
}

const migrations: Record<string, Migration> = {
  '0001_integrated_accounts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('integrated_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('auth_method', 'text', (c) => c.notNull())
        .addColumn('credentials_enc', 'text', (c) => c.notNull())
        .addColumn('context', 'text', (c) => c.notNull())
        .addColumn('base_url', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('integrated_accounts_integration').on('integrated_accounts').column('integration').execute();
    },
  },
  '0002_api_keys': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('key_prefix', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
    },
  },
  '0003_deletion_audit': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('deletion_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('api_key_id', 'text')
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('integrated_account_id', 'text', (c) => c.notNull())
        .addColumn('integration', 'text')
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('params_key', 'text')
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('calls', 'text', (c) => c.notNull())
        .addColumn('snapshot', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('deletion_audit_tenant_id').on('deletion_audit').columns(['tenant_id', 'id']).execute();
      await db.schema
        .createIndex('deletion_audit_target')
        .on('deletion_audit')
        .columns(['tenant_id', 'integrated_account_id', 'target_id'])
        .execute();
      await db.schema.createIndex('deletion_audit_started').on('deletion_audit').column('started_at').execute();
    },
  },
  '0004_idempotency_keys': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_expires').on('idempotency_keys').column('expires_at').execute();
    },
  },
  '0005_tenants': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await (db as unknown as Kysely<DB>)
        .insertInto('tenants')
        .values({ id: 'default', name: 'default', created_at: new Date().toISOString() })
        .execute();
      await db.schema.alterTable('api_keys').addColumn('tenant_id', 'text', (c) => c.notNull().defaultTo('default')).execute();
      await db.schema.alterTable('integrated_accounts').addColumn('tenant_id', 'text', (c) => c.notNull().defaultTo('default')).execute();
      await db.schema.alterTable('integrated_accounts').addColumn('token_url', 'text').execute();
      await db.schema.createIndex('integrated_accounts_tenant').on('integrated_accounts').columns(['tenant_id', 'id']).execute();
      await db.schema.createIndex('api_keys_tenant').on('api_keys').column('tenant_id').execute();
    },
  },
  '0006_drop_deletion_audit_started': {
    // Never used: time filters, ordering and the retention sweep all go through the id, which
    // starts with the start time. One B-tree less to write on every audit insert.
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('deletion_audit_started').ifExists().execute();
    },
  },
  '0007_store_generation': {
    // Embedded store only: a counter that every change to the tables the read caches hold
    // bumps, whoever makes it (triggers run in every connection, the CLI's included). The
    // service reads it to know when its caches are stale (embedded.ts); SQLite's data_version
    // would also change with every audit commit of the store writer's connection.
    async up(db: Kysely<unknown>) {
      if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
      await sql`create table "store_generation" ("id" integer primary key check ("id" = 1), "value" integer not null)`.execute(db);
      await sql`insert into "store_generation" ("id", "value") values (1, 0)`.execute(db);
      for (const table of ['tenants', 'integrated_accounts', 'api_keys']) {
        for (const op of ['insert', 'update', 'delete']) {
          await sql
            .raw(`create trigger "${table}_${op}_generation" after ${op} on "${table}" begin update "store_generation" set "value" = "value" + 1 where "id" = 1; end`)
            .execute(db);
        }
      }
    },
  },
  '0008_key_check': {
    // The encryption key check (KeyCheckTable), and the admin's self-hosted mark on accounts.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('key_check')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('integrated_accounts').addColumn('self_hosted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  },
  '0009_deletion_recovery': {
    // Crash recovery: who runs each attempt (owner_id, a service_instances row kept alive by a
    // heartbeat), which attempt holds each idempotency claim, and which attempt a resumed one
    // continues. Nullable columns: instant on both stores, and rows written before read as
    // "no owner known".
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('service_instances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('heartbeat_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('deletion_audit').addColumn('owner_id', 'text').execute();
      await db.schema.alterTable('deletion_audit').addColumn('resumed_from', 'text').execute();
      await db.schema.alterTable('idempotency_keys').addColumn('owner_id', 'text').execute();
      await db.schema.alterTable('idempotency_keys').addColumn('attempt_id', 'text').execute();
    },
  },
  '0010_user_read_audit': {
    // Reads made for User references, apart from deletion_audit: deleteUser's records and their
    // writes stay as they are, and a batch of references costs one insert per account it touches.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user_read_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('api_key_id', 'text')
        .addColumn('request_id', 'text')
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('integrated_account_id', 'text', (c) => c.notNull())
        .addColumn('integration', 'text')
        .addColumn('targets', 'text', (c) => c.notNull())
        .addColumn('calls', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('user_read_audit_tenant_id').on('user_read_audit').columns(['tenant_id', 'id']).execute();
    },
  },
  '0011_offboardings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('offboardings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('api_key_id', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('accounts', 'text', (c) => c.notNull())
        .addColumn('runs', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('integrated_accounts').addColumn('default_params', 'text').execute();
      await db.schema.createIndex('offboardings_tenant_key').on('offboardings').columns(['tenant_id', 'idempotency_key']).unique().execute();
    },
  },
};

class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** PostgreSQL stores, with their schema ('' for the connection's default). */
const postgresDbs = new WeakMap<object, string>();

/** Whether the store is PostgreSQL (row locks, several processes) rather than the embedded SQLite. */
export function isPostgres(db: Kysely<DB>): boolean {
  return postgresDbs.has(db);
}

/**
 * The store the configuration names: PostgreSQL when DATABASE_URL is a postgres:// URL (in
 * DATABASE_SCHEMA when given, created if missing), else the embedded SQLite file under DATA_DIR.
 */
export function openDatabase(config: { DATA_DIR: string; DATABASE_URL?: string; DATABASE_SCHEMA?: string; DATABASE_POOL_SIZE?: number }): Kysely<DB> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, config.DATABASE_SCHEMA, config.DATABASE_POOL_SIZE);
  return openSqlite(config.DATA_DIR);
}

export function openPostgres(url: string, schema?: string, poolSize = 10): Kysely<DB> {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('DATABASE_SCHEMA must be a lower-case SQL identifier');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A pool error (a server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool,
      // Awaited before the connection's first query, so every query runs in the schema.
      onCreateConnection: schema
        ? async (conn) => {
            await createSchemaIfMissing(conn, schema);
            await conn.executeQuery(CompiledQuery.raw(`SET search_path TO "${schema}"`));
          }
        : undefined,
    }),
  });
  postgresDbs.set(db, schema ?? '');
  return db;
}

/**
 * `CREATE SCHEMA IF NOT EXISTS` is not safe against itself: two replicas starting together on a
 * fresh schema both find it missing, and the second insert into the catalog fails with a unique
 * violation (23505) or duplicate_schema (42P06). The schema exists then, which is all we need.
 * (A throw here would also leave the pool's client checked out, and the pool's end() waiting.)
 */
async function createSchemaIfMissing(conn: { executeQuery: (q: CompiledQuery) => Promise<unknown> }, schema: string): Promise<void> {
  try {
    await conn.executeQuery(CompiledQuery.raw(`CREATE SCHEMA IF NOT EXISTS "${schema}"`));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw err;
  }
}

export function openSqlite(dataDir: string): Kysely<DB> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const database = new Database(join(dataDir, 'service.sqlite'));
  database.pragma('journal_mode = WAL');
  // Stated, not left to the build: better-sqlite3's SQLite is compiled with
  // DEFAULT_WAL_SYNCHRONOUS=1, which silently turns a WAL database's connections to NORMAL (no
  // fsync at commit) once the file is in WAL mode. FULL syncs the WAL at every commit; audit
  // writes get the same guarantee with the sync off the event loop (Embedded.write).
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const file = join(dataDir, 'service.sqlite');
  // The writer's connection leaves checkpoints to the checkpoint worker while that one runs.
  const writer: WriteWorker = new WriteWorker(file, { checkpointsElsewhere: () => !checkpointer.stats.failure });
  const checkpointer: Checkpointer = new Checkpointer(database, { onStop: () => writer.checkpointHere() });
  const fast = new Embedded(database, { checkpointer, writer });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database, () => fast.invalidate(), () => fast.close()) }) });
  registerEmbedded(db, fast);
  return db;
}

/** A statement that changes what the read caches hold (see embedded.ts), or the schema. */
const CACHE_WRITE = /^\s*(insert|update|delete|replace|create|alter|drop)\b/i;

/**
 * Kysely's SQLite driver prepares every query again, and the same few statements run on every
 * request: keep prepared statements by SQL text (at most `max`, oldest dropped first) and reuse
 * them. Safe with Kysely's one SQLite connection: its mutex runs one query (or one transaction,
 * or one stream) at a time, and a statement still being iterated is never handed out again (a
 * fresh one is prepared). A schema change (DDL) empties the cache.
 *
 * Statements that write the tables the read caches hold (or change the schema) call
 * `onCachedWrite` when they run, so no cache outlives a change made through Kysely.
 */
function withStatementCache(database: Database.Database, onCachedWrite: () => void, onClose: () => void, max = 256): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  const wrap = (sql: string, stmt: Database.Statement): SqliteStatement => {
    if (!(CACHE_WRITE.test(sql) && (CACHED_TABLES.test(sql) || /^\s*(create|alter|drop)\b/i.test(sql)))) return stmt as unknown as SqliteStatement;
    return {
      get reader() {
        return stmt.reader;
      },
      get busy() {
        return stmt.busy;
      },
      all(parameters: readonly unknown[]) {
        try {
          return stmt.all(parameters as unknown[]);
        } finally {
          onCachedWrite();
        }
      },
      run(parameters: readonly unknown[]) {
        try {
          return stmt.run(parameters as unknown[]);
        } finally {
          onCachedWrite();
        }
      },
      iterate(parameters: readonly unknown[]) {
        onCachedWrite();
        return stmt.iterate(parameters as unknown[]);
      },
    } as unknown as SqliteStatement;
  };
  return {
    close: () => {
      onClose();
      database.close();
    },
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit && !(hit as unknown as { busy: boolean }).busy) return hit;
      const stmt = wrap(sql, database.prepare(sql));
      if (/^\s*(create|alter|drop)\b/i.test(sql)) cache.clear();
      else if (!hit) {
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

export async function migrate(db: Kysely<DB>): Promise<void> {
  // On PostgreSQL the migration tables are looked up in the store's own schema (Kysely would
  // otherwise find another schema's kysely_migration table in the same database).
  const schema = postgresDbs.get(db);
  const migrator = new Migrator({ db, provider: new InCodeMigrations(), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    // The database's own message (no credentials: the connection string is never part of it).
    const why = error instanceof Error ? `: ${error.message.slice(0, 300)}` : '';
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}${why}`);
  }
  embeddedOf(db)?.useGeneration();
}
