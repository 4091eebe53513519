/**
 * The operator's control of peers, as bitcoind's RPCs: the manual peers (-connect, -addnode and the
 * addnode RPC, redialled when they drop), disconnectnode, and the ban list (setban, listbanned,
 * clearbanned).
 */
import type { BanEntry, BanList } from './ban-list.js';
import type { NetLimits } from './limits.js';
import type { AddNodeCommand } from './network-service.js';
import { displayAddress, ipPortOf, toMultiaddrString } from './peer-address.js';
import type { PeerManager } from './peers.js';

/** A peer the operator named: as given, as a multiaddr, and its id once connected. */
export interface ManualPeer {
  arg: string;
  multiaddr: string;
  peerId: string | undefined;
}

export interface AddedNodeInfo {
  /** As given. */
  addednode: string;
  multiaddr: string;
  connected: boolean;
  peerId: string | undefined;
}

export interface PeerAdminOptions {
  /** The network's default P2P port, for addresses given without one. */
  defaultPort: number;
  /** -connect: the only peers (discovery off). */
  connect: readonly string[];
  /** -addnode: peers kept connected besides discovered ones. */
  addnode: readonly string[];
  bans: BanList;
  peers: PeerManager;
  limits: NetLimits;
  /** UNIX seconds. */
  nowSeconds: () => number;
  /** Dials a peer; resolves whether it connected (recording its id in `peer`). */
  dial: (peer: ManualPeer) => Promise<boolean>;
}

export class PeerAdmin {
  private readonly added = new Map<string, ManualPeer>();
  private readonly connectOnly: ManualPeer[];

  constructor(private readonly o: PeerAdminOptions) {
    this.connectOnly = o.connect.map((a) => this.manual(a));
    for (const a of o.addnode) this.added.set(a, this.manual(a));
  }

  private manual(arg: string): ManualPeer {
    return { arg, multiaddr: toMultiaddrString(arg, this.o.defaultPort), peerId: undefined };
  }

  /** Whether -connect was given (then the node dials no one else). */
  get connectOnlyMode(): boolean {
    return this.connectOnly.length > 0;
  }

  /** Every manual peer: the -connect ones, then the added ones. */
  manualPeers(): ManualPeer[] {
    return [...this.connectOnly, ...this.added.values()];
  }

  isManual(peerId: string): boolean {
    return this.manualPeers().some((a) => a.peerId === peerId);
  }

  /** A peer is connected when the peer manager has it. */
  isConnected(peerId: string | undefined): boolean {
    return peerId !== undefined && this.o.peers.get(peerId) !== undefined;
  }

  /**
   * Core's addnode: `add` keeps the peer connected (redialled when it drops), `remove` forgets it,
   * `onetry` connects once. Resolves after the connection attempt; throws for a duplicate add or
   * the removal of a node that was not added.
   */
  async addNode(addr: string, command: AddNodeCommand): Promise<void> {
    const ma = toMultiaddrString(addr, this.o.defaultPort);
    const known = () => [...this.added.values()].find((a) => a.arg === addr || a.multiaddr === ma);
    if (command === 'remove') {
      const key = known()?.arg;
      if (key === undefined) throw new Error('Node could not be removed. It has not been added previously.');
      this.added.delete(key);
      return;
    }
    if (command === 'add') {
      if (known() !== undefined) throw new Error('Node already added');
      const a: ManualPeer = { arg: addr, multiaddr: ma, peerId: undefined };
      this.added.set(addr, a);
      await this.o.dial(a);
      return;
    }
    if (command === 'onetry') {
      await this.o.dial({ arg: addr, multiaddr: ma, peerId: undefined });
      return;
    }
    throw new TypeError(`unknown addnode command '${command as string}'`);
  }

  /** getaddednodeinfo. */
  addedNodes(): AddedNodeInfo[] {
    return this.manualPeers().map((a) => ({
      addednode: a.arg,
      multiaddr: a.multiaddr,
      connected: this.isConnected(a.peerId),
      peerId: a.peerId,
    }));
  }

  /** disconnectnode: by peer id, `ip:port` or getpeerinfo id. False when no such peer is connected. */
  disconnectNode(target: string | number): boolean {
    const p = this.o.peers
      .all()
      .find(
        (q) =>
          q.peerId === target || q.id === target || displayAddress(q.addr) === target || q.addr === target,
      );
    if (p === undefined) return false;
    this.o.peers.disconnect(p.peerId);
    return true;
  }

  /**
   * setban: bans a peer id, IP address or subnet for `banTime` seconds (default -bantime), or until
   * `banTime` as a UNIX time when `absolute`; disconnects the peers it covers. `remove` lifts a ban.
   */
  setBan(subject: string, command: 'add' | 'remove', banTime = 0, absolute = false): void {
    const { bans, peers } = this.o;
    const now = this.o.nowSeconds();
    if (command === 'remove') {
      if (!bans.remove(subject))
        throw new Error('Unban failed. Requested address/subnet was not previously manually banned.');
      return;
    }
    const until = absolute ? banTime : now + (banTime > 0 ? banTime : this.o.limits.banTimeSeconds);
    if (until <= now) throw new RangeError('Error: Absolute timestamp is in the past');
    const s = bans.add(subject, until, 'manually added', now);
    for (const p of peers.all()) {
      const ip = ipPortOf(p.addr)?.ip;
      if (p.peerId === s || (ip !== undefined && bans.isAddressBanned(ip, now))) peers.disconnect(p.peerId);
    }
  }

  listBanned(): BanEntry[] {
    return this.o.bans.list(this.o.nowSeconds());
  }

  clearBanned(): void {
    this.o.bans.clear();
  }
}
