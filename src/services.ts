/**
 * The service's stores and use cases, opened from the configuration: the store (migrated), the
 * credential cipher, the vendor transport and the deletion use case. The HTTP server
 * (`createApp`) and the operators' CLI (`src/cli`) both open them here, so both run the same code.
 */
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Logger } from 'pino';
import { Recovery } from './deletion/recovery.js';
import { OffboardingService } from './deletion/offboarding.js';
import { DeletionService } from './deletion/service.js';
import type { Metrics } from './observability.js';
import { Transport } from './providers/core/transport.js';
import { getEntry } from './providers/registry.js';
import { AccountStore } from './store/accounts.js';
import { ApiKeyStore } from './store/api-keys.js';
import { AuditStore } from './store/audit.js';
import { Cipher, loadKey, parseKeyList } from './store/crypto.js';
import { hasEncryptedRecords, verifyKeyCheck } from './store/key-check.js';
import { secureDataDir } from './store/data-dir.js';
import { IdempotencyStore } from './store/idempotency.js';
import { InstanceRegistry } from './store/instances.js';
import { migrate, openDatabase, type DB } from './store/db.js';
import { OffboardingStore } from './store/offboardings.js';
import { ReadAuditStore } from './store/read-audit.js';
import { embeddedOf } from './store/embedded.js';

export interface Services {
  db: Kysely<DB>;
  cipher: Cipher;
  accounts: AccountStore;
  apiKeys: ApiKeyStore;
  audit: AuditStore;
  /** Reads made for federation User references. */
  reads: ReadAuditStore;
  idempotency: IdempotencyStore;
  transport: Transport;
  deletion: DeletionService;
  /** Offboarding a person by email across accounts (offboardUser, offboardingPlan, offboarding). */
  offboarding: OffboardingService;
  /** This process's instance row (owner of its deletions; heartbeat). */
  instances: InstanceRegistry;
  /** Marks the deletions of processes that are gone INTERRUPTED (at start, then every lease period). */
  recovery: Recovery;
  /** Closes the vendor transport and the store. */
  close(): Promise<void>;
}

export async function openServices(config: Config, opts: { metrics?: Metrics; log?: Logger } = {}): Promise<Services> {
  // The embedded store's directory 0700, its files and the key file 0600 (store/data-dir.ts).
  if (!config.DATABASE_URL) secureDataDir(config.DATA_DIR);
  const db = openDatabase(config);
  const fast = embeddedOf(db);
  if (fast?.checkpointer) {
    fast.checkpointer.onFailure = (reason) =>
      opts.log?.warn({ reason }, 'the WAL checkpoint worker stopped: the store checkpoints on its own connection again (slower, still safe)');
  }
  if (fast?.writer) {
    fast.writer.onFailure = (reason) =>
      opts.log?.warn({ reason }, 'the store writer stopped: audit records and idempotency keys are committed on the main connection again (slower, still safe)');
  }
  let cipher: Cipher;
  try {
    await migrate(db);
    // The key is generated only for a store holding nothing encrypted, and must read the store's
    // key check: a missing or wrong key refuses the start (store/key-check.ts).
    const { key, source } = await loadKey(config, () => hasEncryptedRecords(db));
    cipher = new Cipher(key, parseKeyList(config.ENCRYPTION_KEYS_PREVIOUS));
    const [current, ...previous] = cipher.readKeyIds;
    const describe = `the configured key (${source}, key ${current})${previous.length ? ` or ENCRYPTION_KEYS_PREVIOUS (${previous.join(', ')})` : ''}`;
    await verifyKeyCheck(db, cipher, describe);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw err;
  }
  const accounts = new AccountStore(db, cipher, getEntry, { allowPrivateHosts: config.ALLOW_PRIVATE_PROVIDER_HOSTS, log: opts.log });
  const apiKeys = new ApiKeyStore(db);
  const transport = new Transport({ allowPrivateHosts: config.ALLOW_PRIVATE_PROVIDER_HOSTS });
  // This process's row (renewed by a heartbeat) owns the deletions it runs; deletions of
  // processes that are gone (a previous life killed mid-deletion) are marked INTERRUPTED now.
  const leaseMs = config.INSTANCE_LEASE_SECONDS * 1000;
  const instances = new InstanceRegistry(db, { leaseMs });
  instances.onLost = () => opts.log?.warn({ instance: instances.id }, 'another process took this one for gone (heartbeat older than INSTANCE_LEASE_SECONDS); registered again');
  const audit = new AuditStore(db, { instanceId: instances.id });
  const reads = new ReadAuditStore(db);
  const idempotency = new IdempotencyStore(db, { ttlMs: config.IDEMPOTENCY_TTL_HOURS * 3_600_000, instanceId: instances.id });
  const recovery = new Recovery({ instances, audit, idempotency, log: opts.log });
  idempotency.owners = recovery;
  try {
    await instances.register();
    await recovery.sweep();
  } catch (err) {
    await instances.close();
    await fast?.drain();
    await db.destroy().catch(() => undefined);
    throw err;
  }
  recovery.start(leaseMs);
  const deletion = new DeletionService({ accounts, audit, reads, idempotency, transport, config, metrics: opts.metrics, log: opts.log });
  const offboarding = new OffboardingService({ deletion, accounts, offboardings: new OffboardingStore(db), config, log: opts.log });
  return {
    db,
    cipher,
    accounts,
    apiKeys,
    audit,
    reads,
    idempotency,
    transport,
    deletion,
    offboarding,
    instances,
    recovery,
    async close() {
      // Offboardings continuing in the background finish their deletions and records first.
      await offboarding.drain();
      recovery.stop();
      await instances.close();
      await transport.close();
      // Audit records and idempotency keys still being committed are committed first.
      await fast?.drain();
      await db.destroy();
    },
  };
}
