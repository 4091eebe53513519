// Block connection throughput: 500 pre-generated regtest blocks of 2,000 signed P2WPKH spends each,
// connected by the chain state on RocksDB from an (almost) empty UTXO set, against the time the same
// blocks' script checks take alone on a worker pool of the same size, the two alternating every ten
// blocks. The ratio shows what validation outside the signatures and storage cost on top.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Figure } from '../../tools/bench-report.mjs';
import type { ProcessBlockResult } from '../dist/chain/chain-state.js';
import { ScriptCheckPool } from '../dist/chain/script-check-pool.js';
import type { ScriptCheck } from '../dist/consensus/connect-block.js';
import { coinbaseHeightPrefix } from '../dist/consensus/contextual.js';
import { REGTEST_PARAMS } from '../dist/consensus/params.js';
import { checkProofOfWork } from '../dist/consensus/pow.js';
import { getBlockScriptFlags } from '../dist/consensus/script-flags.js';
import { blockSubsidy } from '../dist/consensus/subsidy.js';
import { sha256d } from '../dist/crypto/hash.js';
import { openChainStateDir } from '../dist/node/chainstate-dir.js';
import { decodeBlock } from '../dist/wire/block.js';
import { concatBytes } from '../dist/wire/bytes.js';
import type { BlockHeader } from '../dist/wire/header.js';
import { blockHash, encodeHeader } from '../dist/wire/header.js';
import { computeMerkleRoot } from '../dist/wire/merkle.js';
import type { Transaction, TxOut } from '../dist/wire/tx.js';
import { encodeTx, NULL_TXID, SEQUENCE_FINAL, txid } from '../dist/wire/tx.js';
import { witnessCommitmentHash, witnessCommitmentScript } from '../dist/wire/witness-commitment.js';
import { ByteWriter } from '../dist/wire/writer.js';
import { type BenchKey, benchKey } from './fixtures/p2wpkh-keys.ts';

/** What a generator worker is asked for: the chains [from, to) over `blocks` blocks. */
export interface GenerateJob {
  from: number;
  to: number;
  blocks: number;
  funding: { txid: Uint8Array; value: bigint }[];
  perFundingBlock: number;
}

export interface GeneratedTx {
  raw: Uint8Array;
  txid: Uint8Array;
  wtxid: Uint8Array;
  fee: bigint;
  spentValue: bigint;
  spentScript: Uint8Array;
}

const KEYS = 64;
const keyCache = new Map<number, BenchKey>();

/** The key of spend chain k (64 keys, reused round-robin). */
export function chainKey(k: number): BenchKey {
  const i = k % KEYS;
  let key = keyCache.get(i);
  if (key === undefined) {
    key = benchKey(`connect-bench key ${i}`);
    keyCache.set(i, key);
  }
  return key;
}

const params = REGTEST_PARAMS;
const CHAINS = 2000;
/** Coinbase outputs per funding block: 100 funding blocks give the 2,000 chains their coins. */
const PER_FUNDING_BLOCK = 20;
const FUNDING_BLOCKS = CHAINS / PER_FUNDING_BLOCK;

interface Prepared {
  /** Blocks 1..N before the measured ones: funding and maturity (not timed). */
  setup: Uint8Array[];
  measured: Uint8Array[];
  /** Per measured block, per transaction, the output its single input spends. */
  spent: TxOut[][];
}

function mine(h: BlockHeader): BlockHeader {
  while (!checkProofOfWork(blockHash(h), h.bits, params.powLimit)) h.nonce++;
  return h;
}

function coinbase(height: number, outputs: TxOut[], witnessCommitment?: Uint8Array): Transaction {
  const outs = witnessCommitment
    ? [...outputs, { value: 0n, scriptPubKey: witnessCommitmentScript(witnessCommitment) }]
    : outputs;
  return {
    version: 1,
    inputs: [
      {
        prevout: { txid: NULL_TXID.slice(), vout: 0xffffffff },
        scriptSig: concatBytes(coinbaseHeightPrefix(height), Uint8Array.of(0x00)),
        sequence: SEQUENCE_FINAL,
        witness: witnessCommitment ? [new Uint8Array(32)] : [],
      },
    ],
    outputs: outs,
    locktime: 0,
  };
}

/** Serializes a block from a coinbase and already-serialized transactions with their ids. */
function assemble(prev: Uint8Array, height: number, cb: Transaction, txs: GeneratedTx[]): Uint8Array {
  const txids = [txid(cb), ...txs.map((t) => t.txid)];
  const header = mine({
    version: 0x20000000,
    prevBlock: prev,
    merkleRoot: computeMerkleRoot(txids).root,
    time: params.genesis.header.time + height,
    bits: params.powLimitBits,
    nonce: 0,
  });
  const w = new ByteWriter(1024 + txs.reduce((n, t) => n + t.raw.length, 0));
  w.bytes(encodeHeader(header))
    .compactSize(1 + txs.length)
    .bytes(encodeTx(cb));
  for (const t of txs) w.bytes(t.raw);
  return w.finish();
}

async function generate(blocks: number): Promise<Prepared> {
  const setup: Uint8Array[] = [];
  const funding: { txid: Uint8Array; value: bigint }[] = [];
  let prev = params.genesisHash;
  // Funding: coinbases of 20 outputs each; then empty blocks until the first is mature.
  const lastSetup = FUNDING_BLOCKS + params.coinbaseMaturity - 1;
  for (let h = 1; h <= lastSetup; h++) {
    const subsidy = blockSubsidy(h);
    const n = h <= FUNDING_BLOCKS ? PER_FUNDING_BLOCK : 1;
    const outs: TxOut[] = [];
    for (let i = 0; i < n; i++)
      outs.push({ value: subsidy / BigInt(n), scriptPubKey: chainKey((h - 1) * n + i).script });
    const cb = coinbase(h, outs);
    if (h <= FUNDING_BLOCKS) funding.push({ txid: txid(cb), value: subsidy / BigInt(n) });
    const raw = assemble(prev, h, cb, []);
    prev = blockHash(decodeBlock(raw).header);
    setup.push(raw);
  }

  // The signed spends, generated on every core: chain k spends its coin, paying 1,000 units away
  // and the rest (less a fee) back to itself, once per block.
  const cores = availableParallelism();
  const per = Math.ceil(CHAINS / cores);
  const parts = await Promise.all(
    Array.from({ length: cores }, (_, c) => {
      const job: GenerateJob = {
        from: c * per,
        to: Math.min(CHAINS, (c + 1) * per),
        blocks,
        funding: funding.map((f) => ({ txid: f.txid, value: f.value })),
        perFundingBlock: PER_FUNDING_BLOCK,
      };
      return new Promise<GeneratedTx[][]>((resolve, reject) => {
        const w = new Worker(new URL('./connect-blocks-worker.ts', import.meta.url), { workerData: job });
        w.once('message', resolve);
        w.once('error', reject);
      });
    }),
  );

  const measured: Uint8Array[] = [];
  const spent: TxOut[][] = [];
  for (let g = 0; g < blocks; g++) {
    const height = lastSetup + 1 + g;
    const txs = parts.flatMap((p) => p[g]!);
    const fees = txs.reduce((n, t) => n + t.fee, 0n);
    const witnessRoot = computeMerkleRoot([new Uint8Array(32), ...txs.map((t) => t.wtxid)]).root;
    const commitment = witnessCommitmentHash(witnessRoot, new Uint8Array(32));
    const cb = coinbase(
      height,
      [{ value: blockSubsidy(height) + fees, scriptPubKey: chainKey(0).script }],
      commitment,
    );
    const raw = assemble(prev, height, cb, txs);
    prev = sha256d(raw.subarray(0, 80));
    measured.push(raw);
    spent.push(txs.map((t) => ({ value: t.spentValue, scriptPubKey: t.spentScript })));
  }
  return { setup, measured, spent };
}

/**
 * The prepared blocks kept in a file (`BENCH_CONNECT_CACHE=<file>`), so that repeated runs skip the
 * minutes of signing: setup count u32, measured count u32, then each block as length u32 + bytes,
 * then per measured block per transaction its spent output (value i64, script length u32, script).
 */
function savePrepared(file: string, p: Prepared): void {
  const w = new ByteWriter(1 << 20);
  w.u32le(p.setup.length).u32le(p.measured.length);
  for (const b of [...p.setup, ...p.measured]) w.u32le(b.length).bytes(b);
  for (const outs of p.spent) {
    w.u32le(outs.length);
    for (const o of outs) w.i64le(o.value).u32le(o.scriptPubKey.length).bytes(o.scriptPubKey);
  }
  writeFileSync(file, w.finish());
}

function loadPrepared(file: string): Prepared {
  const buf = readFileSync(file);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  const u32 = () => {
    const v = dv.getUint32(o, true);
    o += 4;
    return v;
  };
  const take = (n: number) => {
    const b = bytes.subarray(o, o + n);
    o += n;
    return b;
  };
  const nSetup = u32();
  const nMeasured = u32();
  const blocks = Array.from({ length: nSetup + nMeasured }, () => take(u32()));
  const spent = Array.from({ length: nMeasured }, () =>
    Array.from({ length: u32() }, () => {
      const value = dv.getBigInt64(o, true);
      o += 8;
      return { value, scriptPubKey: take(u32()) };
    }),
  );
  return { setup: blocks.slice(0, nSetup), measured: blocks.slice(nSetup), spent };
}

export async function prepare(blocks: number): Promise<Prepared> {
  const file = process.env.BENCH_CONNECT_CACHE;
  if (file && existsSync(file)) {
    const p = loadPrepared(file);
    if (p.measured.length >= blocks) return { ...p, measured: p.measured.slice(0, blocks) };
  }
  const p = await generate(blocks);
  if (file) savePrepared(file, p);
  return p;
}

function directorySize(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? directorySize(p) : statSync(p).size;
  }
  return n;
}

export async function benchConnectBlocks(blocks = 500): Promise<Figure[]> {
  const txPerBlock = CHAINS;
  const t0 = performance.now();
  const prepared = await prepare(blocks);
  console.log(
    `generated ${blocks} blocks × ${txPerBlock} txs in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const threads = availableParallelism();
  const root = await mkdtemp(join(tmpdir(), 'funai-bench-connect-'));
  let connectSeconds = 0;
  let sigSeconds = 0;
  let dbBytes = 0;
  let cache = { hits: 0, misses: 0, peakUsage: 0, flushes: 0 };
  let flushSeconds = 0;
  try {
    const cs = await openChainStateDir(root, params, undefined, {
      scriptThreads: threads,
      now: () => params.genesis.header.time + 1_000_000,
    });
    // The same script checks, alone, on a pool of the same size (idle while the chain state's works).
    const pool = new ScriptCheckPool(threads);
    try {
      for (const raw of prepared.setup) await cs.processBlock(decodeBlock(raw), raw);
      const connected = (r: ProcessBlockResult) => {
        if (r.status !== 'connected')
          throw new Error(`block ${r.hash} not connected: ${r.status} ${r.reason ?? ''}`);
      };
      // Connecting and the script checks alone alternate every CHUNK blocks, so that on a shared
      // machine both see the same load. Within a chunk blocks are handed over as a download hands
      // them (net/sync.ts passes each block on as it arrives, without waiting for the one before):
      // the next block is already passed while one connects, so its context-free checks overlap that
      // block's script checks.
      const CHUNK = 10;
      for (let from = 0; from < prepared.measured.length; from += CHUNK) {
        const to = Math.min(prepared.measured.length, from + CHUNK);
        const start = performance.now();
        let previous: Promise<ProcessBlockResult> | undefined;
        for (let g = from; g < to; g++) {
          const raw = prepared.measured[g]!;
          const next = cs.processBlock(decodeBlock(raw), raw);
          if (previous !== undefined) connected(await previous);
          previous = next;
        }
        if (previous !== undefined) connected(await previous);
        connectSeconds += (performance.now() - start) / 1000;

        for (let g = from; g < to; g++) {
          const block = decodeBlock(prepared.measured[g]!);
          const height = prepared.setup.length + 1 + g;
          const flags = getBlockScriptFlags(height, params);
          const checks: ScriptCheck[] = block.txs.slice(1).map((tx, i) => ({
            tx,
            txIndex: i + 1,
            inputIndex: 0,
            spent: prepared.spent[g]![i]!,
            flags,
          }));
          const start = performance.now();
          await pool.run(checks);
          sigSeconds += (performance.now() - start) / 1000;
        }
      }
    } finally {
      await pool.close();
    }
    // What the write-back cache left unwritten is written now, and counted: the figure is the
    // rate at which blocks reach the disk, not only memory.
    const flushStart = performance.now();
    await cs.flush();
    flushSeconds = (performance.now() - flushStart) / 1000;
    connectSeconds += flushSeconds;
    cache = cs.cacheStats();
    const tip = cs.getTip();
    await cs.close();
    dbBytes = directorySize(join(root, params.name, 'chainstate'));
    console.log(
      `connected to height ${tip.height}; final flush ${flushSeconds.toFixed(2)} s, ${cache.flushes} flushes before it`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  const txs = blocks * txPerBlock;
  const name = `connect-${blocks}x${txPerBlock}`;
  const baseline = `sigchecks-only-${blocks}x${txPerBlock}`;
  return [
    { name: baseline, value: txs / sigSeconds, unit: `tx/s (${threads} threads)` },
    {
      name,
      value: txs / connectSeconds,
      unit: `tx/s (${threads} threads)`,
      baseline,
      baselineValue: txs / sigSeconds,
    },
    { name: `${name}-blocks`, value: blocks / connectSeconds, unit: 'blocks/s' },
    { name: `${name}-rocksdb-size`, value: dbBytes / 2 ** 20, unit: 'MiB' },
    {
      name: 'utxo-cache-hit-rate',
      value: cache.hits / Math.max(1, cache.hits + cache.misses),
      unit: `of UTXO lookups while connecting (${cache.hits + cache.misses})`,
    },
    { name: 'dbcache-peak-mib', value: cache.peakUsage / 2 ** 20, unit: 'MiB (-dbcache 450)' },
  ];
}
