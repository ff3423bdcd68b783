/**
 * The network side of the provider HTTP client: one keep-alive connection pool per vendor
 * origin (undici Agent), and the refusal of loopback/private addresses unless allowed.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent } from 'undici';

export interface TransportOptions {
  allowPrivateHosts: boolean;
  connectTimeoutMs?: number;
}

export class PrivateHostError extends Error {
  constructor(readonly host: string) {
    super(`refusing to connect to a private or loopback address (${host})`);
    this.name = 'PrivateHostError';
  }
}

export class Transport {
  readonly dispatcher: Agent;
  readonly allowPrivateHosts: boolean;

  constructor(opts: TransportOptions) {
    this.allowPrivateHosts = opts.allowPrivateHosts;
    const allow = opts.allowPrivateHosts;
    this.dispatcher = new Agent({
      keepAliveTimeout: 30_000,
      connections: 64,
      connect: {
        timeout: opts.connectTimeoutMs ?? 10_000,
        // Checked at connect time, on the address actually dialled: a DNS name that resolves
        // to a private address is refused as well as a literal one.
        lookup: (hostname, options, callback) => {
          dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
            if (err) return callback(err, '', 0);
            const list = addresses as unknown as LookupAddress[];
            if (!allow && list.some((a) => isPrivateAddress(a.address))) {
              return callback(new PrivateHostError(hostname), '', 0);
            }
            if ((options as { all?: boolean }).all) {
              return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
            }
            const first = list[0];
            if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
            return callback(null, first.address, first.family);
          });
        },
      },
    });
  }

  /** Throws PrivateHostError for an IP-literal host that is private (DNS names are checked on connect). */
  checkHost(hostname: string): void {
    if (this.allowPrivateHosts) return;
    const host = hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost')) throw new PrivateHostError(host);
    if (isIP(host) && isPrivateAddress(host)) throw new PrivateHostError(host);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** Loopback, private, link-local, CGNAT, unspecified and multicast addresses (IPv4 and IPv6). */
export function isPrivateAddress(address: string): boolean {
  const addr = address.toLowerCase().replace(/^\[|\]$/g, '').split('%')[0] ?? '';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (mapped?.[1]) return isPrivateAddress(mapped[1]);
  const v = isIP(addr);
  if (v === 4) {
    const [a = 0, b = 0] = addr.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (v === 6) {
    if (addr === '::' || addr === '::1') return true;
    const first = parseInt(addr.split(':')[0] || '0', 16);
    return (
      (first & 0xfe00) === 0xfc00 || // fc00::/7 unique local
      (first & 0xffc0) === 0xfe80 || // fe80::/10 link local
      (first & 0xff00) === 0xff00 || // multicast
      addr.startsWith('64:ff9b:') || // NAT64 may reach private v4
      addr.startsWith('::ffff:') ||
      /^::(\d|[0-9a-f]{1,4}:)/.test(addr) // IPv4-compatible
    );
  }
  return false;
}
