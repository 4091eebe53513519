import {
  DecodeError,
  type FunaiOp,
  findFunaiOp,
  isOpReturnScript,
  type Transaction,
} from '@funai/ledger-node';
import { type CommitOp, decodeCommit } from './commit.js';
import { type DepositOp, decodeDeposit } from './deposit.js';
import { CONSENSUS_OP } from './numbers.js';
import type { StandardPrincipal } from './principal.js';
import { decodeRegisterVrfKey, type RegisterVrfKeyOp } from './register-vrf-key.js';

/** Where a ledger transaction sits: the height of its block on one ledger fork and its index there. */
export interface LedgerPosition {
  height: number;
  txIndex: number;
}

/**
 * A FUN AI op transaction as the consensus receives it from the ledger (docs/protocol.md §14.1): its
 * index in its block, the transaction, and its sender.
 */
export interface LedgerOpTransaction {
  txIndex: number;
  tx: Transaction;
  /**
   * The scriptPubKey of the output the transaction's input 0 spends: the ledger's own record of the
   * spent output (its undo data, `getfunaiops`' `prevout.scriptPubKey`), never anything the spender
   * wrote. It names the op's sender (§14.2): a commit counts only when sent by its registration's.
   */
  senderScript: Uint8Array;
}

/** A producer's registration as the consensus knows it: named by its ledger position (§14.2). */
export interface Registration extends LedgerPosition {
  vrfKey: Uint8Array;
  principal: StandardPrincipal;
  /** The registration's sender (its input 0's prevout script): the only sender of its commits. */
  senderScript: Uint8Array;
}

/** The consensus op a ledger transaction carries, decoded, with the index of its OP_RETURN output. */
export type ConsensusOp =
  | { kind: 'register-vrf-key'; vout: number; body: RegisterVrfKeyOp }
  | { kind: 'commit'; vout: number; body: CommitOp }
  | { kind: 'deposit'; vout: number; body: DepositOp };

/**
 * The op a ledger transaction carries for the inference consensus (docs/protocol.md §14.1):
 * `findFunaiOp`'s op, if its number is 0x01, 0x03 or 0x05. Returns null for a transaction without an
 * op or with any other number (reserved, unassigned and experimental ops are data). Throws the body
 * decoder's `DecodeError` when the number is ours but the body is malformed.
 */
export function readConsensusOp(tx: Transaction): ConsensusOp | null {
  const op = findFunaiOp(tx);
  if (op === null) return null;
  return decodeConsensusOp(op, opOutputIndex(tx));
}

export function decodeConsensusOp(op: FunaiOp, vout: number): ConsensusOp | null {
  switch (op.op) {
    case CONSENSUS_OP.REGISTER_VRF_KEY:
      return { kind: 'register-vrf-key', vout, body: decodeRegisterVrfKey(op) };
    case CONSENSUS_OP.COMMIT:
      return { kind: 'commit', vout, body: decodeCommit(op) };
    case CONSENSUS_OP.DEPOSIT:
      return { kind: 'deposit', vout, body: decodeDeposit(op) };
    default:
      return null;
  }
}

/** The index of a transaction's only OP_RETURN output (call only after `findFunaiOp` found an op). */
export function opOutputIndex(tx: Transaction): number {
  return tx.outputs.findIndex((o) => isOpReturnScript(o.scriptPubKey));
}

/**
 * A registration, or null when the transaction carries no well-formed `REGISTER_VRF_KEY`.
 * `senderScript` is the script its input 0 spends (`LedgerOpTransaction.senderScript`).
 */
export function parseRegistration(
  tx: Transaction,
  at: LedgerPosition,
  senderScript: Uint8Array,
): Registration | null {
  let op: ConsensusOp | null;
  try {
    op = readConsensusOp(tx);
  } catch (e) {
    if (e instanceof DecodeError) return null;
    throw e;
  }
  if (op?.kind !== 'register-vrf-key') return null;
  return {
    height: at.height,
    txIndex: at.txIndex,
    vrfKey: op.body.vrfKey,
    principal: op.body.principal,
    senderScript: senderScript.slice(),
  };
}

/** Why a transaction is not a deposit the inference chain credits (§14.4). */
export type DepositRejectReason =
  /** The transaction carries no op 0x05. */
  | 'not-a-deposit'
  /** Op 0x05 with a body that does not decode (the DecodeError reason is the detail). */
  | 'deposit-malformed'
  /** The OP_RETURN output's value is 0: nothing is burned, nothing is credited. */
  | 'deposit-zero-amount';

export interface Deposit {
  recipient: StandardPrincipal;
  /** Base units burned: the value of the OP_RETURN output. */
  amount: bigint;
  vout: number;
}

export type DepositResult =
  | { ok: true; deposit: Deposit }
  | { ok: false; reason: DepositRejectReason; detail?: string };

/**
 * Reads a ledger transaction as a deposit (ledger → inference, one way). Crediting it (once per
 * txid, at 6 confirmations, proven against the light client) is the inference chain's contract.
 */
export function parseDeposit(tx: Transaction): DepositResult {
  const op = findFunaiOp(tx);
  if (op === null || op.op !== CONSENSUS_OP.DEPOSIT) return { ok: false, reason: 'not-a-deposit' };
  let body: DepositOp;
  try {
    body = decodeDeposit(op);
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, reason: 'deposit-malformed', detail: e.reason };
    throw e;
  }
  const vout = opOutputIndex(tx);
  const amount = tx.outputs[vout]!.value;
  if (amount <= 0n) return { ok: false, reason: 'deposit-zero-amount' };
  return { ok: true, deposit: { recipient: body.recipient, amount, vout } };
}
