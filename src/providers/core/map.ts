/** Small helpers for vendor → unified mappings. */
import type { UnifiedUser } from './types.js';

/** Drops keys whose value is undefined, so "not given" stays distinguishable from null. */
export function compact(user: { [K in keyof UnifiedUser]?: UnifiedUser[K] | undefined }): UnifiedUser {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(user)) if (v !== undefined) out[k] = v;
  return out as unknown as UnifiedUser;
}

/** ISO strings, epoch seconds or epoch milliseconds → Date; anything unparseable → undefined. */
export function date(v: unknown): Date | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'number') return new Date(v < 1e12 ? v * 1000 : v);
  if (typeof v !== 'string') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function primaryFirst<T extends { primary?: boolean }>(xs: T[] | undefined): T[] | undefined {
  if (!xs) return undefined;
  return [...xs].sort((a, b) => Number(b.primary === true) - Number(a.primary === true));
}

/** "Ada Lovelace" → ["Ada", "Lovelace"]; used only where the vendor has one name field. */
export function splitName(name: string | null | undefined): { firstName?: string; lastName?: string } {
  if (!name) return {};
  const trimmed = name.trim();
  const i = trimmed.indexOf(' ');
  if (i < 0) return { firstName: trimmed };
  return { firstName: trimmed.slice(0, i), lastName: trimmed.slice(i + 1).trim() };
}

export function str(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return String(v);
}
