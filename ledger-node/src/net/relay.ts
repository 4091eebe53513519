/**
 * Transaction and block relay over gossipsub. Both topics carry full serializations (a block as
 * it is stored, a transaction with its witness): blocks are rare and small enough that fetching
 * them after an announcement would only add a round trip, and a full message can be validated
 * before it is forwarded. Gossipsub runs with asynchronous validation, so nothing is forwarded
 * until this module accepts it:
 *
 * - a transaction is forwarded when the mempool accepted it;
 * - a block is forwarded when it connected to the active chain (fully validated); a block on an
 *   unknown parent is not forwarded and makes the node fetch headers from the peer that sent it.
 *
 * Malformed, oversized or consensus-invalid messages are rejected and their sender (the peer that
 * forwarded them to us) is scored; policy rejections and duplicates are only ignored. New tips
 * and transactions that did not come from the network (mined, submitted over RPC) are published.
 */
import type { Logger } from 'pino';
import type { ChainState, HeaderInfo } from '../chain/chain-state.js';
import { checkBlockHeader } from '../consensus/check-block.js';
import { ValidationError } from '../consensus/errors.js';
import { sha256 } from '../crypto/hash.js';
import { MempoolRejection } from '../mempool/errors.js';
import type { Block } from '../wire/block.js';
import { decodeBlock, encodeBlock } from '../wire/block.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import { DecodeError } from '../wire/errors.js';
import { blockHash } from '../wire/header.js';
import type { Transaction, TxIds } from '../wire/tx.js';
import { decodeTx, encodeTx, txIdsFromBytes, txid } from '../wire/tx.js';
import { MISBEHAVIOUR } from './limits.js';
import type { PeerManager } from './peers.js';
import type { Topics } from './protocols.js';
import { MAX_BLOCK_BYTES, MAX_TX_BYTES } from './protocols.js';
import { RecentSet } from './recent-set.js';
import type { BlockSync } from './sync.js';

export type ValidationResult = 'accept' | 'reject' | 'ignore';

export interface GossipMessage {
  propagationSource: { toString(): string };
  msgId: string;
  msg: { topic: string; data: Uint8Array };
}

/**
 * The part of @libp2p/gossipsub's service this module uses. `reportMessageValidationResult` and
 * `getMeshPeers` are methods of its implementation that the `GossipSub` interface it exports omits.
 */
export interface GossipService {
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  publish(topic: string, data: Uint8Array): Promise<{ recipients: unknown[] }>;
  addEventListener(type: 'gossipsub:message', listener: (evt: CustomEvent<GossipMessage>) => void): void;
  removeEventListener(type: 'gossipsub:message', listener: (evt: CustomEvent<GossipMessage>) => void): void;
  reportMessageValidationResult(msgId: string, propagationSource: string, result: ValidationResult): void;
  getMeshPeers(topic: string): string[];
}

export interface MempoolTxEvent {
  tx: Transaction;
  txid: Uint8Array;
}

/** What relay needs of the mempool (mempool/mempool.ts's Mempool has it). */
export interface RelayMempool {
  /** Throws MempoolRejection when the transaction is refused. `now` is UNIX seconds. */
  accept(tx: Transaction, now: number, opts?: { keepOrphan?: boolean; peer?: string; ids?: TxIds }): unknown;
  has(txid: Uint8Array): boolean;
  on(event: 'added', listener: (entry: MempoolTxEvent) => void): unknown;
  off(event: 'added', listener: (entry: MempoolTxEvent) => void): unknown;
}

export type RelayChain = Pick<ChainState, 'processBlock' | 'getHeader' | 'getRawBlock' | 'on' | 'off'>;

/** Gossipsub message id: the payload's SHA-256 (messages are unsigned and content-addressed). */
export function gossipMessageId(msg: { data: Uint8Array }): Uint8Array {
  return sha256(msg.data);
}

export class Relay {
  /**
   * Blocks and transactions that came by gossip (gossipsub forwards those itself) or that we
   * published: not published again. A block obtained by sync is announced once it is our tip, so
   * that a node that caught up tells its peers, as Core announces every new tip.
   */
  private readonly seenBlocks = new RecentSet(4096);
  private readonly seenTxs = new RecentSet(100_000);
  private readonly onMessage = (evt: CustomEvent<GossipMessage>) => this.handle(evt.detail);
  private readonly onTip = (tip: HeaderInfo) => this.tipChanged(tip);
  private readonly onTxAdded = (entry: MempoolTxEvent) => this.txAdded(entry);

  constructor(
    private readonly gossip: GossipService,
    private readonly topics: Topics,
    private readonly params: { powLimit: bigint },
    private readonly chain: RelayChain,
    private readonly mempool: RelayMempool | undefined,
    private readonly peers: PeerManager,
    private readonly sync: BlockSync,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  start(): void {
    this.gossip.addEventListener('gossipsub:message', this.onMessage);
    this.gossip.subscribe(this.topics.block);
    this.chain.on('tip', this.onTip);
    if (this.mempool) {
      this.gossip.subscribe(this.topics.tx);
      this.mempool.on('added', this.onTxAdded);
    }
  }

  stop(): void {
    this.gossip.removeEventListener('gossipsub:message', this.onMessage);
    this.chain.off('tip', this.onTip);
    this.mempool?.off('added', this.onTxAdded);
  }

  private handle(m: GossipMessage): void {
    const peer = m.propagationSource.toString();
    const run =
      m.msg.topic === this.topics.tx
        ? Promise.resolve(this.validateTx(peer, m.msg.data))
        : m.msg.topic === this.topics.block
          ? this.validateBlock(peer, m.msg.data)
          : Promise.resolve<ValidationResult>('ignore');
    run
      .catch((e) => {
        this.log.error({ err: e, peer, topic: m.msg.topic }, 'gossip validation failed');
        return 'ignore' as const;
      })
      .then((result) => this.gossip.reportMessageValidationResult(m.msgId, peer, result));
  }

  private validateTx(peer: string, data: Uint8Array): ValidationResult {
    if (this.mempool === undefined || !this.peers.allow(peer, 'tx')) return 'ignore';
    if (data.length > MAX_TX_BYTES) {
      this.peers.misbehaving(peer, MISBEHAVIOUR.oversized, `oversized transaction (${data.length} bytes)`);
      return 'reject';
    }
    let tx: Transaction;
    try {
      tx = decodeTx(data);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      this.peers.misbehaving(peer, MISBEHAVIOUR.malformed, `malformed transaction (${e.reason})`);
      return 'reject';
    }
    const ids = txIdsFromBytes(data, tx);
    const id = ids.txid;
    if (this.mempool.has(id)) return 'ignore';
    // Marked before acceptance: the mempool announces the transaction synchronously from accept().
    this.seenTxs.add(toHex(id));
    try {
      this.mempool.accept(tx, Math.floor(this.now() / 1000), { keepOrphan: true, peer, ids });
      return 'accept';
    } catch (e) {
      if (!(e instanceof MempoolRejection)) throw e;
      if (e.kind === 'consensus') {
        this.peers.misbehaving(
          peer,
          MISBEHAVIOUR.invalidTx,
          `invalid transaction ${hashToHex(id)} (${e.reason})`,
        );
        return 'reject';
      }
      this.log.debug({ peer, txid: hashToHex(id), reason: e.reason }, 'relayed transaction not accepted');
      return 'ignore';
    }
  }

  private async validateBlock(peer: string, data: Uint8Array): Promise<ValidationResult> {
    if (!this.peers.allow(peer, 'block')) return 'ignore';
    if (data.length > MAX_BLOCK_BYTES) {
      this.peers.misbehaving(peer, MISBEHAVIOUR.oversized, `oversized block (${data.length} bytes)`);
      return 'reject';
    }
    let block: Block;
    try {
      block = decodeBlock(data);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      this.peers.misbehaving(peer, MISBEHAVIOUR.malformed, `malformed block (${e.reason})`);
      return 'reject';
    }
    const hash = blockHash(block.header);
    const p = this.peers.get(peer);
    const known = this.chain.getHeader(hash);
    if (known?.failed) {
      this.peers.misbehaving(peer, MISBEHAVIOUR.invalidBlock, `known invalid block ${known.hashHex}`);
      return 'reject';
    }
    if (known?.haveData) {
      p?.noteHeader(known.hash, known.height, known.chainWork);
      return 'ignore';
    }
    try {
      checkBlockHeader(block.header, this.params, hash);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.peers.misbehaving(peer, MISBEHAVIOUR.invalidHeader, `block ${hashToHex(hash)}: ${e.reason}`);
      return 'reject';
    }
    if (this.chain.getHeader(block.header.prevBlock) === undefined) {
      // We are behind this peer: catch up from it by headers-first sync.
      if (p) this.sync.peerAhead(p);
      return 'ignore';
    }
    this.seenBlocks.add(toHex(hash));
    const r = await this.chain.processBlock(block, data);
    const entry = this.chain.getHeader(hash);
    if (r.status === 'invalid') {
      this.peers.misbehaving(peer, MISBEHAVIOUR.invalidBlock, `invalid block ${r.hash} (${r.reason})`);
      return 'reject';
    }
    if (entry !== undefined && r.status !== 'orphan')
      p?.noteHeader(entry.hash, entry.height, entry.chainWork);
    if (r.status === 'connected' && entry?.inActiveChain) {
      if (p) p.syncedBlocks = Math.max(p.syncedBlocks, entry.height);
      return 'accept';
    }
    // Stored but not connected (a side branch, or its parent's data is still missing): it was not
    // validated against the UTXO set, so it is not forwarded.
    if (r.status === 'orphan' && p) this.sync.peerAhead(p);
    return 'ignore';
  }

  /** Publishes a block unless it came from the network or was published already. */
  announceBlock(block: Block, raw?: Uint8Array): void {
    const hash = blockHash(block.header);
    const key = toHex(hash);
    if (this.seenBlocks.has(key)) return;
    this.seenBlocks.add(key);
    this.publish(this.topics.block, raw ?? encodeBlock(block), `block ${hashToHex(hash)}`);
  }

  /** Publishes a transaction unless it came from the network or was published already. */
  relayTransaction(tx: Transaction): void {
    this.txAdded({ tx, txid: txid(tx) });
  }

  private tipChanged(tip: HeaderInfo): void {
    if (this.seenBlocks.has(toHex(tip.hash)) || this.sync.status().syncing) return;
    const raw = this.chain.getRawBlock(tip.hash);
    if (raw === undefined) return;
    this.seenBlocks.add(toHex(tip.hash));
    this.publish(this.topics.block, raw, `block ${tip.hashHex}`);
  }

  private txAdded(entry: MempoolTxEvent): void {
    const key = toHex(entry.txid);
    if (this.seenTxs.has(key)) return;
    this.seenTxs.add(key);
    this.publish(this.topics.tx, encodeTx(entry.tx), `tx ${hashToHex(entry.txid)}`);
  }

  private publish(topic: string, data: Uint8Array, what: string): void {
    this.gossip.publish(topic, data).then(
      (r) => this.log.debug({ recipients: r.recipients.length }, `published ${what}`),
      (e) => this.log.debug({ err: (e as Error).message }, `could not publish ${what}`),
    );
  }
}
