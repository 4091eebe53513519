/**
 * The ledger node's peer-to-peer network on libp2p 3: TCP, Noise, Yamux, identify and ping; a
 * persistent node key; bootstrap peers from -connect/-addnode and peer discovery by address
 * exchange; gossipsub relay of transactions and blocks (relay.ts); headers-first sync (sync.ts);
 * misbehaviour scores, rate and size limits and a persisted ban list (peers.ts, ban-list.ts).
 *
 * This module is the node's lifecycle: it builds the host (libp2p-host.ts), serves the request
 * protocols (served-protocols.ts), runs the handshake on each connection, keeps manual and
 * discovered peers dialled (peer-admin.ts, discovery.ts) and is the façade the daemon's RPC reads.
 *
 * The daemon creates one with `P2PNode.start({ params, datadir, chain, mempool, ... })` and
 * reads `peers()`, `netTotals()`, the ban list and `syncStatus()` for its RPC.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { ChainParams } from '../params/chain-params.js';
import { USER_AGENT } from '../version.js';
import type { Block } from '../wire/block.js';
import type { Transaction } from '../wire/tx.js';
import type { BanEntry } from './ban-list.js';
import { BanList } from './ban-list.js';
import type { ServedChain } from './chain-server.js';
import { Discovery } from './discovery.js';
import { createLibp2pHost } from './libp2p-host.js';
import type { Connection, Libp2pNode, Multiaddr } from './libp2p-types.js';
import type { NetLimits } from './limits.js';
import { DEFAULT_LIMITS, MISBEHAVIOUR } from './limits.js';
import type { StatusMessage } from './messages.js';
import {
  decodeBlockResponse,
  decodeHeaders,
  decodeStatus,
  encodeGetBlocks,
  encodeGetHeaders,
  encodeStatus,
} from './messages.js';
import type { AddNodeCommand } from './network-service.js';
import { loadOrCreateNodeKey } from './node-key.js';
import { displayAddress, toMultiaddrString } from './peer-address.js';
import type { AddedNodeInfo, ManualPeer } from './peer-admin.js';
import { PeerAdmin } from './peer-admin.js';
import type { PeerInfo, PeerState } from './peers.js';
import { PeerManager } from './peers.js';
import type { NetworkProtocols } from './protocols.js';
import { FRAME_LIMITS, MAX_GOSSIP_FRAME_BYTES, networkProtocols, P2P_PROTOCOL_VERSION } from './protocols.js';
import type { GossipService, RelayChain, RelayMempool } from './relay.js';
import { Relay } from './relay.js';
import type { TrafficHooks } from './request.js';
import { request, requestOne } from './request.js';
import { serveProtocols } from './served-protocols.js';
import type { SyncChain, SyncStatus } from './sync.js';
import { BlockSync } from './sync.js';

export const BAN_LIST_FILE = 'banlist.json';
export const DEFAULT_USER_AGENT = USER_AGENT;

/** What the network needs of the chain state (ChainState has all of it). */
export type P2PChain = SyncChain & RelayChain & ServedChain;

export interface P2PNodeOptions {
  params: ChainParams;
  /** The network's directory (`<datadir>/<network>`): the node key and ban list are kept there. */
  datadir: string;
  /** Addresses to listen on (`host:port` or multiaddrs); default all interfaces on the network's port; [] for none. */
  listen?: string[];
  /** Connect only to these peers (`host[:port]` or multiaddrs); discovery is off. */
  connect?: string[];
  /** Peers to connect to and keep connected, besides discovered ones. */
  addnode?: string[];
  chain: P2PChain;
  /** Without a mempool the node neither relays nor accepts transactions. */
  mempool?: RelayMempool;
  logger?: Logger;
  limits?: Partial<NetLimits>;
  userAgent?: string;
  /** Learn addresses from peers and dial them up to `targetOutbound` (default: on unless `connect` is given). */
  discover?: boolean;
  /** Milliseconds clock (tests). */
  now?: () => number;
}

export interface NetTotals {
  totalBytesRecv: number;
  totalBytesSent: number;
  /** UNIX milliseconds. */
  timeMillis: number;
}

export class P2PNode {
  private readonly limits: NetLimits;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly protocols: NetworkProtocols;
  private readonly bans: BanList;
  private readonly peerManager: PeerManager;
  private readonly traffic: TrafficHooks;
  private readonly admin: PeerAdmin;
  private readonly discovery: Discovery;
  private node!: Libp2pNode;
  private sync!: BlockSync;
  private relay!: Relay;
  private readonly discover: boolean;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;

  private constructor(private readonly opts: P2PNodeOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ module: 'net' });
    this.now = opts.now ?? Date.now;
    this.protocols = networkProtocols(opts.params.genesisHash);
    this.bans = BanList.load(join(opts.datadir, BAN_LIST_FILE), (e) =>
      this.log.warn({ err: e.message }, 'ignoring unreadable ban list entry'),
    );
    this.peerManager = new PeerManager(
      this.limits,
      this.bans,
      {
        disconnect: (id) => this.hangUp(id),
        rtt: (id) => this.rtt(id),
        now: this.now,
      },
      this.log,
    );
    const pm = this.peerManager;
    this.traffic = {
      onBytesIn: (peer, n) => pm.received(peer, n),
      onBytesOut: (peer, n) => pm.sent(peer, n),
    };
    this.admin = new PeerAdmin({
      defaultPort: opts.params.defaultPort,
      connect: opts.connect ?? [],
      addnode: opts.addnode ?? [],
      bans: this.bans,
      peers: pm,
      limits: this.limits,
      nowSeconds: () => this.nowSeconds(),
      dial: (peer) => this.dial(peer),
    });
    this.discovery = new Discovery(
      () => this.node,
      this.protocols.ids,
      this.limits,
      pm,
      this.traffic,
      this.log,
    );
    this.discover = opts.discover ?? !this.admin.connectOnlyMode;
  }

  /** Creates the node, starts listening and connects to the configured peers. */
  static async start(opts: P2PNodeOptions): Promise<P2PNode> {
    mkdirSync(opts.datadir, { recursive: true });
    const n = new P2PNode(opts);
    try {
      await n.init();
    } catch (e) {
      await n.stop().catch(() => {});
      throw e;
    }
    return n;
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private async init(): Promise<void> {
    const privateKey = await loadOrCreateNodeKey(this.opts.datadir);
    const port = this.opts.params.defaultPort;
    const listen = (this.opts.listen ?? [`0.0.0.0:${port}`]).map((a) => toMultiaddrString(a, port));
    const pm = this.peerManager;
    this.node = await createLibp2pHost({
      privateKey,
      listen,
      userAgent: this.opts.userAgent ?? DEFAULT_USER_AGENT,
      limits: this.limits,
      topics: this.protocols.topics,
      bans: this.bans,
      nowSeconds: () => this.nowSeconds(),
      gossipTraffic: {
        maxFrameBytes: MAX_GOSSIP_FRAME_BYTES,
        onBytesIn: (peer, n) => pm.received(peer, n),
        onBytesOut: (peer, n) => pm.sent(peer, n),
        onFrame: (peer) => {
          pm.allow(peer, 'gossipFrame');
        },
        onOversized: (peer, size) =>
          pm.misbehaving(peer, MISBEHAVIOUR.oversized, `oversized gossip frame (${size} bytes)`),
      },
    });
    const gossip = this.node.services.pubsub as unknown as GossipService;

    const traffic = this.traffic;
    this.sync = new BlockSync(
      this.opts.chain,
      pm,
      {
        getHeaders: async (peer, msg) =>
          decodeHeaders(
            await requestOne(
              this.node,
              peer,
              this.protocols.ids.headers,
              encodeGetHeaders(msg),
              {
                timeoutMs: this.limits.requestTimeoutMs,
                frameLimit: FRAME_LIMITS.headers,
              },
              traffic,
            ),
          ),
        getBlocks: async (peer, hashes, onBlock) => {
          await request(
            this.node,
            peer,
            this.protocols.ids.blocks,
            encodeGetBlocks(hashes),
            {
              timeoutMs: this.limits.blockRequestTimeoutMs,
              frameLimit: FRAME_LIMITS.blockResponse,
              maxFrames: hashes.length,
            },
            traffic,
            (f, i) => onBlock(i, decodeBlockResponse(f)),
          );
        },
      },
      this.limits,
      this.log,
      this.now,
    );
    this.relay = new Relay(
      gossip,
      this.protocols.topics,
      this.opts.params,
      this.opts.chain,
      this.opts.mempool,
      pm,
      this.sync,
      this.log,
      this.now,
    );

    await serveProtocols({
      node: this.node,
      ids: this.protocols.ids,
      limits: this.limits,
      peers: pm,
      traffic,
      chain: this.opts.chain,
      log: this.log,
      localStatus: () => this.localStatus(),
      onStatus: (peer, status) => this.handshakeDone(peer, status),
      shareableAddrs: (peer) => this.discovery.shareable(peer),
    });
    this.node.addEventListener('connection:open', (evt) => this.connectionOpened(evt.detail));
    this.node.addEventListener('connection:close', (evt) => this.connectionClosed(evt.detail));
    await this.node.start();
    this.sync.start();
    this.relay.start();
    this.log.info(
      { peerId: this.peerId, listen: this.listenAddresses(), network: this.opts.params.name },
      'p2p network started',
    );

    for (const a of this.admin.manualPeers()) void this.dial(a);
    const t = setInterval(() => this.maintain(), this.limits.reconnectMs);
    t.unref();
    this.timers.push(t);
  }

  private localStatus(): StatusMessage {
    const tip = this.opts.chain.getTip();
    return {
      version: P2P_PROTOCOL_VERSION,
      height: tip.height,
      tipHash: tip.hash,
      chainWork: tip.chainWork,
      userAgent: this.opts.userAgent ?? DEFAULT_USER_AGENT,
    };
  }

  // --- connections --------------------------------------------------------------------------------

  private connectionOpened(conn: Connection): void {
    const id = conn.remotePeer.toString();
    if (this.bans.isPeerBanned(id, this.nowSeconds())) {
      void conn.close().catch(() => {});
      return;
    }
    const fresh = this.peerManager.get(id) === undefined;
    const p = this.peerManager.add(id, conn.remoteAddr.toString(), conn.direction);
    if (this.admin.isManual(id)) p.manual = true;
    if (!fresh) return;
    this.log.debug({ peer: id, addr: displayAddress(p.addr), direction: p.direction }, 'peer connected');
    if (conn.direction === 'outbound') {
      void this.handshake(p);
    } else {
      // A peer that never says who it is (another network's node, a port scanner) is dropped.
      const t = setTimeout(() => {
        if (p.status === undefined && this.peerManager.get(id) === p) {
          this.log.info({ peer: id }, 'no handshake from inbound peer; disconnecting');
          this.peerManager.disconnect(id);
        }
      }, this.limits.requestTimeoutMs);
      t.unref();
    }
  }

  private connectionClosed(conn: Connection): void {
    const id = conn.remotePeer.toString();
    if (this.node.getConnections(conn.remotePeer).some((c) => c.status === 'open')) return;
    const p = this.peerManager.remove(id);
    if (p === undefined) return;
    this.sync.peerGone(p);
    this.log.debug({ peer: id, addr: displayAddress(p.addr) }, 'peer disconnected');
  }

  private async handshake(p: PeerState): Promise<void> {
    try {
      const resp = await requestOne(
        this.node,
        p.peerId,
        this.protocols.ids.status,
        encodeStatus(this.localStatus()),
        { timeoutMs: this.limits.requestTimeoutMs, frameLimit: FRAME_LIMITS.status },
        this.traffic,
      );
      this.handshakeDone(p.peerId, decodeStatus(resp));
    } catch (e) {
      if (this.stopped || p.disconnecting) return;
      this.log.info(
        { peer: p.peerId, err: (e as Error).message },
        'handshake failed (another network, or not a ledger node); disconnecting',
      );
      this.peerManager.disconnect(p.peerId);
    }
  }

  private handshakeDone(peerId: string, status: StatusMessage): void {
    const p = this.peerManager.get(peerId);
    if (p === undefined) return;
    const first = p.status === undefined;
    p.status = status;
    if (!first) return;
    this.log.info(
      {
        peer: peerId,
        id: p.id,
        addr: displayAddress(p.addr),
        direction: p.direction,
        height: status.height,
        userAgent: status.userAgent,
      },
      'peer ready',
    );
    this.sync.peerReady(p);
    if (this.discover && p.direction === 'outbound' && this.outboundCount() < this.limits.targetOutbound) {
      void this.discovery.ask(p).then((ok) => ok && this.maintain());
    }
  }

  private hangUp(peerId: string): void {
    for (const c of this.node?.getConnections() ?? []) {
      if (c.remotePeer.toString() === peerId) void c.close().catch(() => c.abort(new Error('disconnect')));
    }
  }

  private rtt(peerId: string): number | undefined {
    let best: number | undefined;
    for (const c of this.node?.getConnections() ?? []) {
      if (c.remotePeer.toString() !== peerId || c.rtt === undefined) continue;
      if (best === undefined || c.rtt < best) best = c.rtt;
    }
    return best;
  }

  private outboundCount(): number {
    return this.peerManager.all().filter((p) => p.direction === 'outbound' && !p.disconnecting).length;
  }

  private async dial(a: ManualPeer): Promise<boolean> {
    if (this.stopped) return false;
    try {
      const conn = await this.node.dial(multiaddr(a.multiaddr) as unknown as Multiaddr, {
        signal: AbortSignal.timeout(this.limits.requestTimeoutMs),
      });
      a.peerId = conn.remotePeer.toString();
      const p = this.peerManager.get(a.peerId);
      if (p) p.manual = true;
      return true;
    } catch (e) {
      if (!this.stopped) this.log.debug({ addr: a.arg, err: (e as Error).message }, 'could not connect');
      return false;
    }
  }

  /** Redials manual peers that dropped, and tops up outbound connections from the address book. */
  private maintain(): void {
    if (this.stopped) return;
    for (const a of this.admin.manualPeers()) if (!this.admin.isConnected(a.peerId)) void this.dial(a);
    if (!this.discover) return;
    const missing = this.limits.targetOutbound - this.outboundCount();
    const usable = (id: string) =>
      !this.admin.isConnected(id) && !this.bans.isPeerBanned(id, this.nowSeconds());
    for (const addr of this.discovery.candidates(missing, usable))
      void this.dial({ arg: addr, multiaddr: addr, peerId: undefined });
  }

  // --- API ----------------------------------------------------------------------------------------

  get peerId(): string {
    return this.node.peerId.toString();
  }

  /** Our listen addresses, each with its /p2p/ id (what another node passes to -addnode/-connect). */
  listenAddresses(): string[] {
    return this.node.getMultiaddrs().map((m) => m.toString());
  }

  /** getpeerinfo. */
  peers(): PeerInfo[] {
    return this.peerManager.all().map((p) => this.peerManager.info(p));
  }

  connectionCount(): { inbound: number; outbound: number; total: number } {
    const all = this.peerManager.all();
    const inbound = all.filter((p) => p.direction === 'inbound').length;
    return { inbound, outbound: all.length - inbound, total: all.length };
  }

  /** getnettotals. */
  netTotals(): NetTotals {
    return {
      totalBytesRecv: this.peerManager.totalBytesRecv,
      totalBytesSent: this.peerManager.totalBytesSent,
      timeMillis: this.now(),
    };
  }

  syncStatus(): SyncStatus {
    return this.sync.status();
  }

  /** Core's addnode (peer-admin.ts). */
  addNode(addr: string, command: AddNodeCommand): Promise<void> {
    return this.admin.addNode(addr, command);
  }

  /** getaddednodeinfo. */
  addedNodes(): AddedNodeInfo[] {
    return this.admin.addedNodes();
  }

  /** disconnectnode: by peer id, `ip:port` or getpeerinfo id. False when no such peer is connected. */
  disconnectNode(target: string | number): boolean {
    return this.admin.disconnectNode(target);
  }

  /** setban (peer-admin.ts). */
  setBan(subject: string, command: 'add' | 'remove', banTime = 0, absolute = false): void {
    this.admin.setBan(subject, command, banTime, absolute);
  }

  listBanned(): BanEntry[] {
    return this.admin.listBanned();
  }

  clearBanned(): void {
    this.admin.clearBanned();
  }

  /**
   * Publishes a block on the block topic. New tips are published automatically; this is for a
   * caller that wants to announce explicitly (a no-op for a block already announced or received).
   */
  announceBlock(block: Block, raw?: Uint8Array): void {
    this.relay.announceBlock(block, raw);
  }

  /** Publishes a transaction (automatic for the mempool's additions; a no-op when already relayed). */
  relayTransaction(tx: Transaction): void {
    this.relay.relayTransaction(tx);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.sync?.stop();
    this.relay?.stop();
    await this.node?.stop();
    this.log.info('p2p network stopped');
  }
}
