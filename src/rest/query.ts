/**
 * Query strings with bracket syntax, as the public API takes them:
 * `a=1`, `a[]=1&a[]=2`, `a[b][c]=1`, `a[0][id]=x`. Bounded in size and depth; anything that does
 * not parse is rejected rather than guessed. Objects have no prototype, and a name segment that
 * would reach one (`__proto__`, `constructor`, `prototype`) is refused.
 */
import { badInput } from '../errors.js';
import { bareObject, isReservedKey } from '../safe-objects.js';

export type QueryNode = string | QueryNode[] | { [k: string]: QueryNode };

const MAX_PARAMS = 200;
const MAX_DEPTH = 5;
const MAX_INDEX = 99;

/** Parses `search` (with or without '?') into a tree of strings, arrays and objects. */
export function parseQuery(search: string): Record<string, QueryNode> {
  const root = bareObject<QueryNode>();
  const text = search.replace(/^\?/, '');
  if (text === '') return root;
  const pairs = text.split('&');
  if (pairs.length > MAX_PARAMS) throw badInput(`Too many query parameters (at most ${MAX_PARAMS})`);
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    const path = splitKey(key);
    insert(root, path, value, key);
  }
  return root;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw badInput('The query string has malformed percent-encoding');
  }
}

/** `a[b][]` → ['a', 'b', '']; rejects unbalanced or stray brackets. */
function splitKey(key: string): string[] {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) throw badInput(`Malformed query parameter name "${key.slice(0, 100)}"`);
  const parts = [m[1] as string];
  for (const seg of (m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)) parts.push(seg[1] as string);
  if (parts.length - 1 > MAX_DEPTH) throw badInput(`Query parameter "${key.slice(0, 100)}" is nested too deeply`);
  const reserved = parts.find(isReservedKey);
  if (reserved !== undefined) {
    throw badInput(`Query parameter "${key.slice(0, 100)}" uses the reserved name ${reserved}`, { params: [key.slice(0, 100)] });
  }
  return parts;
}

function insert(container: Record<string, QueryNode> | QueryNode[], path: string[], value: string, fullKey: string): void {
  const [head, ...rest] = path as [string, ...string[]];
  const isArray = Array.isArray(container);
  if (isArray && head !== '' && !/^\d+$/.test(head)) throw badInput(`Query parameter "${fullKey}" mixes list and object syntax`);
  if (isArray && head !== '' && Number(head) > MAX_INDEX) throw badInput(`Query parameter "${fullKey}" has a list index over ${MAX_INDEX}`);
  if (!isArray && head === '') throw badInput(`Malformed query parameter name "${fullKey}"`);
  if (rest.length === 0) {
    if (isArray) {
      if (head === '') container.push(value);
      else container[Number(head)] = value;
      return;
    }
    const obj = container as Record<string, QueryNode>;
    const prev = obj[head];
    if (prev === undefined) obj[head] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else if (typeof prev === 'string') obj[head] = [prev, value];
    else throw badInput(`Query parameter "${fullKey}" is given both as a value and as an object`);
    return;
  }
  const nextIsArray = rest[0] === '' || /^\d+$/.test(rest[0] as string);
  let child: QueryNode | undefined;
  if (isArray) {
    // `a[][id]=1` appends a new element; `a[0][id]=1` addresses one.
    child = head === '' ? undefined : container[Number(head)];
  } else {
    child = (container as Record<string, QueryNode>)[head];
  }
  if (child === undefined) {
    child = nextIsArray ? [] : bareObject<QueryNode>();
    if (isArray) {
      if (head === '') container.push(child);
      else container[Number(head)] = child;
    } else {
      (container as Record<string, QueryNode>)[head] = child;
    }
  }
  if (typeof child === 'string') throw badInput(`Query parameter "${fullKey}" is given both as a value and as an object`);
  if (Array.isArray(child) !== nextIsArray) throw badInput(`Query parameter "${fullKey}" mixes list and object syntax`);
  insert(child, rest, value, fullKey);
}
