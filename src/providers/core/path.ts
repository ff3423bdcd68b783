/**
 * Vendor paths are built with the `path` template tag: every interpolated value is one
 * encoded path segment, so an id such as `../admin` or `a/b?x#y` can never change the path.
 */
import { badInput } from '../../errors.js';

const brand: unique symbol = Symbol('VendorPath');

export interface VendorPath {
  readonly [brand]: true;
  readonly value: string;
  /** The path with each interpolated value as `{}` (`/users/{}`): the route, for traces (no id, no secret). */
  readonly template: string;
}

export function path(strings: TemplateStringsArray, ...values: Array<string | number>): VendorPath {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += encodeSegment(String(v)) + (strings[i + 1] ?? '');
  });
  return { [brand]: true, value: out, template: strings.join('{}') } as VendorPath;
}

/** A path without interpolation (a constant written in the provider). */
export function literal(value: string): VendorPath {
  if (!value.startsWith('/') || value.includes('..') || /[?#\s]/.test(value)) {
    throw new Error(`invalid literal vendor path: ${value}`);
  }
  return { [brand]: true, value, template: value } as VendorPath;
}

export function encodeSegment(s: string): string {
  if (s.length === 0) throw badInput('a value used in the vendor path is empty');
  // A segment of only dots would walk up the path, and escaping does not help: the WHATWG URL
  // parser (and so fetch/undici) turns `%2E%2E` back into `..` and removes the segment, so
  // DELETE /orgs/acme/members/%2E%2E would reach DELETE /orgs/acme. Such a value is refused.
  if (/^\.+$/.test(s)) throw badInput(`"${s}" cannot be used as a value in the vendor path`);
  // encodeURIComponent throws a URIError on a lone surrogate (valid in a JSON string, not in UTF-8).
  if (/\p{Cs}/u.test(s)) throw badInput('a value used in the vendor path is not valid Unicode (it has a lone surrogate)');
  return encodeURIComponent(s);
}
