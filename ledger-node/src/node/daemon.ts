import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { addressToScript } from '../address/address.js';
import { ChainState } from '../chain/chain-state.js';
import { sha256dHasher } from '../crypto/sha256-multi.js';
import { TxIndex } from '../indexes/tx-index.js';
import { precompileMinerKernel } from '../mining/miner/kernel.js';
import type { NetworkService } from '../net/network-service.js';
import type { ChainParams } from '../params/chain-params.js';
import { chainParams } from '../params/chain-params.js';
import { parseRpcAuth, type RpcAuthEntry } from '../rpc/auth.js';
import { registerNodeMethods } from '../rpc/methods/index.js';
import { RpcServer } from '../rpc/server.js';
import type { KVStore } from '../store/kv-store.js';
import { RocksStore } from '../store/rocks-store.js';
import { LEDGER_VERSION } from '../version.js';
import { Wallet } from '../wallet/wallet.js';
import { hashToHex } from '../wire/bytes.js';
import type { NodeConfig } from './config.js';
import { DataDir } from './datadir.js';
import { dumpMempool, loadMempool, MEMPOOL_FILE } from './mempool-persist.js';
import { NodeServices } from './services.js';
import { rescanWallet, resubmitWalletTransactions } from './wallet-sync.js';

export const WALLET_FILE = 'wallet.json';

/** Thrown out of startup when a stop was requested before the node was ready. */
class StartupAborted extends Error {
  override readonly name = 'StartupAborted';
}

export interface DaemonOptions {
  config: NodeConfig;
  logger: Logger;
  /**
   * Starts the P2P layer once the chain, mempool and wallet are up; the daemon stops it on
   * shutdown. Default: no P2P layer (OfflineNetworkService).
   */
  startNetwork?: (services: NodeServices, config: NodeConfig, log: Logger) => Promise<NetworkService>;
}

/**
 * The funai-ledger daemon: takes the data directory's lock, serves JSON-RPC from the start
 * (answering RPC_IN_WARMUP while it loads, as bitcoind), opens the chain state, brings the wallet
 * to the tip, starts the P2P layer and the built-in miner, and logs `ready` with its ports. A stop
 * (RPC `stop`, SIGINT/SIGTERM via requestStop) shuts everything down in reverse order, flushing
 * the wallet and closing the database.
 */
export class Daemon {
  readonly params: ChainParams;
  private readonly config: NodeConfig;
  private readonly log: Logger;
  private readonly opts: DaemonOptions;
  private dataDir: DataDir | undefined;
  private rpc: RpcServer | undefined;
  private store: KVStore | undefined;
  private chain: ChainState | undefined;
  private wallet: Wallet | null = null;
  private txIndex: TxIndex | null = null;
  private services: NodeServices | undefined;
  private mempoolLoaded = false;
  private stopRequested: string | undefined;
  private ready = false;
  private stopping: Promise<void> | undefined;
  private resolveStopped!: () => void;
  /** Resolves once the daemon has shut down (after a stop request, or a failed start). */
  readonly stopped: Promise<void>;

  constructor(opts: DaemonOptions) {
    this.opts = opts;
    this.config = opts.config;
    this.log = opts.logger;
    this.params = chainParams(opts.config.network);
    this.stopped = new Promise((resolve) => {
      this.resolveStopped = resolve;
    });
  }

  /** Starts a daemon; resolves when it is ready (or rejects when it could not start). */
  static async start(opts: DaemonOptions): Promise<Daemon> {
    const d = new Daemon(opts);
    await d.launch();
    return d;
  }

  /**
   * Starts everything; resolves when the node is ready, or when a stop requested meanwhile has
   * been carried out. Rejects (after undoing what was started) when startup fails.
   */
  async launch(): Promise<void> {
    try {
      await this.init();
    } catch (e) {
      await this.shutdown();
      if (e instanceof StartupAborted) return;
      throw e;
    }
  }

  /** The RPC server's port (the first listener's). */
  get rpcPort(): number {
    return this.rpc!.port;
  }

  get p2pPort(): number | null {
    return this.services?.network.listenPort ?? null;
  }

  /** The node's services, once started. */
  get node(): NodeServices {
    if (!this.services) throw new Error('daemon not started');
    return this.services;
  }

  private checkStop(): void {
    if (this.stopRequested !== undefined) throw new StartupAborted(this.stopRequested);
  }

  private async init(): Promise<void> {
    const c = this.config;
    const log = this.log;
    log.info(
      { version: LEDGER_VERSION, network: c.network, datadir: c.datadir, conf: c.confFile },
      'FUN AI ledger starting',
    );
    for (const w of c.warnings) log.warn({}, w);

    // First, while no other WebAssembly can compile or tier up in the process (no worker thread,
    // chain state or P2P yet; the hash kernel has hashed only the genesis block): the miner
    // kernel's revectorizer flags are the whole process's (REVECTORIZE in sha256d-4way.ts). Only
    // -gen mines with it (generatetoaddress grinds with node:crypto), so only -gen pays its ~0.8 s.
    precompileMinerKernel(c.mining.enabled);
    const hasher = sha256dHasher();
    log.info({ hasher: hasher.name, fallback: hasher.fallback }, 'SHA-256d hasher');

    this.dataDir = DataDir.open(c.datadir, c.network, hashToHex(this.params.genesisHash));

    const rpcauth = c.rpc.auth.map((a) => parseRpcAuth(a)).filter((a): a is RpcAuthEntry => a !== null);
    this.rpc = new RpcServer({
      port: c.rpc.port,
      bind: c.rpc.bind,
      allowIp: c.rpc.allowIp,
      cookieFile: c.rpc.cookieFile,
      users: c.rpc.user ? [c.rpc.user] : [],
      rpcauth,
      maxConcurrentRequests: c.rpc.threads + c.rpc.workQueue,
      idleTimeoutMs: c.rpc.serverTimeoutSeconds * 1000,
      logger: log.child({ module: 'rpc' }),
      onStop: () => this.requestStop('RPC stop'),
    });
    this.rpc.setWarmup('Loading block index...');
    await this.rpc.start();
    this.checkStop();

    const dataDir = this.dataDir;
    this.store = await RocksStore.open(dataDir.chainstatePath);
    const started = Date.now();
    this.chain = await ChainState.openStore(
      this.store,
      this.params,
      { logger: log.child({ module: 'chain' }), dbCacheBytes: c.dbCacheMiB * 2 ** 20 },
      () => dataDir.release(),
    );
    // The chain state owns the store and the lock from here on.
    this.store = undefined;
    this.dataDir = undefined;
    const tip = this.chain.getTip();
    log.info({ height: tip.height, tip: tip.hashHex, ms: Date.now() - started }, 'chain state loaded');
    this.checkStop();

    if (!c.wallet.disabled) {
      this.rpc.setWarmup('Rescanning...');
      const file = join(c.networkDir, WALLET_FILE);
      this.wallet = Wallet.openOrCreate(file, this.params.name);
      await rescanWallet(
        this.wallet,
        this.chain,
        log.child({ module: 'wallet' }),
        () => this.stopRequested !== undefined,
      );
      this.checkStop();
    }

    if (c.txIndex) {
      // As bitcoind's <datadir>/indexes/txindex: its own database, caught up in the background.
      const dir = join(c.networkDir, 'indexes', 'txindex');
      mkdirSync(dir, { recursive: true });
      this.txIndex = new TxIndex(await RocksStore.open(dir), this.chain, log.child({ module: 'txindex' }));
      this.txIndex.start();
    }

    this.services = new NodeServices({
      chain: this.chain,
      log,
      wallet: this.wallet,
      networkDir: c.networkDir,
      txIndex: this.txIndex,
    });
    if (this.opts.startNetwork) {
      this.rpc.setWarmup('Starting network...');
      this.services.attachNetwork(await this.opts.startNetwork(this.services, c, log));
      this.checkStop();
    }
    if (c.persistMempool) {
      this.rpc.setWarmup('Loading mempool...');
      loadMempool(
        this.services.mempool,
        join(c.networkDir, MEMPOOL_FILE),
        this.services.now(),
        log.child({ module: 'mempool' }),
      );
      // Only a pool that was loaded is written back: a start stopped earlier keeps the file.
      this.mempoolLoaded = true;
    }
    if (this.wallet) {
      const services = this.services;
      resubmitWalletTransactions(
        this.wallet,
        (tx) => services.submitTransaction(tx),
        log.child({ module: 'wallet' }),
      );
    }
    registerNodeMethods(this.rpc, this.services);

    if (c.mining.enabled) await this.startMiner();
    this.checkStop();

    this.rpc.setWarmup(null);
    this.ready = true;
    log.info({ rpcPort: this.rpcPort, p2pPort: this.p2pPort }, 'ready');
  }

  private async startMiner(): Promise<void> {
    const c = this.config;
    let payout: Uint8Array;
    if (c.mining.address !== null) payout = addressToScript(c.mining.address, this.params.addressPrefixes);
    else if (this.wallet) payout = this.wallet.newScript(0);
    else throw new Error('-mine needs -mineaddress when the wallet is disabled');
    await this.services!.mining.startMiner(c.mining.threads, payout);
  }

  /** Asks the daemon to shut down (idempotent); `stopped` resolves when it has. */
  requestStop(reason: string): void {
    if (this.stopRequested !== undefined) return;
    this.stopRequested = reason;
    this.log.info({ reason }, 'shutdown requested');
    // While starting, init() notices the request at its next step and start() shuts down.
    if (this.ready) void this.shutdown();
  }

  /** Stops everything started so far, in reverse order. */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      const log = this.log;
      const step = async (what: string, fn: () => Promise<void> | void) => {
        try {
          await fn();
        } catch (e) {
          log.error({ err: (e as Error).message }, `shutdown: ${what} failed`);
        }
      };
      await step('RPC server', () => this.rpc?.close(2_000));
      await step('miner', () => this.services?.mining.stopMiner());
      await step('network', () => this.services?.network.stop());
      await step('mempool', () => {
        if (!this.mempoolLoaded || !this.services) return;
        const n = dumpMempool(this.services.mempool, join(this.config.networkDir, MEMPOOL_FILE));
        log.info({ transactions: n }, 'mempool saved to mempool.dat');
      });
      await step('wallet', () => this.wallet?.save());
      await step('txindex', () => this.txIndex?.close());
      await step('chain state', () => this.chain?.close());
      await step('store', () => this.store?.close());
      await step('data directory', () => this.dataDir?.release());
      log.info({}, 'shutdown done');
      log.flush();
      this.resolveStopped();
    })();
    return this.stopping;
  }
}
