import type { Logger } from 'pino';
import type { ChainState, ProcessBlockResult } from '../chain/chain-state.js';
import type { TxIndex } from '../indexes/tx-index.js';
import type { AcceptResult } from '../mempool/accept.js';
import type { FeeEstimator } from '../mempool/fee-estimator.js';
import type { Mempool } from '../mempool/mempool.js';
import type { BlockTemplate } from '../mining/template/template.js';
import type { NetworkService } from '../net/network-service.js';
import type { ChainParams } from '../params/chain-params.js';
import type { Wallet } from '../wallet/wallet.js';
import type { Block } from '../wire/block.js';
import type { Transaction } from '../wire/tx.js';

/**
 * What the RPC methods read and drive of a running node. The RPC layer declares it and the node
 * (node/services.ts) provides it, so the dependency runs one way: node → rpc, never back.
 */
export interface RpcNode {
  readonly params: ChainParams;
  readonly chain: ChainState;
  readonly mempool: Mempool;
  readonly notifier: RpcChainNotifier;
  readonly fees: FeeEstimator;
  readonly mining: RpcMining;
  readonly network: NetworkService;
  /** null with -disablewallet. */
  readonly wallet: Wallet | null;
  /** The transaction index (-txindex); null when disabled. */
  readonly txIndex: TxIndex | null;
  /** `<datadir>/<network>`, for size_on_disk; null for an in-memory chain. */
  readonly networkDir: string | null;
  readonly log: Logger;
  /** UNIX seconds. */
  now(): number;
  /** Accepts a transaction to the mempool and relays it. Throws MempoolRejection. */
  submitTransaction(tx: Transaction): AcceptResult;
  /** Validates and stores a block (reorganizing onto it if it has the most work) and relays it. */
  submitBlock(block: Block): Promise<ProcessBlockResult>;
}

/** Waiting on tip and mempool changes (waitfornewblock, getrawmempool's mempool_sequence). */
export interface RpcChainNotifier {
  /** Mempool additions and removals so far. */
  readonly transactionsUpdated: number;
  /**
   * Resolves when `ready()` holds (checked now and after every tip or mempool change), when
   * `timeoutMs` passes (0: never), or when `signal` aborts. Returns whether `ready()` held.
   */
  waitUntil(ready: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
}

/** Block production as the mining methods (getblocktemplate, generate*, getmininginfo) use it. */
export interface RpcMining {
  readonly lastTemplate: BlockTemplate | undefined;
  readonly isMining: boolean;
  readonly miningThreads: number;
  /** Hashes per second of the built-in miner. */
  hashrate(): number;
  /** getblocktemplate's template (rebuilt when the tip or, at most so often, the mempool changed). */
  blockTemplateForGbt(): { template: BlockTemplate; longpollId: string };
  /** Resolves when the long poll `longpollId` should answer (tip or mempool moved), or on abort. */
  waitLongpoll(longpollId: string, signal: AbortSignal): Promise<void>;
  /** Grinds nonces of `block` until it meets its target or `maxTries` run out. */
  grind(
    block: Block,
    maxTries: number,
    opts?: { template?: BlockTemplate; signal?: AbortSignal },
  ): Promise<{ block: Block | null; tries: number }>;
  /** Mines `count` blocks paying `payout` on the tip; their hashes. */
  generate(payout: Uint8Array, count: number, maxTries: number, signal?: AbortSignal): Promise<string[]>;
}
