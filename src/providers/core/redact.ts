/**
 * Redaction of vendor bodies and URLs before they leave the process (errors, logs, audit).
 */
const SECRET_KEY = /(pass(word)?|secret|token|authorization|api[-_]?key|apikey|credential|cookie|session|private[-_]?key|signature|refresh|bearer|sso|otp|client[-_]?secret)/i;
const MAX_STRING = 2_000;
const MAX_DEPTH = 6;
const MAX_KEYS = 100;

export const REDACTED = '[REDACTED]';

/** A copy of `value` with secret-looking keys and known secret values replaced, bounded in size. */
export function redact(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return redactString(value, secrets);
  if (typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, MAX_KEYS).map((v) => redact(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (n++ >= MAX_KEYS) break;
    out[k] = SECRET_KEY.test(k) && v !== null && typeof v !== 'boolean' ? REDACTED : redact(v, secrets, depth + 1);
  }
  return out;
}

export function redactString(s: string, secrets: readonly string[] = []): string {
  let out = s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}…` : s;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
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
