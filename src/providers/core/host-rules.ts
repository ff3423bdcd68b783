/**
 * Where an account's credentials may be sent: the hosts an integration's own base URL and token
 * URL templates allow, derived from its declarations, and the check a base-URL or token-URL
 * override must pass.
 *
 * A template's host gives the rule: a literal host is itself (`https://api.github.com` →
 * api.github.com); a placeholder label in front of a literal domain allows that domain's
 * subdomains (`https://{subdomain}.zendesk.com` → *.zendesk.com); a host that is one context
 * placeholder takes that field's rule (a hostname's `endsWith`, an enum's values); enum
 * placeholders inside a host are expanded to every value. Other hosts (self-hosted installs:
 * GitHub Enterprise Server, GitLab self-managed, Jira Data Center, a vendor's custom domain) need
 * an admin's self-hosted mark on the account.
 */
import { isIP } from 'node:net';
import { AppError, badInput } from '../../errors.js';
import { placeholders } from './definition.js';
import { isPrivateAddress } from './transport.js';
import type { CatalogEntry, ContextField } from './types.js';

/** An exact host, or any host ending with `suffix` (which starts with a dot). */
export type HostRule = { exact: string } | { suffix: string };

export type Destination = 'baseUrl' | 'tokenUrl';

/** The token URL templates of the integration's OAuth 2.0 methods. */
function tokenUrlTemplates(entry: CatalogEntry): string[] {
  // Every URL a token or a session is obtained from: OAuth and JWT-grant token URLs, absolute sign-in URLs.
  return Object.values(entry.auth).flatMap((m) => {
    const s = m.scheme;
    if (s.kind === 'oauth2' || s.kind === 'jwt_bearer') return [s.tokenUrl];
    if (s.kind === 'session' && !s.signIn.url.startsWith('/')) return [s.signIn.url];
    return [];
  });
}

export function hostRules(entry: CatalogEntry, destination: Destination): HostRule[] {
  const templates = destination === 'baseUrl' ? [entry.baseUrl] : tokenUrlTemplates(entry);
  const rules = templates.flatMap((t) => rulesOfTemplate(t, entry.context));
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = describeRule(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function rulesOfTemplate(template: string, context: Readonly<Record<string, ContextField>>): HostRule[] {
  // (Placeholder names keep their case; the literal parts are lower-cased in the rules.)
  const host = /^[a-z]+:\/\/([^/?#]+)/i.exec(template)?.[1]?.replace(/:\d+$/, '');
  if (!host) return [];
  const names = placeholders(host);
  if (names.length === 0) return [{ exact: host.toLowerCase() }];
  const whole = /^\{([A-Za-z][A-Za-z0-9_]*)\}$/.exec(host)?.[1];
  if (whole) {
    const field = context[whole];
    if (field?.kind === 'hostname') return (field.endsWith ?? []).map((suffix) => ({ suffix: suffix.toLowerCase() }));
    if (field?.kind === 'enum') return field.values.map((v) => ({ exact: v.toLowerCase() }));
    return [];
  }
  // Every placeholder an enum: each combination of values is one exact host.
  if (names.every((n) => context[n]?.kind === 'enum')) {
    let hosts = [host];
    for (const n of new Set(names)) {
      const field = context[n] as Extract<ContextField, { kind: 'enum' }>;
      hosts = hosts.flatMap((h) => field.values.map((v) => h.split(`{${n}}`).join(v.toLowerCase())));
    }
    return hosts.map((exact) => ({ exact: exact.toLowerCase() }));
  }
  // `{label}.vendor.tld`: the literal domain after the first label, when it has at least two labels.
  const prefixed = /^\{[A-Za-z][A-Za-z0-9_]*\}(\.[A-Za-z0-9.-]+)$/.exec(host)?.[1]?.toLowerCase();
  if (prefixed && prefixed.split('.').length >= 3) return [{ suffix: prefixed }];
  return [];
}

export function describeRule(rule: HostRule): string {
  return 'exact' in rule ? rule.exact : `*${rule.suffix}`;
}

export function matchesHostRules(hostname: string, rules: readonly HostRule[]): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return rules.some((r) => ('exact' in r ? h === r.exact : h.endsWith(r.suffix) && h.length > r.suffix.length));
}

/** A loopback or private address written literally (or `localhost`): where local fakes listen. */
export function isPrivateHostLiteral(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  return isIP(h) !== 0 && isPrivateAddress(h);
}

export interface DestinationPolicy {
  /** An admin marked the account self-hosted: any https host. */
  selfHosted: boolean;
  /** ALLOW_PRIVATE_PROVIDER_HOSTS=1 (tests, local fakes). */
  allowPrivateHosts: boolean;
}

/**
 * Why `url` may not receive the account's credentials, or undefined when it may: https only
 * (plain http only to a literal private address with ALLOW_PRIVATE_PROVIDER_HOSTS=1, never to a
 * public host); a host the integration's rules allow, unless the account is self-hosted (or the
 * host is such a private address in that test mode).
 */
export function destinationProblem(entry: CatalogEntry, destination: Destination, url: URL, policy: DestinationPolicy): string | undefined {
  const privateHost = isPrivateHostLiteral(url.hostname);
  if (url.protocol !== 'https:') {
    if (url.protocol === 'http:' && privateHost && policy.allowPrivateHosts) return undefined;
    return `${destination} must use https (plain http only to a private address, with ALLOW_PRIVATE_PROVIDER_HOSTS=1)`;
  }
  if (policy.selfHosted || (privateHost && policy.allowPrivateHosts)) return undefined;
  const rules = hostRules(entry, destination);
  if (matchesHostRules(url.hostname, rules)) return undefined;
  const allowed = rules.length ? rules.map(describeRule).join(', ') : `none declared for ${destination}`;
  return (
    `${destination} host ${url.hostname.slice(0, 200)} is not one of ${entry.name}'s hosts (${allowed}); ` +
    'for a self-hosted install or a custom domain, an admin marks the account self-hosted (selfHosted: true)'
  );
}

/** For input: BAD_USER_INPUT naming the field. */
export function checkDestinationInput(entry: CatalogEntry, destination: Destination, url: URL, policy: DestinationPolicy): void {
  const problem = destinationProblem(entry, destination, url, policy);
  if (problem) throw badInput(problem, { integration: entry.slug, field: destination });
}

/**
 * At use: an account stored before these rules (or changed in the store directly) is refused
 * before anything is sent to it.
 */
export function checkDestinationAtUse(entry: CatalogEntry, destination: Destination, url: URL, policy: DestinationPolicy): void {
  const problem = destinationProblem(entry, destination, url, policy);
  if (problem) {
    throw new AppError('FORBIDDEN', `The integrated account's ${problem}; nothing was sent. Update the account (updateIntegratedAccount with new credentials)`, {
      integration: entry.name,
    });
  }
}
