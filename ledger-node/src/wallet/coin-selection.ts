/**
 * Coin selection for the wallet: first a branch-and-bound search for an input set that needs no
 * change (as Bitcoin Core's BnB), else the largest coins first with a change output. Amounts are
 * base units, sizes virtual bytes, fee rates base units per virtual byte.
 */

export interface SelectableCoin<T> {
  value: bigint;
  /** Virtual size the input adds when spent (68 for P2WPKH). */
  inputVsize: number;
  ref: T;
}

export interface SelectionRequest {
  /** Sum of the payment outputs. */
  target: bigint;
  feeRate: bigint;
  /** Virtual size of the transaction without inputs and without change. */
  baseVsize: number;
  /** Virtual size of a change output (31 for P2WPKH). */
  changeVsize: number;
  /** Change below this is given to the fee instead of creating dust. */
  minChange: bigint;
}

export interface Selection<T> {
  coins: SelectableCoin<T>[];
  fee: bigint;
  /** 0n when no change output is made. */
  change: bigint;
}

export class InsufficientFundsError extends Error {
  override readonly name = 'InsufficientFundsError';
  constructor() {
    super('Insufficient funds');
  }
}

const BNB_MAX_TRIES = 100_000;

function effectiveValue<T>(c: SelectableCoin<T>, feeRate: bigint): bigint {
  return c.value - BigInt(c.inputVsize) * feeRate;
}

/** A changeless set whose effective value lands in [need, need + cost of change]. */
function branchAndBound<T>(coins: SelectableCoin<T>[], need: bigint, window: bigint, feeRate: bigint) {
  const pool = coins
    .map((c) => ({ c, ev: effectiveValue(c, feeRate) }))
    .filter((x) => x.ev > 0n)
    .sort((a, b) => (a.ev === b.ev ? 0 : a.ev > b.ev ? -1 : 1));
  const remainingAfter: bigint[] = new Array(pool.length + 1).fill(0n);
  for (let i = pool.length - 1; i >= 0; i--) remainingAfter[i] = remainingAfter[i + 1]! + pool[i]!.ev;
  let best: number[] | null = null;
  let bestWaste = 0n;
  let tries = 0;
  const chosen: number[] = [];
  const walk = (i: number, sum: bigint): void => {
    if (++tries > BNB_MAX_TRIES || sum > need + window) return;
    if (sum >= need) {
      const waste = sum - need;
      if (best === null || waste < bestWaste) {
        best = [...chosen];
        bestWaste = waste;
      }
      return;
    }
    if (i >= pool.length || sum + remainingAfter[i]! < need) return;
    chosen.push(i);
    walk(i + 1, sum + pool[i]!.ev);
    chosen.pop();
    walk(i + 1, sum);
  };
  walk(0, 0n);
  return best === null ? null : (best as number[]).map((i) => pool[i]!.c);
}

export function selectCoins<T>(coins: SelectableCoin<T>[], req: SelectionRequest): Selection<T> {
  const baseFee = BigInt(req.baseVsize) * req.feeRate;
  const changeCost = BigInt(req.changeVsize) * req.feeRate;
  const exact = branchAndBound(coins, req.target + baseFee, changeCost + req.minChange, req.feeRate);
  if (exact) {
    const total = exact.reduce((s, c) => s + c.value, 0n);
    return { coins: exact, fee: total - req.target, change: 0n };
  }
  const byValue = [...coins].sort((a, b) => (a.value === b.value ? 0 : a.value > b.value ? -1 : 1));
  const picked: SelectableCoin<T>[] = [];
  let total = 0n;
  let inputVsize = 0;
  for (const c of byValue) {
    if (effectiveValue(c, req.feeRate) <= 0n) continue;
    picked.push(c);
    total += c.value;
    inputVsize += c.inputVsize;
    const feeNoChange = BigInt(req.baseVsize + inputVsize) * req.feeRate;
    if (total < req.target + feeNoChange) continue;
    const feeWithChange = feeNoChange + changeCost;
    const change = total - req.target - feeWithChange;
    if (change >= req.minChange) return { coins: picked, fee: feeWithChange, change };
    // Too little left for a change output: the remainder goes to the fee.
    return { coins: picked, fee: total - req.target, change: 0n };
  }
  throw new InsufficientFundsError();
}
