/**
 * Redaction of vendor text before it leaves the process (answers, remoteData, raw responses,
 * errors, logs, the audit trail, idempotency results).
 *
 * A vendor may echo a credential back in any encoding: as sent, URL-encoded in a link or a
 * form, base64 in a token or a header it quotes. `Redactor` holds every known secret of an
 * account in each of those encodings, computed once per set of credentials (see
 * `redactorFor` in definition.ts), and replaces any of them in one regular-expression pass.
 */
import { bareObject } from '../../safe-objects.js';

const SECRET_KEY = /(pass(word)?|secret|token|authorization|api[-_]?key|apikey|credential|cookie|session|private[-_]?key|signature|refresh|bearer|sso|otp|client[-_]?secret)/i;
const MAX_STRING = 2_000;
const MAX_DEPTH = 6;
const MAX_KEYS = 100;
/** Shorter secrets are not matched: too many innocent words would be redacted. */
const MIN_SECRET = 4;

export const REDACTED = '[REDACTED]';

/**
 * Every form in which `secret` can appear in vendor text:
 * - as is, and JSON-escaped (`\"`, `\\`, `\u…`, and `\/` as PHP's json_encode writes `/`);
 * - URL-encoded: encodeURIComponent, and form encoding (application/x-www-form-urlencoded:
 *   space as `+`, `!'()~` escaped), each with upper- and lower-case hex digits;
 * - base64 of its UTF-8 bytes with and without padding, and base64url (with and without).
 * A Basic `user:password` pair is given as that one string, so its base64 is the header's.
 */
export function encodingsOf(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, '\\/'));
  let component: string | undefined;
  try {
    component = encodeURIComponent(secret);
  } catch {
    // A lone surrogate cannot be URL-encoded (and so was never sent URL-encoded).
  }
  if (component !== undefined) {
    const form = new URLSearchParams({ s: secret }).toString().slice(2);
    for (const encoded of [component, form, component.replace(/%20/g, '+')]) {
      forms.add(encoded);
      forms.add(encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
    }
  }
  const bytes = Buffer.from(secret, 'utf8');
  const b64 = bytes.toString('base64');
  const b64url = bytes.toString('base64url');
  for (const b of [b64, b64.replace(/=+$/, ''), b64url, b64url.padEnd(b64.length, '=')]) forms.add(b);
  return [...forms].filter((f) => f.length >= MIN_SECRET);
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * The secrets of one account in all their encodings, as one regular expression (longest form
 * first, so a URL-encoded form is replaced whole rather than the raw part inside it).
 */
export class Redactor {
  static readonly none = new Redactor([]);

  /** The secrets as given (not their encodings). */
  readonly secrets: readonly string[];
  /** Every encoding of every secret, longest first. */
  readonly forms: readonly string[];
  private readonly pattern: RegExp | undefined;
  private readonly shortest: number;

  constructor(secrets: readonly string[]) {
    this.secrets = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= MIN_SECRET))];
    const forms = new Set<string>();
    for (const s of this.secrets) for (const f of encodingsOf(s)) forms.add(f);
    this.forms = [...forms].sort((a, b) => b.length - a.length);
    this.pattern = this.forms.length ? new RegExp(this.forms.map(escapeRegExp).join('|'), 'g') : undefined;
    this.shortest = this.forms.at(-1)?.length ?? Infinity;
  }

  static of(secrets: readonly string[] | Redactor | undefined): Redactor {
    if (secrets instanceof Redactor) return secrets;
    return secrets?.length ? new Redactor(secrets) : Redactor.none;
  }

  /** This redactor and `other` together (after an OAuth refresh: the old token and the new one). */
  with(other: Redactor): Redactor {
    if (other === this || other.secrets.every((s) => this.secrets.includes(s))) return this;
    return new Redactor([...this.secrets, ...other.secrets]);
  }

  /** Whether `s` carries a secret in any of its forms. */
  matches(s: string): boolean {
    if (!this.pattern || s.length < this.shortest) return false;
    this.pattern.lastIndex = 0;
    const found = this.pattern.test(s);
    this.pattern.lastIndex = 0;
    return found;
  }

  /** `s` with every secret, in any of its forms, replaced by [REDACTED]. */
  text(s: string): string {
    if (!this.matches(s)) return s;
    return s.replace(this.pattern!, REDACTED);
  }

  /**
   * A JSON-like value with every secret replaced in its strings and keys; the value itself when
   * nothing needs replacing (the usual case: no copy). Dates and other non-plain objects are kept.
   * Walked with explicit stacks: a vendor body nested thousands of levels deep is no stack overflow.
   */
  value<T>(v: T): T {
    if (!this.pattern || !this.findsIn(v)) return v;
    return this.copy(v) as T;
  }

  private findsIn(v: unknown): boolean {
    const stack: unknown[] = [v];
    while (stack.length) {
      const x = stack.pop();
      if (typeof x === 'string') {
        if (this.matches(x)) return true;
      } else if (Array.isArray(x)) {
        for (const e of x) stack.push(e);
      } else if (isPlainObject(x)) {
        for (const k of Object.keys(x)) {
          if (this.matches(k)) return true;
          stack.push(x[k]);
        }
      }
    }
    return false;
  }

  private copy(v: unknown): unknown {
    const stack: Array<[unknown, Record<string, unknown> | unknown[]]> = [];
    const copyOf = (x: unknown): unknown => {
      if (typeof x === 'string') return this.text(x);
      if (Array.isArray(x)) {
        const out = new Array<unknown>(x.length);
        stack.push([x, out]);
        return out;
      }
      if (isPlainObject(x)) {
        const out = bareObject();
        stack.push([x, out]);
        return out;
      }
      return x;
    };
    const root = copyOf(v);
    for (let item = stack.pop(); item; item = stack.pop()) {
      const [src, dst] = item;
      if (Array.isArray(src)) {
        for (let i = 0; i < src.length; i++) (dst as unknown[])[i] = copyOf(src[i]);
      } else {
        const obj = src as Record<string, unknown>;
        for (const k of Object.keys(obj)) (dst as Record<string, unknown>)[this.text(k)] = copyOf(obj[k]);
      }
    }
    return root;
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A bounded copy of a vendor error body for errors and the audit trail: values under
 * secret-looking keys replaced, known secrets (every encoding) replaced, long strings cut.
 */
export function redact(value: unknown, secrets: readonly string[] | Redactor = [], depth = 0): unknown {
  const r = Redactor.of(secrets);
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return redactString(value, r);
  if (typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, MAX_KEYS).map((v) => redact(v, r, depth + 1));
  // No prototype: a vendor's `"__proto__"` key stays a key.
  const out = bareObject();
  let n = 0;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (n++ >= MAX_KEYS) break;
    out[r.text(k)] = SECRET_KEY.test(k) && v !== null && typeof v !== 'boolean' ? REDACTED : redact(v, r, depth + 1);
  }
  return out;
}

export function redactString(s: string, secrets: readonly string[] | Redactor = []): string {
  // Redacted before it is cut: a secret across the cut would otherwise survive in part.
  let out = Redactor.of(secrets).text(s);
  if (out.length > MAX_STRING) out = `${out.slice(0, MAX_STRING)}…`;
  // Bearer/Basic/SSWS tokens that a vendor echoes back.
  return out.replace(/\b(Bearer|Basic|SSWS|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`);
}

/** A URL with query values whose names look secret replaced (Trello `key`/`token`, ...). */
export function redactUrl(url: URL, secretParams: readonly string[] = []): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  for (const key of [...copy.searchParams.keys()]) {
    if (secretParams.includes(key) || SECRET_KEY.test(key) || key === 'key') copy.searchParams.set(key, REDACTED);
  }
  return copy.href;
}
