/**
 * A local sandbox for trying the service: the service on a fresh, temporary data directory,
 * three fake vendors (GitHub, Okta, Zendesk) and an integrated account connected to each. The
 * fakes and their answers are the test suite's (test/helpers/fake-vendor.ts,
 * test/helpers/scenarios.ts). Used by `npm run demo` and `npm run example:gateway`; nothing in
 * src/ imports it.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { type FakeVendor, startFake } from '../test/helpers/fake-vendor.js';
import { type Scenario, scenarios } from '../test/helpers/scenarios.js';
import { createAccount, type RunningService, startService } from '../test/helpers/service.js';

export const SANDBOX_VENDORS = ['github', 'okta', 'zendesk'] as const;

export interface Sandbox {
  /** The service's base URL (GraphQL and GraphiQL at `${url}/graphql`). */
  url: string;
  apiKey: string;
  dataDir: string;
  /** One connected account per fake vendor, with the user its fake knows. */
  accounts: Array<{ slug: string; id: string; scenario: Scenario }>;
  stop(): Promise<void>;
}

export async function startSandbox(port: number): Promise<Sandbox> {
  const fakes: FakeVendor[] = [];
  let svc: RunningService | undefined;
  const stop = async () => {
    try {
      await svc?.stop();
    } finally {
      if (svc) rmSync(svc.dataDir, { recursive: true, force: true });
      await Promise.all(fakes.map((f) => f.stop()));
    }
  };
  try {
    const apiKey = `demo_${randomBytes(18).toString('base64url')}`;
    // startService: a new temporary DATA_DIR and ALLOW_PRIVATE_PROVIDER_HOSTS=1 (the fakes listen
    // on 127.0.0.1), in this process's configuration only; it listens on 127.0.0.1.
    svc = await startService({ ADMIN_API_KEY: apiKey }, { port });
    const accounts: Sandbox['accounts'] = [];
    for (const slug of SANDBOX_VENDORS) {
      const scenario = scenarios.find((s) => s.slug === slug);
      if (!scenario) throw new Error(`no scenario for ${slug}`);
      const fake = await startFake();
      fakes.push(fake);
      scenario.routes(fake);
      accounts.push({ slug, id: await createAccount(svc, scenario.account(fake.url)), scenario });
    }
    return { url: svc.url, apiKey, dataDir: svc.dataDir, accounts, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Stops `stop` on SIGINT/SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<void>): void {
  const handler = () => void stop().finally(() => process.exit(0));
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/** Why a start failed, in one line (no stack trace). */
export function startError(err: unknown, port: number): string {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') return `port ${port} is in use: set PORT to another port`;
  return `failed to start: ${err instanceof Error ? err.message : 'unknown error'}`;
}
