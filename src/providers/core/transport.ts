/**
 * The network side of the provider HTTP client: one keep-alive connection pool per vendor
 * origin (undici Agent), and the refusal of loopback/private addresses unless allowed.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
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

/**
 * Addresses that are public unicast by IANA's registries but serve the machine the service runs
 * on: Azure's wireserver (metadata and agent channel); Alibaba Cloud's metadata service
 * (100.100.100.200) is inside CGNAT and refused as such. (AWS's IPv6 metadata fd00:ec2::254 is a
 * unique local address; GCP, AWS and Azure IPv4 metadata is link-local 169.254.169.254.)
 */
const METADATA: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [ipaddr.parseCIDR('168.63.129.16/32'), ipaddr.parseCIDR('100.100.100.200/32')];
/** IPv4-compatible IPv6 (::a.b.c.d, deprecated by RFC 4291): ipaddr.js calls it unicast. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * Whether an address must not be dialled: anything IANA's special-purpose registries set apart,
 * as ipaddr.js classifies it (every range but `unicast`: loopback, private, link-local, CGNAT,
 * unspecified, broadcast, multicast, benchmarking, documentation and reserved blocks, IPv6 unique
 * local, site-local fec0::/10, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, the 6to4 2002::/16 and
 * Teredo 2001::/32 transition ranges, discard, ORCHID, ...), plus the cloud metadata addresses
 * above and IPv4-compatible IPv6. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged by its
 * IPv4 address.
 *
 * 6to4 and Teredo are refused whole rather than judged by the IPv4 address they embed: both are
 * deprecated (RFC 7526; Teredo's client address is obfuscated), no vendor API is served there,
 * and where such a packet goes depends on relays outside this service's view.
 */
export function isPrivateAddress(address: string): boolean {
  const addr = address.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
  // Only the canonical forms DNS and the URL parser produce (isIP); ipaddr.js alone would also
  // read legacy spellings such as `0x7f.1` (the URL parser has already turned those into 127.0.0.1).
  const version = isIP(addr);
  if (version === 0) return false;
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(addr);
  } catch {
    return true;
  }
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return isPrivateAddress(v6.toIPv4Address().toString());
    if (v6.match(IPV4_COMPATIBLE)) return true;
  }
  if (ip.range() !== 'unicast') return true;
  return METADATA.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
}
