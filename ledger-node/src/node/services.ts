import type { Logger } from 'pino';
import type { ChainState, ProcessBlockResult } from '../chain/chain-state.js';
import type { TxIndex } from '../indexes/tx-index.js';
import type { AcceptResult } from '../mempool/accept.js';
import { FeeEstimator } from '../mempool/fee-estimator.js';
import type { Mempool } from '../mempool/mempool.js';
import type { MempoolPolicy } from '../mempool/policy.js';
import type { NetworkService } from '../net/network-service.js';
import { OfflineNetworkService } from '../net/network-service.js';
import type { ChainParams } from '../params/chain-params.js';
import type { RpcNode } from '../rpc/context.js';
import type { Wallet } from '../wallet/wallet.js';
import type { Block } from '../wire/block.js';
import { encodeBlock } from '../wire/block.js';
import type { Transaction } from '../wire/tx.js';
import { ChainNotifier } from './chain-notifier.js';
import { MempoolSync } from './mempool-sync.js';
import { MiningService } from './mining-service.js';
import { followWallet } from './wallet-sync.js';

export interface NodeServicesOptions {
  chain: ChainState;
  log: Logger;
  /** UNIX seconds; default the system clock. */
  now?: () => number;
  /** The wallet, already brought to the chain tip; null when disabled. */
  wallet?: Wallet | null;
  network?: NetworkService;
  mempoolPolicy?: Partial<MempoolPolicy>;
  /** `<datadir>/<network>`, for size_on_disk; null for an in-memory chain. */
  networkDir?: string | null;
  /** The transaction index (-txindex), started; null when disabled. */
  txIndex?: TxIndex | null;
}

/**
 * Everything a running node is made of besides its transports: the chain state, the mempool kept
 * in step with it, the wallet following both, fee estimation, block production and the P2P layer.
 * It is what the RPC methods drive (rpc/context.ts's RpcNode).
 */
export class NodeServices implements RpcNode {
  readonly params: ChainParams;
  readonly chain: ChainState;
  readonly mempool: Mempool;
  readonly notifier: ChainNotifier;
  readonly fees: FeeEstimator;
  readonly mining: MiningService;
  private net: NetworkService;
  readonly wallet: Wallet | null;
  readonly networkDir: string | null;
  readonly txIndex: TxIndex | null;
  readonly log: Logger;
  readonly now: () => number;

  constructor(opts: NodeServicesOptions) {
    this.chain = opts.chain;
    this.params = opts.chain.params;
    this.log = opts.log;
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
    const sync = new MempoolSync(
      opts.chain,
      opts.mempoolPolicy ?? {},
      this.now,
      opts.log.child({ module: 'mempool' }),
    );
    this.mempool = sync.mempool;
    this.notifier = new ChainNotifier(opts.chain, this.mempool);
    this.fees = new FeeEstimator(opts.chain, this.mempool, this.mempool.policy.minRelayFeeRate);
    this.net = opts.network ?? new OfflineNetworkService();
    this.wallet = opts.wallet ?? null;
    this.networkDir = opts.networkDir ?? null;
    this.txIndex = opts.txIndex ?? null;
    if (this.wallet) followWallet(this.wallet, opts.chain, sync, opts.log.child({ module: 'wallet' }));
    this.mining = new MiningService({
      chain: opts.chain,
      mempool: this.mempool,
      notifier: this.notifier,
      log: opts.log.child({ module: 'miner' }),
      now: this.now,
      submitBlock: (block) => this.submitBlock(block),
    });
  }

  get network(): NetworkService {
    return this.net;
  }

  /** Puts the P2P layer in place (it is started after the services it relays for). */
  attachNetwork(network: NetworkService): void {
    this.net = network;
  }

  /** Accepts a transaction to the mempool and relays it. Throws MempoolRejection. */
  submitTransaction(tx: Transaction): AcceptResult {
    const result = this.mempool.accept(tx, this.now());
    this.network.relayTransaction(tx);
    return result;
  }

  /** Validates and stores a block (reorganizing onto it if it has the most work) and relays it. */
  async submitBlock(block: Block): Promise<ProcessBlockResult> {
    // Serialized once: the chain stores these bytes and gossip sends them.
    const raw = encodeBlock(block);
    const result = await this.chain.processBlock(block, raw);
    if (result.status === 'connected' || result.status === 'side-chain')
      this.network.announceBlock(block, raw);
    return result;
  }
}
