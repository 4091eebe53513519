import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ChainState, ProcessBlockResult } from '../chain/chain-state.js';
import { decodeCompact, hashToBigInt } from '../consensus/pow.js';
import { sha256d } from '../crypto/hash.js';
import type { Mempool } from '../mempool/mempool.js';
import { minerTemplate } from '../mining/miner/block-template.js';
import type { FoundBlock, MinerTemplate } from '../mining/miner/cpu-miner.js';
import { CpuMiner } from '../mining/miner/cpu-miner.js';
import type { BlockTemplate, TemplateTip } from '../mining/template/template.js';
import { createBlockTemplate, withExtraNonce } from '../mining/template/template.js';
import { OP_TRUE } from '../script/opcodes.js';
import type { Block } from '../wire/block.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import type { BlockHeader } from '../wire/header.js';
import { encodeHeader } from '../wire/header.js';
import type { ChainNotifier } from './chain-notifier.js';

/** Core's getblocktemplate: a template is rebuilt for mempool changes at most this often. */
const GBT_REFRESH_MS = 5_000;
/** Core's long poll: after a minute, mempool changes also end the wait (checked every 10 s). */
const LONGPOLL_MEMPOOL_MS = 60_000;
const LONGPOLL_RECHECK_MS = 10_000;
/** The built-in miner rebuilds its template for new transactions at most this often. */
const MINER_MEMPOOL_REFRESH_MS = 5_000;
/** Hashrate log lines, this often while mining. */
const HASHRATE_LOG_MS = 60_000;
/** Nonces ground between two yields to the event loop (generatetoaddress). */
const GRIND_CHUNK = 4_096;
const NONCE_SPACE = 2 ** 32;

export interface MiningServiceOptions {
  chain: ChainState;
  mempool: Mempool;
  notifier: ChainNotifier;
  log: Logger;
  /** UNIX seconds. */
  now: () => number;
  /** Validates and stores a block, and relays it when it is new. */
  submitBlock: (block: Block) => Promise<ProcessBlockResult>;
}

/** The cached getblocktemplate answer and what it was built on. */
interface GbtState {
  template: BlockTemplate;
  tipHex: string;
  updates: number;
  builtAt: number;
}

/**
 * Block production: templates for getblocktemplate (cached as Core's), long polling,
 * generatetoaddress/generateblock grinding, and the built-in CPU miner.
 */
export class MiningService {
  private readonly chain: ChainState;
  private readonly mempool: Mempool;
  private readonly notifier: ChainNotifier;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly submit: (block: Block) => Promise<ProcessBlockResult>;
  private gbt: GbtState | undefined;
  private miner: CpuMiner | undefined;
  private minerThreads = 0;
  private minerPayout: Uint8Array | undefined;
  private pendingTemplate: Promise<MinerTemplate> | undefined;
  private minerTemplateAt = 0;
  private minerTemplatePrev = '';
  private mempoolRefresh: NodeJS.Timeout | undefined;
  private hashrateTimer: NodeJS.Timeout | undefined;
  private stopPacing: AbortController | undefined;
  private blocksFound = 0;
  private extraNonce = 0;
  private latest: BlockTemplate | undefined;
  private submitting: Promise<void> | undefined;

  constructor(opts: MiningServiceOptions) {
    this.chain = opts.chain;
    this.mempool = opts.mempool;
    this.notifier = opts.notifier;
    this.log = opts.log;
    this.now = opts.now;
    this.submit = opts.submitBlock;
    this.chain.on('tip', (tip) => {
      if (this.miner?.isRunning && this.minerTemplatePrev !== tip.hashHex) void this.refreshMiner();
    });
    this.mempool.on('added', () => this.scheduleMempoolRefresh());
  }

  private templateTip(): TemplateTip {
    const tip = this.chain.getTip();
    return {
      hash: tip.hash,
      height: tip.height,
      time: tip.header.time,
      bits: tip.header.bits,
      medianTimePast: tip.medianTimePast,
    };
  }

  /** The last template built (getmininginfo's currentblockweight and currentblocktx). */
  get lastTemplate(): BlockTemplate | undefined {
    return this.latest;
  }

  /** A new template on the tip, paying `payout`, with the mempool's best transactions. */
  createTemplate(payout: Uint8Array, extraNonce = 0): BlockTemplate {
    this.latest = createBlockTemplate({
      tip: this.templateTip(),
      params: this.chain.params,
      mempool: this.mempool,
      payout,
      extraNonce,
      time: this.now(),
      minFeeRate: this.mempool.policy.minRelayFeeRate,
    });
    return this.latest;
  }

  // ---------------------------------------------------------------------------------------------
  // getblocktemplate

  /**
   * Core's template cache: rebuilt when the tip changed, or when the mempool changed and the
   * cached one is more than 5 s old. The coinbase is a placeholder (OP_TRUE): a GBT client builds
   * its own from `coinbasevalue`.
   */
  blockTemplateForGbt(): { template: BlockTemplate; longpollId: string } {
    const tipHex = this.chain.getTip().hashHex;
    const updates = this.notifier.transactionsUpdated;
    const g = this.gbt;
    const stale =
      g === undefined ||
      g.tipHex !== tipHex ||
      (g.updates !== updates && Date.now() - g.builtAt > GBT_REFRESH_MS);
    if (stale) {
      this.gbt = {
        template: this.createTemplate(Uint8Array.of(OP_TRUE)),
        tipHex,
        updates,
        builtAt: Date.now(),
      };
    }
    const cur = this.gbt!;
    // The template's time moves with the clock, as Core's UpdateTime.
    cur.template.curTime = Math.max(cur.template.minTime, this.now());
    return { template: cur.template, longpollId: `${cur.tipHex}${cur.updates}` };
  }

  /**
   * BIP22 long polling: resolves when the tip is no longer the one `longpollId` names, or, after
   * a minute, when the mempool has changed since; or when `signal` aborts.
   */
  async waitLongpoll(longpollId: string, signal: AbortSignal): Promise<void> {
    const watched = longpollId.slice(0, 64);
    const updates = Number(longpollId.slice(64));
    const tipMoved = () => this.chain.getTip().hashHex !== watched;
    let next = Date.now() + LONGPOLL_MEMPOOL_MS;
    for (;;) {
      const moved = await this.notifier.waitUntil(tipMoved, Math.max(1, next - Date.now()), signal);
      if (moved || signal.aborted) return;
      if (!Number.isSafeInteger(updates) || this.notifier.transactionsUpdated !== updates) return;
      next += LONGPOLL_RECHECK_MS;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // generatetoaddress / generateblock

  /**
   * Grinds the nonce of `block` (then the extra nonce, when `template` is given and a nonce range
   * runs out) until the header meets its target or `maxTries` hashes were spent. Yields to the
   * event loop between chunks. Returns the solved block and the tries used, or null.
   */
  async grind(
    block: Block,
    maxTries: number,
    opts: { template?: BlockTemplate; signal?: AbortSignal } = {},
  ): Promise<{ block: Block | null; tries: number }> {
    const target = decodeCompact(block.header.bits).target;
    let current = block;
    let tries = 0;
    for (;;) {
      const bytes = encodeHeader(current.header);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let nonce = current.header.nonce; nonce < NONCE_SPACE; ) {
        if (tries >= maxTries) return { block: null, tries };
        const end = Math.min(NONCE_SPACE, nonce + GRIND_CHUNK, nonce + (maxTries - tries));
        for (; nonce < end; nonce++) {
          tries++;
          view.setUint32(76, nonce, true);
          if (hashToBigInt(sha256d(bytes)) <= target) {
            const header: BlockHeader = { ...current.header, nonce };
            return { block: { header, txs: current.txs }, tries };
          }
        }
        if (opts.signal?.aborted) throw opts.signal.reason;
        await new Promise<void>((r) => setImmediate(r));
      }
      if (opts.template === undefined) return { block: null, tries };
      current = withExtraNonce(opts.template, ++this.extraNonce);
    }
  }

  /**
   * Core's generateBlocks: mines `count` blocks paying `payout` on top of the tip, each with the
   * mempool's transactions, within `maxTries` hashes in all. Returns the hashes (display hex) of
   * the blocks mined, which may be fewer when the tries run out.
   */
  async generate(
    payout: Uint8Array,
    count: number,
    maxTries: number,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const hashes: string[] = [];
    let left = maxTries;
    while (hashes.length < count && left > 0) {
      const template = this.createTemplate(payout, ++this.extraNonce);
      const { block, tries } = await this.grind(template.block, left, {
        template,
        ...(signal ? { signal } : {}),
      });
      left -= tries;
      if (block === null) break;
      const result = await this.submit(block);
      if (result.status !== 'connected' && result.status !== 'side-chain') {
        throw new Error(`ProcessNewBlock, block not accepted: ${result.reason ?? result.status}`);
      }
      hashes.push(result.hash);
    }
    return hashes;
  }

  // ---------------------------------------------------------------------------------------------
  // The built-in CPU miner

  get isMining(): boolean {
    return this.miner?.isRunning ?? false;
  }

  get miningThreads(): number {
    return this.miner?.isRunning ? this.minerThreads : 0;
  }

  /** Hashes per second of the built-in miner over the last ten seconds. */
  hashrate(): number {
    return this.miner?.isRunning ? this.miner.hashrate() : 0;
  }

  /**
   * Starts `threads` worker threads mining to `payout`. On regtest, where the difficulty never
   * adjusts, the miner paces itself to the target spacing: it mines a block once the tip is
   * `targetSpacing` seconds old, as the difficulty would make it on the other networks.
   */
  async startMiner(threads: number, payout: Uint8Array): Promise<void> {
    if (this.miner?.isRunning) return;
    this.minerThreads = threads;
    this.minerPayout = payout;
    const stopping = new AbortController();
    this.stopPacing = stopping;
    const miner = new CpuMiner({ threads, refreshMs: 60_000 });
    this.miner = miner;
    miner.on('found', (f) => this.onFound(f));
    miner.on('error', (e) => {
      // The pacing wait ends with an AbortError when the miner stops: not worth a warning.
      if (!stopping.signal.aborted) this.log.warn({ err: e.message }, 'miner error');
    });
    this.hashrateTimer = setInterval(() => {
      this.log.info(
        { hashps: Math.round(this.hashrate()), threads: this.minerThreads, found: this.blocksFound },
        'mining',
      );
    }, HASHRATE_LOG_MS).unref();
    // Not awaited: on regtest the first template may wait for the pacing (see pace()).
    miner
      .start(() => this.nextMinerTemplate())
      .catch((e: Error) => {
        if (!stopping.signal.aborted) this.log.warn({ err: e.message }, 'miner start failed');
      });
    // kernel: wasm-simd (revectorized: V8 fused its twin groups into AVX2 code), or js with the
    // reason it could not be (kernelFallback).
    const { name: kernel, revectorized, fallback: kernelFallback } = miner.kernel;
    this.log.info(
      { threads, kernel, revectorized, kernelFallback, payout: toHex(payout) },
      'CPU miner started',
    );
  }

  async stopMiner(): Promise<void> {
    const miner = this.miner;
    if (!miner) return;
    this.miner = undefined;
    this.stopPacing?.abort();
    clearInterval(this.hashrateTimer);
    clearTimeout(this.mempoolRefresh);
    this.mempoolRefresh = undefined;
    await miner.stop();
    this.log.info({ found: this.blocksFound }, 'CPU miner stopped');
  }

  private onFound(f: FoundBlock): void {
    // The miner asks for its next template right away: that one must build on this block.
    const done = this.submitFound(f);
    this.submitting = done;
    void done.finally(() => {
      if (this.submitting === done) this.submitting = undefined;
    });
  }

  private async submitFound(f: FoundBlock): Promise<void> {
    try {
      const r = await this.submit(f.block);
      if (r.status === 'connected') this.blocksFound++;
      this.log.info(
        { hash: r.hash, status: r.status, reason: r.reason, txs: f.block.txs.length },
        'mined block',
      );
    } catch (e) {
      this.log.error({ err: (e as Error).message }, 'mined block not processed');
    }
  }

  /** One template build shared by the miner's own request and a tip or mempool refresh. */
  private nextMinerTemplate(): Promise<MinerTemplate> {
    this.pendingTemplate ??= (async () => {
      try {
        await this.submitting;
        await this.pace();
        const t = this.createTemplate(this.minerPayout!, 0);
        this.minerTemplateAt = Date.now();
        this.minerTemplatePrev = hashToHex(t.previousBlockHash);
        return minerTemplate(t);
      } finally {
        this.pendingTemplate = undefined;
      }
    })();
    return this.pendingTemplate;
  }

  private async refreshMiner(): Promise<void> {
    const miner = this.miner;
    try {
      const t = await this.nextMinerTemplate();
      if (miner?.isRunning && miner === this.miner) miner.updateTemplate(t);
    } catch (e) {
      if (!this.stopPacing?.signal.aborted)
        this.log.warn({ err: (e as Error).message }, 'miner template failed');
    }
  }

  private scheduleMempoolRefresh(): void {
    if (!this.miner?.isRunning || this.mempoolRefresh !== undefined) return;
    const wait = Math.max(0, this.minerTemplateAt + MINER_MEMPOOL_REFRESH_MS - Date.now());
    this.mempoolRefresh = setTimeout(() => {
      this.mempoolRefresh = undefined;
      void this.refreshMiner();
    }, wait).unref();
  }

  /** Regtest only: waits until the tip is one target spacing old (never more than one spacing). */
  private async pace(): Promise<void> {
    const params = this.chain.params;
    if (!params.powNoRetargeting) return;
    const tip = this.chain.getTip();
    if (tip.height === 0) return;
    const dueMs = Math.min(tip.header.time + params.targetSpacing, this.now() + params.targetSpacing) * 1000;
    const waitMs = dueMs - this.now() * 1000;
    if (waitMs <= 0) return;
    for (const l of this.pacingListeners.splice(0)) l(dueMs);
    await sleep(waitMs, undefined, { signal: this.stopPacing?.signal, ref: false });
  }

  private pacingListeners: ((dueMs: number) => void)[] = [];

  /**
   * Resolves with the time (epoch ms) the miner waits for when it next paces itself (regtest):
   * lets a test see the miner hold back, rather than sleeping and checking no block came.
   */
  whenPacing(): Promise<number> {
    return new Promise((resolve) => this.pacingListeners.push(resolve));
  }
}
