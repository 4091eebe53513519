import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { basename, join } from 'node:path';
import bls from '@chainsafe/bls/herumi';
import { COIN, chainParams, DecodeError, fromHex, hashToHex, toHex, txid } from '@funai/ledger-node';
import type { Logger } from 'pino';
import { StoreAccounts } from '../api/accounts.js';
import type { InferenceBackend } from '../api/backend.js';
import { ChainLifecycle } from '../api/chain-lifecycle.js';
import { OutputFabricator } from '../api/fabricate.js';
import type { StreamingEngine } from '../api/generation.js';
import { createNodeApiServer } from '../api/node-api.js';
import { type Block, decodeBlock, encodeBlock } from '../block/body.js';
import { blockHash } from '../block/header.js';
import { QC_WINDOW } from '../block/limits.js';
import type { LedgerBlockEvent } from '../chain/snapshot.js';
import { MAX_VERDICT_RECORDS } from '../clarity/block-ops.js';
import { ClarityChainDriver } from '../clarity/chain-driver.js';
import { ClarityExecutor } from '../clarity/executor.js';
import type { ClarityAccount } from '../clarity/protocol.js';
import { LedgerRpcClient } from '../ledger/rpc-client.js';
import { LedgerWatcher } from '../ledger/watcher.js';
import { LlmError } from '../llm/errors.js';
import { LlmEngine } from '../llm/runtime/engine.js';
import { InferenceNet, type ValidationResult } from '../net/inference-net.js';
import { ExecutedRecords } from '../net/records.js';
import { parseDeposit } from '../ops/ledger-ops.js';
import type { QuorumCertificate } from '../quorum/certificate.js';
import { encodeVote, type Vote } from '../quorum/vote.js';
import { peerContentsProvider, serveContents } from '../roles/contents-codec.js';
import { Producer } from '../roles/producer.js';
import { type ContentsProvider, Verifier } from '../roles/verifier.js';
import { VoteCollector } from '../roles/vote-collector.js';
import { CertifiedTally, StoredVotes } from '../store/certified.js';
import { ContentReclaimer } from '../store/reclaim.js';
import { InferenceStore } from '../store/store.js';
import { decodeStoredJson } from '../store/stored-json.js';
import { decodeTx, txId } from '../tx/transaction.js';
import { blocksSettledBy, ownCharges, requesterOf } from './charge-settlement.js';
import type { InferenceConfig } from './config.js';
import { INFERENCE_CHAIN_IDS } from './config.js';
import { ConsensusSink, principalString } from './consensus-sink.js';
import { equivocationReportTx, MAX_BLOCK_REPORTS, reportedProofs } from './equivocation-reports.js';
import { InferenceChain } from './inference-chain.js';
import type { NodeKeys } from './keys.js';
import { loadOrCreateNodeKeys, NODE_KEYS_FILE } from './keys.js';
import type { NodeStatus } from './status.js';
import { loadVerifierSet, type VerifierSetEntry } from './verifier-set.js';
import { INFERENCE_VERSION } from './version.js';

/**
 * The first ledger height whose ops the consensus reads (docs §14.9, §16.3): 1 on every network for
 * now (the genesis block carries no ops).
 */
export const CONSENSUS_START_HEIGHT = 1;

/** Ledger confirmations after which a DEPOSIT is credited (§14.4). */
export const DEPOSIT_CONFIRMATIONS = 6;

/** Executed records' contents kept in memory for verifiers' requests (§16.9), oldest dropped first. */
export const MAX_SERVED_RECORDS = 4096;

/** Ledger blocks handed back to the watcher at start (the deepest reorg it can follow across a restart). */
export const RESUME_DEPTH = 1000;

export interface DaemonOptions {
  config: InferenceConfig;
  logger: Logger;
  /** Long-poll wait of the ledger watcher, ms (tests shorten it). */
  ledgerPollMs?: number;
}

/** The API's engine on a node that serves no model: the API refuses every model before asking it. */
const NO_ENGINE: StreamingEngine = {
  generate: () => Promise.reject(new LlmError('unknown-model')),
  generateStream: () => {
    throw new LlmError('unknown-model');
  },
  model: () => {
    throw new LlmError('unknown-model');
  },
};

/** Thrown out of startup when a stop was requested before the node was ready. */
class StartupAborted extends Error {
  override readonly name = 'StartupAborted';
}

function fai(units: bigint): string {
  const whole = units / COIN;
  const frac = (units % COIN).toString().padStart(8, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/**
 * The funai-inference daemon (docs/protocol.md §16): opens the store (its RocksDB LOCK is the data
 * directory's lock), serves `GET /funai/v1/status` from the start, loads the models, follows the
 * ledger node and logs `ready` once it has caught up with the ledger. A stop (SIGINT/SIGTERM via
 * requestStop) shuts everything down in reverse order.
 */
export class InferenceDaemon {
  private readonly config: InferenceConfig;
  private readonly log: Logger;
  private readonly opts: DaemonOptions;
  private store: InferenceStore | undefined;
  private servers: Server[] = [];
  private engine: LlmEngine | undefined;
  private backend: InferenceBackend | undefined;
  /** `GET /funai/v1/tx/<id>` over the chain state (src/api/chain-lifecycle.ts, docs §17.5). */
  private lifecycle: ChainLifecycle | undefined;
  private watcher: LedgerWatcher | undefined;
  private sink: ConsensusSink | undefined;
  private chain: InferenceChain | undefined;
  private producer: Producer | undefined;
  private keys: NodeKeys | undefined;
  private net: InferenceNet | undefined;
  /** Blocks elected on the best chain that this node does not have (fetched from peers). */
  private readonly missing = new Set<string>();
  private fetching = false;
  /** Executed records, own and gossiped: waiting for a block, served to verifiers, equivocations (§16.6). */
  private records: ExecutedRecords | undefined;
  /** Deletes records' contents once deep enough (§15.7). */
  private reclaimer: ContentReclaimer | undefined;
  /** The peer each gossiped block first came from (its producer, or a relay): asked first for contents. */
  private readonly blockSource = new Map<string, string>();
  /** The -verifierset file's set (interim, only without -genesis, §16.9). */
  private verifierSet: VerifierSetEntry[] | undefined;
  /** Clarity at depth (src/clarity, docs §16.10). */
  private clarityExecutor: ClarityExecutor | undefined;
  private clarity: ClarityChainDriver | undefined;
  /** Records' contents from peers over the contents protocol (§16.6). */
  private contentsProvider: ContentsProvider | undefined;
  /** The node principal's accounts in Clarity, read after each executed block. */
  private clarityAccount: ClarityAccount | undefined;
  private verifier: Verifier | undefined;
  private collector: VoteCollector | undefined;
  /** Records decided valid / invalid by the latest certificate of each block, persisted (§16.4). */
  private tally: CertifiedTally | undefined;
  /** Signed staking.report-equivocation calls of the pending proofs, by proof hex (§13.8). */
  private readonly reportTxs = new Map<string, Uint8Array>();
  private depositsCreditedTo = 0;
  /** poi fee accounts last read for the API (served while the Clarity host restarts). */
  private readonly feeBalances = new Map<string, bigint>();
  private resolveClarityOpen!: () => void;
  /** Resolves once the Clarity host is open (the API's chain fee balances wait for it). */
  private readonly clarityOpen = new Promise<void>((r) => {
    this.resolveClarityOpen = r;
  });
  private readonly credited = new Set<string>();
  private state: NodeStatus['state'] = 'starting';
  private apiPortBound: number | null = null;
  private stopRequested: string | undefined;
  private stopping: Promise<void> | undefined;
  private resolveStopped!: () => void;
  private resolveReady!: () => void;
  /** Resolves once the daemon has shut down. */
  readonly stopped: Promise<void>;
  /** Resolves once the daemon is ready (caught up with the ledger). */
  readonly ready: Promise<void>;

  constructor(opts: DaemonOptions) {
    this.opts = opts;
    this.config = opts.config;
    this.log = opts.logger;
    this.stopped = new Promise((r) => {
      this.resolveStopped = r;
    });
    this.ready = new Promise((r) => {
      this.resolveReady = r;
    });
  }

  get apiPort(): number | null {
    return this.apiPortBound;
  }

  /**
   * The executed records; `equivocations()` are the proofs (§15.5) waiting for
   * `staking.report-equivocation`, `submitted(proof)` takes one out of the queue once its call is in.
   */
  get executedRecords(): ExecutedRecords | undefined {
    return this.records;
  }

  private checkStop(): void {
    if (this.stopRequested !== undefined) throw new StartupAborted(this.stopRequested);
  }

  /** Starts everything; resolves once started (not yet ready), rejects after undoing a failed start. */
  async launch(): Promise<void> {
    try {
      await this.init();
    } catch (e) {
      await this.shutdown();
      if (e instanceof StartupAborted) return;
      throw e;
    }
  }

  private async init(): Promise<void> {
    const c = this.config;
    const log = this.log;
    log.info(
      {
        version: INFERENCE_VERSION,
        network: c.network,
        datadir: c.datadir,
        conf: c.confFile,
        producer: c.producer.enabled,
        verifier: c.verifier,
        models: c.models.length,
      },
      'FUN AI inference node starting',
    );
    if (c.fabricateOutputs > 0)
      log.warn({ everyNth: c.fabricateOutputs }, 'TEST ONLY: this executor fabricates outputs');
    this.store = await InferenceStore.open(join(c.networkDir, 'store'));
    const tip = this.store.ledgerTip();
    log.info({ ledgerHeight: tip?.height ?? null, ledgerHash: tip?.hashHex ?? null }, 'store opened');
    this.keys = loadOrCreateNodeKeys(join(c.networkDir, NODE_KEYS_FILE));
    this.records = new ExecutedRecords({
      chainId: INFERENCE_CHAIN_IDS[c.network],
      tipHeight: () => this.sink?.tip?.height ?? 0,
      store: this.store,
      log: log.child({ module: 'records' }),
      maxServed: MAX_SERVED_RECORDS,
    });
    this.reclaimer = new ContentReclaimer(this.store, log.child({ module: 'store' }));
    this.records.onDropped((txId) => this.reclaimer?.unpin(txId));
    // A record no block can carry any more is never charged on chain: its local charge is settled (§16.7).
    this.records.onDropped((txId) => {
      const principal = requesterOf(this.store?.getContent(txId));
      if (principal) this.chargeApplied(principal, toHex(txId));
    });
    this.tally = new CertifiedTally(this.store);
    this.checkStop();

    // The HTTP API (src/api, docs §17) over the node's keystore file and in-memory chain backend; the
    // status route is this daemon's view. The engine exists before the models load, so the API (and the
    // status) answer while they do; without models every generation is refused as an unknown model.
    if (c.models.length > 0) {
      this.engine = await LlmEngine.create({ logger: log, modelIdCacheDir: join(c.networkDir, 'model-ids') });
    }
    const engine: StreamingEngine = this.engine ?? NO_ENGINE;
    const api = await createNodeApiServer({
      engine,
      models: () => (this.engine?.models() ?? []).map((m) => ({ name: basename(m.path, '.gguf'), id: m.id })),
      status: () => this.status(),
      logger: log,
      dataDir: c.networkDir,
      chainId: INFERENCE_CHAIN_IDS[c.network],
      executorKey: this.keys.executorKey,
      ledgerHeight: () => this.sink?.tip?.height ?? 0,
      // Balances, used nonces and credited deposits persist in the store (§17.4); the lifecycle is the chain's.
      accounts: new StoreAccounts(this.store),
      lifecycle: { get: (id) => this.lifecycle?.get(id) ?? Promise.resolve(null) },
      // With -genesis the fee balance is poi's fee account in Clarity (§16.7, §17.4); charges settled here
      // count against it until Clarity applies them (settleCharges).
      ...(c.genesis !== null ? { feeBalance: (p: string) => this.chainFeeBalance(p) } : {}),
      corsOrigins: c.api.corsOrigins,
      ...(c.fabricateOutputs > 0 ? { fabricator: new OutputFabricator(c.fabricateOutputs) } : {}),
      // The executor's records (§16.5): receipt and transaction kept, waiting for a block.
      onSettled: (r) => {
        const message = this.records?.addOwn({ tx: r.tx, receipt: r.receipt, output: r.output });
        if (message) this.net?.publishRecord(message);
        // The client's record keeps its contents until its block's certificate window closes (§15.7).
        this.reclaimer?.pin(fromHex(r.id));
        this.log.info({ tx: r.id, fee: String(r.fee) }, 'executed');
      },
    });
    this.backend = api.backend;
    const server = api.server;
    const host = c.api.bind[0]!;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(c.api.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.apiPortBound = (server.address() as { port: number }).port;
    this.servers.push(server);
    log.info({ apiPort: this.apiPortBound, bind: host }, 'API listening');
    this.checkStop();

    if (c.models.length > 0) {
      this.state = 'loading-models';
      for (const [i, path] of c.models.entries()) {
        log.info({ model: i + 1, of: c.models.length, path }, 'loading models');
        const info = await this.engine!.loadModel(path, { threads: c.threads });
        log.info({ model: i + 1, of: c.models.length, path, modelId: info.id }, 'model ready');
        this.checkStop();
      }
    }

    this.state = 'catching-up';
    // Clarity at depth (§16.10): the host in a worker, restored from the newest checkpoint + stored blocks.
    if (c.genesis !== null) {
      const sha256 = createHash('sha256').update(readFileSync(c.genesis)).digest('hex');
      log.info({ file: c.genesis, sha256 }, 'clarity genesis');
    }
    this.clarityExecutor = new ClarityExecutor({
      store: this.store,
      genesisFile: c.genesis,
      dir: join(c.networkDir, 'clarity'),
      log: log.child({ module: 'clarity' }),
      onExecuted: (hash) => this.settleCharges(blocksSettledBy(hash, (h) => this.chain?.block(h))),
    });
    await this.clarityExecutor.open();
    this.resolveClarityOpen();
    this.checkStop();
    this.sink = new ConsensusSink({
      store: this.store,
      log: log.child({ module: 'chain' }),
      startHeight: CONSENSUS_START_HEIGHT,
      // Commits pay the staking set's reward scripts; a -verifierset file's set (transition) is not paid,
      // its commits burn the bid as before.
      verifierScripts: (h) =>
        this.verifierSet ? [] : (this.clarity?.verifierSetAt(h)?.map((v) => v.rewardScript) ?? []),
      beforeCommit: async (block, batch) => {
        await this.clarity?.onLedgerTip(block.height, batch);
        await this.refreshClarityAccount();
      },
    });
    // Deposits (§14.4) are credited to the API's fee balances at 6 confirmations; at start every
    // deposit of the stored best chain is offered again, and the backend credits each ledger txid once.
    this.creditDeposits(this.sink.tip?.height ?? -1);
    this.sink.onConnect((block) => this.creditDeposits(block.height));
    const chainId = INFERENCE_CHAIN_IDS[c.network];
    this.chain = new InferenceChain(this.store, this.sink, chainId, log.child({ module: 'inference' }));
    this.clarity = new ClarityChainDriver({
      store: this.store,
      sink: this.sink,
      chain: this.chain,
      executor: this.clarityExecutor,
      systemPrincipal: this.clarityExecutor.host!.systemPrincipal,
      startHeight: CONSENSUS_START_HEIGHT,
      log: log.child({ module: 'clarity' }),
      fetchTx: (blockHash, txIdHex) => this.fetchRecordTx(blockHash, txIdHex),
      fetchBlock: (hashHex) => this.fetchElectedBlock(hashHex),
    });
    this.chain.clarityCheck = (h) => this.clarity?.checkRoots(h) ?? null;
    // The verifier set (§16.9): the staking contract's; the -verifierset file only without -genesis (transition).
    if (c.verifierSet !== null && c.genesis === null) this.verifierSet = loadVerifierSet(c.verifierSet);
    else if (c.verifierSet !== null)
      log.warn({ file: c.verifierSet }, '-verifierset ignored: the set comes from -genesis staking');
    this.chain.verifierKeysAt = (h) => this.verifierSetAt(h)?.map((v) => v.blsPublicKey);
    void this.refreshClarityAccount();
    this.lifecycle = new ChainLifecycle({
      store: this.store,
      block: (hash) => this.chain?.block(hash),
      // The set of the block's own reward cycle (§15.8), not the tip's.
      verifierKeys: (header) => this.verifierSetAt(header.ledgerHeight)?.map((v) => v.blsPublicKey) ?? null,
      certificate: (hash) => this.collector?.certificate(hash) ?? this.tally?.certificate(hash) ?? null,
      tipHeight: () => this.chain?.tip()?.height ?? -1,
      ledgerTipHeight: () => this.sink?.tip?.height ?? -1,
      ledgerBlock: (hash) =>
        new LedgerRpcClient({ url: c.ledger.url, auth: c.ledger.auth }).getBlockHex(
          hash,
          AbortSignal.timeout(5000),
        ),
    });
    this.chain.onAccepted((hash, block) => this.lifecycle?.noteBlock(hash, block));
    this.sink.onConnect((block, snap) => this.lifecycle?.noteLedgerBlock(block, snap));
    // The records waiting for a block when the node stopped (§16.7); the restored blocks take theirs out.
    const reloaded = this.records.restoreWaiting(this.sink.tip?.height ?? 0);
    this.chain.onAccepted((_hash, block) => this.records?.markIncluded(block.body.receipts));
    const restored = this.chain.restore();
    if (reloaded > 0)
      log.info({ reloaded, waiting: this.records.pending().length }, 'waiting records reloaded');
    const itip = this.chain.tip();
    log.info(
      { blocks: restored, height: itip?.height ?? null, hash: itip?.hash ?? null },
      'inference chain restored',
    );
    const chain = this.chain;
    // Votes are collected for every block whose cycle has a set (§16.9).
    this.collector = new VoteCollector({ log: log.child({ module: 'votes' }) });
    this.collector.on('certificate', (qc, ev) =>
      this.onCertificate(qc, ev.hash, ev.height, ev.signers, ev.split),
    );
    {
      const own = toHex(bls.secretKeyToPublicKey(this.keys.blsKey));
      const current = this.verifierSetAt(this.sink.tip?.height ?? 0);
      const index = current ? current.findIndex((v) => toHex(v.blsPublicKey) === own) : -1;
      log.info(
        {
          source: this.verifierSet ? c.verifierSet : 'staking',
          size: current?.length ?? 0,
          index: index < 0 ? null : index,
        },
        'verifier set loaded',
      );
      if (index >= 0 && !this.engine)
        log.warn({}, 'this node is in the verifier set but serves no model: it does not verify');
    }
    const netLog = log.child({ module: 'net' });
    this.net = await InferenceNet.start({
      network: c.network,
      dir: c.networkDir,
      listen: { hosts: c.p2p.bind, port: c.p2p.port },
      connect: c.p2p.connect,
      log: netLog,
      onBlock: (bytes, peer) => this.onGossipBlock(bytes, peer),
      getBlock: (hashHex) => this.store?.getBlock(fromHex(hashHex)),
      onVote: (bytes, peer) => this.onGossipVote(bytes, peer),
      onRecord: (bytes, peer) => this.records?.onGossip(bytes, peer) ?? 'ignore',
      serveContents: (request) =>
        serveContents(request, (_block, txIdHex) => this.records?.contents(txIdHex) ?? null),
    });
    const net = this.net;
    // Records' contents from peers (§16.6): the verifier's replays and Clarity's missing transactions.
    this.contentsProvider = peerContentsProvider({
      transport: { request: (peer, bytes, signal) => net.requestContents(peer, bytes, signal) },
      peers: (hashHex) => {
        const first = this.blockSource.get(hashHex);
        const rest = net.peers().filter((p) => p !== first && !net.isBanned(p));
        return first && !net.isBanned(first) ? [first, ...rest] : rest;
      },
      onBadReply: (peer, reason) => net.strike(peer, `bad contents reply: ${reason}`),
    });
    const blsKey = this.keys.blsKey;
    const ownBls = toHex(bls.secretKeyToPublicKey(blsKey));
    // A node serving a model verifies the blocks of the cycles whose set holds its BLS key.
    if (this.engine) {
      const verifier = new Verifier({
        engine: this.engine,
        secretKey: blsKey,
        chainId,
        contents: this.contentsProvider,
        tipHeight: () => chain.tip()?.height ?? 0,
        log: log.child({ module: 'verifier' }),
      });
      verifier.on('vote', (vote, r) => {
        log.info({ hash: r.hash, height: r.height, records: r.recordCount, ms: Math.round(r.ms) }, 'voted');
        net.publishVote(encodeVote(vote));
        this.collector?.addVote(vote);
      });
      verifier.on('abstained', (r) =>
        log.warn({ hash: r.hash, reason: r.reason, detail: r.detail }, 'abstained'),
      );
      verifier.on('bad-contents', (b) => net.strike(b.source, `bad contents: ${b.reason}`));
      this.verifier = verifier;
    }
    // Equivocation proofs (§13.8): each as its signed report call, until an accepted block carries a report.
    const systemPrincipal = this.clarityExecutor.host!.systemPrincipal;
    const buildReport = (proof: Uint8Array) => {
      const key = toHex(proof);
      if (this.reportTxs.has(key)) return;
      equivocationReportTx(proof, { executorKey: this.keys!.executorKey, chainId, systemPrincipal })
        .then((tx) => {
          if (this.records?.equivocations().some((e) => toHex(e.proof) === key)) this.reportTxs.set(key, tx);
        })
        .catch((e: Error) => log.error({ err: e.message }, 'equivocation report not built'));
    };
    for (const e of this.records.equivocations()) buildReport(e.proof);
    this.records.onEquivocation((e) => buildReport(e.proof));
    chain.onAccepted((hash, block) => {
      for (const proof of reportedProofs(block)) {
        this.records?.submitted(proof);
        if (this.reportTxs.delete(toHex(proof)))
          log.info({ hash, proof: toHex(proof).slice(0, 16) }, 'equivocation report included');
      }
    });
    // A block of a cycle with a set (§16.9): the collector counts its votes; this node verifies it when in the set.
    const trackVotes = (hash: string, block: Block, stored: readonly Vote[] = []) => {
      const set = this.verifierSetAt(block.header.ledgerHeight);
      if (!set) return;
      const verifierKeys = set.map((v) => v.blsPublicKey);
      this.collector?.addBlock({
        height: block.header.height,
        blockHash: fromHex(hash),
        recordCount: block.header.recordCount,
        verifierKeys,
      });
      for (const vote of stored) this.collector?.addVote(vote);
      const own = verifierKeys.findIndex((k) => toHex(k) === ownBls);
      const ownVote = own >= 0 ? stored.find((v) => v.verifierIndex === own) : undefined;
      // A restart: this node's stored vote is gossiped again (a peer may have missed it before the stop).
      if (ownVote) net.publishVote(encodeVote(ownVote));
      else if (own >= 0)
        this.verifier
          ?.submit(block, verifierKeys)
          .catch((e: Error) => log.error({ err: e.message, hash }, 'verifier failed'));
    };
    chain.onAccepted((hash, block) => {
      this.missing.delete(hash);
      this.reclaimer?.scheduleBlock(
        block.header.ledgerHeight,
        block.body.receipts.map((r) => r.txId),
      );
      this.reclaimer?.onBlockAccepted(block, (h) => chain.block(h));
      net.publishBlock(encodeBlock(block));
      trackVotes(hash, block);
    });
    // A restart (§16.2): the blocks still in their certificate window come back to the collector with the
    // votes it had counted (a certificate they complete is stored and counted once), and to the verifier
    // when this node had not voted yet (its own stored vote is gossiped again).
    const storedVotes = new StoredVotes(this.store);
    for (const [hash, block] of chain.acceptedFrom((chain.tip()?.height ?? -1) - QC_WINDOW))
      trackVotes(hash, block, storedVotes.of(hash));
    this.collector.on('vote', (vote) => storedVotes.put(vote));
    this.sink.onConnect((block) => this.reclaimer?.onLedgerTip(block.height));
    this.sink.onConnect((_block, snap) => {
      if (!snap || snap.winner < 0) return;
      const hash = toHex(snap.commits[snap.winner]!.op.blockHash);
      if (!chain.block(hash)) this.missing.add(hash);
    });
    this.checkStop();
    const rpc = new LedgerRpcClient({ url: c.ledger.url, auth: c.ledger.auth });
    if (c.producer.enabled) {
      this.producer = new Producer({
        rpc,
        store: this.store,
        sink: this.sink,
        chain: this.chain,
        keys: this.keys,
        chainId,
        bid: c.producer.bid,
        budget: c.producer.budget,
        addressPrefixes: chainParams(c.network).addressPrefixes,
        // apply-verdict pays at most 50 records of a block (§13.5): a candidate carries no more.
        records: () => (this.records?.pending() ?? []).slice(0, MAX_VERDICT_RECORDS),
        // Pending equivocation proofs as staking.report-equivocation calls (§13.8, §16.5).
        stacksTxs: () => [...this.reportTxs.values()].slice(0, MAX_BLOCK_REPORTS),
        certificate: (parentHex: string) =>
          chain.certificateFor(
            parentHex,
            (h) => this.collector?.certificate(h) ?? this.tally?.certificate(h) ?? null,
          ),
        clarityRoots: (parentHex, L) => this.clarity?.rootsFor(parentHex, L),
        log: log.child({ module: 'producer' }),
      });
    }
    this.watcher = new LedgerWatcher({
      rpc,
      sink: this.sink,
      log: log.child({ module: 'ledger' }),
      known: this.store.ledgerTail(RESUME_DEPTH),
      ...(this.opts.ledgerPollMs !== undefined ? { pollMs: this.opts.ledgerPollMs } : {}),
    });
    this.watcher.once('synced', (t) => {
      if (this.state !== 'catching-up') return;
      this.state = 'ready';
      log.info(
        { apiPort: this.apiPortBound, p2pPort: null, ledgerHeight: t.height, ledgerHash: t.hashHex },
        'ready',
      );
      this.resolveReady();
    });
    const producer = this.producer;
    if (producer) this.watcher.on('synced', (t) => producer.onSynced(t));
    this.watcher.on('synced', () => void this.fetchMissing());
    this.watcher.start();
    this.watcher.stopped.catch((e: Error) => {
      log.fatal({ err: e.message }, 'ledger watcher failed; stopping');
      this.requestStop('ledger watcher failed');
    });
    log.info({ ledger: c.ledger.url, from: (tip?.height ?? -1) + 1 }, 'following the ledger');
  }

  /**
   * Credits the deposits of the ledger blocks that have reached DEPOSIT_CONFIRMATIONS with `tip` as
   * the ledger tip (each ledger txid once; a reorg deeper than the depth is not undone).
   */
  private creditDeposits(tip: number): void {
    const backend = this.backend as
      | (InferenceBackend & { credit?(p: string, a: bigint, key?: string): boolean })
      | undefined;
    if (!backend?.credit || !this.store) return;
    for (let h = this.depositsCreditedTo + 1; h <= tip - DEPOSIT_CONFIRMATIONS + 1; h++) {
      this.depositsCreditedTo = h;
      const hashHex = this.store.ledgerHashAt(h);
      const raw = hashHex ? this.store.stateAt(hashHex) : undefined;
      if (!raw) continue;
      const { event } = decodeStoredJson<{ event: LedgerBlockEvent }>(raw);
      for (const op of event.ops) {
        const d = parseDeposit(op.tx);
        if (!d.ok) continue;
        const id = hashToHex(txid(op.tx));
        if (this.credited.has(id)) continue;
        this.credited.add(id);
        const principal = principalString(d.deposit.recipient);
        if (!backend.credit(principal, d.deposit.amount, id)) continue;
        this.log.info(
          { ledgerHeight: h, txid: id, principal, amount: String(d.deposit.amount) },
          'deposit credited',
        );
      }
    }
  }

  /**
   * The verifier set of a ledger height's reward cycle (§16.9): the staking contract's (five stakers, read
   * at depth, src/clarity), or the -verifierset file's without -genesis; undefined = none.
   */
  private verifierSetAt(
    ledgerHeight: number,
  ):
    | { blsPublicKey: Uint8Array; rewardScript: Uint8Array; principal?: string; stake?: bigint }[]
    | undefined {
    return this.verifierSet ?? this.clarity?.verifierSetAt(ledgerHeight);
  }

  /**
   * A principal's fee account in Clarity (poi, §13.5) as of the executed chain (7 confirmations deep), base
   * units; null before the Clarity host is open. For the API's balances.
   */
  async clarityFeeAccount(principal: string): Promise<{ available: bigint; pending: bigint } | null> {
    const host = this.clarityExecutor?.host;
    return host ? host.feeAccount(principal) : null;
  }

  /**
   * The API's fee balance with -genesis: poi's `available` fee account as of the executed chain; the last
   * value read while the host restarts (a rollback), 0 before any.
   */
  private async chainFeeBalance(principal: string): Promise<bigint> {
    await this.clarityOpen;
    try {
      const a = await this.clarityFeeAccount(principal);
      if (a) {
        this.feeBalances.set(principal, a.available);
        if (this.feeBalances.size > 4096) this.feeBalances.delete(this.feeBalances.keys().next().value!);
        return a.available;
      }
    } catch (e) {
      this.log.debug({ err: (e as Error).message }, 'clarity fee account read failed');
    }
    return this.feeBalances.get(principal) ?? 0n;
  }

  /** Drops from the API's unapplied charges those of this executor's records Clarity has now settled. */
  private settleCharges(blocks: ReturnType<typeof blocksSettledBy>): void {
    if (!this.keys || !this.store || blocks.length === 0) return;
    const store = this.store;
    for (const c of ownCharges(blocks, this.keys.executorPublicKey, (id) => store.getContent(id)))
      this.chargeApplied(c.principal, c.txId);
  }

  private chargeApplied(principal: string, txIdHex: string): void {
    const backend = this.backend as
      | (InferenceBackend & { chargeApplied?(p: string, txId: string): boolean })
      | undefined;
    if (this.config.genesis === null || !backend?.chargeApplied) return;
    if (backend.chargeApplied(principal, txIdHex))
      this.log.info({ tx: txIdHex, principal }, 'charge applied in clarity');
  }

  /** An elected block from peers, published (Clarity's catch-up, §16.10); nothing when no peer has it. */
  private async fetchElectedBlock(hashHex: string): Promise<void> {
    if (!this.net || !this.chain) return;
    const bytes = await this.net.requestBlock(hashHex, (b) => {
      try {
        return toHex(blockHash(decodeBlock(b).header)) === hashHex;
      } catch {
        return false;
      }
    });
    if (!bytes) return;
    const r = this.chain.publish(decodeBlock(bytes));
    if (r.accepted) {
      this.missing.delete(hashHex);
      this.log.info({ hash: hashHex }, 'block fetched from a peer');
    }
  }

  /** A certified record's transaction from peers (Clarity's verdict needs its gas terms), checked by its id. */
  private async fetchRecordTx(blockHashHex: string, txIdHex: string): Promise<Uint8Array | null> {
    if (!this.contentsProvider) return null;
    const r = await this.contentsProvider(fromHex(blockHashHex), [fromHex(txIdHex)], {
      signal: AbortSignal.timeout(10_000),
      exclude: [],
    });
    const tx = r.records[0]?.tx;
    try {
      if (!tx || toHex(txId(decodeTx(tx))) !== txIdHex) return null;
    } catch {
      return null;
    }
    this.log.info({ tx: txIdHex, source: r.source }, 'record transaction fetched for Clarity');
    return tx;
  }

  /** Re-reads the node principal's Clarity accounts (status `balances`). */
  private async refreshClarityAccount(): Promise<void> {
    const host = this.clarityExecutor?.host;
    if (!host || !this.keys) return;
    try {
      this.clarityAccount = await host.account(principalString(this.keys.principal));
    } catch (e) {
      this.log.debug({ err: (e as Error).message }, 'clarity account read failed');
    }
  }

  /** Gossip validation of a vote (§16.9): malformed or badly signed = reject (the sender is banned). */
  private onGossipVote(bytes: Uint8Array, peer: string): ValidationResult {
    if (!this.collector) return 'ignore';
    const r = this.collector.addVote(bytes);
    if (r.ok) return 'accept';
    if (r.reason === 'malformed' || r.reason === 'bad-signature') {
      this.log.warn({ peer, reason: r.reason, detail: r.detail }, 'invalid vote from peer');
      return 'reject';
    }
    return 'ignore';
  }

  /** A (grown) quorum certificate: the block's records counted certified or penalised by it. */
  private onCertificate(
    qc: QuorumCertificate,
    hash: string,
    height: number,
    signers: number,
    split: boolean,
  ): void {
    // Persisted with the records' verdicts (§16.2): a restart still has it, and counts each record once.
    const receipts = this.chain?.block(hash)?.body.receipts ?? [];
    const counts = this.tally?.record(
      hash,
      qc,
      receipts.map((r) => r.txId),
    ) ?? { certified: 0, penalised: 0 };
    for (const r of receipts) this.reclaimer?.unpin(r.txId);
    this.log.info({ hash, height, signers, split, records: qc.recordCount, ...counts }, 'certificate');
  }

  /** Gossip validation of a block (§16.6): reject = invalid data (the sender is banned). */
  private onGossipBlock(bytes: Uint8Array, peer: string): ValidationResult {
    let block: ReturnType<typeof decodeBlock>;
    try {
      block = decodeBlock(bytes);
    } catch (e) {
      if (e instanceof DecodeError) {
        this.log.warn({ peer, reason: e.reason }, 'malformed block from peer');
        return 'reject';
      }
      throw e;
    }
    const hashHex = toHex(blockHash(block.header));
    if (!this.blockSource.has(hashHex)) {
      this.blockSource.set(hashHex, peer);
      if (this.blockSource.size > 256) this.blockSource.delete(this.blockSource.keys().next().value!);
    }
    const r = this.chain!.publish(block);
    if (r.accepted) return r.fresh ? 'accept' : 'ignore';
    const reason = r.rejection?.reason;
    if (reason === 'unknown-parent') {
      this.missing.add(toHex(block.header.parentHash));
      void this.fetchMissing().then(() => this.chain?.publish(block));
      return 'ignore';
    }
    // Not elected on this node's ledger view (yet), or waiting for its parent: not the peer's fault.
    if (reason === 'not-elected' || reason === 'block-parent-not-accepted') return 'ignore';
    // A certificate this node cannot check (no verifier set configured): not the peer's fault.
    if (reason === 'qc-missing-context') return 'ignore';
    this.log.warn({ peer, reason, hash: r.hash }, 'invalid block from peer');
    return 'reject';
  }

  /** Fetches the elected blocks this node lacks from its peers, parents first. */
  private async fetchMissing(): Promise<void> {
    if (this.fetching || !this.net || this.missing.size === 0) return;
    this.fetching = true;
    try {
      for (let round = 0; round < 64 && this.missing.size > 0; round++) {
        let progress = false;
        for (const hash of [...this.missing]) {
          const bytes = await this.net.requestBlock(hash, (b) => {
            try {
              return toHex(blockHash(decodeBlock(b).header)) === hash;
            } catch {
              return false;
            }
          });
          if (!bytes) continue;
          const block = decodeBlock(bytes);
          const r = this.chain!.publish(block);
          if (r.rejection?.reason === 'unknown-parent') this.missing.add(toHex(block.header.parentHash));
          else {
            this.missing.delete(hash);
            progress = true;
          }
          if (r.accepted) this.log.info({ hash, height: block.header.height }, 'block fetched from a peer');
        }
        if (!progress) break;
      }
    } finally {
      this.fetching = false;
    }
  }

  status(): NodeStatus {
    const c = this.config;
    const tip = this.sink?.tip ?? this.store?.ledgerTip() ?? null;
    return {
      version: INFERENCE_VERSION,
      network: c.network,
      state: this.state,
      ledger: tip ? { height: tip.height, hash: tip.hashHex } : null,
      ledgerNode: {
        url: c.ledger.url,
        reachable: this.watcher?.reachable ?? false,
        height: this.watcher?.bestLedgerHeight ?? -1,
      },
      inference: (() => {
        const t = this.chain?.tip() ?? null;
        const { certified, penalised } = this.tally?.totals ?? { certified: 0, penalised: 0 };
        return { height: t?.height ?? -1, hash: t?.hash ?? null, certified, penalised };
      })(),
      election: this.sink?.election ?? null,
      clarity: (() => {
        const head = this.clarityExecutor?.head ?? null;
        const root = head ? this.clarityExecutor?.record(head.hash)?.stateRoot : undefined;
        return {
          height: this.clarityExecutor?.height ?? 0,
          hash: head?.hash ?? null,
          ledgerHeight: head?.ledgerHeight ?? null,
          stateRoot: root ? toHex(root) : null,
        };
      })(),
      verifiers: (tip ? (this.clarity?.verifierSetAt(tip.height) ?? []) : []).map((v) => ({
        principal: v.principal,
        stake: String(v.stake),
      })),
      roles: {
        producer: c.producer.enabled,
        verifier:
          this.verifier !== undefined &&
          this.keys !== undefined &&
          (this.verifierSetAt(tip?.height ?? 0) ?? []).some(
            (v) => toHex(v.blsPublicKey) === toHex(bls.secretKeyToPublicKey(this.keys!.blsKey)),
          ),
        executor: c.models.length > 0,
      },
      ...(this.keys ? { principal: principalString(this.keys.principal) } : {}),
      balances: {
        bidBudget: fai(c.producer.budget),
        bidSpent: fai(this.producer?.spent ?? 0n),
        ...(this.clarityAccount
          ? {
              fai: fai(this.clarityAccount.balance),
              bond: fai(this.clarityAccount.stake + this.clarityAccount.unbonding),
              fees: fai(this.clarityAccount.feesAvailable + this.clarityAccount.feesPending),
            }
          : {}),
      },
      models: (this.engine?.models() ?? []).map((m) => ({ id: m.id, path: m.path })),
      p2p: { port: this.net?.listenPort ?? null, peers: this.net?.peerCount ?? 0 },
      api: { port: this.apiPortBound },
    };
  }

  /** Asks the daemon to shut down (idempotent); `stopped` resolves when it has. */
  requestStop(reason: string): void {
    if (this.stopRequested !== undefined) return;
    this.stopRequested = reason;
    this.log.info({ reason }, 'shutdown requested');
    if (this.state !== 'starting' && this.state !== 'loading-models') void this.shutdown();
  }

  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      this.state = 'stopping';
      const log = this.log;
      const step = async (what: string, fn: () => Promise<void> | void) => {
        try {
          await fn();
        } catch (e) {
          log.error({ err: (e as Error).message }, `shutdown: ${what} failed`);
        }
      };
      await step('ledger watcher', () => this.watcher?.stop());
      await step('producer', () => this.producer?.idle());
      await step('API', () =>
        Promise.all(
          this.servers.map(
            (s) =>
              new Promise<void>((resolve) => {
                s.close(() => resolve());
                s.closeAllConnections();
              }),
          ),
        ).then(() => undefined),
      );
      await step('network', () => this.net?.stop());
      await step('verifier', () => this.verifier?.close());
      // A checkpoint at a graceful stop: the next start restores it instead of replaying (§16.10).
      await step('clarity', async () => {
        await this.clarityExecutor?.checkpoint();
        await this.clarityExecutor?.close();
      });
      await step('LLM engine', () => this.engine?.close());
      await step('store', () => this.store?.close());
      log.info({}, 'shutdown done');
      log.flush();
      this.resolveStopped();
    })();
    return this.stopping;
  }
}
