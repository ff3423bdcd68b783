import { describe, expect, it } from 'vitest';
import { isPrivateAddress, PrivateHostError, Transport } from './transport.js';

describe('private address refusal', () => {
  it('classifies IPv4 and IPv6 addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fc00::1', 'fd12::3', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '[::1]', '224.0.0.1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', 'example.com']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });

  it('refuses literal private hosts unless allowed', () => {
    const strict = new Transport({ allowPrivateHosts: false });
    for (const h of ['127.0.0.1', '[::1]', 'localhost', 'foo.localhost', '10.0.0.8']) expect(() => strict.checkHost(h), h).toThrow(PrivateHostError);
    expect(() => strict.checkHost('api.github.com')).not.toThrow();
    const open = new Transport({ allowPrivateHosts: true });
    expect(() => open.checkHost('127.0.0.1')).not.toThrow();
    return Promise.all([strict.close(), open.close()]);
  });
});
