import { describe, expect, it } from 'vitest';
import { AllowedClients, AllowIpError } from '../../src/rpc/allow-ip.js';

describe('AllowedClients (-rpcallowip)', () => {
  it('always allows loopback, IPv4-mapped included', () => {
    const a = new AllowedClients();
    for (const ip of ['127.0.0.1', '127.5.6.7', '::1', '::ffff:127.0.0.1'])
      expect(a.allows(ip), ip).toBe(true);
    for (const ip of ['10.0.0.1', '::2', '::ffff:10.0.0.1', undefined, 'nonsense'])
      expect(a.allows(ip)).toBe(false);
  });

  it('reads addresses, CIDR prefixes and IPv4 netmasks', () => {
    const a = new AllowedClients([
      '10.1.0.0/16',
      '192.168.0.0/255.255.255.0',
      '8.8.8.8',
      'fd00::/8',
      '0.0.0.0/0',
    ]);
    expect(a.allows('10.1.200.3')).toBe(true);
    expect(a.allows('192.168.0.77')).toBe(true);
    expect(a.allows('fd12::1')).toBe(true);
    expect(a.allows('fe80::1')).toBe(false);
    const b = new AllowedClients(['192.168.0.0/255.255.255.0', '8.8.8.8']);
    expect(b.allows('192.168.1.1')).toBe(false);
    expect(b.allows('8.8.8.8')).toBe(true);
    expect(b.allows('8.8.8.9')).toBe(false);
  });

  it('refuses what bitcoind refuses, with its message', () => {
    for (const bad of ['1.2.3.4/33', '1.2.3.4/255.0.255.0', 'example.com', '::1/129', '1.2.3.4/', '*']) {
      expect(() => new AllowedClients([bad]), bad).toThrow(AllowIpError);
    }
    expect(() => new AllowedClients(['x'])).toThrow(
      /^Invalid -rpcallowip subnet specification: x\. Valid are/,
    );
  });
});
