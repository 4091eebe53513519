/**
 * The ledger node's peer-to-peer network on libp2p 3: TCP, Noise, Yamux, identify and ping; a
 * persistent node key; bootstrap peers from -connect/-addnode and peer discovery by address
 * exchange; gossipsub relay of transactions and blocks (relay.ts); headers-first sync (sync.ts);
 * misbehaviour scores, rate and size limits and a persisted ban list (peers.ts, ban-list.ts).
 *
 * The daemon creates one with `P2PNode.start({ params, datadir, chain, mempool, ... })` and
 * reads `peers()`, `netTotals()`, the ban list and `syncStatus()` for its RPC.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { ChainParams } from '../params/chain-params.js';
import { LEDGER_VERSION, USER_AGENT } from '../version.js';
import type { Block } from '../wire/block.js';
import type { Transaction } from '../wire/tx.js';
import type { BanEntry } from './ban-list.js';
import { BanList } from './ban-list.js';
import type { ServedChain } from './chain-server.js';
import { headersAfter } from './chain-server.js';
import { meteredGossip } from './gossip-traffic.js';
import type { Connection, Libp2pNode, Multiaddr, PeerId } from './libp2p-types.js';
import type { NetLimits } from './limits.js';
import { DEFAULT_LIMITS, MISBEHAVIOUR } from './limits.js';
import type { StatusMessage } from './messages.js';
import {
  decodeAddrs,
  decodeBlockResponse,
  decodeGetBlocks,
  decodeGetHeaders,
  decodeHeaders,
  decodeStatus,
  encodeAddrs,
  encodeBlockResponse,
  encodeGetBlocks,
  encodeGetHeaders,
  encodeHeaders,
  encodeStatus,
} from './messages.js';
import { loadOrCreateNodeKey } from './node-key.js';
import { displayAddress, ipPortOf, peerIdOf, toMultiaddrString } from './peer-address.js';
import type { PeerInfo, PeerState } from './peers.js';
import { PeerManager } from './peers.js';
import type { NetworkProtocols } from './protocols.js';
import {
  FRAME_LIMITS,
  MAX_ADDRS,
  MAX_GOSSIP_FRAME_BYTES,
  networkProtocols,
  P2P_PROTOCOL_VERSION,
} from './protocols.js';
import type { GossipService, RelayChain, RelayMempool } from './relay.js';
import { gossipMessageId, Relay } from './relay.js';
import type { ServeHooks, TrafficHooks } from './request.js';
import { request, requestOne, serve } from './request.js';
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

export type AddNodeCommand = 'add' | 'remove' | 'onetry';

export interface AddedNodeInfo {
  /** As given. */
  addednode: string;
  multiaddr: string;
  connected: boolean;
  peerId: string | undefined;
}

export interface NetTotals {
  totalBytesRecv: number;
  totalBytesSent: number;
  /** UNIX milliseconds. */
  timeMillis: number;
}

interface AddedNode {
  arg: string;
  multiaddr: string;
  peerId: string | undefined;
}

/** Addresses learnt from peers, at most this many. */
const MAX_ADDR_BOOK = 1000;

export class P2PNode {
  private readonly limits: NetLimits;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly protocols: NetworkProtocols;
  private readonly bans: BanList;
  private readonly peerManager: PeerManager;
  private node!: Libp2pNode;
  private sync!: BlockSync;
  private relay!: Relay;
  private readonly added = new Map<string, AddedNode>();
  private readonly connectOnly: AddedNode[];
  private readonly discover: boolean;
  private readonly addrBook = new Map<string, string>();
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
    const port = opts.params.defaultPort;
    this.connectOnly = (opts.connect ?? []).map((a) => ({
      arg: a,
      multiaddr: toMultiaddrString(a, port),
      peerId: undefined,
    }));
    for (const a of opts.addnode ?? [])
      this.added.set(a, { arg: a, multiaddr: toMultiaddrString(a, port), peerId: undefined });
    this.discover = opts.discover ?? this.connectOnly.length === 0;
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
    const gossipHooks = {
      maxFrameBytes: MAX_GOSSIP_FRAME_BYTES,
      onBytesIn: (peer: string, n: number) => pm.received(peer, n),
      onBytesOut: (peer: string, n: number) => pm.sent(peer, n),
      onFrame: (peer: string) => {
        pm.allow(peer, 'gossipFrame');
      },
      onOversized: (peer: string, size: number) =>
        pm.misbehaving(peer, MISBEHAVIOUR.oversized, `oversized gossip frame (${size} bytes)`),
    };
    const banned = (id: PeerId) => this.bans.isPeerBanned(id.toString(), this.nowSeconds());
    const bannedAddr = (ma: Multiaddr) => {
      const ip = ipPortOf(ma.toString());
      return ip !== undefined && this.bans.isAddressBanned(ip.ip, this.nowSeconds());
    };
    this.node = await createLibp2p({
      start: false,
      privateKey,
      nodeInfo: {
        name: 'funai-ledger',
        version: LEDGER_VERSION,
        userAgent: this.opts.userAgent ?? DEFAULT_USER_AGENT,
      },
      addresses: { listen },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: {
        maxConnections: this.limits.maxConnections,
        inboundConnectionThreshold: this.limits.inboundConnectionsPerSecond,
      },
      connectionGater: {
        denyDialPeer: banned,
        denyDialMultiaddr: (ma) =>
          bannedAddr(ma) ||
          (peerIdOf(ma.toString()) !== undefined &&
            this.bans.isPeerBanned(peerIdOf(ma.toString())!, this.nowSeconds())),
        denyInboundConnection: (maConn) => bannedAddr(maConn.remoteAddr),
        denyInboundEncryptedConnection: banned,
        denyOutboundEncryptedConnection: banned,
      },
      services: {
        identify: identify(),
        ping: ping(),
        pubsub: meteredGossip(
          gossipsub({
            globalSignaturePolicy: 'StrictNoSign',
            msgIdFn: gossipMessageId,
            asyncValidation: true,
            allowPublishToZeroTopicPeers: true,
            ignoreDuplicatePublishError: true,
            emitSelf: false,
            fallbackToFloodsub: false,
            floodPublish: true,
            doPX: false,
            allowedTopics: [this.protocols.topics.tx, this.protocols.topics.block],
            maxInboundDataLength: MAX_GOSSIP_FRAME_BYTES,
          }),
          gossipHooks,
        ),
      },
    });
    const gossip = this.node.services.pubsub as unknown as GossipService;

    const traffic: TrafficHooks = {
      onBytesIn: (peer, n) => pm.received(peer, n),
      onBytesOut: (peer, n) => pm.sent(peer, n),
    };
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

    await this.registerHandlers(traffic);
    this.node.addEventListener('connection:open', (evt) => this.connectionOpened(evt.detail));
    this.node.addEventListener('connection:close', (evt) => this.connectionClosed(evt.detail));
    await this.node.start();
    this.sync.start();
    this.relay.start();
    this.log.info(
      { peerId: this.peerId, listen: this.listenAddresses(), network: this.opts.params.name },
      'p2p network started',
    );

    for (const a of [...this.connectOnly, ...this.added.values()]) void this.dial(a);
    const t = setInterval(() => this.maintain(), this.limits.reconnectMs);
    t.unref();
    this.timers.push(t);
  }

  // --- request handlers ---------------------------------------------------------------------------

  private async registerHandlers(traffic: TrafficHooks): Promise<void> {
    const pm = this.peerManager;
    const hooks: ServeHooks = {
      ...traffic,
      allow: (peer) => pm.allow(peer, 'request'),
      onViolation: (peer, reason) =>
        pm.misbehaving(
          peer,
          reason.startsWith('malformed') ? MISBEHAVIOUR.malformed : MISBEHAVIOUR.oversized,
          reason,
        ),
      onError: (peer, err) => this.log.debug({ peer, err: err.message }, 'request not served'),
    };
    const base = {
      timeoutMs: this.limits.requestTimeoutMs,
      maxInboundStreams: this.limits.maxStreamsPerProtocol,
    };
    const ids = this.protocols.ids;
    const chain = this.opts.chain;

    await serve(
      this.node,
      ids.status,
      { ...base, requestLimit: FRAME_LIMITS.status },
      hooks,
      async (req, peer, reply) => {
        const status = decodeStatus(req);
        await reply(encodeStatus(this.localStatus()));
        this.handshakeDone(peer, status);
      },
    );
    await serve(
      this.node,
      ids.headers,
      { ...base, requestLimit: FRAME_LIMITS.getHeaders },
      hooks,
      async (req, _peer, reply) => {
        await reply(encodeHeaders(headersAfter(chain, decodeGetHeaders(req))));
      },
    );
    await serve(
      this.node,
      ids.blocks,
      { ...base, timeoutMs: this.limits.blockRequestTimeoutMs, requestLimit: FRAME_LIMITS.getBlocks },
      hooks,
      async (req, _peer, reply) => {
        for (const hash of decodeGetBlocks(req)) await reply(encodeBlockResponse(chain.getRawBlock(hash)));
      },
    );
    await serve(
      this.node,
      ids.addrs,
      { ...base, requestLimit: FRAME_LIMITS.getAddrs },
      hooks,
      async (_req, peer, reply) => {
        await reply(encodeAddrs(await this.shareableAddrs(peer)));
      },
    );
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
    for (const a of [...this.connectOnly, ...this.added.values()]) if (a.peerId === id) p.manual = true;
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
        {
          onBytesIn: (peer, n) => this.peerManager.received(peer, n),
          onBytesOut: (peer, n) => this.peerManager.sent(peer, n),
        },
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
      void this.askAddrs(p);
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

  private async dial(a: AddedNode): Promise<boolean> {
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

  private isConnected(peerId: string | undefined): boolean {
    return peerId !== undefined && this.peerManager.get(peerId) !== undefined;
  }

  /** Redials manual peers that dropped, and tops up outbound connections from the address book. */
  private maintain(): void {
    if (this.stopped) return;
    for (const a of [...this.connectOnly, ...this.added.values()])
      if (!this.isConnected(a.peerId)) void this.dial(a);
    if (!this.discover) return;
    const missing = this.limits.targetOutbound - this.outboundCount();
    if (missing <= 0) return;
    const candidates = [...this.addrBook.entries()].filter(
      ([id]) => id !== this.peerId && !this.isConnected(id) && !this.bans.isPeerBanned(id, this.nowSeconds()),
    );
    for (const [, addr] of candidates.slice(0, missing))
      void this.dial({ arg: addr, multiaddr: addr, peerId: undefined });
  }

  private async askAddrs(p: PeerState): Promise<void> {
    try {
      const resp = await requestOne(
        this.node,
        p.peerId,
        this.protocols.ids.addrs,
        new Uint8Array(0),
        { timeoutMs: this.limits.requestTimeoutMs, frameLimit: FRAME_LIMITS.addrs },
        {
          onBytesIn: (peer, n) => this.peerManager.received(peer, n),
          onBytesOut: (peer, n) => this.peerManager.sent(peer, n),
        },
      );
      for (const addr of decodeAddrs(resp)) {
        const id = peerIdOf(addr);
        if (id === undefined || id === this.peerId || ipPortOf(addr) === undefined) continue;
        if (!this.addrBook.has(id) && this.addrBook.size >= MAX_ADDR_BOOK) {
          const oldest = this.addrBook.keys().next().value;
          if (oldest !== undefined) this.addrBook.delete(oldest);
        }
        this.addrBook.set(id, addr);
      }
      this.maintain();
    } catch (e) {
      this.log.debug({ peer: p.peerId, err: (e as Error).message }, 'addrs request failed');
    }
  }

  /** Listen addresses (from identify) of our other ready peers, each with its /p2p/ id. */
  private async shareableAddrs(requester: string): Promise<string[]> {
    const out: string[] = [];
    for (const p of this.peerManager.all()) {
      if (p.peerId === requester || p.status === undefined || out.length >= MAX_ADDRS) continue;
      const conn = this.node.getConnections().find((c) => c.remotePeer.toString() === p.peerId);
      if (conn === undefined) continue;
      try {
        const record = await this.node.peerStore.get(conn.remotePeer);
        for (const { multiaddr: ma } of record.addresses) {
          const s = ma.toString();
          const ip = ipPortOf(s);
          if (ip === undefined || ip.port === undefined || ip.ip === '0.0.0.0' || ip.ip === '::') continue;
          out.push(`${s}/p2p/${p.peerId}`);
          break;
        }
      } catch {
        // not in the peer store (yet)
      }
    }
    return out.slice(0, MAX_ADDRS);
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

  /**
   * Core's addnode: `add` keeps the peer connected (redialled when it drops), `remove` forgets it,
   * `onetry` connects once. Resolves after the connection attempt; throws for a duplicate add or
   * the removal of a node that was not added.
   */
  async addNode(addr: string, command: AddNodeCommand): Promise<void> {
    const ma = toMultiaddrString(addr, this.opts.params.defaultPort);
    if (command === 'remove') {
      const key = [...this.added.values()].find((a) => a.arg === addr || a.multiaddr === ma)?.arg;
      if (key === undefined) throw new Error('Node could not be removed. It has not been added previously.');
      this.added.delete(key);
      return;
    }
    if (command === 'add') {
      if ([...this.added.values()].some((a) => a.arg === addr || a.multiaddr === ma)) {
        throw new Error('Node already added');
      }
      const a: AddedNode = { arg: addr, multiaddr: ma, peerId: undefined };
      this.added.set(addr, a);
      await this.dial(a);
      return;
    }
    if (command === 'onetry') {
      await this.dial({ arg: addr, multiaddr: ma, peerId: undefined });
      return;
    }
    throw new TypeError(`unknown addnode command '${command as string}'`);
  }

  /** getaddednodeinfo. */
  addedNodes(): AddedNodeInfo[] {
    return [...this.connectOnly, ...this.added.values()].map((a) => ({
      addednode: a.arg,
      multiaddr: a.multiaddr,
      connected: this.isConnected(a.peerId),
      peerId: a.peerId,
    }));
  }

  /** disconnectnode: by peer id, `ip:port` or getpeerinfo id. False when no such peer is connected. */
  disconnectNode(target: string | number): boolean {
    const p = this.peerManager
      .all()
      .find(
        (q) =>
          q.peerId === target || q.id === target || displayAddress(q.addr) === target || q.addr === target,
      );
    if (p === undefined) return false;
    this.peerManager.disconnect(p.peerId);
    return true;
  }

  /**
   * setban: bans a peer id, IP address or subnet for `banTime` seconds (default -bantime), or until
   * `banTime` as a UNIX time when `absolute`; disconnects the peers it covers. `remove` lifts a ban.
   */
  setBan(subject: string, command: 'add' | 'remove', banTime = 0, absolute = false): void {
    const now = this.nowSeconds();
    if (command === 'remove') {
      if (!this.bans.remove(subject))
        throw new Error('Unban failed. Requested address/subnet was not previously manually banned.');
      return;
    }
    const until = absolute ? banTime : now + (banTime > 0 ? banTime : this.limits.banTimeSeconds);
    if (until <= now) throw new RangeError('Error: Absolute timestamp is in the past');
    const s = this.bans.add(subject, until, 'manually added', now);
    for (const p of this.peerManager.all()) {
      const ip = ipPortOf(p.addr)?.ip;
      if (p.peerId === s || (ip !== undefined && this.bans.isAddressBanned(ip, now)))
        this.peerManager.disconnect(p.peerId);
    }
  }

  listBanned(): BanEntry[] {
    return this.bans.list(this.nowSeconds());
  }

  clearBanned(): void {
    this.bans.clear();
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
