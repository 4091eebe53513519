/**
 * Running the script checks connectBlock returns. A chain state may spread them over worker threads
 * (a check carries everything it needs); this is the single-threaded form and the per-check step.
 */
import { scriptErrorString } from '../script/errors.js';
import { verifyInput } from '../script/interpreter.js';
import { PrecomputedTransactionData } from '../script/sighash.js';
import { hashToHex } from '../wire/bytes.js';
import type { Transaction } from '../wire/tx.js';
import { txid } from '../wire/tx.js';
import type { ScriptCheck } from './connect-block.js';
import { ValidationError } from './errors.js';

/**
 * Verifies one input; a failure is Core's block reason `mandatory-script-verify-flag-failed (<script
 * error text>)`. `txdata` shares the BIP143 hashes between the inputs of one transaction.
 */
export function runScriptCheck(check: ScriptCheck, txdata?: PrecomputedTransactionData): void {
  const code = verifyInput(check.tx, check.inputIndex, check.spent, check.flags, txdata);
  if (code !== 'OK') {
    throw new ValidationError(
      `mandatory-script-verify-flag-failed (${scriptErrorString(code)})`,
      `input ${check.inputIndex} of transaction ${hashToHex(txid(check.tx))}`,
    );
  }
}

/** Verifies every check in order, stopping at the first failure. */
export function runScriptChecks(checks: readonly ScriptCheck[]): void {
  const cache = new Map<Transaction, PrecomputedTransactionData>();
  for (const check of checks) {
    let txdata = cache.get(check.tx);
    if (!txdata) {
      txdata = new PrecomputedTransactionData(check.tx);
      cache.set(check.tx, txdata);
    }
    runScriptCheck(check, txdata);
  }
}
