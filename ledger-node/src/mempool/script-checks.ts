import { scriptErrorString } from '../script/errors.js';
import { verifyInput } from '../script/interpreter.js';
import { PrecomputedTransactionData } from '../script/sighash.js';
import type { Transaction, TxOut } from '../wire/tx.js';
import { MempoolRejection } from './errors.js';

/**
 * Core's PolicyScriptChecks and CheckInputScripts for the mempool: every input under the policy
 * flags. An input that fails them is checked again under the consensus flags alone: if it passes,
 * the failure is policy (`non-mandatory-script-verify-flag (<error>)`, kind 'not-standard'), else
 * consensus (`mandatory-script-verify-flag-failed (<error>)`), the error text being the policy run's,
 * as Core reports it. A peer is only penalised for the second.
 */
export function checkInputScripts(
  tx: Transaction,
  spent: readonly TxOut[],
  policyFlags: number,
  consensusFlags: number,
): void {
  const txdata = new PrecomputedTransactionData(tx);
  for (let i = 0; i < tx.inputs.length; i++) {
    const code = verifyInput(tx, i, spent[i]!, policyFlags, txdata);
    if (code === 'OK') continue;
    const detail = `input ${i}`;
    if (verifyInput(tx, i, spent[i]!, consensusFlags, txdata) === 'OK') {
      throw new MempoolRejection(
        `non-mandatory-script-verify-flag (${scriptErrorString(code)})`,
        'not-standard',
        detail,
      );
    }
    throw new MempoolRejection(
      `mandatory-script-verify-flag-failed (${scriptErrorString(code)})`,
      'consensus',
      detail,
    );
  }
}
