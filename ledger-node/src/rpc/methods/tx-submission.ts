// A raw transaction as an RPC argument, and what bitcoind answers when the mempool refuses one.
import { MempoolRejection, MissingInputsError } from '../../mempool/errors.js';
import { decodeRawTransaction } from '../../txtool/decode.js';
import { fromHex } from '../../wire/bytes.js';
import { DecodeError } from '../../wire/errors.js';
import type { Transaction } from '../../wire/tx.js';
import { RpcError, RpcErrorCode } from '../errors.js';

/** bitcoind's DecodeHexTx for RPC input, with its RPC_DESERIALIZATION_ERROR message. */
export function decodeTxParam(hex: string): Transaction {
  const failed = () =>
    new RpcError(
      RpcErrorCode.DESERIALIZATION_ERROR,
      'TX decode failed. Make sure the tx has at least one input.',
    );
  let bytes: Uint8Array;
  try {
    bytes = fromHex(hex);
  } catch {
    throw failed();
  }
  try {
    return decodeRawTransaction(bytes);
  } catch (e) {
    if (e instanceof DecodeError) throw failed();
    throw e;
  }
}

/** Core's TxValidationState::ToString: the reason, then the debug message after a comma. */
export function rejectionText(e: MempoolRejection): string {
  return e.detail ? `${e.reason}, ${e.detail}` : e.reason;
}

/**
 * A mempool rejection as bitcoind's sendrawtransaction reports it: missing inputs are
 * RPC_VERIFY_ERROR "bad-txns-inputs-missingorspent", an already confirmed transaction
 * RPC_VERIFY_ALREADY_IN_CHAIN, everything else RPC_VERIFY_REJECTED with the reject reason.
 */
export function rejectionToRpcError(e: unknown): unknown {
  if (e instanceof MissingInputsError) {
    return new RpcError(RpcErrorCode.VERIFY_ERROR, 'bad-txns-inputs-missingorspent');
  }
  if (e instanceof MempoolRejection) {
    if (e.reason === 'txn-already-known') {
      return new RpcError(RpcErrorCode.VERIFY_ALREADY_IN_CHAIN, 'Transaction outputs already in utxo set');
    }
    return new RpcError(RpcErrorCode.VERIFY_REJECTED, rejectionText(e));
  }
  return e;
}
