/**
 * The self-deletion guard: no integration ever removes the identity its own credentials act as.
 *
 *  1. The vendor's self-aliases (`me`, `self`, ...) are refused before any call.
 *  2. Where the vendor can name the token's owner, the user the snapshot resolved to is compared
 *     with the owner (id, login, user name, email; case-insensitively) and the deletion is refused.
 *
 * The owner is looked up once per account and credentials (cached here, per process): a deletion
 * costs no extra call once the account's owner is known, and new credentials mean a new lookup.
 */
import { createHash } from 'node:crypto';
import { AppError, badInput } from '../errors.js';
import type { StoredCredentials } from '../providers/core/definition.js';
import type { TokenOwner, UnifiedUser } from '../providers/core/types.js';
import type { AnyProvider } from '../providers/registry.js';

/** Refuses the vendor's documented aliases of the token's own user, before any call. */
export function refuseSelfAlias(provider: AnyProvider, id: string): void {
  const lower = id.trim().toLowerCase();
  if (provider.selfAliases.some((a) => a.toLowerCase() === lower)) {
    throw badInput(
      `"${id}" is ${provider.name}'s alias for the user the account's own credentials act as; deleteUser never removes the account's own administrator. Pass the id of the user to remove.`,
      { integration: provider.slug },
    );
  }
}

/** The identifiers a mapped user carries that a vendor could use for the same person. */
function identifiersOf(user: UnifiedUser, requestedId: string): string[] {
  const out = [requestedId, user.id];
  if (user.username) out.push(user.username);
  for (const e of user.emails ?? []) if (e.email) out.push(e.email);
  for (const v of Object.values(user.identifiers ?? {})) if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
  return out;
}

/** True when the user to remove is the token's owner. */
export function isTokenOwner(owner: TokenOwner, user: UnifiedUser | undefined, requestedId: string): boolean {
  const mine = new Set(owner.ids.filter((s) => s !== '').map((s) => s.toLowerCase()));
  if (mine.size === 0) return false;
  const theirs = user ? identifiersOf(user, requestedId) : [requestedId];
  return theirs.some((s) => mine.has(String(s).toLowerCase()));
}

export function ownerRefusal(provider: AnyProvider): AppError {
  return new AppError(
    'FORBIDDEN',
    `cannot remove the account's own administrator: this user is the one ${provider.name} says the integrated account's credentials act as. Remove them with other credentials, or at ${provider.name} directly.`,
    { integration: provider.slug, reason: 'SELF_DELETION' },
  );
}

/** Fields that change on every refresh without changing who the credentials act as. */
const VOLATILE = new Set(['accessToken', 'expiresAt']);

/**
 * A cache key for "these credentials": the account id and a hash of its stable credential fields
 * (for OAuth the refresh token and client, not the access token that every refresh replaces).
 * Reconnecting the account with other credentials gives another key, so a new owner lookup.
 */
export function credentialsKey(accountId: string, creds: StoredCredentials): string {
  const stable = Object.entries(creds.fields)
    .filter(([k]) => !VOLATILE.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const source = stable.length > 0 ? stable : Object.entries(creds.fields).sort(([a], [b]) => (a < b ? -1 : 1));
  const hash = createHash('sha256').update(JSON.stringify([creds.method, source])).digest('base64url');
  return `${accountId}\n${hash}`;
}

interface Entry {
  owner: Promise<TokenOwner | undefined>;
  expiresAt: number;
}

/**
 * Token owners per account and credentials, bounded in size and age. A lookup in flight is shared
 * by the deletions waiting for it; a failed lookup is not kept (the next deletion asks again).
 */
export class OwnerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly opts: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
  ) {}

  get(key: string, load: () => Promise<TokenOwner | undefined>): Promise<TokenOwner | undefined> {
    const now = (this.opts.now ?? Date.now)();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.owner;
    if (hit) this.entries.delete(key);
    const owner = load();
    const entry: Entry = { owner, expiresAt: now + (this.opts.ttlMs ?? 3_600_000) };
    this.entries.set(key, entry);
    owner.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    const max = this.opts.maxEntries ?? 10_000;
    if (this.entries.size > max) {
      // Oldest first (Map keeps insertion order).
      const first = this.entries.keys().next();
      if (!first.done) this.entries.delete(first.value);
    }
    return owner;
  }

  get size(): number {
    return this.entries.size;
  }
}
