/**
 * `npm run bench`: throughput, latency and memory of deleteUser against a local GitHub fake,
 * compared with a minimal Apollo subgraph doing the same three vendor calls; growth with a large
 * store; a federated `_entities` fan-out; and a CPU profile of the service under load.
 * Every process under test runs in its own child process (peak RSS per process). Figures are
 * printed, written to bench/results.json and into BENCHMARKS.md (between the generated markers).
 * Targets are reported, never asserted; the run fails only when the harness or the answers are
 * wrong (an error, a non-2xx, a body that is not a successful deletion, too many vendor reads).
 *
 *   npm run bench                     full run (see README "Benchmarks")
 *   npm run bench -- --smoke          a few seconds, small numbers, writes test-output/bench-smoke.json
 *   npm run bench -- --only c,d       some parts only: a b c d growth entities profile
 *   npm run bench -- --store postgres the service's store on PostgreSQL (TEST_DATABASE_URL or the
 *                                     local server), each service process in a schema of its own,
 *                                     dropped after; figures in bench/results-postgres.json and in
 *                                     BENCHMARKS.md between the PostgreSQL markers
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize, summarizeAllocations, summaryMarkdown, type ProfileSummary, type SamplingHeapProfileNode } from '../scripts/cpuprofile-summary.js';
import { procMemory, type ProcStats } from './lib/ipc.js';
import { mergeLoads, runLoad, type BenchRequest, type LoadResult, type LoadSpec } from './lib/load.js';
import { startChild, type Child } from './lib/proc.js';
import { medianInterval } from './lib/stats.js';
import { benchDatabaseUrl, benchSchema, dropSchema, pgDelta, type PgTableStats } from './lib/pg.js';
import pg from 'pg';

/** A side's paired rounds against the first side's: medians with their 95 % intervals. */
type RoundIntervals = { ratio: ReturnType<typeof medianInterval>; p99DeltaMs: ReturnType<typeof medianInterval> };

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const ORG = 'acme';
/** The service and the baseline run as deployed (graphql-js skips its development-mode checks); NODE_ENV set by the caller wins. */
const NODE_ENV = process.env.NODE_ENV ?? 'production';

// ---------------------------------------------------------------- options

interface Options {
  smoke: boolean;
  /** The service's store: the embedded SQLite (default) or PostgreSQL. */
  store: 'sqlite' | 'postgres';
  connections: number;
  durationSec: number;
  warmupSec: number;
  accounts: number;
  only: Set<string>;
  growthAccounts: number;
  growthAudits: number;
  entities: number;
  entitiesDistinct: number;
  entitiesAccounts: number;
  entitiesLatencyMs: number;
  vendorLatencyMs: number;
  profileSec: number;
  out: string;
  markdown: string | null;
  /** b, c and d are measured in this many rounds taken in turn. */
  rounds: number;
  /** Node flags for the service processes; default: those of `npm start`. */
  nodeFlags: string[] | null;
  /** Allocation sampling counts only objects that survived a young-generation GC (what gets promoted). */
  allocSurvivors: boolean;
  /** b, c and d again at this fraction of b's closed-loop req/s (open loop); 0: not run. */
  fixedRate: number;
  /**
   * A variant of c measured beside it in the same rounds (side v): the service with other node
   * flags and/or environment, to compare a change on this drifting machine. Null: no variant.
   */
  variant: { nodeFlags: string[] | null; env: Record<string, string> } | null;
}

const PARTS = ['a', 'b', 'n', 'c', 'd', 'replicas', 'growth', 'entities', 'profile'];

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    const k = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const inline = eq < 0 ? undefined : a.slice(eq + 1);
    if (inline !== undefined) flags.set(k, inline);
    // --node-flags and --variant-flags take the next argument whatever it is: node's flags start with -- too.
    else if (argv[i + 1] !== undefined && (k === 'node-flags' || k === 'variant-flags' || !(argv[i + 1] as string).startsWith('--'))) flags.set(k, argv[++i] as string);
    else flags.set(k, 'true');
  }
  const smoke = flags.get('smoke') === 'true';
  const known = ['smoke', 'connections', 'duration', 'warmup', 'accounts', 'only', 'growth-accounts', 'growth-audits', 'entities', 'entities-distinct', 'entities-accounts', 'entities-latency-ms', 'vendor-latency-ms', 'profile-duration', 'out', 'markdown', 'node-flags', 'alloc-survivors', 'rounds', 'fixed-rate', 'variant-flags', 'variant-env', 'store'];
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k} (known: ${known.map((x) => `--${x}`).join(' ')})`);
  const num = (k: string, full: number, small: number) => {
    const v = flags.get(k);
    if (v === undefined) return smoke ? small : full;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${k} must be a non-negative number`);
    return n;
  };
  const only = new Set((flags.get('only') ?? PARTS.join(',')).split(',').map((s) => s.trim()).filter(Boolean));
  for (const p of only) if (!PARTS.includes(p)) throw new Error(`--only: unknown part ${p} (parts: ${PARTS.join(', ')})`);
  const entities = num('entities', 1000, 100);
  const markdown = flags.get('markdown') ?? (smoke ? 'none' : 'BENCHMARKS.md');
  const store = flags.get('store') ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--store must be sqlite or postgres, not ${store}`);
  const pgSuffix = store === 'postgres' ? '-postgres' : '';
  return {
    smoke,
    store,
    connections: num('connections', 64, 8),
    durationSec: num('duration', 30, 0.5),
    warmupSec: num('warmup', 3, 0.25),
    accounts: num('accounts', 64, 8),
    only,
    growthAccounts: num('growth-accounts', 100_000, 1_000),
    growthAudits: num('growth-audits', 1_000_000, 10_000),
    entities,
    entitiesDistinct: num('entities-distinct', Math.round(entities * 0.8), Math.round(entities * 0.8)),
    entitiesAccounts: num('entities-accounts', 10, 10),
    entitiesLatencyMs: num('entities-latency-ms', 5, 5),
    vendorLatencyMs: num('vendor-latency-ms', 0, 0),
    profileSec: num('profile-duration', 10, 1),
    out: resolve(ROOT, flags.get('out') ?? (smoke ? `test-output/bench-smoke${pgSuffix}.json` : `bench/results${pgSuffix}.json`)),
    markdown: markdown === 'none' ? null : resolve(ROOT, markdown),
    nodeFlags: flags.has('node-flags') ? (flags.get('node-flags') === 'none' ? [] : (flags.get('node-flags') as string).split(/\s+/).filter(Boolean)) : null,
    allocSurvivors: flags.get('alloc-survivors') === 'true',
    rounds: num('rounds', 30, 1),
    fixedRate: num('fixed-rate', 0.6, 0.6),
    variant:
      flags.has('variant-flags') || flags.has('variant-env')
        ? {
            nodeFlags: flags.has('variant-flags') ? (flags.get('variant-flags') as string).split(/\s+/).filter(Boolean) : null,
            env: Object.fromEntries(
              (flags.get('variant-env') ?? '')
                .split(',')
                .filter(Boolean)
                .map((kv) => {
                  const i = kv.indexOf('=');
                  if (i < 1) throw new Error(`--variant-env: expected K=V[,K=V...], got ${kv}`);
                  return [kv.slice(0, i), kv.slice(i + 1)];
                }),
            ),
          }
        : null,
  };
}

// ---------------------------------------------------------------- requests

const SELECTION = 'id integratedAccountId name emails { email isPrimary } status rawStatus deletionOutcome';
const DELETE_MUTATION = `mutation Bench($id: ID!, $account: ID!, $input: DeleteUserInput) { deleteUser(id: $id, integratedAccountId: $account, input: $input) { ${SELECTION} } }`;

function graphqlRequest(id: string, account: string, auth: boolean): BenchRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${ADMIN_KEY}` } : {}) },
    body: JSON.stringify({ query: DELETE_MUTATION, variables: { id, account, input: { organizationId: ORG } } }),
  };
}

function restRequest(id: string, account: string): BenchRequest {
  return {
    method: 'DELETE',
    path: `/unified/user-directory/users/${encodeURIComponent(id)}?integrated_account_id=${encodeURIComponent(account)}&organization_id=${ORG}`,
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  };
}

const okGraphQL = (body: string) => body.includes('"deletionOutcome":"REMOVED_FROM_CONTAINER"') && !body.includes('"errors"');
const okRest = (body: string) => body.includes('"deletion_outcome":"removed_from_container"');

/** A unique user per request: `<tag>c<connection>n<sequence>`. Connection i always uses account i mod N. */
function perConnection(tag: string, accounts: string[], make: (id: string, account: string) => BenchRequest): LoadSpec['build'] {
  return (connection) => {
    const account = accounts[connection % accounts.length] as string;
    let n = 0;
    return () => make(`${tag}c${connection}n${n++}`, account);
  };
}

// ---------------------------------------------------------------- machine, versions

function versionOf(pkg: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function versions() {
  const pkgs = ['@apollo/server', '@apollo/subgraph', 'graphql', 'type-graphql', 'undici', 'better-sqlite3', 'kysely', 'dataloader', 'autocannon', 'typescript'];
  let commit: string | null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    commit = null;
  }
  return { node: process.version, commit, packages: Object.fromEntries(pkgs.map((p) => [p, versionOf(p)])) };
}

// ---------------------------------------------------------------- scenarios

interface ScenarioResult {
  key: string;
  label: string;
  process: string;
  load: LoadResult;
  warmup: { requests: number; rps: number } | null;
  peakRssBytes: number;
  /** The process under test right after the load: RSS, V8 heap (total, used) and external memory, MB. */
  memoryAfterMB: { rss: number; heapTotal: number; heapUsed: number; external: number; heapUsedAfterGc: number | null };
  /** CPU time of the process under test during the measured load, per request (ms). */
  cpuMsPerRequest: number;
  /**
   * Share of the measured time the process's event loop spent running callbacks (event-loop
   * utilization, %): near 100 the main thread is what limits throughput; below, requests were
   * all waiting on something else (the vendor, the store writer, the load generator), or the
   * load was starting or ending (each short round has both: ~84 % for every process).
   */
  mainThreadBusyPercent: number;
  /** Main-thread (event-loop) time per request, ms: the part of cpuMsPerRequest the other threads do not take. */
  loopMsPerRequest: number;
  /** CPU time of the vendor fake during the measured load, per request (ms). */
  fakeCpuMsPerRequest: number;
  vendor: Record<string, unknown>;
  /** Vendor calls the fake saw per completed request (3 for a GitHub deletion). */
  vendorCallsPerRequest: number;
  /** How many interleaved rounds the load was split into (b, c, d), 1 otherwise. */
  rounds: number;
  /** On PostgreSQL, per request and per table of the service: index and sequential scans, rows inserted, updated, deleted. */
  pgPerRequest: PgTableStats | null;
  /** The service's embedded store: audit writes and the group commits that carried them. */
  groupCommit: {
    writes: number;
    commits: number;
    syncs: number;
    /** Where the commits ran: the store writer's thread, or the service's own connection. */
    committedOn: 'writer thread' | 'service connection';
    writerFailure: string | null;
    freshnessChecks: number;
    reusedChecks: number;
    writesPerCommit: number;
    checkpoints: { pagesCopied: number; maxLogPagesAtRoundEnd: number; holds: number; meanHoldMs: number; workerRunning: boolean; failure: string | null } | null;
  } | null;
}

/** A number with its sign: +1.5, -2, 0. */
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The list starting at its r-th element (mod length): round r of a rotation. */
const rotated = <T>(list: T[], r: number): T[] => list.map((_, i) => list[(i + r) % list.length] as T);

/** The sum of f over the list. */
const total = <T>(list: T[], f: (x: T) => number) => list.reduce((n, x) => n + f(x), 0);

const children = new Set<Child>();
const tempDirs = new Set<string>();

async function child(name: string, script: string, opts?: Parameters<typeof startChild>[2]): Promise<Child> {
  const c = await startChild(name, script, opts);
  children.add(c);
  void c.exited.then(() => children.delete(c));
  return c;
}

async function stopChild(c: Child): Promise<void> {
  await c.stop();
  children.delete(c);
}

const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;

function log(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

/** Waits until the fake has seen no new request for two polls in a row (requests still in flight when a load stops). */
async function quiesce(fake: Child): Promise<void> {
  let last = -1;
  let stable = 0;
  for (let i = 0; i < 100 && stable < 2; i++) {
    const { total } = await fake.call<{ total: number }>('counters');
    stable = total === last ? stable + 1 : 0;
    last = total;
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Round {
  load: LoadResult;
  cpuMicros: number;
  loopActiveMs: number;
  loopIdleMs: number;
  fakeCpuMicros: number;
  vendor: Record<string, unknown>;
  store: StoreStats;
  /** On PostgreSQL: what the server counted on the service's tables during the round. */
  pg: PgTableStats | null;
}


type CheckpointerStats = { running: boolean; pagesCopied: number; logPages: number; holds: number; heldMs: number; failure: string | null };
type StoreStats = { writes: number; commits: number; syncs: number; checks: number; reusedChecks: number; onWriter: boolean; writerFailure: string | null; checkpointer: CheckpointerStats | null } | null;

/** The warm-up load of a target (not measured). */
async function warm(target: Child, opts: Options, spec: (phase: string) => LoadSpec): Promise<ScenarioResult['warmup']> {
  if (opts.warmupSec <= 0) return null;
  const w = await runLoad({ ...spec('warmup'), durationSec: opts.warmupSec });
  return { requests: w.requests, rps: w.rps };
}

/** One measured load, with the CPU time of the target and the fake, and the fake's counters, around it. */
async function measureRound(target: Child, fake: Child, durationSec: number, spec: (phase: string) => LoadSpec, phase = 'measure'): Promise<Round> {
  await quiesce(fake);
  await fake.call('reset');
  const isService = target.name.startsWith('service');
  const storeBefore = isService ? await target.call<StoreStats>('storeStats') : null;
  const pgBefore = isService ? await target.call<PgTableStats | null>('pgTableStats') : null;
  const before = await target.stats();
  const fakeBefore = await fake.stats();
  const load = await runLoad({ ...spec(phase), durationSec });
  if (target !== fake) await quiesce(fake);
  const after = await target.stats();
  const fakeAfter = await fake.stats();
  const vendor = await fake.call<Record<string, unknown>>('counters');
  const storeAfter = isService ? await target.call<StoreStats>('storeStats') : null;
  // The server's statistics reach its views when a backend goes idle (at most ~1 s later).
  if (isService && pgBefore) await new Promise((r) => setTimeout(r, 1100));
  const pgAfter = isService ? await target.call<PgTableStats | null>('pgTableStats') : null;
  return {
    pg: pgDelta(pgBefore, pgAfter),
    load,
    cpuMicros: after.cpuMicros - before.cpuMicros,
    loopActiveMs: after.loopActiveMs - before.loopActiveMs,
    loopIdleMs: after.loopIdleMs - before.loopIdleMs,
    fakeCpuMicros: target === fake ? after.cpuMicros - before.cpuMicros : fakeAfter.cpuMicros - fakeBefore.cpuMicros,
    vendor,
    store:
      storeBefore && storeAfter
        ? {
            writes: storeAfter.writes - storeBefore.writes,
            commits: storeAfter.commits - storeBefore.commits,
            syncs: storeAfter.syncs - storeBefore.syncs,
            checks: storeAfter.checks - storeBefore.checks,
            reusedChecks: storeAfter.reusedChecks - storeBefore.reusedChecks,
            onWriter: storeAfter.onWriter,
            writerFailure: storeAfter.writerFailure,
            checkpointer: storeAfter.checkpointer && {
              ...storeAfter.checkpointer,
              pagesCopied: storeAfter.checkpointer.pagesCopied - (storeBefore.checkpointer?.pagesCopied ?? 0),
              holds: storeAfter.checkpointer.holds - (storeBefore.checkpointer?.holds ?? 0),
              heldMs: storeAfter.checkpointer.heldMs - (storeBefore.checkpointer?.heldMs ?? 0),
            },
          }
        : null,
  };
}

/** The fake's counters of several rounds: counts added, peaks the largest. */
function mergeVendor(rounds: Round[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rounds) {
    for (const [k, v] of Object.entries(r.vendor)) {
      if (typeof v === 'number') out[k] = /^(peak|max)/.test(k) ? Math.max(Number(out[k] ?? 0), v) : Number(out[k] ?? 0) + v;
      else if (Array.isArray(v)) out[k] = [...((out[k] as unknown[]) ?? []), ...v].slice(0, 10);
      else out[k] = v;
    }
  }
  return out;
}

/** The scenario's figures from its rounds, and the target's memory after them. */
async function conclude(key: string, label: string, target: Child, fake: Child, warmup: ScenarioResult['warmup'], rounds: Round[]): Promise<ScenarioResult> {
  const load = mergeLoads(rounds.map((r) => r.load));
  const vendor = mergeVendor(rounds);
  const after = await target.stats();
  const peakRssBytes = await target.peakRss();
  const gcd = target !== fake ? await target.call<ProcStats>('statsAfterGc') : null;
  const perReq = (us: number) => (load.requests ? Math.round((us / 1000 / load.requests) * 1000) / 1000 : NaN);
  const stores = rounds.map((r) => r.store).filter((x): x is NonNullable<StoreStats> => x !== null);
  // On PostgreSQL: per request, the scans and row writes on each of the service's tables.
  const pgRounds = rounds.map((r) => r.pg).filter((x): x is PgTableStats => x !== null);
  const pgPerRequest: ScenarioResult['pgPerRequest'] = pgRounds.length && load.requests ? {} : null;
  if (pgPerRequest) {
    for (const table of new Set(pgRounds.flatMap((x) => Object.keys(x)))) {
      const sum = (k: 'seqScan' | 'idxScan' | 'inserted' | 'updated' | 'deleted') => Math.round((total(pgRounds, (x) => x[table]?.[k] ?? 0) / load.requests) * 100) / 100;
      const t = { seqScan: sum('seqScan'), idxScan: sum('idxScan'), inserted: sum('inserted'), updated: sum('updated'), deleted: sum('deleted') };
      if (Object.values(t).some((v) => v > 0)) pgPerRequest[table] = t;
    }
  }
  const ckpts = stores.map((x) => x.checkpointer).filter((x): x is NonNullable<typeof x> => x !== null);
  const groupCommit = stores.length
    ? {
        writes: total(stores, (x) => x.writes),
        commits: total(stores, (x) => x.commits),
        syncs: total(stores, (x) => x.syncs),
        // Where the commits ran: the store writer's thread (writer.ts), or the service's connection.
        committedOn: stores.every((x) => x.onWriter) ? ('writer thread' as const) : ('service connection' as const),
        writerFailure: stores.find((x) => x.writerFailure)?.writerFailure ?? null,
        // Cache freshness: generation reads, and account lookups that reused one.
        freshnessChecks: total(stores, (x) => x.checks),
        reusedChecks: total(stores, (x) => x.reusedChecks),
        // WAL checkpoints by the worker thread: pages copied, the log's size at the end of each round.
        checkpoints: ckpts.length
          ? {
              pagesCopied: total(ckpts, (x) => x.pagesCopied),
              maxLogPagesAtRoundEnd: Math.max(...ckpts.map((x) => x.logPages)),
              // Group commits held while the worker caught the log up so that it could start over.
              holds: total(ckpts, (x) => x.holds),
              meanHoldMs: Math.round((total(ckpts, (x) => x.heldMs) / Math.max(1, total(ckpts, (x) => x.holds))) * 10) / 10,
              workerRunning: ckpts.every((x) => x.running),
              failure: ckpts.find((x) => x.failure)?.failure ?? null,
            }
          : null,
      }
    : null;
  const result: ScenarioResult = {
    key,
    label,
    process: target.name,
    load,
    rounds: rounds.length,
    warmup,
    peakRssBytes,
    memoryAfterMB: { rss: mb(after.rssBytes), heapTotal: mb(after.heapTotalBytes), heapUsed: mb(after.heapUsedBytes), external: mb(after.externalBytes), heapUsedAfterGc: gcd ? mb(gcd.heapUsedBytes) : null },
    cpuMsPerRequest: perReq(total(rounds, (r) => r.cpuMicros)),
    mainThreadBusyPercent: Math.round((total(rounds, (r) => r.loopActiveMs) / Math.max(1e-9, total(rounds, (r) => r.loopActiveMs + r.loopIdleMs))) * 1000) / 10,
    loopMsPerRequest: perReq(total(rounds, (r) => r.loopActiveMs) * 1000),
    fakeCpuMsPerRequest: perReq(total(rounds, (r) => r.fakeCpuMicros)),
    vendor,
    vendorCallsPerRequest: load.requests ? Math.round((Number(vendor.total ?? 0) / load.requests) * 100) / 100 : NaN,
    pgPerRequest,
    groupCommit: groupCommit && { ...groupCommit, writesPerCommit: groupCommit.commits ? Math.round((groupCommit.writes / groupCommit.commits) * 10) / 10 : 0 },
  };
  log(
    `  ${label}: ${load.rps} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, peak RSS ${mb(peakRssBytes)} MB, ` +
      `CPU ${result.cpuMsPerRequest} ms/req (main thread ${result.loopMsPerRequest} ms/req, busy ${result.mainThreadBusyPercent} %), vendor calls/req ${result.vendorCallsPerRequest}, after: heap ${result.memoryAfterMB.heapUsed}/${result.memoryAfterMB.heapTotal} MB${gcd ? ` (${result.memoryAfterMB.heapUsedAfterGc} MB after a full GC)` : ''}` +
      (result.groupCommit ? `, audit writes ${result.groupCommit.writes} in ${result.groupCommit.commits} commits (on the ${result.groupCommit.committedOn}${result.groupCommit.writerFailure ? `, writer failed: ${result.groupCommit.writerFailure}` : ''}), ${result.groupCommit.syncs} WAL syncs, ${result.groupCommit.freshnessChecks} cache-generation reads (${result.groupCommit.reusedChecks} reused)` : '') +
      (result.groupCommit?.checkpoints
        ? `, checkpoints off-thread: ${result.groupCommit.checkpoints.pagesCopied} pages copied, log ≤ ${result.groupCommit.checkpoints.maxLogPagesAtRoundEnd} pages, ` +
          `${result.groupCommit.checkpoints.holds} holds of ${result.groupCommit.checkpoints.meanHoldMs} ms` +
          (result.groupCommit.checkpoints.failure ? ` (worker failed: ${result.groupCommit.checkpoints.failure})` : '')
        : '') +
      (pgPerRequest
        ? `, PostgreSQL per request: ${Object.entries(pgPerRequest)
            .map(([t, x]) => `${t} ${x.idxScan} index + ${x.seqScan} seq scans, ${x.inserted} ins / ${x.updated} upd / ${x.deleted} del`)
            .join('; ')}`
        : '') +
      (rounds.length > 1 ? ` [${rounds.length} rounds: ${rounds.map((r) => r.load.rps).join(' / ')} req/s]` : '') +
      (load.non2xx || load.errors || load.mismatches ? `  [non2xx ${load.non2xx}, errors ${load.errors}, mismatches ${load.mismatches}]` : ''),
  );
  if (load.sampleMismatch) log(`    first bad body: ${load.sampleMismatch}`);
  return result;
}

/** Warm-up, then one measured load (scenarios that are not interleaved: a, growth). */
async function measure(
  key: string,
  label: string,
  target: Child,
  fake: Child,
  opts: Options,
  spec: (phase: string) => LoadSpec,
): Promise<ScenarioResult> {
  const warmup = await warm(target, opts, spec);
  const round = await measureRound(target, fake, opts.durationSec, spec);
  return conclude(key, label, target, fake, warmup, [round]);
}

/**
 * The node flags `npm start` runs the service with (package.json `scripts.start`: the flags
 * between `node` and `dist/src/main.js`), so the bench measures the service as it is deployed.
 */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const m = /\bnode\s+((?:--[\w-]+(?:=\S+)?\s+)*)dist\/src\/main\.js/.exec(pkg.scripts.start ?? '');
  if (!m) throw new Error('package.json scripts.start does not run node … dist/src/main.js');
  return (m[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

let serviceNodeFlags: string[] = [];
/** The service's store for this run (--store). */
let storeKind: Options['store'] = 'sqlite';
/** PostgreSQL schemas made by this run: each dropped when the run ends, whatever happens. */
const pgSchemas = new Set<string>();

/** On PostgreSQL: the environment that puts a service in `schema` (a new one unless given). */
function storeEnv(tag: string, schema?: string): Record<string, string> {
  if (storeKind !== 'postgres') return {};
  const s = schema ?? benchSchema(tag);
  pgSchemas.add(s);
  return { BENCH_DATABASE_URL: benchDatabaseUrl(), BENCH_DATABASE_SCHEMA: s };
}

/** A service child; `nodeFlags` replaces the flags of `npm start` (or of --node-flags) for it. */
async function startService(name: string, env: Record<string, string> = {}, execArgv: string[] = [], nodeFlags = serviceNodeFlags): Promise<Child> {
  return child(name, 'service.js', { env: { BENCH_ADMIN_KEY: ADMIN_KEY, NODE_ENV, ...storeEnv(name.replace(/^service-?/, '') || 's'), ...env }, execArgv: ['--expose-gc', ...nodeFlags, ...execArgv], startTimeoutMs: 180_000, stdout: process.env.BENCH_SERVICE_STDOUT === 'inherit' ? 'inherit' : 'ignore' });
}

async function graphql(url: string, query: string, variables: Record<string, unknown>): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  serviceNodeFlags = opts.nodeFlags ?? startNodeFlags();
  storeKind = opts.store;
  if (opts.store === 'postgres') setMarkers('postgres');
  const startedAt = new Date();
  const results: Record<string, any> = {
    generatedAt: startedAt.toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    smoke: opts.smoke,
    store: opts.store === 'postgres' ? `PostgreSQL (${benchDatabaseUrl().replace(/\/\/[^@/]*@/, '//')})` : 'embedded SQLite',
    machine: machine(),
    versions: versions(),
    settings: {
      connections: opts.connections,
      durationSec: opts.durationSec,
      rounds: opts.rounds,
      warmupSec: opts.warmupSec,
      accounts: opts.accounts,
      vendorLatencyMs: opts.vendorLatencyMs,
      vendorConcurrencyPerAccount: process.env.VENDOR_CONCURRENCY_PER_ACCOUNT ?? 'default (4; GitHub caps itself at 1)',
      nodeEnv: NODE_ENV,
      serviceNodeFlags,
      logLevel: process.env.LOG_LEVEL ?? 'default (info), to /dev/null',
      parts: [...opts.only],
    },
    scenarios: {} as Record<string, ScenarioResult>,
  };
  const problems: string[] = [];
  const checkLoad = (r: ScenarioResult) => {
    const l = r.load;
    if (l.requests === 0) problems.push(`${r.label}: no request completed`);
    if (l.non2xx || l.errors || l.timeouts || l.mismatches) problems.push(`${r.label}: non2xx ${l.non2xx}, errors ${l.errors}, timeouts ${l.timeouts}, mismatches ${l.mismatches}`);
    if (r.vendor.unexpected) problems.push(`${r.label}: the fake got ${String(r.vendor.unexpected)} unexpected requests`);
  };
  const stamp = Date.now().toString(36);

  log(`bench: ${results.command}`);
  log(`machine: ${results.machine.cpuModel}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, load average ${results.machine.loadAverageAtStart.join(' ')}`);
  log(`settings: ${opts.connections} connections, ${opts.durationSec} s (+${opts.warmupSec} s warm-up) per scenario, ${opts.accounts} accounts`);

  const fake = await child('vendor-fake', 'vendor-fake.js');
  const fakeUrl = fake.ready.url as string;
  await fake.call('configure', { latencyMs: opts.vendorLatencyMs });
  const baselineAccounts = Array.from({ length: opts.accounts }, (_, i) => String(i));
  const S = results.scenarios as Record<string, ScenarioResult>;
  const onPg = opts.store === 'postgres' ? ' (PostgreSQL)' : '';

  if (opts.only.has('a')) {
    log('a. vendor fake alone (the floor)');
    // One connection cycles through the three calls of one deletion, a new user every three requests.
    const spec = (phase: string): LoadSpec => ({
      url: fakeUrl,
      connections: opts.connections,
      durationSec: opts.durationSec,
      verify: () => true,
      build: (connection) => {
        let n = 0;
        const base = `/a/${connection % opts.accounts}`;
        const headers = { accept: 'application/vnd.github+json', authorization: 'Bearer ghp_floor' };
        return () => {
          const k = n++;
          const login = `${phase}${stamp}c${connection}n${Math.floor(k / 3)}`;
          const step = k % 3;
          if (step === 0) return { method: 'GET', path: `${base}/orgs/${ORG}/memberships/${login}`, headers };
          if (step === 1) return { method: 'GET', path: `${base}/users/${login}`, headers };
          return { method: 'DELETE', path: `${base}/orgs/${ORG}/members/${login}`, headers };
        };
      },
    });
    const r = await measure('a', 'a. vendor fake alone', fake, fake, opts, spec);
    r.vendorCallsPerRequest = 1;
    S.a = r;
    checkLoad(r);
  }

  // ---- b, c, d: side by side. All three processes run from the start; the measured time of each
  // is split into rounds taken in turn (b c d, c d b, d b c, ...), so a machine that slows down or
  // speeds up during the run affects all three alike.
  interface Side {
    key: string;
    label: string;
    target: Child;
    spec: (phase: string) => LoadSpec;
    warmup?: ScenarioResult['warmup'];
    rounds: Round[];
  }
  /** A process under a deleteUser load: one request shape, checked by `verify`. */
  const loadSide = (key: string, label: string, target: Child, accounts: string[], make: (id: string, account: string) => BenchRequest, verify: (body: string) => boolean): Side => ({
    key,
    label,
    target,
    rounds: [],
    spec: (phase) => ({
      url: target.ready.url as string,
      connections: opts.connections,
      durationSec: opts.durationSec,
      verify,
      build: perConnection(`${key}${phase}${stamp}`, accounts, make),
    }),
  });
  /** A service process: GraphQL deleteUser with the admin key, or REST with `rest`. */
  const serviceSide = (key: string, label: string, svc: Child, accounts: string[], rest = false): Side =>
    rest ? loadSide(key, label, svc, accounts, restRequest, okRest) : loadSide(key, label, svc, accounts, (id, acct) => graphqlRequest(id, acct, true), okGraphQL);
  const sides: Side[] = [];
  /** A baseline process under the GraphQL deleteUser load. */
  const baselineSide = async (key: string, label: string, name: string): Promise<Side> => {
    const baseline = await child(name, 'baseline.js', { env: { BENCH_FAKE_URL: fakeUrl, NODE_ENV }, execArgv: ['--expose-gc'] });
    return loadSide(key, label, baseline, baselineAccounts, (id, acct) => graphqlRequest(id, acct, false), okGraphQL);
  };
  /** A service process with its GitHub accounts on the fake, under the GraphQL or REST load. */
  const startedServiceSide = async (key: string, label: string, rest: boolean, env: Record<string, string> = {}, nodeFlags?: string[]): Promise<Side> => {
    const svc = await startService(`service-${key}`, env, [], nodeFlags);
    const accounts = await svc.call<string[]>('createAccounts', { fakeUrl, count: opts.accounts });
    return serviceSide(key, label, svc, accounts, rest);
  };
  if (opts.only.has('b')) {
    sides.push(await baselineSide('b', 'b. baseline resolver (GraphQL)', 'baseline'));
    // n: the same baseline in a second process, in the same rounds. What two identical processes
    // differ by in this run is the floor under every comparison with b (the noise of the machine
    // and of the method), printed beside the targets.
    if (opts.only.has('n')) sides.push(await baselineSide('n', 'n. baseline again, a second process (noise floor)', 'baseline-n'));
  }
  for (const [key, label, rest] of [
    ['c', `c. service deleteUser through GraphQL${onPg}`, false],
    ['d', `d. service deletion through REST${onPg}`, true],
  ] as const) {
    if (!opts.only.has(key)) continue;
    sides.push(await startedServiceSide(key, label, rest));
    if (key === 'c' && opts.variant) {
      const v = opts.variant;
      const what = [v.nodeFlags ? `node flags ${v.nodeFlags.join(' ') || '(none)'}` : '', Object.keys(v.env).length ? `env ${Object.entries(v.env).map(([k, x]) => `${k}=${x}`).join(' ')}` : ''].filter(Boolean).join(', ');
      sides.push(await startedServiceSide('v', `v. as c, with ${what}`, false, v.env, v.nodeFlags ?? undefined));
    }
  }
  const runSides = async (list: Side[]) => {
    // A multiple of the sides, so that each takes every place in a round equally often.
    const rounds = Math.max(1, Math.ceil(Math.round(opts.rounds) / list.length) * list.length);
    log(`${list.map((x) => x.label).join('; ')}: ${rounds} round(s) of ${Math.round((opts.durationSec / rounds) * 100) / 100} s each, in turn`);
    for (const side of list) side.warmup = await warm(side.target, opts, side.spec);
    for (let r = 0; r < rounds; r++) {
      // Each round starts with the next side (b c d, c d b, d b c, …): the order within a round
      // matters here (measured with b c d / d c b: c/b 0.78, 0.79, 0.84 in b-first rounds, 1.0
      // and 0.96 in the others), so every side takes every place equally often (rounds a
      // multiple of the sides).
      // The phase names the users: every round removes users no earlier round used.
      for (const side of rotated(list, r)) side.rounds.push(await measureRound(side.target, fake, opts.durationSec / rounds, side.spec, `r${r}`));
    }
    // The same processes at a fixed rate below saturation (open loop): the latency each adds to a
    // request without the queueing of a closed loop at full load, where p99 follows throughput.
    const [base] = list;
    if (opts.fixedRate > 0 && base?.key === 'b' && list.length > 1) {
      const rate = Math.max(1, Math.round(mergeLoads(base.rounds.map((x) => x.load)).rps * opts.fixedRate));
      const loads = new Map<Side, LoadResult[]>(list.map((x) => [x, []]));
      for (let r = 0; r < rounds; r++) {
        for (const side of rotated(list, r)) {
          await quiesce(fake);
          loads.get(side)!.push(await runLoad({ ...side.spec(`f${r}`), durationSec: opts.durationSec / rounds / 2, overallRate: rate }));
        }
      }
      const merged = Object.fromEntries([...loads].map(([side, l]) => [side.key, mergeLoads(l)]));
      const b = merged[base.key] as LoadResult;
      results.fixedRate = {
        fractionOfBaseline: opts.fixedRate,
        requestsPerSecond: rate,
        sides: Object.fromEntries(Object.entries(merged).map(([k, l]) => [k, { rps: l.rps, latencyMs: l.latencyMs, non2xx: l.non2xx, errors: l.errors, mismatches: l.mismatches }])),
        p99DeltaMs: Object.fromEntries(Object.entries(merged).filter(([k]) => k !== base.key).map(([k, l]) => [k, Math.round((l.latencyMs.p99 - b.latencyMs.p99) * 100) / 100])),
      };
      log(`  at a fixed ${rate} req/s (${opts.fixedRate} of b's): ` + Object.entries(merged).map(([k, l]) => `${k} p50 ${l.latencyMs.p50} / p99 ${l.latencyMs.p99} ms`).join('; '));
      for (const [k, l] of Object.entries(merged)) if (l.non2xx || l.errors || l.mismatches) problems.push(`fixed rate ${k}: non2xx ${l.non2xx}, errors ${l.errors}, mismatches ${l.mismatches}`);
    }
    for (const side of list) {
      const result = await conclude(side.key, side.label, side.target, fake, side.warmup ?? null, side.rounds);
      S[side.key] = result;
      checkLoad(result);
      await stopChild(side.target);
    }
    // Each round's throughput against the first side's in the same round: how much the ratio
    // moves within one run (the machine's noise), next to the ratio of the whole run.
    const [first, ...others] = list;
    if (first && others.length && rounds > 1) {
      for (const side of others) {
        const ratios = side.rounds.map((r, i) => Math.round((r.load.rps / (first.rounds[i]?.load.rps || NaN)) * 100) / 100);
        const p99 = side.rounds.map((r, i) => Math.round((r.load.latencyMs.p99 - (first.rounds[i]?.load.latencyMs.p99 ?? NaN)) * 10) / 10);
        roundRatios[`${side.key}/${first.key}`] = ratios;
        roundP99Deltas[`${side.key}-${first.key}`] = p99;
        const ri = medianInterval(ratios);
        const pi = medianInterval(p99);
        roundIntervals[side.key] = { ratio: ri, p99DeltaMs: pi };
        log(`  ${side.key}/${first.key} by round: req/s ${ratios.join(' / ')}; Δ p99 ms ${p99.map(signed).join(' / ')}`);
        if (ri && pi) log(`  ${side.key} against ${first.key}, median of the paired rounds (95 % interval): req/s ×${ri.median} [${ri.low}, ${ri.high}], Δ p99 ${signed(pi.median)} ms [${signed(pi.low)}, ${signed(pi.high)}]`);
      }
    }
  };
  const roundRatios: Record<string, number[]> = {};
  const roundP99Deltas: Record<string, number[]> = {};
  results.roundRatios = roundRatios;
  results.roundP99Deltas = roundP99Deltas;
  /** Per side, the median of its paired rounds against the first side's, with a 95 % bootstrap interval. */
  const roundIntervals: Record<string, RoundIntervals> = {};
  results.roundIntervals = roundIntervals;
  if (sides.length) await runSides(sides);

  // ---- replicas (PostgreSQL only): two service processes on one schema, the connections split
  // between them, against one process with all of them on a schema of its own, in the same
  // rounds; then the checks that nothing was lost or duplicated between the two.
  if (opts.only.has('replicas') && opts.store !== 'postgres') log('replicas: PostgreSQL only (--store postgres), skipped');
  if (opts.only.has('replicas') && opts.store === 'postgres') {
    const shared = benchSchema('replicas');
    const one = await startService('service-replicas-one');
    const r1 = await startService('service-replicas-1', storeEnv('replicas', shared));
    const r2 = await startService('service-replicas-2', storeEnv('replicas', shared));
    const oneAccounts = await one.call<string[]>('createAccounts', { fakeUrl, count: opts.accounts });
    const sharedAccounts = await r1.call<string[]>('createAccounts', { fakeUrl, count: opts.accounts });
    const half = Math.max(1, Math.floor(opts.connections / 2));
    /** A load on both replicas at once, half the connections each, merged. */
    const both = async (phase: string, durationSec: number): Promise<LoadResult> => {
      const [x, y] = await Promise.all(
        [r1, r2].map((svc, k) =>
          runLoad({
            url: svc.ready.url as string,
            connections: k === 0 ? half : opts.connections - half,
            durationSec,
            verify: okGraphQL,
            // Connection numbers go on across the two, so that users and accounts never collide.
            build: (connection) => perConnection(`rep${phase}${stamp}`, sharedAccounts, (id, acct) => graphqlRequest(id, acct, true))(connection + k * half),
          }),
        ),
      );
      // Both ran at once: the merged load lasted as long as the longer of the two.
      const m = mergeLoads([x as LoadResult, y as LoadResult]);
      m.durationSec = Math.max((x as LoadResult).durationSec, (y as LoadResult).durationSec);
      m.rps = Math.round((m.requests / Math.max(1e-9, m.durationSec)) * 10) / 10;
      return m;
    };
    const oneSpec = (phase: string): LoadSpec => ({
      url: one.ready.url as string,
      connections: opts.connections,
      durationSec: opts.durationSec,
      verify: okGraphQL,
      build: perConnection(`one${phase}${stamp}`, oneAccounts, (id, acct) => graphqlRequest(id, acct, true)),
    });
    if (opts.warmupSec > 0) {
      await runLoad({ ...oneSpec('w'), durationSec: opts.warmupSec });
      await both('w', opts.warmupSec);
    }
    const rounds = Math.max(2, Math.round(opts.rounds / 2) * 2);
    const oneLoads: LoadResult[] = [];
    const twoLoads: LoadResult[] = [];
    let twoVendorDeletes = 0;
    for (let r = 0; r < rounds; r++) {
      for (const which of r % 2 ? ['two', 'one'] : ['one', 'two']) {
        await quiesce(fake);
        const before = (await fake.call<{ delete: number }>('counters')).delete;
        if (which === 'one') oneLoads.push(await runLoad({ ...oneSpec(`r${r}`), durationSec: opts.durationSec / rounds }));
        else twoLoads.push(await both(`r${r}`, opts.durationSec / rounds));
        await quiesce(fake);
        if (which === 'two') twoVendorDeletes += (await fake.call<{ delete: number }>('counters')).delete - before;
      }
    }
    const oneLoad = mergeLoads(oneLoads);
    const twoLoad = mergeLoads(twoLoads);
    const twoRps = twoLoad.rps;
    // Idempotency across the two: each key sent to both at once (same user), then again to the other.
    await quiesce(fake);
    const idemBefore = (await fake.call<{ delete: number }>('counters')).delete;
    const keys = opts.smoke ? 5 : 20;
    let idemOk = 0;
    const post = async (svc: Child, id: string, key: string) => {
      const req = graphqlRequest(id, sharedAccounts[0] as string, true);
      const res = await fetch(`${svc.ready.url as string}${req.path}`, { method: 'POST', headers: { ...req.headers, 'idempotency-key': key }, body: req.body });
      return res.text();
    };
    for (let i = 0; i < keys; i++) {
      const id = `idem${stamp}u${i}`;
      const key = `bench-${stamp}-${i}`;
      const pair = await Promise.all([post(r1, id, key), post(r2, id, key)]);
      const again = await post(i % 2 ? r1 : r2, id, key);
      if (pair.some(okGraphQL) && okGraphQL(again)) idemOk++;
      else if (idemOk === i) log(`    idempotency key ${i}: ${pair.map((b) => b.slice(0, 200)).join(' | ')} | again ${again.slice(0, 200)}`);
    }
    await quiesce(fake);
    const idemDeletes = (await fake.call<{ delete: number }>('counters')).delete - idemBefore;
    // The audit of the shared schema: every successful deletion once.
    const client = new pg.Client({ connectionString: benchDatabaseUrl() });
    await client.connect();
    let audit: { succeeded: number; distinctTargets: number; otherStates: number };
    try {
      const q = await client.query<{ succeeded: string; distinct_targets: string; other: string }>(
        `SELECT count(*) FILTER (WHERE state = 'SUCCEEDED' AND target_id LIKE 'repr%') AS succeeded,
                count(DISTINCT target_id) FILTER (WHERE state = 'SUCCEEDED' AND target_id LIKE 'repr%') AS distinct_targets,
                count(*) FILTER (WHERE state <> 'SUCCEEDED' AND target_id LIKE 'repr%') AS other
         FROM "${shared}".deletion_audit`,
      );
      const row = q.rows[0]!;
      audit = { succeeded: Number(row.succeeded), distinctTargets: Number(row.distinct_targets), otherStates: Number(row.other) };
    } finally {
      await client.end();
    }
    // The measured rounds' users (ids `repr…`; the warm-up's are `repw…`): every vendor removal
    // audited once as SUCCEEDED, every completed request among them.
    const checks = {
      eachDeletionAuditedOnce: audit.succeeded === audit.distinctTargets && audit.otherStates === 0,
      vendorDeletesMatchAudit: twoVendorDeletes === audit.succeeded,
      completedRequestsAudited: twoLoad.requests <= audit.succeeded,
      idempotencyKeysHonouredAcross: idemOk === keys && idemDeletes === keys,
      oauthRefreshSingleFlight: null as boolean | null,
    };
    results.replicas = {
      oneProcess: { rps: oneLoad.rps, p50Ms: oneLoad.latencyMs.p50, p99Ms: oneLoad.latencyMs.p99, requests: oneLoad.requests },
      twoProcesses: { rps: twoRps, p50Ms: twoLoad.latencyMs.p50, p99Ms: twoLoad.latencyMs.p99, requests: twoLoad.requests, vendorDeletes: twoVendorDeletes },
      ratio: Math.round((twoRps / oneLoad.rps) * 100) / 100,
      rounds,
      audit,
      idempotency: { keys, honoured: idemOk, vendorDeletes: idemDeletes },
      checks,
    };
    log(
      `replicas: two processes on one schema ${twoRps} req/s (p99 ${twoLoad.latencyMs.p99} ms) against one process ${oneLoad.rps} req/s (p99 ${oneLoad.latencyMs.p99} ms), ×${results.replicas.ratio}; ` +
        `audit ${audit.succeeded} succeeded / ${audit.distinctTargets} distinct users / ${audit.otherStates} other; vendor deletes ${twoVendorDeletes}; idempotency ${idemOk}/${keys} keys, ${idemDeletes} vendor deletes; ` +
        `checks ${JSON.stringify(checks)}`,
    );
    for (const l of [oneLoad, twoLoad]) if (l.non2xx || l.errors || l.mismatches) problems.push(`replicas: non2xx ${l.non2xx}, errors ${l.errors}, mismatches ${l.mismatches}`);
    for (const [k, v] of Object.entries(checks)) if (v === false) problems.push(`replicas: check ${k} failed`);
    await Promise.all([one, r1, r2].map((c) => stopChild(c)));
  }

  // ---- growth: a large store
  let seededDir: string | undefined;
  /** The environment that opens the seeded store: its directory, or its PostgreSQL schema. */
  let seededEnv: Record<string, string> = {};
  let picked: string[] = [];
  if (opts.only.has('growth') || opts.only.has('entities')) {
    log(`growth: seeding ${opts.growthAccounts} integrated accounts and ${opts.growthAudits} audit records`);
    seededDir = mkdtempSync(join(os.tmpdir(), 'uud-bench-growth-'));
    tempDirs.add(seededDir);
    seededEnv = { BENCH_DATA_DIR: seededDir };
    const pgSeed = opts.store === 'postgres' ? { url: benchDatabaseUrl(), schema: benchSchema('growth') } : null;
    if (pgSeed) {
      pgSchemas.add(pgSeed.schema);
      seededEnv = { BENCH_DATA_DIR: seededDir, ...storeEnv('growth', pgSeed.schema) };
    }
    const seeder = await child('seed', 'seed.js');
    // The load accounts and the _entities accounts, spread over the whole store.
    const need = Math.max(opts.accounts, opts.entitiesAccounts);
    const pick = Array.from({ length: need }, (_, i) => Math.floor((i * opts.growthAccounts) / need));
    const seeded = await seeder.call<{ accounts: number; audits: number; accountsMs: number; auditsMs: number; dbBytes: number; picked: string[] }>(
      pgSeed ? 'seedPostgres' : 'seed',
      { dataDir: seededDir, fakeUrl, accounts: opts.growthAccounts, audits: opts.growthAudits, pick, ...pgSeed },
      1_800_000,
    );
    await stopChild(seeder);
    picked = seeded.picked;
    results.growth = {
      store: {
        accounts: seeded.accounts,
        auditRecords: seeded.audits,
        seedAccountsMs: Math.round(seeded.accountsMs),
        seedAuditsMs: Math.round(seeded.auditsMs),
        databaseMB: mb(seeded.dbBytes),
      },
    };
    log(`  seeded in ${Math.round((seeded.accountsMs + seeded.auditsMs) / 100) / 10} s, database ${mb(seeded.dbBytes)} MB`);
  }

  if (opts.only.has('growth') && seededDir) {
    // The large store against an empty one, side by side in the same rounds (a fresh service
    // on a new temp store), so the ratio is not a comparison across minutes of a drifting machine.
    const large = await startService('service-growth', seededEnv);
    const empty = await startService('service-growth-empty');
    const emptyAccounts = await empty.call<string[]>('createAccounts', { fakeUrl, count: opts.accounts });
    const serviceStartMs = Math.round(Number(large.ready.startMs));
    await runSides([
      serviceSide('growth', `growth. deleteUser through GraphQL, large store${onPg}`, large, picked.slice(0, opts.accounts)),
      serviceSide('growthEmpty', `growth. deleteUser through GraphQL, empty store (same rounds)${onPg}`, empty, emptyAccounts),
    ]);
    const r = S.growth as ScenarioResult;
    const e = S.growthEmpty as ScenarioResult;
    results.growth.deleteUser = {
      rps: r.load.rps,
      p99Ms: r.load.latencyMs.p99,
      emptyStoreRps: e.load.rps,
      emptyStoreP99Ms: e.load.latencyMs.p99,
      ratioToEmptyStore: Math.round((r.load.rps / e.load.rps) * 100) / 100,
      cpuMsPerRequest: r.cpuMsPerRequest,
      emptyStoreCpuMsPerRequest: e.cpuMsPerRequest,
      serviceStartMs,
    };
    log(`  growth: ${r.load.rps} req/s vs ${e.load.rps} on the empty store in the same rounds (ratio ${results.growth.deleteUser.ratioToEmptyStore})`);
  }

  if (opts.only.has('entities') && seededDir) {
    log(`entities: one _entities request with ${opts.entities} User representations (${opts.entitiesDistinct} distinct users) on ${opts.entitiesAccounts} accounts`);
    const svc = await startService('service-entities', seededEnv);
    const url = svc.ready.url as string;
    const accounts = picked.slice(0, opts.entitiesAccounts);
    const query = 'query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name } } }';
    // Warm-up: a small request with other users, so the big one does not pay for first-use compilation alone.
    const warm = accounts.map((a, i) => ({ __typename: 'User', id: `warm${stamp}u${i}`, integratedAccountId: a }));
    const w = await graphql(url, query, { r: warm });
    if (w.body.errors) problems.push(`entities warm-up failed: ${w.text.slice(0, 300)}`);
    await fake.call('configure', { latencyMs: opts.entitiesLatencyMs, trackReads: true });
    await fake.call('reset');
    // Representation i names distinct user (i mod D) on account (user mod A): duplicates repeat a pair.
    const reps = Array.from({ length: opts.entities }, (_, i) => {
      const u = i % Math.max(1, opts.entitiesDistinct);
      return { __typename: 'User', id: `e${stamp}u${u}`, integratedAccountId: accounts[u % accounts.length] };
    });
    const distinct = new Set(reps.map((r) => `${r.integratedAccountId}/${r.id}`)).size;
    const before = procMemory(svc.pid);
    const selfBefore = await svc.stats();
    const t0 = performance.now();
    const res = await graphql(url, query, { r: reps });
    const durationMs = Math.round((performance.now() - t0) * 10) / 10;
    const selfAfter = await svc.stats();
    const after = procMemory(svc.pid);
    const counters = await fake.call<{ user: number; total: number; maxReadsOfOneUser: number; peakInFlight: number; peakInFlightPerAccount: number }>('counters');
    await fake.call('configure', { latencyMs: opts.vendorLatencyMs, trackReads: false });
    await stopChild(svc);
    const entities = (res.body?.data?._entities ?? []) as Array<{ id: string } | null>;
    const correct = entities.length === reps.length && entities.every((e, i) => e?.id === reps[i]?.id);
    const rssBefore = before?.rssBytes ?? selfBefore.rssBytes;
    const rssAfter = after?.rssBytes ?? selfAfter.rssBytes;
    const hwmAfter = after?.hwmBytes ?? selfAfter.maxRssBytes;
    results.entities = {
      representations: reps.length,
      distinctUsers: distinct,
      accounts: accounts.length,
      vendorLatencyMs: opts.entitiesLatencyMs,
      vendorReads: counters.user,
      vendorCallsTotal: counters.total,
      maxReadsOfOneUser: counters.maxReadsOfOneUser,
      readsAtMostOnePerDistinctUser: counters.user <= distinct && counters.maxReadsOfOneUser <= 1,
      peakConcurrentVendorCallsPerAccount: counters.peakInFlightPerAccount,
      peakConcurrentVendorCalls: counters.peakInFlight,
      durationMs,
      status: res.status,
      errors: res.body?.errors?.length ?? 0,
      allResolved: correct,
      rssBeforeMB: mb(rssBefore),
      rssAfterMB: mb(rssAfter),
      peakRssAfterMB: mb(hwmAfter),
      rssGrowthMB: mb(rssAfter - rssBefore),
      peakRssGrowthMB: mb(hwmAfter - rssBefore),
    };
    const e = results.entities;
    log(
      `  ${e.representations} refs (${e.distinctUsers} distinct): ${e.vendorReads} vendor reads, peak ${e.peakConcurrentVendorCallsPerAccount} concurrent per account ` +
        `(${e.peakConcurrentVendorCalls} overall), ${e.durationMs} ms, RSS ${e.rssBeforeMB} → ${e.rssAfterMB} MB (peak ${e.peakRssAfterMB} MB)`,
    );
    if (!correct || e.errors) problems.push(`entities: ${e.errors} errors, all resolved: ${correct}; ${res.text.slice(0, 300)}`);
    if (!e.readsAtMostOnePerDistinctUser) problems.push(`entities: ${e.vendorReads} vendor reads for ${distinct} distinct users (max ${e.maxReadsOfOneUser} of one)`);
  }
  if (seededDir) {
    rmSync(seededDir, { recursive: true, force: true });
    tempDirs.delete(seededDir);
  }

  // ---- CPU profile of the service under a GraphQL load
  if (opts.only.has('profile')) {
    log(`profile: service with --cpu-prof, ${opts.profileSec} s of GraphQL deleteUser`);
    const profDir = mkdtempSync(join(os.tmpdir(), 'uud-bench-prof-'));
    tempDirs.add(profDir);
    const svc = await startService('service-profile', {}, ['--cpu-prof', '--cpu-prof-dir', profDir]);
    const accounts = await svc.call<string[]>('createAccounts', { fakeUrl, count: opts.accounts });
    const spec = (phase: string): LoadSpec => ({
      url: svc.ready.url as string,
      connections: opts.connections,
      durationSec: opts.profileSec,
      verify: okGraphQL,
      build: perConnection(`p${phase}${stamp}`, accounts, (id, acct) => graphqlRequest(id, acct, true)),
    });
    if (opts.warmupSec > 0) await runLoad({ ...spec('w'), durationSec: opts.warmupSec });
    const from = (await svc.stats()).hrtimeMicros;
    const load = await runLoad(spec('m'));
    const to = (await svc.stats()).hrtimeMicros;
    // Then where it allocates: the same load again under V8's sampling heap profiler (kept out
    // of the CPU window above, it slows the process down).
    await svc.call('startAllocationSampling', { survivorsOnly: opts.allocSurvivors });
    const allocLoad = await runLoad({ ...spec('alloc'), durationSec: Math.max(1, opts.profileSec / 2) });
    const heapProfile = await svc.call<{ head: SamplingHeapProfileNode }>('stopAllocationSampling', undefined, 120_000);
    const allocations = summarizeAllocations(heapProfile.head, allocLoad.requests, 20);
    results.allocations = { load: { requests: allocLoad.requests, rps: allocLoad.rps }, summary: allocations };
    log(`  allocations: ~${Math.round(allocations.bytesPerRequest / 1024)} KB per request (${allocLoad.requests} requests sampled); by where the code lives:`);
    for (const r of allocations.byLocation.slice(0, 8)) log(`    ${String(r.percent).padStart(5)}%  ${Math.round(r.bytesPerRequest / 102.4) / 10} KB/req  ${r.name}`);
    await stopChild(svc);
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) {
      problems.push('profile: no .cpuprofile was written');
    } else {
      const keepDir = join(ROOT, 'bench', 'out');
      mkdirSync(keepDir, { recursive: true });
      const kept = join(keepDir, opts.smoke ? 'service-graphql.smoke.cpuprofile' : 'service-graphql.cpuprofile');
      renameSync(join(profDir, file), kept);
      const summary: ProfileSummary = summarize(JSON.parse(readFileSync(kept, 'utf8')), { from, to, top: 25 });
      results.profile = { file: relative(ROOT, kept), load: { requests: load.requests, rps: load.rps }, summary };
      log(`  ${load.requests} requests; profile ${relative(ROOT, kept)}; top self time:`);
      for (const r of summary.functions.slice(0, 10)) log(`    ${String(r.percent).padStart(5)}%  ${r.name}  ${r.where}`);
      if (load.non2xx || load.errors || load.mismatches) problems.push(`profile load: non2xx ${load.non2xx}, errors ${load.errors}, mismatches ${load.mismatches}`);
    }
    rmSync(profDir, { recursive: true, force: true });
    tempDirs.delete(profDir);
  }

  await stopChild(fake);

  results.comparison = compare(S, opts);
  results.machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  results.durationSec = Math.round((Date.now() - startedAt.getTime()) / 100) / 10;
  results.problems = problems;
  results.ok = problems.length === 0;

  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nresults written to ${relative(ROOT, opts.out)}`);
  if (opts.markdown) {
    writeMarkdown(opts.markdown, results);
    log(`figures written to ${relative(ROOT, opts.markdown)}`);
  }
  printComparison(results.comparison);
  if (problems.length) {
    log(`\nPROBLEMS:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------- comparison and report

interface Target {
  what: string;
  target: string;
  value: string;
  met: boolean | null;
}

function compare(S: Record<string, ScenarioResult>, opts: Options) {
  const base = S.b;
  const rows = ['a', 'b', 'n', 'c', 'd', 'v', 'growth', 'growthEmpty']
    .filter((k) => S[k])
    .map((k) => {
      const r = S[k] as ScenarioResult;
      return {
        key: k,
        label: r.label,
        rps: r.load.rps,
        p50Ms: r.load.latencyMs.p50,
        p99Ms: r.load.latencyMs.p99,
        peakRssMB: mb(r.peakRssBytes),
        heapAfterGcMB: r.memoryAfterMB.heapUsedAfterGc,
        cpuMsPerRequest: r.cpuMsPerRequest,
        loopMsPerRequest: r.loopMsPerRequest,
        mainThreadBusyPercent: r.mainThreadBusyPercent,
        rpsRatio: base && k !== 'a' ? Math.round((r.load.rps / base.load.rps) * 1000) / 1000 : null,
        p99DeltaMs: base && k !== 'a' ? Math.round((r.load.latencyMs.p99 - base.load.latencyMs.p99) * 100) / 100 : null,
        rssRatio: base && k !== 'a' ? Math.round((r.peakRssBytes / base.peakRssBytes) * 100) / 100 : null,
        cpuRatio: base && k !== 'a' ? Math.round((r.cpuMsPerRequest / base.cpuMsPerRequest) * 100) / 100 : null,
      };
    });
  const row = (k: string) => rows.find((r) => r.key === k);
  // A smoke run (a fraction of a second per side) says nothing about them: n/a.
  const targets: Target[] = [];
  const c = row('c');
  const d = row('d');
  // Issue #25: on PostgreSQL GraphQL ≥ 0.9× the baseline, p99 within the noise floor's margin
  // (the larger of 2 ms and what a second baseline process differs from the first by in this run).
  const pgRun = opts.store === 'postgres';
  const nRow = row('n');
  const p99Margin = pgRun && nRow?.p99DeltaMs != null ? Math.max(2, Math.abs(nRow.p99DeltaMs)) : 2;
  const minRatio = pgRun ? 0.9 : 0.85;
  const where = pgRun ? ' (PostgreSQL)' : '';
  if (c && c.rpsRatio !== null) targets.push({ what: `GraphQL throughput vs baseline${where}`, target: `≥ ${minRatio}×`, value: `${c.rpsRatio}×`, met: opts.smoke ? null : c.rpsRatio >= minRatio });
  if (c && c.p99DeltaMs !== null) targets.push({ what: `GraphQL p99 vs baseline${where}`, target: pgRun ? `≤ +${p99Margin} ms (noise floor's margin, at least 2 ms)` : '≤ +2 ms', value: `${signed(c.p99DeltaMs)} ms`, met: opts.smoke ? null : c.p99DeltaMs <= p99Margin });
  if (d && d.rpsRatio !== null) targets.push({ what: 'REST throughput vs baseline', target: '≥ 0.9×', value: `${d.rpsRatio}×`, met: opts.smoke ? null : d.rpsRatio >= 0.9 });
  for (const r of [c, d].filter((x): x is NonNullable<typeof x> => !!x)) {
    targets.push({
      what: `peak RSS, ${r.key === 'c' ? 'GraphQL' : 'REST'} (service process)`,
      target: '< 200 MB at concurrency 64',
      value: `${r.peakRssMB} MB at concurrency ${opts.connections}`,
      met: opts.connections === 64 ? r.peakRssMB < 200 : null,
    });
  }
  const g = row('growth');
  const ge = row('growthEmpty');
  if (g && ge) {
    const ratio = Math.round((g.rps / ge.rps) * 1000) / 1000;
    targets.push({
      what: 'deleteUser throughput, large store vs empty store (same rounds)',
      target: '≥ 0.9×',
      value: `${ratio}×`,
      met: opts.smoke ? null : ratio >= 0.9,
    });
  }
  // Not a target: what a second copy of the baseline differs from the first by in the same rounds.
  const n = row('n');
  const noise = n && n.rpsRatio !== null && n.p99DeltaMs !== null ? { rpsRatio: n.rpsRatio, p99DeltaMs: n.p99DeltaMs } : null;
  return { rows, targets, noise };
}

function printComparison(cmp: ReturnType<typeof compare>): void {
  if (!cmp.rows.length) return;
  log('');
  log('scenario                                  req/s     p50 ms   p99 ms   peak RSS MB  CPU ms/req   ×baseline req/s  Δp99 ms  ×RSS');
  for (const r of cmp.rows) {
    log(
      `${r.label.padEnd(40)} ${String(r.rps).padStart(8)} ${String(r.p50Ms).padStart(9)} ${String(r.p99Ms).padStart(8)} ${String(r.peakRssMB).padStart(12)} ${String(r.cpuMsPerRequest).padStart(11)}   ` +
        `${String(r.rpsRatio ?? '').padStart(15)} ${String(r.p99DeltaMs ?? '').padStart(8)} ${String(r.rssRatio ?? '').padStart(5)}`,
    );
  }
  if (cmp.targets.length) {
    log('\ntargets (reported, not asserted):');
    for (const t of cmp.targets) log(`  ${t.met === null ? 'n/a ' : t.met ? 'met ' : 'MISS'}  ${t.what}: ${t.value} (target ${t.target})`);
    if (cmp.noise) log(`  noise floor of this run: a second baseline process against the first, ${cmp.noise.rpsRatio}× req/s, Δ p99 ${signed(cmp.noise.p99DeltaMs)} ms`);
  }
}

let BEGIN = '<!-- bench:begin (generated by npm run bench; edits here are replaced) -->';
let END = '<!-- bench:end -->';

/** The PostgreSQL run writes its own generated section of BENCHMARKS.md. */
function setMarkers(store: 'postgres'): void {
  BEGIN = `<!-- bench-${store}:begin (generated by npm run bench -- --store ${store}; edits here are replaced) -->`;
  END = `<!-- bench-${store}:end -->`;
}

function markdown(results: Record<string, any>): string {
  const m = results.machine;
  const v = results.versions;
  const s = results.settings;
  const out: string[] = [BEGIN, ''];
  out.push(`## Latest run${results.store === 'embedded SQLite' ? '' : ' on PostgreSQL'} — ${results.generatedAt}${results.smoke ? ' (smoke)' : ''}`, '');
  out.push(`Store of the service processes: ${results.store}.`, '');
  out.push(`Command: \`${results.command}\` (${results.durationSec} s in all).`, '');
  out.push(
    `Machine: ${m.cpuModel}, ${m.cores} cores (available parallelism ${m.availableParallelism}), ${m.memoryGiB} GiB, ${m.platform}; ` +
      `load average ${m.loadAverageAtStart.join(' / ')} at the start, ${m.loadAverageAtEnd.join(' / ')} at the end.`,
    '',
  );
  out.push(
    `Versions: node ${v.node}, ${Object.entries(v.packages as Record<string, string | null>)
      .map(([k, x]) => `${k} ${x ?? '?'}`)
      .join(', ')}; commit ${v.commit ? v.commit.slice(0, 12) : 'unknown'} (plus any uncommitted changes).`,
    '',
  );
  out.push(
    `Load: ${s.connections} keep-alive connections, ${s.durationSec} s measured after ${s.warmupSec} s of warm-up, per scenario; b, c and d in ${s.rounds} rounds taken in turn, each round starting with the next (b c d, c d b, d b c, …), so that a change in the machine's speed, and the place in a round, hit all three alike; ` +
      `${s.accounts} integrated accounts, connection i always on account i mod ${s.accounts}; every request removes a user never seen before; ` +
      `vendor fake latency ${s.vendorLatencyMs} ms; VENDOR_CONCURRENCY_PER_ACCOUNT ${s.vendorConcurrencyPerAccount}; NODE_ENV ${s.nodeEnv} (service and baseline); service LOG_LEVEL ${s.logLevel}; service node flags ${s.serviceNodeFlags?.length ? s.serviceNodeFlags.map((f: string) => `\`${f}\``).join(' ') : 'none'} (those of \`npm start\`), baseline none.`,
    '',
  );
  const rows = results.comparison.rows as Array<Record<string, any>>;
  if (rows.length) {
    out.push('| scenario | req/s | p50 ms | p99 ms | peak RSS MB | heap after GC MB | CPU ms/req | main thread ms/req (busy) | × baseline req/s | Δ p99 ms | × baseline RSS | × baseline CPU/req |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      out.push(
        `| ${r.label} | ${r.rps} | ${r.p50Ms} | ${r.p99Ms} | ${r.peakRssMB} | ${r.heapAfterGcMB ?? '—'} | ${r.cpuMsPerRequest} | ${r.loopMsPerRequest} (${r.mainThreadBusyPercent} %) | ${r.rpsRatio ?? '—'} | ${r.p99DeltaMs ?? '—'} | ${r.rssRatio ?? '—'} | ${r.cpuRatio ?? '—'} |`,
      );
    }
    out.push('', 'Row a counts single vendor calls (one deletion is three of them). Peak RSS is VmHWM of the process under test (for a: the fake); heap after GC is the V8 heap still in use after a full GC at the end of the load (what it really retains). CPU ms/req is that process\'s user+system CPU time during the measured load divided by the requests completed (all its threads: for the service also the store writer and checkpointer): it is steadier than req/s on a busy machine. Main thread ms/req is the time its event loop spent running callbacks, per request; busy is that time\'s share of the load (event-loop utilization). In rounds of ~1 s every process shows ~84 %, the baseline too: the start and end of each round, when fewer than all connections are busy; one long round of c alone shows ~98 %.', '');
  }
  const pgRows = Object.values(results.scenarios as Record<string, ScenarioResult>).filter((r) => r.pgPerRequest);
  if (pgRows.length) {
    out.push('What PostgreSQL did per request (its statistics views on the service\'s own schema: index and sequential scans, rows inserted / updated / deleted, by table):', '');
    for (const r of pgRows) {
      out.push(`- ${r.label}: ${Object.entries(r.pgPerRequest!).map(([t, x]) => `${t} ${x.idxScan} idx + ${x.seqScan} seq, ${x.inserted}/${x.updated}/${x.deleted}`).join('; ')}`);
    }
    out.push('');
  }
  const targets = results.comparison.targets as Target[];
  if (targets.length) {
    out.push('Targets (reported, not asserted):', '', '| what | target | this run | |', '|---|---|---|---|');
    for (const t of targets) out.push(`| ${t.what} | ${t.target} | ${t.value} | ${t.met === null ? 'n/a' : t.met ? 'met' : '**missed**'} |`);
    out.push('');
    const noise = results.comparison.noise as { rpsRatio: number; p99DeltaMs: number } | null;
    if (noise) {
      out.push(
        `Noise floor of this run (row n, not a target): a second baseline process, identical to b, measured in the same rounds, came to ${noise.rpsRatio}× b's requests/s and ${signed(noise.p99DeltaMs)} ms on its p99. ` +
          'A difference between b and c or d smaller than that is not one this run can see.',
        '',
      );
    }
  }
  if (results.fixedRate) {
    const f = results.fixedRate as { fractionOfBaseline: number; requestsPerSecond: number; sides: Record<string, { latencyMs: LoadResult['latencyMs'] }>; p99DeltaMs: Record<string, number> };
    out.push(
      `At a fixed rate (open loop, ${f.requestsPerSecond} req/s = ${f.fractionOfBaseline} of b's closed-loop throughput, same rounds and rotation, half the time): ` +
        Object.entries(f.sides)
          .map(([k, v]) => `${k} p50 ${v.latencyMs.p50} / p99 ${v.latencyMs.p99} ms${f.p99DeltaMs[k] !== undefined ? ` (Δ p99 ${signed(f.p99DeltaMs[k]!)} ms)` : ''}`)
          .join('; ') +
        '. Not a target: the latency a request gets when neither side is saturated.',
      '',
    );
  }
  const byRound = Object.entries((results.roundRatios ?? {}) as Record<string, number[]>);
  if (byRound.length) {
    const deltas = Object.entries((results.roundP99Deltas ?? {}) as Record<string, number[]>);
    out.push(
      `Round by round (the spread within this run; the targets above use every response of all rounds): req/s ${byRound.map(([k, v]) => `${k} ${v.join(' / ')}`).join('; ')}` +
        (deltas.length ? `; Δ p99 ms ${deltas.map(([k, v]) => `${k} ${v.map(signed).join(' / ')}`).join('; ')}` : '') +
        '.',
      '',
    );
    const intervals = Object.entries((results.roundIntervals ?? {}) as Record<string, RoundIntervals>).filter(([, x]) => x.ratio && x.p99DeltaMs);
    if (intervals.length) {
      out.push(
        'Median of the paired rounds, with a 95 % bootstrap interval (how sure this run is of its comparison; the targets use the whole run): ' +
          intervals.map(([k, x]) => `${k} req/s ×${x.ratio!.median} [${x.ratio!.low}, ${x.ratio!.high}], Δ p99 ${signed(x.p99DeltaMs!.median)} ms [${signed(x.p99DeltaMs!.low)}, ${signed(x.p99DeltaMs!.high)}]`).join('; ') +
          '.',
        '',
      );
    }
  }
  if (results.replicas) {
    const r = results.replicas;
    out.push('### Two service processes on one PostgreSQL schema', '');
    out.push(
      `Connections split between two processes on one schema: **${r.twoProcesses.rps} req/s** (p50 ${r.twoProcesses.p50Ms}, p99 ${r.twoProcesses.p99Ms} ms) against one process with all of them ` +
        `(its own schema, same rounds, ${r.rounds} of them): ${r.oneProcess.rps} req/s (p99 ${r.oneProcess.p99Ms} ms), ×${r.ratio}, on one machine (the two share its cores). ` +
        `Checks: ${r.audit.succeeded} deletions audited SUCCEEDED for ${r.audit.distinctTargets} distinct users (${r.audit.otherStates} in another state), ${r.twoProcesses.vendorDeletes} vendor removals, ${r.twoProcesses.requests} requests completed; ` +
        `${r.idempotency.honoured} of ${r.idempotency.keys} Idempotency-Keys sent to both at once and again to one gave one success and ${r.idempotency.vendorDeletes} vendor removal(s) in all. ` +
        `${Object.entries(r.checks as Record<string, boolean | null>).map(([k, v]) => `${k}: ${v === null ? 'not checked' : v ? 'yes' : '**no**'}`).join('; ')}.`,
      '',
    );
  }
  if (results.growth) {
    const g = results.growth;
    out.push('### Growth', '');
    out.push(
      `Store: ${g.store.accounts} integrated accounts, ${g.store.auditRecords} audit records (${g.store.databaseMB} MB), seeded in ${Math.round((g.store.seedAccountsMs + g.store.seedAuditsMs) / 100) / 10} s.`,
      '',
    );
    if (g.deleteUser) {
      out.push(
        `deleteUser through GraphQL on it: ${g.deleteUser.rps} req/s (p99 ${g.deleteUser.p99Ms} ms, CPU ${g.deleteUser.cpuMsPerRequest} ms/req) against ${g.deleteUser.emptyStoreRps ?? '?'} req/s ` +
          `(CPU ${g.deleteUser.emptyStoreCpuMsPerRequest ?? '?'} ms/req) on an empty store measured in the same rounds (last row of the table): ratio **${g.deleteUser.ratioToEmptyStore ?? 'n/a'}**. Service start on the large store: ${g.deleteUser.serviceStartMs} ms.`,
        '',
      );
    }
  }
  if (results.entities) {
    const e = results.entities;
    out.push('### Federation: one `_entities` request', '');
    out.push(
      `${e.representations} \`User\` representations (${e.distinctUsers} distinct users) on ${e.accounts} accounts, vendor fake answering after ${e.vendorLatencyMs} ms: ` +
        `**${e.vendorReads} vendor reads** (at most one per distinct user: ${e.readsAtMostOnePerDistinctUser ? 'yes' : '**no**'}), ` +
        `peak **${e.peakConcurrentVendorCallsPerAccount}** concurrent vendor call(s) per account (${e.peakConcurrentVendorCalls} overall), ` +
        `${e.durationMs} ms, RSS ${e.rssBeforeMB} → ${e.rssAfterMB} MB (growth ${e.rssGrowthMB} MB; peak ${e.peakRssAfterMB} MB, ${e.peakRssGrowthMB} MB above the start). ` +
        `All ${e.representations} resolved: ${e.allResolved ? 'yes' : '**no**'}.`,
      '',
    );
  }
  if (results.profile) {
    out.push('### CPU profile (service, GraphQL deleteUser under load)', '');
    out.push(`${results.profile.load.requests} requests at ${results.profile.load.rps} req/s; profile \`${results.profile.file}\` (not committed). Self time by function:`, '');
    out.push(summaryMarkdown(results.profile.summary), '');
  }
  if (results.problems.length) out.push('Problems in this run:', '', ...results.problems.map((p: string) => `- ${p}`), '');
  out.push(END);
  return out.join('\n');
}

function writeMarkdown(file: string, results: Record<string, any>): void {
  const generated = markdown(results);
  let text: string;
  if (existsSync(file)) {
    const current = readFileSync(file, 'utf8');
    const a = current.indexOf(BEGIN);
    const b = current.indexOf(END);
    text = a >= 0 && b > a ? `${current.slice(0, a)}${generated}${current.slice(b + END.length)}` : `${current.trimEnd()}\n\n${generated}\n`;
  } else {
    text = `# Benchmarks\n\nHow to run them and what they measure: README, "Benchmarks".\n\n${generated}\n`;
  }
  writeFileSync(file, text);
}

async function cleanup(): Promise<void> {
  await Promise.allSettled([...children].map((c) => c.stop()));
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  for (const s of pgSchemas) {
    await dropSchema(benchDatabaseUrl(), s).catch((err: unknown) => {
      process.stderr.write(`could not drop schema ${s}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
  }
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
