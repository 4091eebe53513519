import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { decodeCompact, hashToBigInt } from '../../consensus/pow.js';
import { sha256d } from '../../crypto/hash.js';
import type { Block } from '../../wire/block.js';
import type { BlockHeader } from '../../wire/header.js';
import { encodeHeader } from '../../wire/header.js';
import { merkleBranch, merkleRootFromBranch } from '../../wire/merkle.js';
import type { Transaction } from '../../wire/tx.js';
import { txid } from '../../wire/tx.js';
import type { MinerKernel, MinerKernelChoice, MinerKernelName } from './kernel.js';
import { selectMinerKernel } from './kernel.js';
import type { WorkerReport } from './protocol.js';
import { targetWords } from './scan.js';
import { spawnMinerWorker } from './worker-spawn.js';

/**
 * What the miner mines on. The template builder (mining/template*) owns the coinbase: it writes
 * the extra nonce into the coinbase's scriptSig after the BIP34 height, with the room reserved.
 */
export interface MinerTemplate {
  version: number;
  /** Internal byte order. */
  prevBlock: Uint8Array;
  time: number;
  bits: number;
  /** The block's transactions after the coinbase, in block order. */
  txs: readonly Transaction[];
  /** The coinbase carrying `extraNonce`; every value gives a different coinbase. */
  coinbase(extraNonce: number): Transaction;
}

/** Supplies templates: at start, after each block found, and every `refreshMs`. */
export type TemplateSource = () => MinerTemplate | Promise<MinerTemplate>;

export interface FoundBlock {
  block: Block;
  header: BlockHeader;
  nonce: number;
  /** Internal byte order. */
  hash: Uint8Array;
  extraNonce: number;
}

export interface CpuMinerOptions {
  /** Worker threads, one per core to use. */
  threads: number;
  /** Nonces a worker scans for one extra nonce before it gets the next (default and most 2^32). */
  noncesPerJob?: number;
  /**
   * Milliseconds between asking the source for a fresh template (new transactions, a later time);
   * 0 never. Default 60 s, as bitcoind's old internal miner rebuilt its block.
   */
  refreshMs?: number;
  /** Nonces a worker scans between looks for a newer job (default 2^14, a few ms). */
  chunk?: number;
  /**
   * The nonce scanner (default 'auto': the WebAssembly SIMD kernel where the runtime has SIMD and
   * the kernel is built, else JavaScript). 'wasm-simd' throws from the constructor when unavailable.
   */
  kernel?: MinerKernelChoice;
}

interface PreparedTemplate {
  template: MinerTemplate;
  target: bigint;
  targetWords: Uint32Array;
  /** Siblings from the coinbase leaf to the root: the same for every coinbase. */
  branch: Uint8Array[];
}

interface WorkerJobState {
  generation: number;
  header: BlockHeader;
  coinbase: Transaction;
  extraNonce: number;
  prepared: PreparedTemplate;
}

interface Sample {
  at: number;
  hashes: number;
}

const NONCE_SPACE = 2 ** 32;
const HASHRATE_WINDOW_MS = 10_000;

/**
 * The built-in CPU miner: one worker thread per core scanning nonces with SHA-256 midstate reuse.
 * Each worker gets its own extra nonce, hence its own coinbase and Merkle root, and a fresh one
 * when it exhausts its nonce range; a new template reaches every worker within one chunk.
 */
export class CpuMiner extends EventEmitter<{ found: [FoundBlock]; error: [Error] }> {
  private readonly threads: number;
  private readonly noncesPerJob: number;
  private readonly refreshMs: number;
  private readonly chunk: number;
  private readonly scanKernel: MinerKernel;
  private workers: (Worker | undefined)[] = [];
  private jobs: (WorkerJobState | undefined)[] = [];
  private control = new Int32Array(new SharedArrayBuffer(0));
  private hashCounters = new Int32Array(new SharedArrayBuffer(0));
  private nextGeneration = 1;
  private nextExtraNonce = 0;
  private prepared: PreparedTemplate | undefined;
  private source: TemplateSource | undefined;
  private running = false;
  private fetching = false;
  private totalHashes = 0;
  private samples: Sample[] = [];
  private sampler: NodeJS.Timeout | undefined;
  private refresher: NodeJS.Timeout | undefined;

  constructor(opts: CpuMinerOptions) {
    super();
    if (!Number.isInteger(opts.threads) || opts.threads < 1)
      throw new RangeError('threads must be a positive integer');
    const perJob = opts.noncesPerJob ?? NONCE_SPACE;
    if (!Number.isInteger(perJob) || perJob < 1 || perJob > NONCE_SPACE) {
      throw new RangeError('noncesPerJob must be from 1 to 2^32');
    }
    this.threads = opts.threads;
    this.noncesPerJob = perJob;
    this.refreshMs = opts.refreshMs ?? 60_000;
    this.chunk = opts.chunk ?? 1 << 14;
    this.scanKernel = selectMinerKernel(opts.kernel ?? 'auto');
  }

  /**
   * The scanner the workers use: wasm-simd with whether its code is revectorized, or js with why
   * when 'auto' could not have WebAssembly.
   */
  get kernel(): { name: MinerKernelName; revectorized?: boolean; fallback?: string } {
    const { name, revectorized, fallback } = this.scanKernel;
    if (revectorized !== undefined) return { name, revectorized };
    return fallback === undefined ? { name } : { name, fallback };
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the workers and mines on the source's templates until stop(). */
  async start(source: TemplateSource): Promise<void> {
    this.source = source;
    if (!this.running) {
      this.running = true;
      this.control = new Int32Array(new SharedArrayBuffer(4 * this.threads));
      this.hashCounters = new Int32Array(new SharedArrayBuffer(4 * this.threads));
      for (let i = 0; i < this.threads; i++) this.spawn(i);
      this.samples = [{ at: Date.now(), hashes: this.totalHashes }];
      this.sampler = setInterval(() => this.sample(), 1000).unref();
      if (this.refreshMs > 0)
        this.refresher = setInterval(() => void this.fetchTemplate(), this.refreshMs).unref();
    }
    await this.fetchTemplate();
  }

  /** Replaces the template (a new tip, new transactions): every worker switches within one chunk. */
  updateTemplate(template: MinerTemplate): void {
    const { target, negative, overflow } = decodeCompact(template.bits);
    if (negative || overflow || target === 0n)
      throw new RangeError(`invalid bits 0x${template.bits.toString(16)}`);
    const leaves = [new Uint8Array(32), ...template.txs.map((tx) => txid(tx))];
    this.prepared = {
      template,
      target,
      targetWords: targetWords(target),
      branch: merkleBranch(leaves, 0).siblings,
    };
    if (this.running) for (let i = 0; i < this.threads; i++) this.assign(i);
  }

  /** Stops every worker and waits for the threads to end. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.sampler);
    clearInterval(this.refresher);
    for (let i = 0; i < this.threads; i++) Atomics.store(this.control, i, 0);
    this.sample();
    const workers = this.workers;
    this.workers = [];
    this.jobs = [];
    await Promise.all(workers.map((w) => w?.terminate()));
  }

  /** Hashes per second over the last ten seconds. */
  hashrate(): number {
    this.sample();
    const first = this.samples[0]!;
    const last = this.samples[this.samples.length - 1]!;
    const dt = last.at - first.at;
    return dt > 0 ? ((last.hashes - first.hashes) * 1000) / dt : 0;
  }

  /** Hashes done since the miner was made. */
  hashesDone(): number {
    this.drainCounters();
    return this.totalHashes;
  }

  private drainCounters(): void {
    for (let i = 0; i < this.hashCounters.length; i++) {
      this.totalHashes += Atomics.exchange(this.hashCounters, i, 0) >>> 0;
    }
  }

  private sample(): void {
    this.drainCounters();
    const now = Date.now();
    this.samples.push({ at: now, hashes: this.totalHashes });
    while (this.samples.length > 2 && now - this.samples[1]!.at >= HASHRATE_WINDOW_MS) this.samples.shift();
  }

  private spawn(i: number): void {
    const worker = spawnMinerWorker({
      control: this.control.buffer,
      hashes: this.hashCounters.buffer,
      slot: i,
      chunk: this.chunk,
      module: this.scanKernel.module,
    });
    worker.on('message', (r: WorkerReport) => this.onReport(i, r));
    worker.on('error', (e) => this.reportError(e));
    worker.on('exit', () => {
      // A worker that dies while mining is replaced and given a job again.
      if (this.running && this.workers[i] === worker) {
        this.spawn(i);
        if (this.prepared) this.assign(i);
      }
    });
    this.workers[i] = worker;
  }

  /** Gives worker i a fresh extra nonce on the current template. */
  private assign(i: number): void {
    const prepared = this.prepared;
    const worker = this.workers[i];
    if (!prepared || !worker) return;
    const t = prepared.template;
    const extraNonce = this.nextExtraNonce++;
    const coinbase = t.coinbase(extraNonce);
    const merkleRoot = merkleRootFromBranch(txid(coinbase), { index: 0, siblings: prepared.branch });
    const header: BlockHeader = {
      version: t.version,
      prevBlock: t.prevBlock,
      merkleRoot,
      time: t.time,
      bits: t.bits,
      nonce: 0,
    };
    // Generation 0 means "no job"; the counter skips it when it wraps.
    if ((this.nextGeneration | 0) === 0) this.nextGeneration = 1;
    const generation = this.nextGeneration++ | 0;
    Atomics.store(this.control, i, generation);
    this.jobs[i] = { generation, header, coinbase, extraNonce, prepared };
    worker.postMessage({
      generation,
      header: encodeHeader(header),
      target: prepared.targetWords,
      start: 0,
      end: this.noncesPerJob,
    });
  }

  private onReport(i: number, r: WorkerReport): void {
    const job = this.jobs[i];
    if (
      !this.running ||
      !job ||
      job.generation !== r.generation ||
      Atomics.load(this.control, i) !== r.generation
    ) {
      return; // a report on a job that was replaced meanwhile
    }
    if (r.type === 'exhausted') {
      this.assign(i);
      return;
    }
    const header = { ...job.header, nonce: r.nonce };
    const hash = sha256d(encodeHeader(header));
    if (hashToBigInt(hash) > job.prepared.target) {
      this.reportError(new Error(`worker ${i} reported nonce ${r.nonce}, which does not meet the target`));
      this.assign(i);
      return;
    }
    // Every worker drops the template: the next one comes from the source.
    for (let k = 0; k < this.threads; k++) Atomics.store(this.control, k, 0);
    this.jobs = [];
    this.prepared = undefined;
    const found: FoundBlock = {
      block: { header, txs: [job.coinbase, ...job.prepared.template.txs] },
      header,
      nonce: r.nonce,
      hash,
      extraNonce: job.extraNonce,
    };
    try {
      this.emit('found', found);
    } catch (e) {
      this.reportError(e as Error);
    }
    void this.fetchTemplate();
  }

  private async fetchTemplate(): Promise<void> {
    if (!this.running || !this.source || this.fetching) return;
    this.fetching = true;
    try {
      const template = await this.source();
      if (this.running) this.updateTemplate(template);
    } catch (e) {
      this.reportError(e as Error);
      // Retried by the refresh timer, or now if there is none and nothing is being mined.
      if (this.running && this.refreshMs === 0 && !this.prepared)
        setTimeout(() => void this.fetchTemplate(), 1000).unref();
    } finally {
      this.fetching = false;
    }
  }

  private reportError(e: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', e);
  }
}
