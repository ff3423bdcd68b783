/**
 * The token-owner lookups of the self-deletion guard, for tests that are about something else: each
 * implemented integration's lookup route, from its contract scenario
 * (src/providers/<slug>/<slug>.contract.ts), answered as the vendor does for the administrator who
 * owns the token — someone other than the users the tests remove.
 */
/// <reference types="vite/client" />
import type { ProviderContract } from './contract.js';
import { FakeVendor } from './fake-vendor.js';

const modules = import.meta.glob<{ contract: ProviderContract }>('../../src/providers/*/*.contract.ts', { eager: true });
const bySlug = new Map(Object.values(modules).map((m) => [m.contract.provider.slug, m.contract]));

/**
 * Routes the integration's owner lookup in the background of `fake`, for an account whose base URL
 * has the path `accountPath` (the contract's routes are relative to its own basePath; a lookup
 * outside it, such as Airtable's whoami at the origin's root, is routed as it is).
 */
export function routeOwner(fake: FakeVendor, slug: string, accountPath = ''): void {
  const c = bySlug.get(slug);
  if (!c?.owner) return;
  const [method, path, ...operation] = c.owner.route.split(' ') as [string, string, ...string[]];
  const base = c.basePath ?? '';
  const relative = base === '' ? path : path === base ? '' : path.startsWith(`${base}/`) ? path.slice(base.length) : undefined;
  const full = relative === undefined ? path : `${accountPath.replace(/\/+$/, '')}${relative}`;
  // A GraphQL lookup keeps its root field ('POST /v2 #me').
  fake.background([method, full, ...operation].join(' '), c.owner.someoneElse);
}

/** The owner lookup for an account created with `input` (integration, baseUrl), on the fake behind its base URL. */
export function routeOwnerOfAccount(input: Record<string, unknown>): void {
  if (typeof input.baseUrl !== 'string' || typeof input.integration !== 'string') return;
  const url = new URL(input.baseUrl);
  const fake = FakeVendor.running.get(url.origin);
  if (fake) routeOwner(fake, input.integration, url.pathname);
}
