import type { Block } from '../wire/block.js';
import type { Transaction } from '../wire/tx.js';

/** addnode's commands, as bitcoind's. */
export type AddNodeCommand = 'add' | 'remove' | 'onetry';

/** Why addnode refused, with bitcoind's error for it. */
export class AddNodeError extends Error {
  override readonly name = 'AddNodeError';
  constructor(
    readonly kind: 'already-added' | 'not-added' | 'invalid-address',
    message: string,
  ) {
    super(message);
  }
}

/** What the daemon and the RPC methods need of the peer-to-peer layer. */
export interface NetworkService {
  /** Whether a P2P layer is running at all. */
  readonly active: boolean;
  /** The TCP port the node listens on, or null when it does not listen. */
  readonly listenPort: number | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** getpeerinfo's objects, one per connected peer. */
  peerInfo(): Record<string, unknown>[];
  connectionCounts(): { inbound: number; outbound: number };
  /** addnode: keep a connection to `node` open ('add'), forget it ('remove'), or try it once. */
  addNode(node: string, command: AddNodeCommand): Promise<void>;
  /** getaddednodeinfo: the addnode list and whether each is connected. */
  addedNodes(): { addednode: string; connected: boolean }[];
  relayTransaction(tx: Transaction): void;
  /** `raw` is the block's serialization when the caller has it (saves encoding it again). */
  announceBlock(block: Block, raw?: Uint8Array): void;
  /** getnettotals: bytes in and out over all peers since start. */
  netTotals(): { totalBytesRecv: number; totalBytesSent: number };
  /** disconnectnode: by address or getpeerinfo id; false when no such peer is connected. */
  disconnectNode(target: string | number): boolean;
  /** setban: a peer id, IP or subnet for `banTime` seconds (or until it, when `absolute`). */
  setBan(subject: string, command: 'add' | 'remove', banTime: number, absolute: boolean): void;
  listBanned(): { subject: string; created: number; banUntil: number; reason: string }[];
  clearBanned(): void;
}

/** bitcoind's answer when a network call reaches a node whose P2P layer is off. */
export class P2PDisabledError extends Error {
  override readonly name = 'P2PDisabledError';
  constructor() {
    super('Error: Peer-to-peer functionality missing or disabled');
  }
}

/**
 * The network service of a node run without a P2P layer (tests, tools; the daemon uses
 * p2p-network.ts): no peers, no connections; addnode keeps its list, with bitcoind's errors, but
 * nothing dials it.
 */
export class OfflineNetworkService implements NetworkService {
  readonly active = false;
  readonly listenPort = null;
  private readonly added = new Set<string>();

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  peerInfo(): Record<string, unknown>[] {
    return [];
  }

  connectionCounts(): { inbound: number; outbound: number } {
    return { inbound: 0, outbound: 0 };
  }

  async addNode(node: string, command: AddNodeCommand): Promise<void> {
    if (command === 'add') {
      if (this.added.has(node)) throw new AddNodeError('already-added', 'Error: Node already added');
      this.added.add(node);
    } else if (command === 'remove') {
      if (!this.added.delete(node)) {
        throw new AddNodeError(
          'not-added',
          'Error: Node could not be removed. It has not been added previously.',
        );
      }
    }
  }

  addedNodes(): { addednode: string; connected: boolean }[] {
    return [...this.added].map((addednode) => ({ addednode, connected: false }));
  }

  relayTransaction(_tx: Transaction): void {}
  announceBlock(_block: Block, _raw?: Uint8Array): void {}

  netTotals(): { totalBytesRecv: number; totalBytesSent: number } {
    return { totalBytesRecv: 0, totalBytesSent: 0 };
  }

  disconnectNode(_target: string | number): boolean {
    return false;
  }

  setBan(): void {
    throw new P2PDisabledError();
  }

  listBanned(): { subject: string; created: number; banUntil: number; reason: string }[] {
    return [];
  }

  clearBanned(): void {}
}
