// Helpers of the consensus suites. The transaction, block and chain builders live in
// test/support/chain-builder.ts; they are re-exported here for the suites that import them from this
// path (test/mining).
import { ValidationError } from '../../src/consensus/errors.js';

export * from '../support/chain-builder.js';

/** The reason (and mutated flag) a consensus check throws, or 'ok'. */
export function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (err) {
    if (err instanceof ValidationError) return err.mutated ? `${err.reason} (mutated)` : err.reason;
    throw err;
  }
}
