// Ledger reorganisations and restarts through the daemon's consensus sink (ForkChoice + RocksDB store,
// docs/protocol.md §14.9, §16.2) on a synthetic ledger chain of N blocks: one producer registered in
// block 1 commits in every block (elections with a winner from block 4 on); the last 12 blocks before
// the tip and every competing branch carry real VRF proofs and published headers, so inference blocks
// are accepted and a reorg moves the canonical inference tip.
//   reorg-6-after-N-blocks   ms to disconnect the 6 newest ledger blocks and connect a new 7-block
//                            branch (snapshots made, records written, elected headers checked — VRF
//                            verification included) and compute the inference chain's rollback/apply
//                            lists; a fresh branch every run (no snapshot reused), median of 5.
//                            Must not grow with N: published at N = 1,000 and 10,000.
//   restart-after-N-blocks   ms for a ConsensusSink to open over the stored chain of N ledger blocks
//                            (what the daemon does at start, after RocksDB has opened; the open itself,
//                            which replays RocksDB's write-ahead log — bounded by its memtable size, not
//                            by the chain — is printed beside it).
// Baseline of each: the same figure at N = 1,000.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proofToHash, prove, publicKey } from '@funai/ecvrf';
import { encodeFunaiOpScript, type FunaiOp, hashToHex, sha256, type Transaction } from '@funai/ledger-node';
import { pino } from 'pino';
import type { Figure } from '../../tools/bench-report.mjs';
import {
  type ElectedHeaderFields,
  encodeCommit,
  encodeRegisterVrfKey,
  GENESIS_PARENT_HASH,
  InferenceStore,
} from '../dist/index.js';
import type { LedgerBlock } from '../dist/ledger/block.js';
import { ConsensusSink } from '../dist/node/consensus-sink.js';

const SUITE = 'SECP256K1_SHA256_TAI';
const tag = (s: string): Uint8Array => Uint8Array.from(sha256(new TextEncoder().encode(s)));
const VRF_SK = tag('bench vrf key');
const VRF_KEY = publicKey(SUITE, VRF_SK);
const SENDER = Uint8Array.of(0x00, 0x14, ...tag('bench sender').subarray(0, 20));
const PRINCIPAL = { version: 26, hash160: tag('bench principal').subarray(0, 20) };
const BID = 10_000n;
const PUBLISHED = 12;
const DEPTH = 6;
const RUNS = 5;
const log = pino({ level: 'silent' });

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

let txCounter = 0;
function opTx(op: FunaiOp, envelopeValue: bigint): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: tag(`bench tx ${txCounter++}`), vout: 0 },
        scriptSig: new Uint8Array(0),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value: envelopeValue, scriptPubKey: encodeFunaiOpScript(op) }],
    locktime: 0,
  };
}

interface Made {
  block: LedgerBlock;
  header?: { blockHash: Uint8Array; header: ElectedHeaderFields };
}

/** The producer's chain state along one branch: its last published winner and the election seed. */
interface Branch {
  parentHash: Uint8Array;
  height: number;
  seed: Uint8Array;
  /** Ledger height and block hash of the branch's last published winner, or null (genesis parent). */
  lastPublished: { height: number; blockHash: Uint8Array } | null;
}

/** The next ledger block on `b` (1: the registration; from 2: a commit, published when `publish`). */
function nextBlock(b: Branch, salt: string, publish: boolean): Made {
  const L = b.height + 1;
  const hash = tag(`ledger ${hashToHex(b.parentHash)} ${salt}`);
  const ops: { txIndex: number; tx: Transaction; senderScript: Uint8Array }[] = [];
  let header: Made['header'];
  if (L === 1) {
    ops.push({
      txIndex: 1,
      tx: opTx(encodeRegisterVrfKey({ vrfKey: VRF_KEY, principal: PRINCIPAL }), 0n),
      senderScript: SENDER,
    });
  } else {
    const parent = publish ? b.lastPublished : null;
    const vrfProof = publish ? prove(SUITE, VRF_SK, b.seed) : null;
    const blockHash = tag(`inference block ${L} ${salt}`);
    const op = {
      blockHash,
      newSeed: vrfProof ? proofToHash(SUITE, vrfProof) : tag(`seed ${L} ${salt}`),
      keyDelta: L - 1,
      keyTxIndex: 1,
      parentDelta: parent ? L - parent.height : 0,
      parentTxIndex: parent ? 1 : 0,
      ledgerCheck: b.parentHash[0]!,
    };
    ops.push({ txIndex: 1, tx: opTx(encodeCommit(op), BID), senderScript: SENDER });
    if (vrfProof)
      header = {
        blockHash,
        header: {
          parentHash: parent?.blockHash ?? GENESIS_PARENT_HASH,
          ledgerHeight: L,
          ledgerParentHash: b.parentHash,
          vrfProof,
        },
      };
  }
  const block = {
    height: L,
    hash,
    hashHex: hashToHex(hash),
    header: { prevBlock: b.parentHash },
    ops,
  } as unknown as LedgerBlock;
  return { block, ...(header ? { header } : {}) };
}

/** Connects a made block through the sink and publishes its header; returns the branch after it. */
function connect(sink: ConsensusSink, b: Branch, m: Made): Branch {
  sink.connect(m.block);
  const snap = sink.forkChoice.tip!;
  let lastPublished = b.lastPublished;
  if (m.header && snap.winner >= 0) {
    const outcome = sink.forkChoice.publish(m.header.blockHash, m.header.header);
    if (!outcome?.accepted) throw new Error(`bench block at ${m.block.height} not accepted`);
    lastPublished = { height: m.block.height, blockHash: m.header.blockHash };
  } else if (snap.winner >= 0) lastPublished = null;
  return { parentHash: m.block.hash, height: m.block.height, seed: snap.seed, lastPublished };
}

async function measure(n: number): Promise<{ reorg: number; restart: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'funai-bench-reorg-'));
  try {
    let store = await InferenceStore.open(dir);
    let sink = new ConsensusSink({ store, log, startHeight: 1 });
    const genesis = tag('bench ledger genesis');
    let b: Branch = { parentHash: genesis, height: 0, seed: new Uint8Array(32), lastPublished: null };
    const started = performance.now();
    const branchAt: Branch[] = [];
    for (let h = 1; h <= n; h++) {
      branchAt[h] = b;
      b = connect(sink, b, nextBlock(b, 'main', h > n - PUBLISHED));
    }
    console.log(`reorg bench: ${n} ledger blocks made in ${Math.round(performance.now() - started)} ms`);
    const fork = branchAt[n - DEPTH + 1]!; // the branch state after block n − DEPTH
    const main = b;
    const tipBefore = sink.forkChoice.inferenceTip();

    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // A fresh competing branch of DEPTH + 1 blocks from the fork point, its proofs made beforehand.
      const made: Made[] = [];
      let alt = fork;
      for (let i = 0; i <= DEPTH; i++) {
        const m = nextBlock(alt, `alt ${run}`, true);
        made.push(m);
        const seed = m.header ? proofToHash(SUITE, m.header.header.vrfProof) : alt.seed;
        alt = {
          parentHash: m.block.hash,
          height: m.block.height,
          seed,
          lastPublished: m.header ? { height: m.block.height, blockHash: m.header.blockHash } : null,
        };
      }
      const t = performance.now();
      for (let h = n; h > n - DEPTH; h--)
        sink.disconnect({ height: h, hashHex: hashToHex(sink.forkChoice.tip!.ledgerHash) });
      let cur = fork;
      for (const m of made) cur = connect(sink, cur, m);
      const { rollback, apply } = sink.forkChoice.inferenceReorg(tipBefore, sink.forkChoice.inferenceTip());
      times.push(performance.now() - t);
      if (rollback.length !== DEPTH || apply.length !== DEPTH + 1)
        throw new Error(`unexpected inference reorg: −${rollback.length} +${apply.length}`);
      // Back to the main branch (its snapshots are reused), untimed.
      for (let h = n + 1; h > n - DEPTH; h--)
        sink.disconnect({ height: h, hashHex: hashToHex(sink.forkChoice.tip!.ledgerHash) });
      cur = fork;
      for (let h = n - DEPTH + 1; h <= n; h++) cur = connect(sink, cur, nextBlock(cur, 'main', true));
      if (hashToHex(cur.parentHash) !== hashToHex(main.parentHash))
        throw new Error('main branch not restored');
    }

    await store.close();
    const t = performance.now();
    store = await InferenceStore.open(dir);
    const opened = performance.now();
    sink = new ConsensusSink({ store, log, startHeight: 1 });
    const restart = performance.now() - opened;
    console.log(
      `reorg bench: restart after ${n} blocks: store open ${Math.round(opened - t)} ms, consensus state ${restart.toFixed(1)} ms`,
    );
    if (sink.tip?.height !== n) throw new Error('restart lost the tip');
    await store.close();
    return { reorg: median(times), restart };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchReorg(): Promise<Figure[]> {
  const small = await measure(Number(process.env.BENCH_REORG_SMALL ?? 1_000));
  const large = await measure(Number(process.env.BENCH_REORG_LARGE ?? 10_000));
  const vs = (name: string, unit: string, a: number, base: number): Figure => ({
    name,
    value: a,
    unit,
    baseline: 'same at 1,000 ledger blocks',
    baselineValue: base,
  });
  return [
    { name: 'reorg-6-after-1000-blocks', value: small.reorg, unit: 'ms' },
    vs('reorg-6-after-10000-blocks', 'ms', large.reorg, small.reorg),
    { name: 'restart-after-1000-blocks', value: small.restart, unit: 'ms' },
    vs('restart-after-10000-blocks', 'ms', large.restart, small.restart),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchReorg());
