import type { ClarityValue } from '@stacks/transactions';

/** A user's call of a genesis contract's public function, as `sender`. */
export interface CallOp {
  type: 'call';
  sender: string;
  /** A genesis contract name: `ledger-light-client`, `staking`, `poi`, `models` or `fai`. */
  contract: string;
  fn: string;
  args: ClarityValue[];
}

/**
 * A call made by the consensus as the system principal (ledger headers, verdicts). Only the
 * consensus creates these; a user op can never name the system principal as its sender.
 */
export interface SystemCallOp {
  type: 'system-call';
  contract: string;
  fn: string;
  args: ClarityValue[];
}

/** A plain FAI transfer, executed as `fai.transfer(amount, recipient)` by `sender`. */
export interface TransferOp {
  type: 'transfer';
  sender: string;
  recipient: string;
  amount: bigint;
}

export type Op = CallOp | SystemCallOp | TransferOp;
