import { isIP } from 'node:net';
import type { Logger } from 'pino';
import type { AddNodeCommand, NetworkService } from '../net/network-service.js';
import { AddNodeError } from '../net/network-service.js';
import type { P2PNode } from '../net/p2p-node.js';
import { P2PNode as P2PNodeClass } from '../net/p2p-node.js';
import type { AddedNodeInfo } from '../net/peer-admin.js';
import type { PeerInfo } from '../net/peers.js';
import type { Block } from '../wire/block.js';
import type { Transaction } from '../wire/tx.js';
import type { NodeConfig } from './config.js';
import type { NodeServices } from './services.js';

/** getpeerinfo's object for one peer, in bitcoind's field names (plus libp2p's peer id). */
export function peerInfoToJson(p: PeerInfo): Record<string, unknown> {
  const host = p.addr.startsWith('[') ? p.addr.slice(1, p.addr.indexOf(']')) : p.addr.split(':')[0]!;
  return {
    id: p.id,
    addr: p.addr,
    network: isIP(host) === 6 ? 'ipv6' : isIP(host) === 4 ? 'ipv4' : 'not_publicly_routable',
    services: '0000000000000000',
    servicesnames: [],
    relaytxes: true,
    bytessent: p.bytesSent,
    bytesrecv: p.bytesRecv,
    conntime: p.connectedAt,
    timeoffset: 0,
    ...(p.pingMs !== undefined ? { pingtime: p.pingMs / 1000 } : {}),
    ...(p.version !== undefined ? { version: p.version } : {}),
    subver: p.userAgent,
    inbound: p.inbound,
    connection_type: p.manual ? 'manual' : p.inbound ? 'inbound' : 'outbound-full-relay',
    startingheight: p.startingHeight,
    synced_headers: p.syncedHeaders,
    synced_blocks: p.syncedBlocks,
    inflight: p.inFlight,
    misbehavior_score: p.score,
    peerid: p.peerId,
    multiaddr: p.multiaddr,
  };
}

/** The daemon's view of the libp2p network layer (net/p2p-node.ts). */
export class P2PNetworkService implements NetworkService {
  readonly active = true;

  constructor(private readonly p2p: P2PNode) {}

  get listenPort(): number | null {
    for (const a of this.p2p.listenAddresses()) {
      const m = /\/tcp\/(\d+)/.exec(a);
      if (m) return Number(m[1]);
    }
    return null;
  }

  async start(): Promise<void> {}

  stop(): Promise<void> {
    return this.p2p.stop();
  }

  peerInfo(): Record<string, unknown>[] {
    return this.p2p.peers().map(peerInfoToJson);
  }

  connectionCounts(): { inbound: number; outbound: number } {
    const c = this.p2p.connectionCount();
    return { inbound: c.inbound, outbound: c.outbound };
  }

  async addNode(node: string, command: AddNodeCommand): Promise<void> {
    try {
      await this.p2p.addNode(node, command);
    } catch (e) {
      const message = (e as Error).message;
      if (/already added/i.test(message)) throw new AddNodeError('already-added', `Error: ${message}`);
      if (/not been added/i.test(message)) throw new AddNodeError('not-added', `Error: ${message}`);
      if (e instanceof TypeError) throw new AddNodeError('invalid-address', `Error: ${message}`);
      // A failed dial: bitcoind's addnode does not report it either (the node is kept and retried).
    }
  }

  addedNodes(): { addednode: string; connected: boolean }[] {
    return this.p2p
      .addedNodes()
      .map((a: AddedNodeInfo) => ({ addednode: a.addednode, connected: a.connected }));
  }

  // The P2P layer relays mempool additions and new tips from their events; an explicit call only
  // repeats what it does anyway (and is ignored for what it has relayed).
  relayTransaction(tx: Transaction): void {
    this.p2p.relayTransaction(tx);
  }

  announceBlock(block: Block, raw?: Uint8Array): void {
    this.p2p.announceBlock(block, raw);
  }

  netTotals(): { totalBytesRecv: number; totalBytesSent: number } {
    const t = this.p2p.netTotals();
    return { totalBytesRecv: t.totalBytesRecv, totalBytesSent: t.totalBytesSent };
  }

  disconnectNode(target: string | number): boolean {
    return this.p2p.disconnectNode(target);
  }

  setBan(subject: string, command: 'add' | 'remove', banTime: number, absolute: boolean): void {
    this.p2p.setBan(subject, command, banTime, absolute);
  }

  listBanned(): { subject: string; created: number; banUntil: number; reason: string }[] {
    return this.p2p.listBanned();
  }

  clearBanned(): void {
    this.p2p.clearBanned();
  }
}

/**
 * Starts the libp2p network for the daemon from its flags: listening on -bind addresses (all
 * interfaces by default) at -port unless -listen=0,
 * -connect peers only (discovery off) or -addnode peers besides discovered ones, -noconnect for
 * no outbound connections at all.
 */
export async function startP2PNetwork(
  node: NodeServices,
  config: NodeConfig,
  log: Logger,
): Promise<NetworkService> {
  const p = config.p2p;
  const p2p = await P2PNodeClass.start({
    params: node.params,
    datadir: config.networkDir,
    listen: p.listen ? (p.bind.length > 0 ? p.bind : ['0.0.0.0']).map((a) => `${a}:${p.port}`) : [],
    connect: p.connect,
    addnode: p.connectDisabled ? [] : p.addnode,
    chain: node.chain,
    mempool: node.mempool,
    logger: log,
    ...(p.connectDisabled ? { discover: false } : {}),
  });
  return new P2PNetworkService(p2p);
}
