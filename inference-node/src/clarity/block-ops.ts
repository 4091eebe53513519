import type { Op } from '@funai/clarity';
import { Cl, type ClarityValue } from '@stacks/transactions';

/**
 * Clarity runs at a confirmation depth (docs/protocol.md §13.11, §16.10): the canonical inference block
 * elected in ledger block ℓ is executed once the ledger tip T ≥ ℓ + CLARITY_CONFIRMATIONS − 1.
 */
export const CLARITY_CONFIRMATIONS = 7;

/** `ledger-light-client.submit-headers` takes at most this many headers per call (§13.3). */
export const HEADERS_PER_CALL = 64;

/** `poi.apply-verdict` takes at most this many records (§13.5); later records are left out (refunded). */
export const MAX_VERDICT_RECORDS = 50;

/** `poi.apply-verdict`'s signers and contradictors lists hold at most the verifier set (§13.5). */
export const MAX_VERDICT_VERIFIERS = 5;

/** Confirmations a DEPOSIT needs before it is credited (§13.7). */
export const DEPOSIT_CONFIRMATIONS = 6;

/** A ledger DEPOSIT with its proof under the block's Merkle root (§13.7 `credit-deposit`). */
export interface DepositProof {
  /** Ledger height of the block holding it. */
  height: number;
  /** The transaction without witness (its txid preimage). */
  tx: Uint8Array;
  index: number;
  /** Merkle branch of the txid, leaf level first. */
  siblings: readonly Uint8Array[];
  /** The block's coinbase without witness, and its branch (index 0). */
  coinbase: Uint8Array;
  coinbaseSiblings: readonly Uint8Array[];
  /** Byte offset in `tx` of the DEPOSIT output's value field. */
  outputOffset: number;
}

/** One record of a certified block, as `apply-verdict` takes it. */
export interface VerdictRecord {
  executor: string;
  requester: string;
  /** min(gasLimit, outputTokens) × gasPrice of the record's transaction. */
  gas: bigint;
  valid: boolean;
}

/** The verdict on a certified block (§13.5), from the certificate a later block's header carries. */
export interface VerdictInput {
  /** The certified block's hash. */
  blockId: Uint8Array;
  /** Hash (internal order) of the ledger block that elected it. */
  ledgerHash: Uint8Array;
  /** The elected producer's principal (its registration's). */
  producer: string;
  /** Txid (internal order) of the winning COMMIT. */
  commitTxid: Uint8Array;
  accepted: boolean;
  /** In block order; those beyond MAX_VERDICT_RECORDS are left out by `clarityBlockOps`. */
  records: readonly VerdictRecord[];
  signers: readonly string[];
  contradictors: readonly string[];
}

/** What one inference block's Clarity block is made of (§13.11), in execution order. */
export interface ClarityBlockInputs {
  /** The ledger genesis header, for the first executed block only (light-client checkpoint at 0). */
  initialize: Uint8Array | null;
  /** The best chain's headers not yet relayed, parent first (80 bytes each). */
  headers: readonly Uint8Array[];
  /** DEPOSITs newly at depth, in ledger order. */
  deposits: readonly DepositProof[];
  verdict: VerdictInput | null;
  /** The block's Stacks transactions as user ops. */
  userOps: readonly Op[];
}

/** Ledger heights a Clarity block relays and credits, from the previous executed block's ℓ. */
export interface ClarityBlockPlan {
  initialize: boolean;
  /** Headers of heights [from, to] (empty when from > to). */
  headers: { from: number; to: number };
  /** DEPOSITs of ledger blocks at heights [from, to]. */
  deposits: { from: number; to: number };
}

/**
 * Which ledger heights the Clarity block of an inference block elected at `ledgerHeight` relays and
 * credits, given the ledger height of the previous executed block (null for the first): headers up to
 * ℓ − 1 not yet relayed (the first block initializes at 0 and relays from 1), deposits of heights
 * ≤ ℓ − 6 not yet credited (from `startHeight`, the first height whose ops count).
 */
export function planClarityBlock(
  prevLedgerHeight: number | null,
  ledgerHeight: number,
  startHeight: number,
): ClarityBlockPlan {
  if (prevLedgerHeight !== null && ledgerHeight <= prevLedgerHeight)
    throw new RangeError(`ledger height ${ledgerHeight} not above the previous block's ${prevLedgerHeight}`);
  const headersFrom = prevLedgerHeight === null ? 1 : prevLedgerHeight;
  const depositsFrom =
    prevLedgerHeight === null
      ? startHeight
      : Math.max(startHeight, prevLedgerHeight - DEPOSIT_CONFIRMATIONS + 1);
  return {
    initialize: prevLedgerHeight === null,
    headers: { from: headersFrom, to: ledgerHeight - 1 },
    deposits: { from: depositsFrom, to: ledgerHeight - DEPOSIT_CONFIRMATIONS },
  };
}

function system(contract: string, fn: string, args: ClarityValue[]): Op {
  return { type: 'system-call', contract, fn, args };
}

/** `ledger-light-client.submit-headers` calls for `headers`, in batches of HEADERS_PER_CALL. */
export function headerOps(headers: readonly Uint8Array[]): Op[] {
  const out: Op[] = [];
  for (let i = 0; i < headers.length; i += HEADERS_PER_CALL) {
    const batch = headers.slice(i, i + HEADERS_PER_CALL).map((h) => Cl.buffer(h));
    out.push(system('ledger-light-client', 'submit-headers', [Cl.list(batch)]));
  }
  return out;
}

export function depositOp(d: DepositProof): Op {
  return system('deposits', 'credit-deposit', [
    Cl.uint(d.height),
    Cl.buffer(d.tx),
    Cl.uint(d.index),
    Cl.list(d.siblings.map((s) => Cl.buffer(s))),
    Cl.buffer(d.coinbase),
    Cl.list(d.coinbaseSiblings.map((s) => Cl.buffer(s))),
    Cl.uint(d.outputOffset),
  ]);
}

/**
 * `poi.apply-verdict` for a verdict. Records beyond MAX_VERDICT_RECORDS are left out (refunded: no gas
 * paid, nobody penalised, §13.11); a rejected block carries none. More than five signers or
 * contradictors cannot come from a verifier set: RangeError.
 */
export function verdictOp(v: VerdictInput): Op {
  if (v.signers.length > MAX_VERDICT_VERIFIERS || v.contradictors.length > MAX_VERDICT_VERIFIERS)
    throw new RangeError('more signers or contradictors than a verifier set holds');
  const records = v.accepted ? v.records.slice(0, MAX_VERDICT_RECORDS) : [];
  return system('poi', 'apply-verdict', [
    Cl.buffer(v.blockId),
    Cl.buffer(v.ledgerHash),
    Cl.principal(v.producer),
    Cl.buffer(v.commitTxid),
    Cl.bool(v.accepted),
    Cl.list(
      records.map((r) =>
        Cl.tuple({
          executor: Cl.principal(r.executor),
          requester: Cl.principal(r.requester),
          gas: Cl.uint(r.gas),
          valid: Cl.bool(r.valid),
        }),
      ),
    ),
    Cl.list(v.signers.map((s) => Cl.principal(s))),
    Cl.list(v.contradictors.map((s) => Cl.principal(s))),
  ]);
}

/**
 * The Clarity block of one inference block (§13.11): light-client initialize (first block), the headers
 * (batches of 64), the deposits in ledger order, the verdict of the certificate the block carries, then
 * the block's Stacks transactions as user ops. Pure: the same inputs give the same ops on every node.
 */
export function clarityBlockOps(i: ClarityBlockInputs): Op[] {
  const ops: Op[] = [];
  if (i.initialize)
    ops.push(system('ledger-light-client', 'initialize', [Cl.buffer(i.initialize), Cl.uint(0)]));
  ops.push(...headerOps(i.headers));
  for (const d of i.deposits) ops.push(depositOp(d));
  if (i.verdict) ops.push(verdictOp(i.verdict));
  for (const op of i.userOps) {
    // A Stacks transaction is a user op: it can never act as the system principal.
    if (op.type === 'system-call') throw new RangeError('a block transaction cannot be a system call');
    ops.push(op);
  }
  return ops;
}
