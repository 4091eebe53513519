/**
 * Flash-bid damping (docs/protocol.md §14.7), Stacks' rule: a commit's weight is
 * min(its bid, the median of its producer's bids over the last DAMPING_WINDOW ledger blocks of the
 * fork, this one included, 0 for a block where the producer had no valid commit). A producer is
 * its registration (ledger position): rotating the key starts a new history.
 */
export const DAMPING_WINDOW = 6;

/**
 * The median of a non-empty list: the middle value of the sorted list for an odd length, and
 * ⌊(a + b) / 2⌋ of the two middle values for an even one.
 */
export function medianBid(values: readonly bigint[]): bigint {
  if (values.length === 0) throw new RangeError('the median of nothing');
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = s.length >> 1;
  if (s.length % 2 === 1) return s[mid]!;
  return (s[mid - 1]! + s[mid]!) / 2n;
}

/**
 * The damped weight of a commit. `history` is the producer's bid in each of the DAMPING_WINDOW − 1
 * ledger blocks before this one (0 where it had no valid commit, and before the consensus starts);
 * the window is history plus the current bid.
 */
export function dampedWeight(currentBid: bigint, history: readonly bigint[]): bigint {
  if (history.length !== DAMPING_WINDOW - 1) {
    throw new RangeError(`the history is the ${DAMPING_WINDOW - 1} blocks before this one`);
  }
  const m = medianBid([...history, currentBid]);
  return currentBid < m ? currentBid : m;
}
