// Mempool acceptance throughput: N independent pre-signed P2WPKH spends of confirmed coins accepted
// into an empty pool (every policy check, the script checks, the pool's bookkeeping), next to the
// same transactions' script checks alone, so that the policy and bookkeeping overhead shows as the
// ratio. Acceptance is given each transaction's ids from its bytes, as a received transaction is
// (relay's tx messages). Run directly (`node bench/mempool.ts`) it prints the table; bench/run.ts writes the report.
import type { Figure } from '../../tools/bench-report.mjs';
import { outpointKey } from '../dist/consensus/coins.js';
import { REGTEST_PARAMS } from '../dist/consensus/params.js';
import type { MempoolChain } from '../dist/mempool/accept.js';
import { Mempool } from '../dist/mempool/mempool.js';
import { STANDARD_SCRIPT_VERIFY_FLAGS } from '../dist/mempool/policy.js';
import { verifyInput } from '../dist/script/interpreter.js';
import { PrecomputedTransactionData } from '../dist/script/sighash.js';
import { encodeTx, txIdsFromBytes } from '../dist/wire/tx.js';
import { signedP2wpkhSpends } from './fixtures/p2wpkh-spends.ts';

const N = Number(process.env.BENCH_MEMPOOL_TXS ?? 2_000);
const ROUNDS = 5;
const TIP = 1_000;
const NOW = 1_800_000_000;

/**
 * A pool on `chain`: the node's chain view is one long-lived object, so every round's pool gets the
 * same one (a fresh view per round would give V8 new call targets and deoptimise acceptance mid-run).
 */
function newPool(chain: MempoolChain): Mempool {
  return new Mempool({ chain, params: REGTEST_PARAMS });
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
  const { txs, coins } = signedP2wpkhSpends(N, TIP - 10, 'mempool bench');
  const raws = txs.map((tx) => encodeTx(tx));
  const chain: MempoolChain = {
    getCoin: (o) => coins.get(outpointKey(o)),
    tipHeight: () => TIP,
    medianTimePast: (h) => 1_700_000_000 + h * 30,
  };
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
      const pool = newPool(chain);
      txs.forEach((tx, i) => {
        pool.accept(tx, NOW, { ids: txIdsFromBytes(raws[i]!, tx) });
      });
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
