// Sending from the wallet, shared by sendtoaddress, sendmany (wallet-spend.ts) and sendfunaiop
// (funai.ts): fee choice and rate, wallet errors as RPC errors, build-sign-submit.
import { MempoolRejection } from '../../mempool/errors.js';
import type { Wallet } from '../../wallet/wallet.js';
import { WalletError } from '../../wallet/wallet.js';
import { hashToHex } from '../../wire/bytes.js';
import type { Transaction, TxOut } from '../../wire/tx.js';
import { txid } from '../../wire/tx.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { amountFromValue } from '../json.js';
import type { RpcParam } from '../params.js';
import { checkFeeArgs } from './fee-args.js';
import { rejectionText } from './tx-submission.js';

/** The wallet's default confirmation target (Core's -txconfirmtarget). */
export const DEFAULT_TX_CONFIRM_TARGET = 6;

export interface FeeChoice {
  confTarget?: number | undefined;
  estimateMode?: string | undefined;
  /** Core's `fee_rate` argument: base units per virtual byte, as given (number or string). */
  feeRate?: unknown;
}

/** The confirmation-target argument of the wallet's send methods. */
export const CONF_TARGET_PARAM: RpcParam = {
  name: 'conf_target',
  type: 'int',
  optional: true,
  help: 'Confirmation target in blocks',
};

/** A send method's fee arguments (`conf_target`, `estimate_mode`, `fee_rate`, those it has). */
export function feeChoiceOf(args: Record<string, unknown>): FeeChoice {
  return {
    confTarget: args.conf_target as number | undefined,
    estimateMode: args.estimate_mode as string | undefined,
    feeRate: args.fee_rate,
  };
}

/** bitcoind's check of a send's amounts: each must be positive. */
export function requirePositiveAmounts(outputs: readonly TxOut[]): void {
  if (outputs.some((o) => o.value <= 0n))
    throw new RpcError(RpcErrorCode.TYPE_ERROR, 'Invalid amount for send');
}

/** A wallet failure as the RPC error bitcoind gives for it. */
export function walletErrorToRpc(e: unknown): unknown {
  if (e instanceof WalletError) return new RpcError(e.code, e.message);
  return e;
}

/** Runs a wallet operation (sync or async), its wallet failures as the RPC errors bitcoind gives. */
export function withWalletErrors<T>(op: () => T): T {
  let result: T;
  try {
    result = op();
  } catch (e) {
    throw walletErrorToRpc(e);
  }
  if (!(result instanceof Promise)) return result;
  return result.catch((e: unknown) => {
    throw walletErrorToRpc(e);
  }) as T;
}

/**
 * The fee rate a wallet transaction pays, in base units per virtual byte: the explicit `fee_rate`
 * (Core's sat/vB), else estimatesmartfee for the confirmation target, rounded up.
 */
export function walletFeeRate(node: RpcNode, choice: FeeChoice): bigint {
  if (choice.feeRate !== undefined && choice.feeRate !== null) {
    if (choice.confTarget !== undefined) {
      throw new RpcError(
        RpcErrorCode.INVALID_PARAMETER,
        'Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.',
      );
    }
    // sat/vB with up to 3 decimals: read as thousandths and round up to whole base units per vB.
    const milli = amountFromValue(choice.feeRate, undefined, 3);
    return (milli + 999n) / 1000n;
  }
  const target = choice.confTarget ?? DEFAULT_TX_CONFIRM_TARGET;
  checkFeeArgs(target, choice.estimateMode ?? 'unset');
  const perKvB = node.fees.estimate(target).feeRate;
  return (perKvB + 999n) / 1000n;
}

/**
 * Builds, signs and broadcasts a wallet transaction paying `outputs` (in that order; change, when
 * any, goes last). Returns the transaction; the wallet records it through the mempool's event.
 */
export function sendFromWallet(
  node: RpcNode,
  wallet: Wallet,
  outputs: TxOut[],
  fee: FeeChoice,
  /** Fund only from this script and return the change to it (PaymentRequest.from). */
  from?: Uint8Array,
): Transaction {
  const feeRate = walletFeeRate(node, fee);
  const tx = withWalletErrors(() =>
    wallet.createTransaction(
      from === undefined ? { outputs, feeRate } : { outputs, feeRate, from },
      node.chain.getTip().height,
      node.params.coinbaseMaturity,
    ),
  );
  try {
    node.submitTransaction(tx);
  } catch (e) {
    if (e instanceof MempoolRejection) {
      throw new RpcError(
        RpcErrorCode.WALLET_ERROR,
        `Transaction rejected by the mempool: ${rejectionText(e)}`,
      );
    }
    throw e;
  }
  return tx;
}

export function txidHex(tx: Transaction): string {
  return hashToHex(txid(tx));
}
