/// <reference types="vite/client" />
/**
 * The generic provider contract, run for every implemented integration from its declaration and
 * its scenario (src/providers/<slug>/<slug>.contract.ts): exact requests on the happy path, the
 * returned user consistent with the outcome, 404 → NOT_FOUND with no write, 401 → REAUTH_REQUIRED
 * with no write, the vendor's documented rate-limit answer retried, self-aliases and the token's
 * owner refused before any write, an unsupported param refused, and the deletion's meaning declared.
 * A new integration gets all of it by adding its scenario; one without a scenario fails here.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { checkUserId, validateParams } from '../src/deletion/validate.js';
import { PARAMS } from '../src/providers/core/params.js';
import { PARAM_NAMES, type ParamName } from '../src/providers/core/types.js';
import { providers } from '../src/providers/registry.js';
import type { ProviderContract } from './helpers/contract.js';
import type { FakeReply, RecordedRequest } from './helpers/fake-vendor.js';
import { runDeletion, unfilledMappedFields, useFakeVendor } from './helpers/provider.js';

const scenarios = import.meta.glob<{ contract: ProviderContract }>('../src/providers/*/*.contract.ts', { eager: true });
const bySlug = new Map<string, ProviderContract>();
for (const mod of Object.values(scenarios)) bySlug.set(mod.contract.provider.slug, mod.contract);

const vendor = useFakeVendor();

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function routeOf(r: { route: string; query?: string; operation?: string }): string {
  const base = r.query ? `${r.route}?${r.query}` : r.route;
  return r.operation ? `${base} [${r.operation}]` : base;
}

/** The contract's routes that name an operation (GraphQL: one endpoint, told apart by the body). */
function operations(c: ProviderContract): Array<{ route: string; operation: string; read?: boolean }> {
  const all = [...c.happy, ...(c.owner ? [c.owner] : [])];
  return all.filter((r): r is typeof r & { operation: string } => typeof r.operation === 'string');
}

/** A recorded request as the contract names it: method, path, query, and the operation its body carries. */
function labelOf(c: ProviderContract, r: RecordedRequest): string {
  const base = `${r.method} ${r.path}${r.search ? `?${r.search}` : ''}`;
  const op = operations(c).find((o) => o.route === `${r.method} ${r.path}` && r.rawBody.includes(o.operation));
  if (op) return `${base} [${op.operation}]`;
  // Contracts that name a GraphQL call by its root field ('POST /v2 #users'), as the fake does.
  return r.operation ? `${base} #${r.operation}` : base;
}

function run(c: ProviderContract, opts: { id?: string; checkOwner?: boolean } = {}) {
  return runDeletion(c.provider, {
    baseUrl: `${vendor.fake.url}${c.basePath ?? ''}`,
    credentials: c.credentials,
    context: c.context,
    id: opts.id ?? c.id,
    params: c.params,
    checkOwner: opts.checkOwner ?? true,
  });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the deletion to fail');
}

/** The fake's routes for the happy path (owner lookup answering `owner`), first call replaced by `first` replies. */
function routes(c: ProviderContract, opts: { owner?: FakeReply; first?: FakeReply[] } = {}): void {
  const [head, ...rest] = c.happy;
  if (!head) throw new Error(`${c.provider.slug}: the happy path has no call`);
  if (operations(c).length > 0) {
    // One endpoint for every call: each call's replies, picked by the operation its body carries.
    const queues: Array<{ route: string; operation?: string; replies: FakeReply[] }> = [
      { route: head.route, operation: head.operation, replies: [...(opts.first ?? []), head.reply] },
      ...rest.map((r) => ({ route: r.route, operation: r.operation, replies: [r.reply] })),
      ...(c.owner ? [{ route: c.owner.route, operation: c.owner.operation, replies: [opts.owner ?? c.owner.someoneElse] }] : []),
    ];
    for (const key of new Set(queues.map((q) => q.route))) {
      vendor.fake.on(key, (req) => {
        const q = queues.find((x) => x.route === key && (x.operation === undefined || req.rawBody.includes(x.operation)));
        if (!q) return { status: 599, body: { error: `contract: no operation of ${key} in this body` } };
        return (q.replies.length > 1 ? q.replies.shift() : q.replies[0]) as FakeReply;
      });
    }
    return;
  }
  vendor.fake.on(head.route, ...(opts.first ?? []), head.reply);
  for (const r of rest) vendor.fake.on(r.route, r.reply);
  if (c.owner) vendor.fake.on(c.owner.route, opts.owner ?? c.owner.someoneElse);
}

/** The vendor calls without the owner lookup (cached by the service, so made once per account). */
function vendorCalls(c: ProviderContract): string[] {
  const owner = c.owner ? routeOf(c.owner) : undefined;
  return vendor.fake.requests.map((r) => labelOf(c, r)).filter((call) => call !== owner);
}

/**
 * The writing calls the fake received. Not counted: a GraphQL query (a read even when POSTed), a
 * POST the contract marks as a read (by the operation its body carries), and the happy path's
 * first call and the owner lookup of vendors whose RPC style makes reads POSTs (Dropbox).
 */
function writes(c: ProviderContract): string[] {
  const firstAndOwner = new Set([c.happy[0]?.route, c.owner?.route]);
  const reads = c.happy.filter((r) => r.read && r.operation);
  return vendor.fake.requests
    .filter((r) => WRITES.has(r.method) && r.operationType !== 'query' && !firstAndOwner.has(routeKey(r)) && !c.isRead?.(r))
    .filter((r) => !reads.some((x) => x.route === `${r.method} ${r.path}` && r.rawBody.includes(x.operation as string)))
    .filter((r) => !(c.owner?.operation && c.owner.route === `${r.method} ${r.path}` && r.rawBody.includes(c.owner.operation)))
    .map((r) => `${r.method} ${r.path}`);
}

/** 'METHOD /path', with ' #rootField' for a GraphQL call, as contract routes may name them. */
function routeKey(r: RecordedRequest): string {
  return `${r.method} ${r.path}${r.operation ? ` #${r.operation}` : ''}`;
}

function sampleValue(p: ParamName): unknown {
  switch (PARAMS[p].type) {
    case 'boolean':
      return true;
    case 'enum':
      return 'GROUP';
    case 'string[]':
      return ['someone@example.com'];
    case 'object[]':
      return [{ id: 'g1' }];
    default:
      return 'x1';
  }
}

describe('every implemented integration has a contract scenario', () => {
  it.each(providers.map((p) => [p.slug]))('%s', (slug) => {
    expect(bySlug.has(slug), `add src/providers/${slug}/${slug}.contract.ts (see test/helpers/contract.ts)`).toBe(true);
  });
});

describe.each(providers.filter((p) => bySlug.has(p.slug)).map((p) => [p.slug, bySlug.get(p.slug) as ProviderContract]))('%s', (_slug, c) => {
  const p = c.provider;

  it('declares what its deletion means, its self-aliases and how it knows the token owner', () => {
    expect(p.semantics.description.length).toBeGreaterThan(20);
    expect(p.semantics.docs).toMatch(/^https:\/\//);
    if (p.semantics.restoreWindowDays !== undefined) {
      expect(p.semantics.permanent).toBe(false);
      expect(p.semantics.restoreWindowDays).toBeGreaterThan(0);
    }
    if ('lookup' in p.tokenOwner) {
      expect(p.tokenOwner.docs).toMatch(/^https:\/\//);
      expect(c.owner, 'a provider with a token-owner lookup gives the lookup route in its scenario').toBeDefined();
    } else {
      expect(p.tokenOwner.unavailable.length).toBeGreaterThan(20);
      expect(c.owner).toBeUndefined();
    }
    for (const a of p.selfAliases) expect(a.trim()).toBe(a);
    if (p.errors?.bodyLevel) expect(Object.keys(p.errors.table).length).toBeGreaterThan(0);
  });

  it('makes exactly the documented calls on the happy path, and answers the user as the outcome leaves them', async () => {
    routes(c);
    const out = await run(c);
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendorCalls(c)).toEqual(c.happy.map(routeOf));
    if (c.owner) {
      const owner = c.owner;
      const isOwner = (r: RecordedRequest) => routeKey(r) === owner.route || (`${r.method} ${r.path}` === owner.route && (!owner.operation || r.rawBody.includes(owner.operation)));
      expect(vendor.fake.requests.filter(isOwner)).toHaveLength(1);
    }
    expect(out.outcome).toBe(p.outcome);
    expect(out.before, 'the snapshot read before the deletion').not.toBeNull();
    // Every field the provider declares it maps is filled from the vendor's documented payload.
    const absent = c.notInDocumentedExample ?? {};
    expect(unfilledMappedFields(p, out.before).filter((f) => absent[f] === undefined)).toEqual([]);
    for (const f of Object.keys(absent)) expect(p.maps, `${f} is excused but not mapped`).toContain(f);
    switch (out.outcome) {
      case 'DELETED':
        expect([undefined, null, 'DELETED']).toContain(out.user.status);
        break;
      case 'DEACTIVATED':
        expect([undefined, null, 'INACTIVE', 'DELETED']).toContain(out.user.status);
        break;
      case 'REMOVED_FROM_CONTAINER': {
        expect(c.container, 'a removal names its container in the scenario').toBeDefined();
        const k = c.container!;
        const list = k.kind === 'organization' ? out.user.organizations : k.kind === 'workspace' ? out.user.workspaces : out.user.groups;
        expect((list ?? []).map((x) => x.id)).not.toContain(k.id);
        break;
      }
      default:
        break;
    }
    if (out.before?.status === 'ACTIVE' && out.outcome !== 'REMOVED_FROM_CONTAINER') expect(out.user.status).not.toBe('ACTIVE');
  });

  it('maps the vendor\'s "no such user" to NOT_FOUND and writes nothing', async () => {
    routes(c, { first: [c.notFound] });
    const err = await failure(run(c));
    expect(err.code).toBe('NOT_FOUND');
    expect(writes(c)).toEqual([]);
  });

  it('maps rejected credentials to REAUTH_REQUIRED and writes nothing', async () => {
    routes(c, { first: [c.unauthorized] });
    const err = await failure(run(c));
    expect(err.code).toBe('REAUTH_REQUIRED');
    expect(writes(c)).toEqual([]);
  });

  it("waits out the vendor's documented rate-limit answer and retries", async () => {
    routes(c, { first: [c.rateLimited] });
    const out = await run(c);
    expect(out.outcome).toBe(p.outcome);
    const first = routeOf(c.happy[0]!);
    expect(vendorCalls(c).slice(0, 2)).toEqual([first, first]);
  });

  it('refuses each self-alias before any call', async () => {
    for (const alias of p.selfAliases) {
      for (const spelling of [alias, alias.toUpperCase()]) {
        const err = await failure(run(c, { id: spelling }));
        expect(err.code).toBe('BAD_USER_INPUT');
        expect(err.message).toMatch(/own administrator/);
      }
    }
    expect(vendor.fake.requests).toEqual([]);
  });

  it.skipIf(!c.owner)("refuses to remove the token's own user, and writes nothing", async () => {
    routes(c, { owner: c.owner!.theTarget });
    const err = await failure(run(c));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(/cannot remove the account's own administrator/);
    expect(writes(c)).toEqual([]);
  });

  it('refuses a param it does not support, naming it', () => {
    const unsupported = c.unsupportedParam ?? PARAM_NAMES.find((n) => !p.params[n]);
    if (!unsupported) return;
    expect(p.params[unsupported]).toBeUndefined();
    expect(() => validateParams(p, { ...(c.params ?? {}), [unsupported]: sampleValue(unsupported) }, 'graphql')).toThrow(new RegExp(`does not support ${unsupported}`));
    // The scenario's own params pass, and so does its id.
    expect(() => validateParams(p, { ...(c.params ?? {}) }, 'graphql')).not.toThrow();
    expect(checkUserId(c.id, 'graphql')).toBe(c.id);
  });
});
