// Mempool acceptance throughput: N independent pre-signed P2WPKH spends of confirmed coins accepted
// into an empty pool (every policy check, the script checks, the pool's bookkeeping), next to the
// same transactions' script checks alone, so that the policy and bookkeeping overhead shows as the
// ratio. Run directly (`node bench/mempool.ts`) it prints the table; bench/run.ts writes the report.
import type { Figure } from '../../tools/bench-report.mjs';
import type { Coin } from '../dist/consensus/coins.js';
import { outpointKey } from '../dist/consensus/coins.js';
import { REGTEST_PARAMS } from '../dist/consensus/params.js';
import { hash160, sha256 } from '../dist/crypto/hash.js';
import { publicKeyFromPrivate, signEcdsaDer } from '../dist/crypto/secp256k1.js';
import { Mempool } from '../dist/mempool/mempool.js';
import { STANDARD_SCRIPT_VERIFY_FLAGS } from '../dist/mempool/policy.js';
import { verifyInput } from '../dist/script/interpreter.js';
import { PrecomputedTransactionData, SIGHASH_ALL, witnessV0SignatureHash } from '../dist/script/sighash.js';
import { scriptForP2PKH, scriptForP2WPKH } from '../dist/script/standard.js';
import { concatBytes } from '../dist/wire/bytes.js';
import type { OutPoint, Transaction } from '../dist/wire/tx.js';
import { SEQUENCE_FINAL } from '../dist/wire/tx.js';

const N = Number(process.env.BENCH_MEMPOOL_TXS ?? 2_000);
const ROUNDS = 5;
const TIP = 1_000;
const NOW = 1_800_000_000;

interface Setup {
  txs: Transaction[];
  coins: Map<string, Coin>;
}

function setup(): Setup {
  const coins = new Map<string, Coin>();
  const txs: Transaction[] = [];
  for (let i = 0; i < N; i++) {
    const priv = sha256(new TextEncoder().encode(`mempool bench ${i}`));
    const pub = publicKeyFromPrivate(priv, true);
    const script = scriptForP2WPKH(hash160(pub));
    const outpoint: OutPoint = { txid: sha256(priv), vout: i % 3 };
    const coin: Coin = {
      output: { value: 100_000n, scriptPubKey: script },
      height: TIP - 10,
      isCoinbase: false,
    };
    coins.set(outpointKey(outpoint), coin);
    const tx: Transaction = {
      version: 2,
      inputs: [{ prevout: outpoint, scriptSig: new Uint8Array(0), sequence: SEQUENCE_FINAL, witness: [] }],
      outputs: [
        { value: 60_000n, scriptPubKey: script },
        { value: 38_000n, scriptPubKey: scriptForP2WPKH(hash160(sha256(pub))) },
      ],
      locktime: 0,
    };
    const sighash = witnessV0SignatureHash(scriptForP2PKH(hash160(pub)), tx, 0, SIGHASH_ALL, 100_000n);
    tx.inputs[0]!.witness = [concatBytes(signEcdsaDer(sighash, priv), Uint8Array.of(SIGHASH_ALL)), pub];
    txs.push(tx);
  }
  return { txs, coins };
}

function newPool(coins: Map<string, Coin>): Mempool {
  return new Mempool({
    chain: {
      getCoin: (o) => coins.get(outpointKey(o)),
      tipHeight: () => TIP,
      medianTimePast: (h) => 1_700_000_000 + h * 30,
    },
    params: REGTEST_PARAMS,
  });
}

/** Transactions per second of each op over all N transactions, in interleaved rounds. */
function rates(ops: (() => void)[]): number[] {
  const time = ops.map(() => 0);
  for (const op of ops) op(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    ops.forEach((op, k) => {
      const start = performance.now();
      op();
      time[k]! += performance.now() - start;
    });
  }
  return time.map((ms) => (N * ROUNDS * 1000) / ms);
}

export async function benchMempool(): Promise<Figure[]> {
  const { txs, coins } = setup();
  const [checks = 0, accept = 0] = rates([
    () => {
      for (const tx of txs) {
        const spent = coins.get(outpointKey(tx.inputs[0]!.prevout))!.output;
        const code = verifyInput(
          tx,
          0,
          spent,
          STANDARD_SCRIPT_VERIFY_FLAGS,
          new PrecomputedTransactionData(tx),
        );
        if (code !== 'OK') throw new Error(`script check failed: ${code}`);
      }
    },
    () => {
      const pool = newPool(coins);
      for (const tx of txs) pool.accept(tx, NOW);
      if (pool.size !== N) throw new Error(`accepted ${pool.size} of ${N}`);
    },
  ]);
  const baseline = 'mempool-scriptchecks';
  return [
    { name: baseline, value: Math.round(checks), unit: 'tx/s' },
    {
      name: 'mempool-accept',
      value: Math.round(accept),
      unit: 'tx/s',
      baseline,
      baselineValue: Math.round(checks),
    },
  ];
}

if (import.meta.main) console.table(await benchMempool());
