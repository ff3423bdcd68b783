/** Starts the real service (embedded store in a temp DATA_DIR) on a free port, over real HTTP. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/server.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './pg.js';
import { routeOwnerOfAccount } from './owners.js';
import { SecretScan } from './secret-scan.js';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface RunningService {
  app: App;
  url: string;
  dataDir: string;
  /** The service's log lines (JSON), in order. */
  logs: string[];
  /**
   * Every credential the tests hand this service (the admin key, account credentials created
   * through `createAccount`): GraphQL answers are scanned as they arrive, and on stop() the log
   * lines and the audit export; stop() fails if any credential turned up.
   */
  scan: SecretScan;
  gql<T = any>(query: string, variables?: Record<string, unknown>, opts?: { key?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string; extensions?: Record<string, any> }> }; text: string }>;
  stop(): Promise<void>;
}

/** `port` 0 (default) is a free port; the demo passes its own admin key in `env` and a fixed port. */
export async function startService(env: Record<string, string> = {}, opts: { port?: number } = {}): Promise<RunningService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uud-test-'));
  // On the PostgreSQL run each service gets a schema of its own (unless the test shares one).
  const ownSchema = TEST_DATABASE_URL && !env.DATABASE_URL ? freshSchema() : undefined;
  const config = loadConfig({
    // (PostgreSQL needs a configured encryption key: replicas must share it.)
    ...(ownSchema ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: ownSchema, ENCRYPTION_KEY: 'ef'.repeat(32) } : {}),
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    ALLOW_PRIVATE_PROVIDER_HOSTS: '1',
    VENDOR_RETRY_BASE_MS: '10',
    VENDOR_TIMEOUT_MS: '5000',
    ...env,
  });
  // Log lines are kept, not printed: tests read them (and scan them for secrets).
  const logs: string[] = [];
  const app = await createApp(config, { logDestination: { write: (line: string) => void logs.push(line) } });
  const url = await app.listen(opts.port ?? 0, '127.0.0.1').catch(async (err: unknown) => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (ownSchema) await dropSchema(TEST_DATABASE_URL!, ownSchema);
    throw err;
  });
  const adminKey = env.ADMIN_API_KEY ?? ADMIN_KEY;
  const scan = new SecretScan().add('admin key', adminKey);
  return {
    app,
    url,
    dataDir,
    logs,
    scan,
    async gql(query, variables, opts = {}) {
      const key = opts.key === undefined ? adminKey : opts.key;
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...(opts.headers ?? {}) },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      scan.check('GraphQL answer', text);
      return { status: res.status, body: JSON.parse(text), text };
    },
    async stop() {
      const audit = await fetch(`${url}/deletion-audit/export`, { headers: { authorization: `Bearer ${adminKey}` } }).then((r) => r.text());
      scan.check('audit export', audit);
      for (const line of logs) scan.check('log line', line);
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (ownSchema) await dropSchema(TEST_DATABASE_URL!, ownSchema);
      if (scan.hits.length) throw new Error(`credentials left the service: ${[...new Set(scan.hits)].join('; ')}`);
    },
  };
}

export const CREATE_ACCOUNT = `mutation($input: CreateIntegratedAccountInput!) {
  createIntegratedAccount(input: $input) { id integration authMethod context baseUrl status }
}`;

const SECRET_FIELD = /token|secret|key|password/i;

export async function createAccount(svc: RunningService, input: Record<string, unknown>): Promise<string> {
  for (const [k, v] of Object.entries((input.credentials ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' && v.includes('-----BEGIN')) svc.scan.addPrivateKey(`credentials.${k}`, v);
    else if (SECRET_FIELD.test(k) && typeof v === 'string' && v.length >= 8) svc.scan.add(`credentials.${k}`, v);
  }
  const res = await svc.gql(CREATE_ACCOUNT, { input });
  if (res.body.errors) throw new Error(`createIntegratedAccount failed: ${res.text}`);
  // The self-deletion guard looks the token's owner up on the account's first deletion: the fake
  // behind the account answers it (someone else) unless a test routes it itself.
  routeOwnerOfAccount(input);
  return res.body.data.createIntegratedAccount.id as string;
}
