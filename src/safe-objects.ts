/**
 * Objects built from what a client sends (query strings, GraphQL JSON values, remote_query,
 * params, context, credentials): they have no prototype, and the key names that reach one
 * (`__proto__`, `constructor`, `prototype`) are refused where input is validated. A key such as
 * `__proto__[a]=1` must never become `Object.prototype.a` for the whole process.
 */

/** Key names that read or write a prototype (or a constructor) when used as a property name. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key);
}

/** An empty object without a prototype: any key, `__proto__` included, is an ordinary own property. */
export function bareObject<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A deep copy of a JSON-like value in which every object has no prototype (arrays stay arrays).
 * Walked with an explicit stack: a value thousands of levels deep is copied, not a stack overflow
 * (the depth limit answers later, with BAD_USER_INPUT).
 */
export function withoutPrototypes<T = unknown>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const copyOf = (v: unknown, stack: Array<[object, Record<string, unknown> | unknown[]]>): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const copy = Array.isArray(v) ? new Array<unknown>(v.length) : bareObject();
    stack.push([v, copy]);
    return copy;
  };
  const stack: Array<[object, Record<string, unknown> | unknown[]]> = [];
  const root = copyOf(value, stack);
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [src, dst] = item;
    if (Array.isArray(src)) {
      const out = dst as unknown[];
      for (let i = 0; i < src.length; i++) out[i] = copyOf(src[i], stack);
    } else {
      const out = dst as Record<string, unknown>;
      for (const k of Object.keys(src)) out[k] = copyOf((src as Record<string, unknown>)[k], stack);
    }
  }
  return root as T;
}

/**
 * Where the first reserved key is in a JSON-like value (`a.b.__proto__`), or undefined. Own keys
 * only (JSON.parse makes `"__proto__"` an own key); walked with an explicit stack.
 */
export function reservedKeyPath(value: unknown, label = ''): string | undefined {
  const stack: Array<[unknown, string]> = [[value, label]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, at] = item;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}[${i}]`]);
      continue;
    }
    const keys = Object.keys(v);
    for (const k of keys) if (isReservedKey(k)) return at ? `${at}.${k}` : k;
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i] as string;
      stack.push([(v as Record<string, unknown>)[k], at ? `${at}.${k}` : k]);
    }
  }
  return undefined;
}
