import { DecodeError, isHighS } from '@funai/ledger-node';
import {
  AuthType,
  deserializeTransaction,
  PayloadType,
  type StacksTransactionWire,
  serializeTransactionBytes,
} from '@stacks/transactions';
import { MAX_STACKS_TX_BYTES } from './limits.js';

/**
 * Stacks-format transactions in inference blocks (docs/protocol.md §15.7): the Stacks wire format (SIP-005)
 * as `@stacks/transactions` 7.6.0 reads and writes it, limited to what the Clarity host executes: STX (FAI)
 * transfers, contract calls and contract deployments, with standard (unsponsored) authorization.
 */

export type StacksTxKind = 'transfer' | 'contract-call' | 'deploy';

export interface DecodedStacksTx {
  tx: StacksTransactionWire;
  kind: StacksTxKind;
}

const KINDS: ReadonlyMap<number, StacksTxKind> = new Map([
  [PayloadType.TokenTransfer, 'transfer'],
  [PayloadType.ContractCall, 'contract-call'],
  [PayloadType.SmartContract, 'deploy'],
  [PayloadType.VersionedSmartContract, 'deploy'],
]);

/**
 * Decodes one Stacks transaction: at most MAX_STACKS_TX_BYTES, a payload kind the host executes, and
 * canonical (serializing it again gives the same bytes, so trailing bytes are refused too). Throws only
 * DecodeError.
 */
export function decodeStacksTx(bytes: Uint8Array): DecodedStacksTx {
  if (bytes.length > MAX_STACKS_TX_BYTES)
    throw new DecodeError('stacks-tx-too-large', `${bytes.length} bytes`);
  let tx: StacksTransactionWire;
  let again: Uint8Array;
  try {
    tx = deserializeTransaction(bytes);
    again = serializeTransactionBytes(tx);
  } catch (e) {
    throw new DecodeError('stacks-tx-malformed', (e as Error).message);
  }
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i]))
    throw new DecodeError('stacks-tx-non-canonical');
  const kind = KINDS.get(tx.payload.payloadType);
  if (kind === undefined)
    throw new DecodeError('stacks-tx-payload', `payload type ${tx.payload.payloadType}`);
  return { tx, kind };
}

/**
 * The consensus checks of a decoded Stacks transaction: `chainId` is the inference chain's (replay
 * protection), authorization is standard (no sponsor), single-signature spending conditions have a low-S
 * signature, and the origin's signature(s) verify against its signer hash. Returns a reason or null.
 */
export function stacksTxError(d: DecodedStacksTx, chainId: number): string | null {
  const { tx } = d;
  if (tx.chainId !== chainId) return 'stacks-tx-chain-id';
  if (tx.auth.authType !== AuthType.Standard) return 'stacks-tx-sponsored';
  const cond = tx.auth.spendingCondition as { signature?: { data: string } };
  if (cond.signature) {
    // VRS: recovery id, then r ‖ s.
    const rs = Uint8Array.from(Buffer.from(cond.signature.data.slice(2), 'hex'));
    if (rs.length !== 64 || isHighS(rs)) return 'stacks-tx-high-s';
  }
  try {
    tx.verifyOrigin();
  } catch {
    return 'stacks-tx-bad-signature';
  }
  return null;
}

/** The Stacks txid (SHA-512/256 of the serialization), 32 bytes. */
export function stacksTxId(tx: StacksTransactionWire): Uint8Array {
  return Uint8Array.from(Buffer.from(tx.txid(), 'hex'));
}

/** The Stacks network literal of an inference chain (chain id; testnet address versions, §15.7). */
export function inferenceStacksNetwork(chainId: number) {
  return {
    chainId,
    transactionVersion: 0x80,
    peerNetworkId: 0xfffffffe,
    magicBytes: 'T2',
    bootAddress: 'ST000000000000000000002AMW42H',
    addressVersion: { singleSig: 26, multiSig: 21 },
    client: { baseUrl: 'http://127.0.0.1:1' },
  };
}
