import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** bitcoind's message for an -rpcallowip value it cannot read. */
export class AllowIpError extends Error {
  override readonly name = 'AllowIpError';
  constructor(readonly value: string) {
    super(
      `Invalid -rpcallowip subnet specification: ${value}. Valid are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0) or a network/CIDR (e.g. 1.2.3.4/24).`,
    );
  }
}

function netmaskPrefix(mask: string): number | null {
  const parts = mask.split('.').map(Number);
  let bits = 0;
  for (const p of parts) bits = bits * 256 + p;
  const inverted = 2 ** 32 - 1 - bits;
  // A netmask is ones then zeros: its complement plus one is a power of two.
  if ((inverted + 1) & inverted) return null;
  return 32 - Math.log2(inverted + 1);
}

/**
 * The set of client addresses the RPC server answers: loopback always (as bitcoind), plus each
 * -rpcallowip entry (an address, address/prefix, or IPv4 address/netmask).
 */
export class AllowedClients {
  private readonly list = new BlockList();

  constructor(entries: readonly string[] = []) {
    this.list.addSubnet('127.0.0.0', 8, 'ipv4');
    this.list.addAddress('::1', 'ipv6');
    for (const e of entries) this.add(e);
  }

  private add(entry: string): void {
    const slash = entry.indexOf('/');
    const addr = slash < 0 ? entry : entry.slice(0, slash);
    const type = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : null;
    if (type === null) throw new AllowIpError(entry);
    if (slash < 0) {
      this.list.addAddress(addr, type);
      return;
    }
    const suffix = entry.slice(slash + 1);
    let prefix: number | null;
    if (/^[0-9]{1,3}$/.test(suffix)) prefix = Number(suffix);
    else if (type === 'ipv4' && isIPv4(suffix)) prefix = netmaskPrefix(suffix);
    else prefix = null;
    if (prefix === null || prefix > (type === 'ipv4' ? 32 : 128)) throw new AllowIpError(entry);
    this.list.addSubnet(addr, prefix, type);
  }

  allows(address: string | undefined): boolean {
    if (address === undefined) return false;
    // A dual-stack listener reports IPv4 clients as IPv4-mapped IPv6 addresses.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return this.list.check(mapped[1]!, 'ipv4');
    if (isIPv4(address)) return this.list.check(address, 'ipv4');
    if (isIPv6(address)) return this.list.check(address, 'ipv6');
    return false;
  }
}
