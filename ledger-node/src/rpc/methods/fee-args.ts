// Fee rates in RPC answers and the fee-estimation arguments (conf_target, estimate_mode).
import { MAX_CONFIRMATION_TARGET } from '../../mempool/fee-estimator.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import type { RawJson } from '../json.js';
import { valueFromAmount } from '../json.js';

export const ESTIMATE_MODES = ['unset', 'economical', 'conservative'] as const;

/** A fee rate (base units per kvB) as FAI/kvB, the unit of bitcoind's fee-rate fields. */
export function feeRateToJson(perKvB: bigint): RawJson {
  return valueFromAmount(perKvB);
}

/** Core's ParseConfirmTarget and FeeModeFromString checks. */
export function checkFeeArgs(confTarget: number, mode: string): void {
  if (confTarget < 1 || confTarget > MAX_CONFIRMATION_TARGET) {
    throw new RpcError(
      RpcErrorCode.INVALID_PARAMETER,
      `Invalid conf_target, must be between 1 and ${MAX_CONFIRMATION_TARGET}`,
    );
  }
  if (!(ESTIMATE_MODES as readonly string[]).includes(mode.toLowerCase())) {
    throw new RpcError(
      RpcErrorCode.INVALID_PARAMETER,
      'Invalid estimate_mode parameter, must be one of: "unset", "economical", "conservative"',
    );
  }
}
