/**
 * Faults: a few thousand deleteUser calls, GraphQL and REST mixed, against vendors that fail in
 * every way the fault fake knows (rate limits with Retry-After and reset headers, 5xx, hangs,
 * resets mid-response, trickled bodies, malformed JSON, errors inside a 200, redirects, huge
 * bodies, 401s that an OAuth refresh fixes once). Faults come from a seeded PRNG, one script per
 * call, so a run is reproducible: FAULT_SEED=<seed printed at the end> reruns the same faults
 * (FAULT_CALLS=<n> changes the number of calls).
 *
 * For every call it checks: one definite answer (a User or a typed error code) within a deadline
 * computed from the retry policy; exactly the answer and the number of vendor requests that the
 * retry policy gives for that call's faults (a model of the policy, below); no more destructive
 * calls than VENDOR_MAX_ATTEMPTS per destructive step; exactly one audit record per call, with
 * that outcome or error code and every vendor call made. Then: memory back near its baseline,
 * /healthz answers, nothing reached the redirect target, and no credential appears in any
 * response, log line, audit record or metric.
 */
import { routeOwner } from './helpers/owners.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../src/errors.js';
import { type FaultKind, FaultVendor, type FaultRequest, prng, type Routed, weighted } from './helpers/fault-vendor.js';
import { type ChildService, startChildService } from './helpers/child-service.js';
import { type FakeReply, type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './helpers/pg.js';
import { fixture } from './helpers/provider.js';
import { SecretScan } from './helpers/secret-scan.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

// The policy under test (small numbers, so thousands of faults fit in a minute).
const TIMEOUT_MS = 500;
const MAX_ATTEMPTS = 3;
const MAX_RETRY_WAIT_MS = 50;
const RETRY_BASE_MS = 1;
const MAX_BODY_BYTES = 64 * 1024;
/**
 * The service's own work on top of the vendor time (store writes, GraphQL, mapping) while this
 * one process also runs the driver and the fake vendor on a shared 2-core machine.
 */
const OWN_WORK_ALLOWANCE_MS = 2_000;

const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
// Fewer calls on the PostgreSQL run of .ci/run (each call makes a few round trips to the database).
const CALLS = Number(process.env.FAULT_CALLS ?? (TEST_DATABASE_URL ? 2000 : 3000));
const WARMUP = Math.min(200, Math.floor(CALLS / 10));

type Slug = 'zendesk' | 'github' | 'slack-enterprise' | 'okta';
type Via = 'graphql' | 'rest';

interface AccountSpec {
  key: string;
  slug: Slug;
  oauth?: boolean;
  /** Calls in flight at once on this account (never more than the service's per-account limit). */
  cap: number;
  id?: string;
}

const ACCOUNTS: AccountSpec[] = [
  { key: 'zd1', slug: 'zendesk', cap: 3 },
  { key: 'zd2', slug: 'zendesk', cap: 3 },
  { key: 'zdo', slug: 'zendesk', oauth: true, cap: 2 },
  { key: 'gh1', slug: 'github', cap: 1 },
  { key: 'gh2', slug: 'github', cap: 1 },
  { key: 'gh3', slug: 'github', cap: 1 },
  { key: 'sl1', slug: 'slack-enterprise', cap: 2 },
  { key: 'sl2', slug: 'slack-enterprise', cap: 2 },
  { key: 'ok1', slug: 'okta', cap: 2 },
  { key: 'ok2', slug: 'okta', cap: 2 },
];
const BY_KEY = new Map(ACCOUNTS.map((a) => [a.key, a]));

/** Each provider's vendor requests in order (one step = one logical call, retried as one). */
const STEPS: Record<Slug, Array<'GET' | 'POST' | 'DELETE'>> = {
  zendesk: ['GET', 'DELETE'],
  github: ['GET', 'GET', 'DELETE'],
  'slack-enterprise': ['GET', 'POST'],
  okta: ['GET', 'POST', 'DELETE'],
};
const OUTCOME: Record<Slug, string> = { zendesk: 'DELETED', github: 'REMOVED_FROM_CONTAINER', 'slack-enterprise': 'REMOVED_FROM_CONTAINER', okta: 'DELETED' };
const RESET_STYLE: Record<Slug, Routed['resetStyle']> = { zendesk: 'none', github: 'github', 'slack-enterprise': 'none', okta: 'okta' };

interface Call {
  i: number;
  account: AccountSpec;
  via: Via;
  id: string;
  dryRun: boolean;
  badInput: boolean;
  idempotencyKey?: string;
  format: 'unified' | 'normalized' | 'raw';
  requestId: string;
  script: FaultKind[];
  // filled when run
  code?: string;
  retryAfter?: number;
  replayed?: boolean;
  latencyMs?: number;
  noAnswer?: string;
  /** Vendor requests (all, and destructive) of the first run, before any repeat with its Idempotency-Key. */
  served?: number;
  destructive?: number;
}

function faultWeights(a: AccountSpec): Array<readonly [FaultKind, number]> {
  return [
    ['ok', 70],
    ['rate-limit-retry-after', 5],
    ['rate-limit-long', 1.2],
    ['rate-limit-reset', 2],
    ['server-500', 1.2],
    ['server-502', 1.2],
    ['server-503', 4],
    ['unauthorized', a.oauth ? 4 : 0.4],
    ['not-found', 0.8],
    ['hang', 1.2],
    ['reset', 2],
    ['slow-body', 2],
    ['slow-body-timeout', 0.6],
    ['malformed-json', 1.2],
    ['truncated-json', 1.2],
    ['error-in-200', a.slug === 'slack-enterprise' ? 3 : 0],
    ['redirect', 1.2],
    ['huge-body', 0.8],
  ];
}

function userId(slug: Slug, i: number): string {
  switch (slug) {
    case 'zendesk':
      return String(10_000_000 + i);
    case 'github':
      return `fault-user-${i}`;
    case 'slack-enterprise':
      return `W${100_000 + i}`;
    case 'okta':
      return `00ufault${i}`;
  }
}

function planCalls(n: number): Call[] {
  const pick = prng(SEED);
  const capTotal = ACCOUNTS.reduce((s, a) => s + a.cap, 0);
  return Array.from({ length: n }, (_, i) => {
    const account = weighted(pick, ACCOUNTS.map((a) => [a, a.cap / capTotal] as const));
    const rand = prng((SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
    const via: Via = rand() < 0.5 ? 'graphql' : 'rest';
    const dryRun = rand() < 0.07;
    const badInput = rand() < 0.03;
    const keyed = rand() < 0.2;
    const f = rand();
    const format = via === 'rest' && !dryRun && f < 0.15 ? 'raw' : via === 'rest' && f < 0.4 ? 'normalized' : 'unified';
    const weights = faultWeights(account);
    const script = Array.from({ length: 16 }, () => weighted(rand, weights));
    return {
      i,
      account,
      via,
      id: userId(account.slug, i),
      dryRun,
      badInput,
      idempotencyKey: keyed ? `fault-${SEED}-${i}` : undefined,
      format,
      requestId: `fault-${SEED}-${i}`,
      script,
    };
  });
}

/** What the retry policy says a call's answer is, and how many vendor requests it takes. */
interface Expected {
  code: string;
  requests: number;
  retryAfter?: readonly [number, number];
}

function expectedOutcomes(call: Call): Expected[] {
  if (call.badInput) return [{ code: 'BAD_USER_INPUT', requests: 0 }];
  const steps = STEPS[call.account.slug].filter((m) => !call.dryRun || m === 'GET');
  const reset = RESET_STYLE[call.account.slug];
  const out: Expected[] = [];
  const go = (step: number, pos: number, attempt: number, refreshed: boolean, requests: number): void => {
    if (step === steps.length) return void out.push({ code: 'OK', requests });
    const kind = call.script[pos] ?? 'ok';
    const n = requests + 1;
    const fail = (code: string, retryAfter?: readonly [number, number]) => void out.push({ code, requests: n, retryAfter });
    const next = () => go(step + 1, pos + 1, 1, refreshed, n);
    const retry = (finalCode: string, retryAfter?: readonly [number, number]) =>
      attempt < MAX_ATTEMPTS ? go(step, pos + 1, attempt + 1, refreshed, n) : fail(finalCode, retryAfter);
    switch (kind) {
      case 'ok':
        return next();
      case 'slow-body':
        // ~40 ms of trickle: inside the timeout, unless the machine stalls past it.
        next();
        return fail('TIMEOUT');
      case 'rate-limit-retry-after':
        return retry('RATE_LIMITED', [1, 1]);
      case 'server-503':
        return retry('REMOTE_ERROR');
      case 'rate-limit-reset':
        // GitHub and Okta read their reset header (30 s away: longer than the service waits);
        // the others see no hint and back off.
        return reset === 'none' ? retry('RATE_LIMITED', [1, 1]) : fail('RATE_LIMITED', [29, 32]);
      case 'rate-limit-long':
        return fail('RATE_LIMITED', [3600, 3600]);
      case 'unauthorized':
        // OAuth: one refresh per call, then the same call again (not counted as an attempt).
        return call.account.oauth && !refreshed ? go(step, pos + 1, attempt, true, n) : fail('REAUTH_REQUIRED');
      case 'not-found':
        return fail('NOT_FOUND');
      case 'hang':
      case 'slow-body-timeout':
        return fail('TIMEOUT');
      default:
        // 500, 502, reset, malformed or truncated JSON, an error in a 200, a redirect, a huge body
        return fail('REMOTE_ERROR');
    }
  };
  go(0, 0, 1, false, 0);
  return out;
}

/** The longest a call may take: every step at every attempt timing out, every retry wait at its longest. */
function deadlineMs(call: Call): number {
  const steps = STEPS[call.account.slug].length;
  const perStep = MAX_ATTEMPTS * TIMEOUT_MS + (MAX_ATTEMPTS - 1) * MAX_RETRY_WAIT_MS;
  // An OAuth account may add a token exchange and one more attempt after a 401.
  const oauth = call.account.oauth ? 2 * TIMEOUT_MS : 0;
  return steps * perStep + oauth + OWN_WORK_ALLOWANCE_MS;
}

const DELETE = `mutation($id: ID!, $acc: ID!, $input: DeleteUserInput) {
  deleteUser(id: $id, integratedAccountId: $acc, input: $input) {
    id name deletionOutcome remoteData
    deletion { outcome auditId dryRun replayed calls { method status attempt planned } }
  }
}`;

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== 'INTERNAL_SERVER_ERROR'));

let svc: RunningService;
let fake: FaultVendor;
const scan = new SecretScan();
const calls = planCalls(CALLS);
const byUser = new Map(calls.map((c) => [c.id, c]));
const issuedTokens: string[] = [];
const secrets: Record<string, string> = {};

const zdUser = fixture<Record<string, unknown>>('zendesk', 'user.json') as { user: Record<string, unknown> };
const ghMembership = fixture<Record<string, unknown>>('github', 'membership-active.json');
const ghUser = fixture<Record<string, unknown>>('github', 'user.json');
const slackInfo = fixture<{ ok: true; user: Record<string, unknown> }>('slack-enterprise', 'users-info.json');
const oktaUser = fixture<Record<string, unknown>>('okta', 'user.json');

/**
 * The self-deletion guard's owner lookups (once per account, cached), answered outside the fault
 * model for the administrator who owns the token: someone else than every user removed here.
 */
function ownerLookup(req: FaultRequest): unknown {
  if (req.method !== 'GET') return undefined;
  const m = /^\/([a-z0-9]+)(\/.*)$/.exec(req.path);
  const account = m ? BY_KEY.get(m[1]!) : undefined;
  if (!m || !account) return undefined;
  const email = 'token-admin@example.com';
  switch (account.slug) {
    case 'zendesk':
      return m[2] === '/api/v2/users/me' ? { user: { id: 990001, email, name: 'Token Admin' } } : undefined;
    case 'github':
      return m[2] === '/user' ? { login: 'token-admin', id: 990001, node_id: 'MDQ6VXNlcjk5MDAwMQ==', email } : undefined;
    case 'slack-enterprise':
      return m[2] === '/auth.test' ? { ok: true, user: 'token-admin', user_id: 'WTOKENADMIN' } : undefined;
    case 'okta':
      return m[2] === '/api/v1/users/me' ? { id: '00uTOKENADMIN', status: 'ACTIVE', profile: { login: email, email } } : undefined;
    default:
      return undefined;
  }
}

/** Whether an audited call is an owner lookup (answered by `ownerLookup`). */
function isOwnerLookup(url: string): boolean {
  const u = new URL(url);
  return ownerLookup({ method: 'GET', path: u.pathname, search: '', query: u.searchParams, headers: {}, rawBody: '' }) !== undefined;
}

function route(req: FaultRequest): Routed | undefined {
  if (req.path === '/oauth/token' && req.method === 'POST') {
    const n = issuedTokens.length;
    const access = `zdo-access-issued-${SEED}-${n}-AbCdEf`;
    const refresh = `zdo-refresh-issued-${SEED}-${n}-GhIjKl`;
    issuedTokens.push(access, refresh);
    scan.add(`issued access token ${n}`, access).add(`issued refresh token ${n}`, refresh);
    return { call: 'oauth-token', reply: { body: { access_token: access, refresh_token: refresh, token_type: 'bearer', expires_in: 3600 } } };
  }
  const m = /^\/([a-z0-9]+)(\/.*)$/.exec(req.path);
  const account = m ? BY_KEY.get(m[1]!) : undefined;
  if (!m || !account) return undefined;
  const rest = m[2]!;
  const resetStyle = RESET_STYLE[account.slug];
  let r: RegExpExecArray | null;
  switch (account.slug) {
    case 'zendesk':
      if ((r = /^\/api\/v2\/users\/(\d+)$/.exec(rest))) {
        const id = Number(r[1]);
        if (req.method === 'GET') return { call: r[1]!, resetStyle, reply: { body: { user: { ...zdUser.user, id } } } };
        if (req.method === 'DELETE') return { call: r[1]!, resetStyle, reply: { body: { user: { id, active: false, name: zdUser.user.name } } } };
      }
      return undefined;
    case 'github':
      if (req.method === 'GET' && (r = /^\/orgs\/acme\/memberships\/([^/]+)$/.exec(rest))) return { call: r[1]!, resetStyle, reply: { body: ghMembership } };
      if (req.method === 'GET' && (r = /^\/users\/([^/]+)$/.exec(rest))) return { call: r[1]!, resetStyle, reply: { body: { ...ghUser, login: r[1] } } };
      if (req.method === 'DELETE' && (r = /^\/orgs\/acme\/members\/([^/]+)$/.exec(rest))) return { call: r[1]!, resetStyle, reply: { status: 204 } };
      return undefined;
    case 'slack-enterprise':
      if (req.method === 'GET' && rest === '/users.info') {
        const id = req.query.get('user') ?? '';
        return { call: id, resetStyle, reply: { body: { ...slackInfo, user: { ...slackInfo.user, id } } } };
      }
      if (req.method === 'POST' && rest === '/admin.users.remove') {
        const form = new URLSearchParams(req.rawBody);
        if (form.get('team_id') !== 'T012AB3C4') return undefined;
        return { call: form.get('user_id') ?? '', resetStyle, reply: { body: { ok: true } } };
      }
      return undefined;
    case 'okta':
      if ((r = /^\/api\/v1\/users\/([^/]+)$/.exec(rest))) {
        if (req.method === 'GET') return { call: r[1]!, resetStyle, reply: { body: { ...oktaUser, id: r[1], status: 'ACTIVE' } } };
        if (req.method === 'DELETE') return { call: r[1]!, resetStyle, reply: { status: 204 } };
      }
      if (req.method === 'POST' && (r = /^\/api\/v1\/users\/([^/]+)\/lifecycle\/deactivate$/.exec(rest))) return { call: r[1]!, resetStyle, reply: { body: {} } };
      return undefined;
  }
}

/** Calls whose script was replaced (the retries of failed keyed calls run against a healthy vendor). */
const healthy = new Set<string>();

function fault(call: string, n: number): FaultKind {
  if (call === 'oauth-token' || healthy.has(call)) return 'ok';
  return byUser.get(call)?.script[n] ?? 'ok';
}

function input(call: Call): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Bad input: GitHub without its required organizationId; the others with organizationId, which they do not take.
  if (call.account.slug === 'github' ? !call.badInput : call.badInput) out.organizationId = 'acme';
  if (call.account.slug === 'slack-enterprise') out.workspaceId = 'T012AB3C4';
  if (call.dryRun) out.dryRun = true;
  return out;
}

function restQuery(call: Call): string {
  const q = new URLSearchParams({ integrated_account_id: call.account.id! });
  if (call.account.slug === 'github' ? !call.badInput : call.badInput) q.set('organization_id', 'acme');
  if (call.account.slug === 'slack-enterprise') q.set('workspace_id', 'T012AB3C4');
  if (call.dryRun) q.set('dry_run', 'true');
  if (call.format !== 'unified') q.set('truto_response_format', call.format);
  return q.toString();
}

interface Answer {
  code: string;
  retryAfter?: number;
  replayed?: boolean;
  noAnswer?: string;
}

/** One deleteUser call over HTTP; the answer is a User (code OK) or a typed error code. */
async function send(call: Call, requestId: string): Promise<Answer & { latencyMs: number }> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}`, 'x-request-id': requestId };
  if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
  const started = performance.now();
  // A guard far past the deadline, so a real hang fails this test instead of stalling it.
  const signal = AbortSignal.timeout(deadlineMs(call) + 15_000);
  try {
    let answer: Answer;
    if (call.via === 'graphql') {
      const res = await fetch(`${svc.url}/graphql`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: DELETE, variables: { id: call.id, acc: call.account.id, input: input(call) } }),
        signal,
      });
      const text = await scan.checkResponse(`graphql ${requestId}`, res);
      const body = JSON.parse(text) as { data?: { deleteUser?: { id: string; deletion: { replayed: boolean } } | null }; errors?: Array<{ extensions?: { code?: string; retryAfter?: number } }> };
      if (body.data?.deleteUser) {
        if (body.errors) throw new Error(`a User and errors at once: ${text.slice(0, 300)}`);
        if (body.data.deleteUser.id === undefined) throw new Error('a User without id');
        answer = { code: 'OK', replayed: body.data.deleteUser.deletion.replayed };
      } else {
        if (body.errors?.length !== 1) throw new Error(`expected exactly one error: ${text.slice(0, 300)}`);
        answer = { code: String(body.errors[0]!.extensions?.code), retryAfter: body.errors[0]!.extensions?.retryAfter };
      }
    } else {
      const res = await fetch(`${svc.url}/unified/user-directory/users/${encodeURIComponent(call.id)}?${restQuery(call)}`, { method: 'DELETE', headers, signal });
      const text = await scan.checkResponse(`rest ${requestId}`, res);
      if (res.status === 200 || res.status === 204) {
        const body = text && call.format !== 'raw' ? (JSON.parse(text) as { id: string; deletion: { replayed: boolean } }) : undefined;
        if (body && body.id === undefined) throw new Error('a user without id');
        answer = { code: 'OK', replayed: body ? body.deletion.replayed : res.headers.get('idempotent-replayed') === 'true' };
      } else {
        const body = JSON.parse(text) as { error: { code: string; status: number; retry_after?: number } };
        if (body.error.status !== res.status) throw new Error(`status ${res.status} but body says ${body.error.status}`);
        if (body.error.code === 'RATE_LIMITED' && res.headers.get('retry-after') !== String(body.error.retry_after)) throw new Error('RATE_LIMITED without a matching Retry-After header');
        answer = { code: body.error.code, retryAfter: body.error.retry_after };
      }
    }
    return { ...answer, latencyMs: performance.now() - started };
  } catch (err) {
    return { code: 'NO_ANSWER', noAnswer: String(err), latencyMs: performance.now() - started };
  }
}

/** Runs `fn` over calls with at most `cap` in flight per account, so no call queues behind the service's own per-account limit. */
async function perAccount(batch: Call[], fn: (c: Call) => Promise<void>): Promise<void> {
  const queues = new Map<string, Call[]>();
  for (const c of batch) queues.set(c.account.key, [...(queues.get(c.account.key) ?? []), c]);
  await Promise.all(
    ACCOUNTS.flatMap((a) =>
      Array.from({ length: a.cap }, async () => {
        const q = queues.get(a.key) ?? [];
        for (let c = q.shift(); c; c = q.shift()) await fn(c);
      }),
    ),
  );
}

async function run(batch: Call[]): Promise<void> {
  await perAccount(batch, async (c) => {
    const r = await send(c, c.requestId);
    Object.assign(c, { code: r.code, retryAfter: r.retryAfter, replayed: r.replayed, latencyMs: r.latencyMs, noAnswer: r.noAnswer });
  });
}

function gcFunction(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    // Without changing the test command: expose gc for this worker only.
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

let logLinesScanned = 0;

/** Scans the service's log lines kept so far, then lets them go (so they do not count as memory the service holds). */
function scanLogs(): void {
  for (const line of svc.logs) scan.check('log line', line);
  logLinesScanned += svc.logs.length;
  svc.logs.length = 0;
}

async function settle(gc?: () => void): Promise<NodeJS.MemoryUsage> {
  scanLogs();
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 50));
    gc?.();
  }
  return process.memoryUsage();
}

beforeAll(async () => {
  fake = await new FaultVendor({ route, fault, hugeBytes: 1024 * 1024, echoCredentials: true, background: ownerLookup }).start();
  svc = await startService({
    VENDOR_TIMEOUT_MS: String(TIMEOUT_MS),
    VENDOR_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    VENDOR_MAX_RETRY_WAIT_MS: String(MAX_RETRY_WAIT_MS),
    VENDOR_RETRY_BASE_MS: String(RETRY_BASE_MS),
    VENDOR_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    VENDOR_CONCURRENCY_PER_ACCOUNT: '3',
  });
  scan.add('admin API key', ADMIN_KEY);
  for (const a of ACCOUNTS) {
    const t = (what: string) => {
      const v = `${a.key}-${what}-${SEED}-s3cr3tVALUE`;
      secrets[`${a.key} ${what}`] = v;
      scan.add(`${a.key} ${what}`, v);
      return v;
    };
    const baseUrl = `${fake.url}/${a.key}`;
    let account: Record<string, unknown>;
    switch (a.slug) {
      case 'zendesk':
        if (a.oauth) {
          account = {
            integration: 'zendesk',
            credentials: { method: 'oauth', accessToken: t('access'), refreshToken: t('refresh'), clientId: `client-${a.key}`, clientSecret: t('client-secret'), expiresAt: '2999-01-01T00:00:00Z' },
            context: { subdomain: 'acme' },
            baseUrl,
            tokenUrl: `${fake.url}/oauth/token`,
          };
        } else {
          const email = `admin-${a.key}@acme.example`;
          const token = t('api-token');
          scan.addBasic(`${a.key} api token`, `${email}/token`, token);
          account = { integration: 'zendesk', credentials: { method: 'api_token', email, apiToken: token }, context: { subdomain: 'acme' }, baseUrl };
        }
        break;
      case 'github':
        account = { integration: 'github', credentials: { token: t('token') }, baseUrl };
        break;
      case 'slack-enterprise':
        account = { integration: 'slack-enterprise', credentials: { method: 'user_token', token: t('token') }, baseUrl };
        break;
      case 'okta':
        account = { integration: 'okta', credentials: { method: 'api_token', apiToken: t('api-token') }, context: { domain: 'acme.okta.com' }, baseUrl };
        break;
    }
    a.id = await createAccount(svc, account);
  }
});

afterAll(async () => {
  await svc?.stop();
  await fake?.stop();
});

/** Checks one call's answer against the policy; returns what is wrong (empty when right). */
function checkAnswer(c: Call): string[] {
  const wrong: string[] = [];
  const served = fake.byCall.get(c.id) ?? [];
  const options = expectedOutcomes(c);
  const match = options.find((o) => o.code === c.code && o.requests === served.length);
  if (c.noAnswer) wrong.push(`#${c.i} ${c.via} ${c.account.slug}: no answer (${c.noAnswer})`);
  else if (!match) {
    wrong.push(
      `#${c.i} ${c.via} ${c.account.key} ${c.id}${c.dryRun ? ' dry' : ''}: got ${c.code} after ${served.length} requests [${served.map((s) => `${s.method}:${s.kind}`).join(' ')}], ` +
        `expected one of ${options.map((o) => `${o.code}/${o.requests}`).join(', ')}`,
    );
  } else if (match.retryAfter && !(c.retryAfter! >= match.retryAfter[0] && c.retryAfter! <= match.retryAfter[1])) {
    wrong.push(`#${c.i}: retryAfter ${c.retryAfter}, expected ${match.retryAfter.join('..')}`);
  }
  if (c.code !== 'OK' && c.code !== 'NO_ANSWER' && !KNOWN_CODES.has(c.code!)) wrong.push(`#${c.i}: untyped answer ${c.code}`);
  if (c.latencyMs! > deadlineMs(c)) wrong.push(`#${c.i}: answered after ${Math.round(c.latencyMs!)} ms, past its deadline of ${deadlineMs(c)} ms`);
  // Destructive calls: at most VENDOR_MAX_ATTEMPTS per destructive step (+1 re-send after an OAuth refresh).
  const perStep = new Map<string, { n: number; unauthorized: number }>();
  for (const r of fake.destructiveOf(c.id)) {
    const k = `${r.method} ${r.path}`;
    const st = perStep.get(k) ?? { n: 0, unauthorized: 0 };
    st.n++;
    if (r.kind === 'unauthorized') st.unauthorized++;
    perStep.set(k, st);
  }
  for (const [k, st] of perStep) {
    if (st.n - Math.min(st.unauthorized, c.account.oauth ? 1 : 0) > MAX_ATTEMPTS) wrong.push(`#${c.i}: ${st.n} destructive calls ${k}, the policy allows ${MAX_ATTEMPTS}`);
  }
  if (c.dryRun && perStep.size > 0) wrong.push(`#${c.i}: a dry run made destructive calls`);
  return wrong;
}

/** The audit export against the calls: exactly one record per call, with its answer and every vendor call made. */
async function checkAudit(): Promise<{ wrong: string[]; records: number; started: number; slowestAnsweredMs: number }> {
  const res = await fetch(`${svc.url}/deletion-audit/export`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  const text = await scan.checkResponse('audit export', res);
  const byRequest = new Map<string, AuditLine[]>();
  let records = 0;
  let started = 0;
  // The slowest vendor call that got an answer: its distance to the timeout is the margin that
  // keeps a healthy call from timing out on a busy machine.
  let slowestAnsweredMs = 0;
  for (const line of text.trim().split('\n')) {
    const r = JSON.parse(line) as AuditLine;
    records++;
    if (r.state === 'STARTED') started++;
    for (const c of r.calls) if (c.status !== undefined && c.status !== null) slowestAnsweredMs = Math.max(slowestAnsweredMs, c.durationMs ?? 0);
    byRequest.set(r.requestId ?? '', [...(byRequest.get(r.requestId ?? '') ?? []), r]);
  }
  const wrong: string[] = [];
  for (const c of calls) {
    const mine = byRequest.get(c.requestId) ?? [];
    if (mine.length !== 1) {
      wrong.push(`#${c.i}: ${mine.length} audit records`);
      continue;
    }
    const r = mine[0]!;
    // The owner lookup (an account's first deletion) is answered outside the fault model: not in c.served.
    const sent = r.calls.filter((x) => !x.planned && !isOwnerLookup(x.url));
    if (c.code === 'OK') {
      if (r.state !== 'SUCCEEDED' || r.outcome !== OUTCOME[c.account.slug] || r.errorCode !== null) wrong.push(`#${c.i}: audit ${r.state}/${r.outcome}/${r.errorCode} for a success`);
    } else if (r.state !== 'FAILED' || r.errorCode !== c.code || r.outcome !== null) {
      wrong.push(`#${c.i}: audit ${r.state}/${r.errorCode} for ${c.code}`);
    }
    if (r.via !== c.via || r.dryRun !== c.dryRun || r.targetId !== c.id || r.integratedAccountId !== c.account.id) wrong.push(`#${c.i}: the audit record describes another request`);
    if (sent.length !== c.served) wrong.push(`#${c.i}: the audit lists ${sent.length} vendor calls, the vendor received ${c.served}`);
    if (sent.filter((x) => x.method !== 'GET').length !== c.destructive) wrong.push(`#${c.i}: destructive calls in the audit differ from the vendor's count`);
    if (c.dryRun && c.code === 'OK' && r.calls.filter((x) => x.planned).length !== STEPS[c.account.slug].filter((m) => m !== 'GET').length) {
      wrong.push(`#${c.i}: a dry run without its planned calls`);
    }
  }
  for (const c of replayed) {
    const mine = byRequest.get(`${c.requestId}-again`) ?? [];
    if (mine.length !== 1 || mine[0]!.state !== 'SUCCEEDED') {
      wrong.push(`#${c.i}: the repeat with its Idempotency-Key has ${mine.length} records (${mine[0]?.state})`);
      continue;
    }
    // A replay calls no vendor; a repeat after a failure makes every call of a healthy run.
    const again = (fake.byCall.get(c.id)?.length ?? 0) - c.served!;
    if (mine[0]!.calls.filter((x) => !x.planned).length !== again) wrong.push(`#${c.i}: the repeat's audit lists other vendor calls than the ${again} made`);
  }
  return { wrong, records, started, slowestAnsweredMs };
}

const figures: Record<string, unknown> = {};
const MB = 1024 * 1024;
/** Keyed calls sent again with their Idempotency-Key. */
const replayed: Call[] = [];

describe('thousands of deleteUser calls through random vendor faults', () => {
  const gc = gcFunction();
  let baseline: NodeJS.MemoryUsage;

  it('answers every call once, within its deadline, as the retry policy says, with no destructive call beyond it', async () => {
    const started = performance.now();
    await run(calls.slice(0, WARMUP));
    baseline = await settle(gc);
    await run(calls.slice(WARMUP));
    figures.loadSeconds = Math.round((performance.now() - started) / 100) / 10;
    for (const c of calls) Object.assign(c, { served: fake.byCall.get(c.id)?.length ?? 0, destructive: fake.destructiveOf(c.id).length });
    expect(calls.flatMap(checkAnswer).slice(0, 20)).toEqual([]);
    // A guard against a hang only (each call's own deadline is checked above): the load takes
    // ~20–40 s on a busy 2-core machine, more than vitest's default 30 s on PostgreSQL, since each
    // destructive call waits for its recovery point (one committed write) before it is sent.
  }, 120_000);

  it('Idempotency-Key under faults: a success replays without a vendor call; a failure released its key', async () => {
    const keyed = calls.filter((c) => c.idempotencyKey && !c.badInput);
    const succeeded = keyed.filter((c) => c.code === 'OK');
    const failed = keyed.filter((c) => c.code !== 'OK').slice(0, 100);
    replayed.push(...succeeded, ...failed);
    const vendorBefore = fake.total;
    const replays: Answer[] = [];
    await perAccount(succeeded, async (c) => void replays.push(await send(c, `${c.requestId}-again`)));
    expect(fake.total).toBe(vendorBefore);
    expect(replays.filter((r) => r.code !== 'OK' || r.replayed !== true)).toEqual([]);
    // The vendor is healthy for these: the repeat runs the deletion again.
    for (const c of failed) healthy.add(c.id);
    const retries: Answer[] = [];
    await perAccount(failed, async (c) => void retries.push(await send(c, `${c.requestId}-again`)));
    expect(retries.map((r) => `${r.code}/${r.replayed}`).filter((x) => x !== 'OK/false')).toEqual([]);
    Object.assign(figures, { keyed: keyed.length, replayedAfterwards: succeeded.length, retriedAfterFailure: failed.length });
  });

  it('returns to its memory baseline', async () => {
    const final = await settle(gc);
    const heapGrowth = final.heapUsed - baseline.heapUsed;
    figures.memory = {
      gc: gc ? 'forced (v8 --expose-gc set at run time)' : 'not available: RSS only',
      heapBaselineMB: +(baseline.heapUsed / MB).toFixed(1),
      heapAfterMB: +(final.heapUsed / MB).toFixed(1),
      heapGrowthMB: +(heapGrowth / MB).toFixed(1),
      rssBaselineMB: +(baseline.rss / MB).toFixed(1),
      rssAfterMB: +(final.rss / MB).toFixed(1),
    };
    // The test keeps a few MB itself (call answers, the fake's per-call records) and the JIT adds
    // compiled code; a leak of even 4 KB per call would add 10 MB.
    if (gc) expect(heapGrowth).toBeLessThan(12 * MB);
    // RSS also holds the SQLite page cache and allocator slack that the OS gets back late: a generous bound.
    expect(final.rss - baseline.rss).toBeLessThan(200 * MB);
  });

  it('audits every call exactly once, with its answer and every vendor call made', async () => {
    const audit = await checkAudit();
    expect(audit.wrong.slice(0, 20)).toEqual([]);
    expect(audit.started).toBe(0);
    expect(audit.records).toBe(calls.length + replayed.length);
    figures.auditRecords = audit.records;
    figures.slowestAnsweredVendorCallMs = `${audit.slowestAnsweredMs} of a ${TIMEOUT_MS} ms timeout`;
  });

  it('still serves, left nothing hanging, and followed no redirect', async () => {
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    for (let i = 0; i < 40 && fake.pending > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fake.pending).toBe(0);
    expect(fake.unexpected).toEqual([]);
    expect(fake.elsewhere.requests).toEqual([]);
  });

  it('let no credential out: responses, log lines, audit records and metrics carry none', async () => {
    const metrics = await fetch(`${svc.url}/metrics`).then((r) => r.text());
    scan.check('metrics', metrics);
    scanLogs();
    expect(logLinesScanned).toBeGreaterThan(calls.length);
    expect(scan.size).toBeGreaterThan(20);
    expect(scan.texts).toBeGreaterThan(calls.length);
    expect(scan.hits).toEqual([]);

    const retriesTotal = [...metrics.matchAll(/^uud_vendor_retries_total\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
    const latencies = calls.map((c) => c.latencyMs!).sort((a, b) => a - b);
    const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!);
    const tally = (xs: string[]) => Object.fromEntries([...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1]));
    const worst = calls.reduce((w, c) => (c.latencyMs! / deadlineMs(c) > w.latencyMs! / deadlineMs(w) ? c : w));
    const summary = {
      seed: SEED,
      calls: calls.length,
      via: tally(calls.map((c) => c.via)),
      dryRuns: calls.filter((c) => c.dryRun).length,
      outcomes: tally(calls.map((c) => c.code!)),
      vendorRequests: fake.total,
      destructiveRequests: fake.destructive,
      faultsByKind: Object.fromEntries([...fake.byKind].sort((a, b) => b[1] - a[1])),
      retries: retriesTotal,
      oauthRefreshes: issuedTokens.length / 2,
      latencyMs: { p50: q(0.5), p99: q(0.99), max: q(1) },
      deadlineMs: { zendesk: deadlineMs(calls.find((c) => c.account.key === 'zd1')!), okta: deadlineMs(calls.find((c) => c.account.slug === 'okta')!) },
      worstAgainstDeadline: `${Math.round(worst.latencyMs!)} ms of ${deadlineMs(worst)} ms (#${worst.i} ${worst.account.slug})`,
      ...figures,
      secretScan: { secretForms: scan.size, texts: scan.texts, logLines: logLinesScanned, MB: +(scan.bytes / MB).toFixed(1), hits: scan.hits.length },
    };
    console.log(`faults: figures (rerun with FAULT_SEED=${SEED} FAULT_CALLS=${CALLS})\n${JSON.stringify(summary, null, 2)}`);
  });
});

interface AuditLine {
  requestId: string | null;
  via: string;
  dryRun: boolean;
  targetId: string;
  integratedAccountId: string;
  state: string;
  outcome: string | null;
  errorCode: string | null;
  calls: Array<{ method: string; url: string; planned?: boolean; status?: number | null; durationMs?: number }>;
}

/**
 * Durability: `kill -9` while the vendor holds a destructive call open. Each destructive call is
 * recorded `sending` (committed) before it leaves; the restarted service marks the attempt
 * INTERRUPTED at start-up, listing the calls that may have reached the vendor; a retry with the
 * same Idempotency-Key runs at once, reads the vendor again and sends nothing the vendor has
 * already done. The service runs as a child process (test/helpers/child-service.ts) on one store:
 * a DATA_DIR, or a PostgreSQL schema on the PostgreSQL run.
 */
describe('a deletion killed mid-call (kill -9) is INTERRUPTED, and a retry with its Idempotency-Key resumes it', () => {
  const CRASH_KEY = 'crash-admin-key-0123456789abcdef';
  const ZD_TOKEN = 'crash-zendesk-token-s3cr3tVALUE';
  const OKTA_TOKEN = 'crash-okta-token-s3cr3tVALUE';
  const crashScan = new SecretScan().add('admin key', CRASH_KEY).add('zendesk token', ZD_TOKEN).add('okta token', OKTA_TOKEN).addBasic('zendesk', 'admin@acme.com/token', ZD_TOKEN);
  let vendor: FakeVendor;
  let dataDir: string;
  let schema: string | undefined;
  const children: ChildService[] = [];

  /** The vendor's state: what it has done, and the destructive calls it holds open (never answered). */
  const zd = { deleted: false, deletes: 0, held: 0 };
  const okta = { status: 'ACTIVE', deleted: false, deactivations: 0, deletes: 0, held: 0 };
  const forever = () => new Promise<FakeReply>(() => undefined);
  const zdUser = (fixture('zendesk', 'user.json') as { user: Record<string, unknown> }).user;

  async function start(): Promise<ChildService> {
    const env: Record<string, string> = { DATA_DIR: dataDir, ADMIN_API_KEY: CRASH_KEY, ALLOW_PRIVATE_PROVIDER_HOSTS: '1', VENDOR_RETRY_BASE_MS: '10', VENDOR_TIMEOUT_MS: '60000' };
    // PostgreSQL needs an explicit key (every replica must share it).
    if (schema) Object.assign(env, { DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema, ENCRYPTION_KEY: 'ef'.repeat(32) });
    const c = await startChildService(env);
    children.push(c);
    return c;
  }

  async function call(c: ChildService, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
    const res = await fetch(`${c.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CRASH_KEY}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return JSON.parse(await crashScan.checkResponse('crash test', res)) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  }

  const DELETE_KEYED = `mutation($id: ID!, $acc: ID!) {
    deleteUser(id: $id, integratedAccountId: $acc) { id name deletionOutcome deletion { outcome auditId replayed resumedFrom calls { method status } } }
  }`;
  const RECORDS = `query($target: ID!) {
    deletionAudit(filter: { targetId: $target }) { records { id state outcome errorCode errorMessage resumedFrom snapshot calls { method url status sending } } }
  }`;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'uud-crash-'));
    schema = TEST_DATABASE_URL ? freshSchema() : undefined;
    vendor = await startFake();
    // The self-deletion guard's owner lookups, answered for the administrator who owns each token.
    routeOwner(vendor, 'zendesk', '/zd');
    routeOwner(vendor, 'okta', '/okta');
    vendor
      .on('GET /zd/api/v2/users/35436', () => (zd.deleted ? { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } } : { body: { user: zdUser } }))
      // The vendor deletes the user, then its answer never comes: the service is killed first.
      .on('DELETE /zd/api/v2/users/35436', () => {
        zd.deletes++;
        zd.deleted = true;
        zd.held++;
        return forever();
      })
      .on('GET /okta/api/v1/users/00ub0oNGTSWTBKOLGLNR', () =>
        okta.deleted ? { status: 404, body: { errorCode: 'E0000007', errorSummary: 'Not found' } } : { body: { ...fixture<Record<string, unknown>>('okta', 'user.json'), status: okta.status } },
      )
      .on('POST /okta/api/v1/users/00ub0oNGTSWTBKOLGLNR/lifecycle/deactivate', () => {
        okta.deactivations++;
        okta.status = 'DEPROVISIONED';
        return { body: {} };
      })
      // The first DELETE never reaches Okta's processing (held, not applied); a later one deletes.
      .on('DELETE /okta/api/v1/users/00ub0oNGTSWTBKOLGLNR', () => {
        okta.deletes++;
        if (okta.deletes === 1) {
          okta.held++;
          return forever();
        }
        okta.deleted = true;
        return { status: 204 };
      });
  });

  afterAll(async () => {
    for (const c of children) await c.kill9();
    await vendor?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (schema) await dropSchema(TEST_DATABASE_URL!, schema);
  });

  it('records the destructive call as sending before it leaves, marks the attempt INTERRUPTED at restart, and resumes without a second DELETE', async () => {
    const first = await start();
    const create = `mutation($input: CreateIntegratedAccountInput!) { createIntegratedAccount(input: $input) { id } }`;
    const zdAcc = (
      await call(first, create, {
        input: { integration: 'zendesk', credentials: { method: 'api_token', email: 'admin@acme.com', apiToken: ZD_TOKEN }, context: { subdomain: 'acme' }, baseUrl: `${vendor.url}/zd` },
      })
    ).data.createIntegratedAccount.id as string;
    const oktaAcc = (
      await call(first, create, { input: { integration: 'okta', credentials: { method: 'api_token', apiToken: OKTA_TOKEN }, context: { domain: 'acme.okta.com' }, baseUrl: `${vendor.url}/okta` } })
    ).data.createIntegratedAccount.id as string;

    // Both deletions reach their DELETE, which the vendor holds open; then the process is killed.
    const lost = [
      call(first, DELETE, { id: '35436', acc: zdAcc }, { 'idempotency-key': 'crash-zd' }).catch((e: unknown) => e),
      call(first, DELETE, { id: '00ub0oNGTSWTBKOLGLNR', acc: oktaAcc }, { 'idempotency-key': 'crash-okta' }).catch((e: unknown) => e),
    ];
    for (const until = Date.now() + 60_000; zd.held + okta.held < 2; await new Promise((r) => setTimeout(r, 20))) {
      if (Date.now() > until) throw new Error(`the vendor did not get both DELETEs: ${vendor.calls().join(', ')}\n${first.output().slice(-3000)}`);
    }
    await first.kill9();
    for (const r of await Promise.all(lost)) expect(r).toBeInstanceOf(Error); // no answer: the connection died with the process

    const second = await start();
    // At start-up: INTERRUPTED (it used to stay STARTED with no calls, forever), with the calls that may have reached the vendor.
    const states = `query { deletionAudit { records { targetId state calls { method } } } }`;
    expect((await call(second, states, {})).data.deletionAudit.records.map((r: { targetId: string; state: string; calls: unknown[] }) => `${r.targetId} ${r.state} ${r.calls.length}`).sort()).toEqual([
      // the read, the owner lookup (the account's first deletion), then Okta's deactivation and the DELETE sending
      '00ub0oNGTSWTBKOLGLNR INTERRUPTED 4',
      '35436 INTERRUPTED 3',
    ]);
    const zdRecord = (await call(second, RECORDS, { target: '35436' })).data.deletionAudit.records[0];
    expect(zdRecord).toMatchObject({ state: 'INTERRUPTED', outcome: null, errorCode: null, resumedFrom: null, snapshot: { id: '35436', name: 'Johnny Agent' } });
    expect(zdRecord.errorMessage).toMatch(/may have reached the vendor/);
    expect(zdRecord.calls).toEqual([
      { method: 'GET', url: `${vendor.url}/zd/api/v2/users/35436`, status: 200, sending: false },
      // the self-deletion guard's owner lookup (this process's first deletion on the account)
      { method: 'GET', url: `${vendor.url}/zd/api/v2/users/me`, status: 200, sending: false },
      { method: 'DELETE', url: `${vendor.url}/zd/api/v2/users/35436`, status: null, sending: true },
    ]);
    const oktaRecord = (await call(second, RECORDS, { target: '00ub0oNGTSWTBKOLGLNR' })).data.deletionAudit.records[0];
    expect(oktaRecord.state).toBe('INTERRUPTED');
    expect(oktaRecord.calls.map((c: { method: string; status: number | null; sending: boolean }) => `${c.method} ${c.status ?? (c.sending ? 'sending' : '')}`)).toEqual(['GET 200', 'GET 200', 'POST 200', 'DELETE sending']);

    // The same request with the same key runs at once (no IDEMPOTENCY_KEY_IN_USE, no wait for the claim to expire).
    // Zendesk had deleted the user: the vendor is read again (404), and the answer is the interrupted deletion's, with no second DELETE.
    const zdRetry = await call(second, DELETE_KEYED, { id: '35436', acc: zdAcc }, { 'idempotency-key': 'crash-zd' });
    expect(zdRetry.errors).toBeUndefined();
    expect(zdRetry.data.deleteUser).toMatchObject({ id: '35436', name: 'Johnny Agent', deletionOutcome: 'DELETED' });
    expect(zdRetry.data.deleteUser.deletion).toMatchObject({ outcome: 'DELETED', replayed: false, resumedFrom: zdRecord.id, calls: [{ method: 'GET', status: 404 }] });
    expect(zd.deletes).toBe(1);

    // Okta had not processed its DELETE: read again (DEPROVISIONED, so no second deactivation), then the DELETE.
    const oktaRetry = await call(second, DELETE_KEYED, { id: '00ub0oNGTSWTBKOLGLNR', acc: oktaAcc }, { 'idempotency-key': 'crash-okta' });
    expect(oktaRetry.errors).toBeUndefined();
    expect(oktaRetry.data.deleteUser.deletion).toMatchObject({ outcome: 'DELETED', resumedFrom: oktaRecord.id });
    expect(oktaRetry.data.deleteUser.deletion.calls).toEqual([
      { method: 'GET', status: 200 },
      // the restarted process looks the token's owner up again (its cache is per process)
      { method: 'GET', status: 200 },
      { method: 'DELETE', status: 204 },
    ]);
    expect(okta.deactivations).toBe(1);
    expect(okta.deleted).toBe(true);

    // The retries' records: SUCCEEDED, naming the attempt they resumed; a third try replays the stored result.
    const after = (await call(second, RECORDS, { target: '35436' })).data.deletionAudit.records;
    expect(after.map((r: { state: string; resumedFrom: string | null }) => `${r.state}:${r.resumedFrom ?? ''}`)).toEqual([`SUCCEEDED:${zdRecord.id}`, 'INTERRUPTED:']);
    const replay = await call(second, DELETE_KEYED, { id: '35436', acc: zdAcc }, { 'idempotency-key': 'crash-zd' });
    expect(replay.data.deleteUser.deletion).toMatchObject({ replayed: true, calls: [] });
    expect(zd.deletes).toBe(1);

    // The REST export filters on the new state.
    const exported = await fetch(`${second.url}/deletion-audit/export?state=interrupted`, { headers: { authorization: `Bearer ${CRASH_KEY}` } });
    const lines = (await crashScan.checkResponse('export', exported)).trim().split('\n').map((l) => JSON.parse(l) as { id: string; state: string; calls: Array<{ sending?: boolean }> });
    expect(lines.map((l) => l.id).sort()).toEqual([zdRecord.id, oktaRecord.id].sort());
    expect(lines.every((l) => l.state === 'INTERRUPTED' && l.calls.at(-1)?.sending === true)).toBe(true);
    expect(vendor.unexpected).toEqual([]);

    await second.stop();
    for (const c of children) crashScan.check('child log', c.output());
    expect(crashScan.hits).toEqual([]);
  }, 240_000);
});

/**
 * Fairness: a burst of deletions on one account. The per-account limit counts deletions in
 * progress, not single calls: a started deletion keeps its slot for its next call, so the first
 * deletions end after about their own calls' time instead of all ending near the end of the burst.
 */
describe('deletions on one account are not blocked behind later deletions (no head-of-line blocking)', () => {
  it('the first deletions finish before the last one makes its first call', async () => {
    const svc2 = await startService({ VENDOR_CONCURRENCY_PER_ACCOUNT: '2' });
    const fake2 = await startFake();
    try {
      const acc = await createAccount(svc2, {
        integration: 'zendesk',
        credentials: { method: 'api_token', email: 'admin@acme.com', apiToken: 'hol-zendesk-token-0123456789' },
        context: { subdomain: 'acme' },
        baseUrl: `${fake2.url}/zd`,
      });
      const events: string[] = [];
      // Every request waits for the gate (until all eight deletions are queued), then a moment: a slow vendor.
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      const ids = Array.from({ length: 8 }, (_, i) => String(7000 + i));
      const slow = (label: string, reply: FakeReply) => async () => {
        events.push(label);
        await gate;
        await new Promise((r) => setTimeout(r, 30));
        events.push(`answered ${label}`);
        return reply;
      };
      for (const id of ids) {
        fake2.on(`GET /zd/api/v2/users/${id}`, slow(`GET ${id}`, { body: fixture('zendesk', 'user.json') }));
        fake2.on(`DELETE /zd/api/v2/users/${id}`, slow(`DELETE ${id}`, { body: { user: { id: Number(id), active: false } } }));
      }
      const all = ids.map((id) => svc2.gql(DELETE, { id, acc }));
      // All eight have started (audited) and are queued on the account's limit before the vendor answers.
      const started = `query { deletionAudit(filter: { state: STARTED }) { records { id } } }`;
      while ((await svc2.gql(started)).body.data.deletionAudit.records.length < ids.length) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 300));
      open();
      const results = await Promise.all(all);
      expect(results.filter((r) => r.body.errors)).toEqual([]);
      expect(fake2.unexpected).toEqual([]);
      // Whichever two deletions got the slots first had their DELETE answered (their vendor work
      // done) before the last deletion's first call; per call, every DELETE queued behind all eight GETs.
      const firstCalls = events.filter((e) => e.startsWith('GET ')).map((e) => e.slice(4));
      const lastFirstCall = events.indexOf(`GET ${firstCalls.at(-1)}`);
      for (const id of firstCalls.slice(0, 2)) expect(events.indexOf(`answered DELETE ${id}`), events.join(', ')).toBeLessThan(lastFirstCall);
      // Never more than two deletions in progress at the vendor at once (from their GET to their DELETE's answer).
      let inProgress = 0;
      let peak = 0;
      for (const e of events) {
        if (e.startsWith('GET ')) peak = Math.max(peak, ++inProgress);
        if (e.startsWith('answered DELETE ')) inProgress--;
      }
      expect(peak).toBe(2);
    } finally {
      await svc2.stop();
      await fake2.stop();
    }
  }, 60_000);
});
