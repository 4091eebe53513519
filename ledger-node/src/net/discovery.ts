/**
 * Peer discovery by address exchange: a node asks its outbound peers for the listen addresses of
 * their other peers (the addrs protocol), keeps what it learns in a bounded address book, and dials
 * from it while it has fewer outbound peers than it wants. It answers the same question from the
 * listen addresses identify reported for its own ready peers.
 */
import type { Logger } from 'pino';
import type { Libp2pNode } from './libp2p-types.js';
import type { NetLimits } from './limits.js';
import { decodeAddrs } from './messages.js';
import { ipPortOf, peerIdOf } from './peer-address.js';
import type { PeerManager, PeerState } from './peers.js';
import type { ProtocolIds } from './protocols.js';
import { FRAME_LIMITS, MAX_ADDRS } from './protocols.js';
import type { TrafficHooks } from './request.js';
import { requestOne } from './request.js';

/** Addresses learnt from peers, at most this many. */
export const MAX_ADDR_BOOK = 1000;

export class Discovery {
  /** Peer id → its multiaddr with /p2p/ id, oldest first. */
  private readonly book = new Map<string, string>();

  constructor(
    private readonly node: () => Libp2pNode,
    private readonly ids: ProtocolIds,
    private readonly limits: NetLimits,
    private readonly peers: PeerManager,
    private readonly traffic: TrafficHooks,
    private readonly log: Logger,
  ) {}

  /** Asks `p` for addresses and adds them to the book (the oldest make room). False when it failed. */
  async ask(p: PeerState): Promise<boolean> {
    const self = this.node().peerId.toString();
    try {
      const resp = await requestOne(
        this.node(),
        p.peerId,
        this.ids.addrs,
        new Uint8Array(0),
        { timeoutMs: this.limits.requestTimeoutMs, frameLimit: FRAME_LIMITS.addrs },
        this.traffic,
      );
      for (const addr of decodeAddrs(resp)) {
        const id = peerIdOf(addr);
        if (id === undefined || id === self || ipPortOf(addr) === undefined) continue;
        if (!this.book.has(id) && this.book.size >= MAX_ADDR_BOOK) {
          const oldest = this.book.keys().next().value;
          if (oldest !== undefined) this.book.delete(oldest);
        }
        this.book.set(id, addr);
      }
      return true;
    } catch (e) {
      this.log.debug({ peer: p.peerId, err: (e as Error).message }, 'addrs request failed');
      return false;
    }
  }

  /** Up to `count` addresses of the book whose peers `usable` accepts (not us, not connected, not banned). */
  candidates(count: number, usable: (peerId: string) => boolean): string[] {
    if (count <= 0) return [];
    const self = this.node().peerId.toString();
    return [...this.book.entries()]
      .filter(([id]) => id !== self && usable(id))
      .slice(0, count)
      .map(([, addr]) => addr);
  }

  /** Listen addresses (from identify) of our other ready peers, each with its /p2p/ id. */
  async shareable(requester: string): Promise<string[]> {
    const node = this.node();
    const out: string[] = [];
    for (const p of this.peers.all()) {
      if (p.peerId === requester || p.status === undefined || out.length >= MAX_ADDRS) continue;
      const conn = node.getConnections().find((c) => c.remotePeer.toString() === p.peerId);
      if (conn === undefined) continue;
      try {
        const record = await node.peerStore.get(conn.remotePeer);
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
}
