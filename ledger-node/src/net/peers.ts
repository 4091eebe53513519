/**
 * What the node keeps about each connected peer, its misbehaviour score and traffic, and the rules
 * that turn misbehaviour into a ban. Everything kept per peer is bounded (see limits.ts); a peer's
 * state is dropped when its last connection closes.
 */
import type { Logger } from 'pino';
import type { BanList } from './ban-list.js';
import type { NetLimits } from './limits.js';
import { MISBEHAVIOUR } from './limits.js';
import type { StatusMessage } from './messages.js';
import { displayAddress } from './peer-address.js';
import type { RateLimit } from './rate-limit.js';
import { TokenBucket } from './rate-limit.js';

export type Direction = 'inbound' | 'outbound';

/** A block requested from a peer and not yet received. */
export interface InFlightBlock {
  hash: Uint8Array;
  height: number;
  requestedAt: number;
}

export type RateKind = 'request' | 'tx' | 'block' | 'gossipFrame';

export class PeerState {
  score = 0;
  bytesSent = 0;
  bytesRecv = 0;
  status: StatusMessage | undefined;
  /** The most-work header this peer is known to have (it sent it, or its descendant). */
  bestKnownHash: Uint8Array | undefined;
  bestKnownHeight = -1;
  bestKnownWork = 0n;
  /** Highest block this peer sent us that we accepted (Core's nSyncHeight analogue for blocks). */
  syncedBlocks = -1;
  readonly inFlight = new Map<string, InFlightBlock>();
  /** Hashes this peer said it does not have; bounded, cleared when it announces new headers. */
  readonly notFound = new Set<string>();
  /** A headers request to this peer is running. */
  headersPending = false;
  /**
   * Its first headers request waits for another peer's headers (Core syncs headers from one peer
   * at first): most likely its status tip is among them, and then no request is needed.
   */
  headersDeferred = false;
  /** Headers responses in a row that did not connect to our tree. */
  unconnectingHeaders = 0;
  /** Block requests that timed out in a row. */
  stalls = 0;
  /** The peer was given to us by -connect/-addnode. */
  manual = false;
  disconnecting = false;
  private readonly buckets: Record<RateKind, TokenBucket>;

  constructor(
    /** Small local number, as getpeerinfo's `id`. */
    readonly id: number,
    readonly peerId: string,
    public addr: string,
    readonly direction: Direction,
    readonly connectedAt: number,
    limits: NetLimits,
  ) {
    const bucket = (l: RateLimit) => new TokenBucket(l, connectedAt);
    this.buckets = {
      request: bucket(limits.requestRate),
      tx: bucket(limits.txRate),
      block: bucket(limits.blockRate),
      gossipFrame: bucket(limits.gossipFrameRate),
    };
  }

  /** Takes one message of `kind` from the peer's allowance; false when it is over its rate. */
  allow(kind: RateKind, nowMs: number): boolean {
    return this.buckets[kind].take(nowMs);
  }

  /** Records that the peer has a header (and so all of its ancestors). */
  noteHeader(hash: Uint8Array, height: number, work: bigint): void {
    if (work > this.bestKnownWork || this.bestKnownHash === undefined) {
      this.bestKnownHash = hash;
      this.bestKnownHeight = height;
      this.bestKnownWork = work;
    }
  }

  noteNotFound(key: string, max: number): void {
    if (this.notFound.size >= max) this.notFound.clear();
    this.notFound.add(key);
  }
}

export interface PeerInfo {
  /** Local number of the peer (getpeerinfo `id`). */
  id: number;
  peerId: string;
  /** `ip:port` of the connection. */
  addr: string;
  multiaddr: string;
  direction: Direction;
  inbound: boolean;
  /** Given by -connect/-addnode. */
  manual: boolean;
  /** UNIX seconds. */
  connectedAt: number;
  /** Misbehaviour score (ban at the configured limit, 100 by default). */
  score: number;
  bytesSent: number;
  bytesRecv: number;
  /** Round-trip time of the last ping, milliseconds. */
  pingMs: number | undefined;
  version: number | undefined;
  userAgent: string;
  /** The peer's tip height when it connected. */
  startingHeight: number;
  /** Height of the best header the peer is known to have, -1 if none. */
  syncedHeaders: number;
  /** Height of the last block received from the peer, -1 if none. */
  syncedBlocks: number;
  /** Heights of the blocks requested from it and not yet received. */
  inFlight: number[];
}

export interface PeerManagerHooks {
  /** Closes every connection to the peer. */
  disconnect(peerId: string): void;
  rtt(peerId: string): number | undefined;
  now(): number;
}

export class PeerManager {
  private readonly peers = new Map<string, PeerState>();
  private nextId = 0;
  totalBytesSent = 0;
  totalBytesRecv = 0;

  constructor(
    private readonly limits: NetLimits,
    private readonly bans: BanList,
    private readonly hooks: PeerManagerHooks,
    private readonly log: Logger,
  ) {}

  add(peerId: string, addr: string, direction: Direction): PeerState {
    let p = this.peers.get(peerId);
    if (p === undefined) {
      p = new PeerState(this.nextId++, peerId, addr, direction, this.hooks.now(), this.limits);
      this.peers.set(peerId, p);
    }
    return p;
  }

  remove(peerId: string): PeerState | undefined {
    const p = this.peers.get(peerId);
    this.peers.delete(peerId);
    return p;
  }

  get(peerId: string): PeerState | undefined {
    return this.peers.get(peerId);
  }

  all(): PeerState[] {
    return [...this.peers.values()];
  }

  get size(): number {
    return this.peers.size;
  }

  sent(peerId: string, n: number): void {
    this.totalBytesSent += n;
    const p = this.peers.get(peerId);
    if (p) p.bytesSent += n;
  }

  received(peerId: string, n: number): void {
    this.totalBytesRecv += n;
    const p = this.peers.get(peerId);
    if (p) p.bytesRecv += n;
  }

  /**
   * Takes one message of `kind` from the peer's allowance. Over the rate, the message must be
   * dropped and the peer is scored for flooding. Unknown peers (connection already gone) are denied.
   */
  allow(peerId: string, kind: RateKind): boolean {
    const p = this.peers.get(peerId);
    if (p === undefined || p.disconnecting) return false;
    if (p.allow(kind, this.hooks.now())) return true;
    this.misbehaving(peerId, MISBEHAVIOUR.flood, `${kind} flood`);
    return false;
  }

  /** Core's Misbehaving: adds to the peer's score; at the ban score it is banned and disconnected. */
  misbehaving(peerId: string, howMuch: number, reason: string): void {
    const p = this.peers.get(peerId);
    if (p === undefined) {
      // The connection is gone already; a serious offence is still remembered.
      if (howMuch >= this.limits.banScore) this.ban(peerId, reason);
      return;
    }
    const before = p.score;
    p.score += howMuch;
    this.log.warn(
      { peer: peerId, id: p.id, score: p.score, added: howMuch, reason },
      `peer misbehaving: ${reason}`,
    );
    if (p.score >= this.limits.banScore && before < this.limits.banScore) this.ban(peerId, reason);
  }

  /** Bans a peer id for the configured time and disconnects it. */
  ban(peerId: string, reason: string, seconds = this.limits.banTimeSeconds): void {
    const now = Math.floor(this.hooks.now() / 1000);
    try {
      this.bans.add(peerId, now + seconds, reason, now);
    } catch (e) {
      this.log.error({ err: e, peer: peerId }, 'could not record ban');
    }
    this.log.warn({ peer: peerId, reason, seconds }, 'peer banned');
    this.disconnect(peerId);
  }

  disconnect(peerId: string): void {
    const p = this.peers.get(peerId);
    if (p) p.disconnecting = true;
    this.hooks.disconnect(peerId);
  }

  info(p: PeerState): PeerInfo {
    return {
      id: p.id,
      peerId: p.peerId,
      addr: displayAddress(p.addr),
      multiaddr: p.addr,
      direction: p.direction,
      inbound: p.direction === 'inbound',
      manual: p.manual,
      connectedAt: Math.floor(p.connectedAt / 1000),
      score: p.score,
      bytesSent: p.bytesSent,
      bytesRecv: p.bytesRecv,
      pingMs: this.hooks.rtt(p.peerId),
      version: p.status?.version,
      userAgent: p.status?.userAgent ?? '',
      startingHeight: p.status?.height ?? -1,
      syncedHeaders: p.bestKnownHeight,
      syncedBlocks: p.syncedBlocks,
      inFlight: [...p.inFlight.values()].map((b) => b.height).sort((a, b) => a - b),
    };
  }
}
