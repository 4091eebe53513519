import type { Destination } from '../../address/address.js';
import { decodeAddress, destinationToScript } from '../../address/address.js';
import { AddressError } from '../../address/errors.js';
import type { HeaderInfo } from '../../chain/chain-state.js';
import { MempoolRejection, MissingInputsError } from '../../mempool/errors.js';
import { decodeRawTransaction } from '../../txtool/decode.js';
import { fromHex } from '../../wire/bytes.js';
import { DecodeError } from '../../wire/errors.js';
import type { Transaction } from '../../wire/tx.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import type { RawJson } from '../json.js';
import { valueFromAmount } from '../json.js';

/** A fee rate (base units per kvB) as FAI/kvB, the unit of bitcoind's fee-rate fields. */
export function feeRateToJson(perKvB: bigint): RawJson {
  return valueFromAmount(perKvB);
}

export function headerOrThrow(node: RpcNode, hash: Uint8Array): HeaderInfo {
  const info = node.chain.getHeader(hash);
  if (info === undefined) throw new RpcError(RpcErrorCode.INVALID_ADDRESS_OR_KEY, 'Block not found');
  return info;
}

/** The active chain's next block after `info`, for `nextblockhash`. */
export function nextHash(node: RpcNode, info: HeaderInfo): Uint8Array | undefined {
  return info.inActiveChain ? node.chain.getBlockHash(info.height + 1) : undefined;
}

/** An address of this node's network; bitcoind's RPC_INVALID_ADDRESS_OR_KEY (with `message`) otherwise. */
export function addressParam(node: RpcNode, address: string, message?: string): Destination {
  try {
    return decodeAddress(address, node.params.addressPrefixes);
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    throw new RpcError(RpcErrorCode.INVALID_ADDRESS_OR_KEY, message ?? `Invalid FUN AI address: ${address}`);
  }
}

/** An address of this node's network to its scriptPubKey; bitcoind's error otherwise. */
export function addressScript(node: RpcNode, address: string, message?: string): Uint8Array {
  return destinationToScript(addressParam(node, address, message));
}

/** What `lookup` finds at a height of the active chain; bitcoind's "Block height out of range" otherwise. */
export function atHeight<T>(height: number, lookup: (height: number) => T | undefined): T {
  const found = height >= 0 ? lookup(height) : undefined;
  if (found === undefined) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Block height out of range');
  return found;
}

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

/** Reads a Core "verbose" argument given as a boolean or a number. */
export function verbosityOf(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new RpcError(RpcErrorCode.TYPE_ERROR, `Expected type number or bool, got ${typeof value}`);
}

/** Sum of output values. */
export function outputTotal(tx: Transaction): bigint {
  return tx.outputs.reduce((s, o) => s + o.value, 0n);
}
