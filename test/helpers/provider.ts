/**
 * Runs one provider the way the service does (performDeletion) against a fake vendor, with the
 * real HTTP client, auth resolution and context validation.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFake, type FakeVendor } from './fake-vendor.js';
import { performDeletion } from '../../src/deletion/service.js';
import { buildBaseUrl, impersonatedSubject, resolveAuth, validateContext, validateCredentials } from '../../src/providers/core/definition.js';
import { VendorHttp, type VendorCall } from '../../src/providers/core/http.js';
import { Transport } from '../../src/providers/core/transport.js';
import type { DeleteUserParams } from '../../src/providers/core/types.js';
import type { AnyProvider } from '../../src/providers/registry.js';

export const transport = new Transport({ allowPrivateHosts: true });

export function vendorClient(
  provider: AnyProvider,
  opts: { baseUrl: string; credentials: Record<string, unknown>; context?: Record<string, unknown>; calls?: VendorCall[]; maxAttempts?: number },
): { http: VendorHttp; context: Record<string, string> } {
  const context = validateContext(provider, opts.context ?? {});
  const creds = validateCredentials(provider, opts.credentials);
  const http = new VendorHttp({
    transport,
    baseUrl: buildBaseUrl(provider, context, opts.baseUrl),
    auth: resolveAuth(provider, creds),
    headers: provider.headers,
    rateLimit: provider.rateLimit,
    errors: provider.errors,
    timeoutMs: 5_000,
    retry: { maxAttempts: opts.maxAttempts ?? 3, maxWaitMs: 5_000, baseDelayMs: 10 },
    maxBodyBytes: 1024 * 1024,
    integration: provider.name,
    onCall: (c) => opts.calls?.push(c),
  });
  return { http, context };
}

export async function runDeletion(
  provider: AnyProvider,
  opts: {
    baseUrl: string;
    credentials: Record<string, unknown>;
    context?: Record<string, unknown>;
    id: string;
    params?: DeleteUserParams;
    remoteQuery?: Record<string, unknown>;
    /** Run the self-deletion guard's owner lookup too (the service always does, cached). */
    checkOwner?: boolean;
    calls?: VendorCall[];
    maxAttempts?: number;
  },
) {
  const { http, context } = vendorClient(provider, opts);
  const creds = validateCredentials(provider, opts.credentials);
  const lookup = provider.tokenOwner;
  const owner =
    opts.checkOwner && 'lookup' in lookup ? () => lookup.lookup({ http, context, method: creds.method, subject: impersonatedSubject(provider, creds) }) : undefined;
  return performDeletion(provider, { http, id: opts.id, params: opts.params ?? {}, context, remoteQuery: opts.remoteQuery, owner });
}

export function fixture<T = unknown>(providerDir: string, name: string): T {
  return JSON.parse(readFileSync(new URL(`../../src/providers/${providerDir}/fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Every field the provider declares in `maps` is filled (not undefined or null) in the mapped user. */
export function unfilledMappedFields(provider: AnyProvider, user: unknown): string[] {
  const mapped = user as Record<string, unknown>;
  return provider.maps.filter((f) => mapped[f] === undefined || mapped[f] === null);
}

/**
 * A fake vendor for one test file: started before the tests, stopped after, reset before each.
 * `baseUrl` is the fake's URL plus the vendor's base path.
 */
export function useFakeVendor(basePath = ''): { readonly fake: FakeVendor; readonly baseUrl: string } {
  const state = {} as { fake: FakeVendor; baseUrl: string };
  beforeAll(async () => {
    state.fake = await startFake();
    state.baseUrl = `${state.fake.url}${basePath}`;
  });
  afterAll(() => state.fake.stop());
  beforeEach(() => state.fake.reset());
  return state;
}
