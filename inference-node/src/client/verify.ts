import {
  concatBytes,
  DecodeError,
  decodeHeader as decodeLedgerHeader,
  decodeTx as decodeLedgerTx,
  equalBytes,
  fromHex,
  blockHash as ledgerBlockHash,
  txid as ledgerTxid,
  toHex,
  verifyMerkleBranch,
} from '@funai/ledger-node';
import type { TxLifecycle, TxStatus } from '../api/lifecycle.js';
import { blockHash, decodeHeader } from '../block/header.js';
import { TX_LEAF_INFERENCE } from '../block/roots.js';
import { leafHash, rootFromProof } from '../llm/model-id/merkle.js';
import { readConsensusOp } from '../ops/ledger-ops.js';
import { decodeCertificate, verifyCertificate } from '../quorum/certificate.js';
import { decodeSignedReceipt, outputHash, verifyReceipt } from '../tx/receipt.js';
import { decodeTx, txId, verifyTxSignature } from '../tx/transaction.js';

/**
 * `verifyLifecycle` (docs/protocol.md §17.5): checks, locally, every proof a lifecycle answer carries,
 * up to the step its status claims. Nothing is taken from the node on trust except what the caller
 * does not pin: pass `verifierKeys` (the staking contract's set for the block's cycle) and
 * `ledgerHashAt` (a ledger node's best chain) to pin those too.
 */
export interface VerifyLifecycleOptions {
  /** The inference chain id the transaction, receipt and block must carry. */
  chainId: number;
  /** The output the client received: its tokens must be the ones the receipt commits to. */
  output?: { tokens: readonly number[]; finishReason?: string };
  /** The verifier set's BLS keys (hex) the certificate must be checked against; default the proof's. */
  verifierKeys?: readonly string[];
  /** The ledger block hash (hex, RPC display order) at a height on the caller's ledger node, or null. */
  ledgerHashAt?: (height: number) => Promise<string | null> | string | null;
}

export type LifecycleStep = 'tx' | 'receipt' | 'block' | 'certificate' | 'anchor';

export interface LifecycleCheck {
  ok: boolean;
  status: TxStatus;
  /** Steps checked and passed. */
  verified: LifecycleStep[];
  /** The first failure, when not ok. */
  failure?: { step: LifecycleStep; reason: string };
}

/** Which proofs each status requires. */
const REQUIRED: Record<TxStatus, readonly LifecycleStep[]> = {
  executed: ['tx', 'receipt'],
  included: ['tx', 'receipt', 'block'],
  certified: ['tx', 'receipt', 'block', 'certificate'],
  anchored: ['tx', 'receipt', 'block', 'certificate', 'anchor'],
  // The contents (the transaction) are deleted: nothing is left to check but what is still given.
  reclaimed: [],
  rejected: ['tx'],
};

class StepFailure extends Error {
  constructor(
    readonly step: LifecycleStep,
    readonly reason: string,
  ) {
    super(`${step}: ${reason}`);
  }
}

const hex32 = (s: unknown, step: LifecycleStep, what: string): Uint8Array => {
  if (typeof s !== 'string' || !/^[0-9a-f]{64}$/.test(s))
    throw new StepFailure(step, `${what} is not 32 bytes of hex`);
  return fromHex(s);
};
const bytes = (s: unknown, step: LifecycleStep, what: string): Uint8Array => {
  if (typeof s !== 'string' || !/^([0-9a-f]{2})*$/.test(s)) throw new StepFailure(step, `${what} is not hex`);
  return fromHex(s);
};
/** RPC display order (reversed) ↔ internal order. */
const reversed = (b: Uint8Array): Uint8Array => Uint8Array.from(b).reverse();

export async function verifyLifecycle(
  proof: TxLifecycle,
  options: VerifyLifecycleOptions,
): Promise<LifecycleCheck> {
  const status = proof.status;
  const verified: LifecycleStep[] = [];
  const required = REQUIRED[status];
  if (!required)
    return {
      ok: false,
      status,
      verified,
      failure: { step: 'tx', reason: `unknown status ${String(status)}` },
    };
  // A reclaimed record has lost its contents (the transaction): the proofs it still carries — receipt,
  // block, certificate, anchor — are checked as far as they go, without the transaction's fields.
  const reclaimed = status === 'reclaimed';
  const wants = (step: LifecycleStep, present: unknown): boolean =>
    required.includes(step) || (reclaimed && present !== undefined);
  try {
    // The transaction: it decodes, is signed by its sender, names this chain, and has the claimed id.
    const id = hex32(proof.id, 'tx', 'id');
    let tx: ReturnType<typeof decodeTx> | null = null;
    if (!reclaimed || proof.tx !== undefined) {
      try {
        tx = decodeTx(bytes(proof.tx, 'tx', 'tx'));
      } catch (e) {
        throw new StepFailure('tx', e instanceof DecodeError ? e.message : 'undecodable');
      }
      if (!equalBytes(txId(tx), id)) throw new StepFailure('tx', 'the transaction does not hash to the id');
      if (!verifyTxSignature(tx)) throw new StepFailure('tx', 'bad transaction signature');
      if (tx.chainId !== options.chainId) throw new StepFailure('tx', `chain ${tx.chainId}`);
      verified.push('tx');
    }

    // The receipt: signed by its executor, for this transaction, model and chain (and output, if given).
    let receiptBytes: Uint8Array | null = null;
    if (required.includes('receipt') || proof.receipt !== undefined) {
      receiptBytes = bytes(proof.receipt, 'receipt', 'receipt');
      let r: ReturnType<typeof decodeSignedReceipt>;
      try {
        r = decodeSignedReceipt(receiptBytes);
      } catch (e) {
        throw new StepFailure('receipt', (e as Error).message);
      }
      if (!verifyReceipt(r)) throw new StepFailure('receipt', 'bad executor signature');
      if (!equalBytes(r.txId, id)) throw new StepFailure('receipt', 'receipt for another transaction');
      if (tx && !equalBytes(r.modelId, tx.modelId))
        throw new StepFailure('receipt', 'receipt for another model');
      if (r.chainId !== options.chainId) throw new StepFailure('receipt', `chain ${r.chainId}`);
      if (tx && r.outputTokens > tx.maxTokens)
        throw new StepFailure('receipt', 'more output tokens than maxTokens');
      if (options.output) {
        if (
          !equalBytes(r.outputHash, outputHash(options.output.tokens)) ||
          r.outputTokens !== options.output.tokens.length
        )
          throw new StepFailure('receipt', 'the receipt commits to another output');
        if (options.output.finishReason !== undefined && options.output.finishReason !== r.finishReason)
          throw new StepFailure('receipt', 'the receipt has another finish reason');
      }
      verified.push('receipt');
    }
    if (!wants('block', proof.block)) return { ok: true, status, verified };

    // The block: the tx id and the receipt each lead to the header's roots by their audit paths.
    const b = proof.block;
    if (!b) throw new StepFailure('block', 'no block inclusion proof');
    if (!receiptBytes) throw new StepFailure('block', 'no receipt to place in the block');
    let header: ReturnType<typeof decodeHeader>;
    try {
      header = decodeHeader(bytes(b.header, 'block', 'header'));
    } catch (e) {
      throw new StepFailure('block', (e as Error).message);
    }
    if (header.chainId !== options.chainId)
      throw new StepFailure('block', `block of chain ${header.chainId}`);
    const path = (p: unknown, what: string): Uint8Array[] => {
      if (!Array.isArray(p) || p.length > 64) throw new StepFailure('block', `${what} is not a path`);
      return p.map((x) => hex32(x, 'block', what));
    };
    if (!Number.isInteger(b.index) || !Number.isInteger(b.txLeafCount))
      throw new StepFailure('block', 'index and txLeafCount are integers');
    if (b.index >= header.recordCount) throw new StepFailure('block', 'index beyond the block records');
    const txLeaf = leafHash(concatBytes(Uint8Array.of(TX_LEAF_INFERENCE), id));
    const txr = rootFromProof(txLeaf, b.index, b.txLeafCount, path(b.path, 'path'));
    if (!txr || !equalBytes(txr, header.txRoot))
      throw new StepFailure('block', 'the tx path does not lead to txRoot');
    const rr = rootFromProof(
      leafHash(receiptBytes),
      b.index,
      header.recordCount,
      path(b.receiptPath, 'receiptPath'),
    );
    if (!rr || !equalBytes(rr, header.receiptsRoot))
      throw new StepFailure('block', 'the receipt path does not lead to receiptsRoot');
    const hash = blockHash(header);
    verified.push('block');
    if (!wants('certificate', proof.certificate)) return { ok: true, status, verified };

    // The certificate: ≥ 3 of the 5 verifiers signed this block, and the record was judged valid.
    const c = proof.certificate;
    if (!c) throw new StepFailure('certificate', 'no certificate');
    const keys = (options.verifierKeys ?? c.verifierKeys).map((k) => bytes(k, 'certificate', 'verifier key'));
    let qc: ReturnType<typeof decodeCertificate>;
    try {
      qc = decodeCertificate(bytes(c.certificate, 'certificate', 'certificate'));
    } catch (e) {
      throw new StepFailure('certificate', (e as Error).message);
    }
    const check = verifyCertificate(qc, { blockHash: hash, recordCount: header.recordCount }, keys);
    if (!check.ok) throw new StepFailure('certificate', check.reason);
    if (check.verdicts[b.index] !== 'valid')
      throw new StepFailure('certificate', `the record was judged ${check.verdicts[b.index]}`);
    verified.push('certificate');
    if (!wants('anchor', proof.anchor)) return { ok: true, status, verified };

    // The anchor: a COMMIT of this block hash, in a ledger transaction under the ledger header's Merkle
    // root, in the ledger block the header names (L, child of ledgerParentHash) — on the caller's chain.
    const a = proof.anchor;
    if (!a) throw new StepFailure('anchor', 'no anchor');
    let lh: ReturnType<typeof decodeLedgerHeader>;
    let ctx: ReturnType<typeof decodeLedgerTx>;
    try {
      lh = decodeLedgerHeader(bytes(a.ledgerHeader, 'anchor', 'ledger header'));
      ctx = decodeLedgerTx(bytes(a.commitTx, 'anchor', 'commit tx'));
    } catch (e) {
      throw new StepFailure('anchor', (e as Error).message);
    }
    const lhash = ledgerBlockHash(lh);
    if (toHex(reversed(lhash)) !== a.ledgerBlockHash)
      throw new StepFailure('anchor', 'ledger header hash mismatch');
    if (a.ledgerHeight !== header.ledgerHeight)
      throw new StepFailure('anchor', 'ledger height is not the block’s');
    if (!equalBytes(lh.prevBlock, header.ledgerParentHash))
      throw new StepFailure('anchor', 'ledger block is not the child of the block’s ledgerParentHash');
    const ltxid = ledgerTxid(ctx);
    if (toHex(reversed(ltxid)) !== a.ledgerTxid) throw new StepFailure('anchor', 'commit txid mismatch');
    const branch = { index: a.txIndex, siblings: a.branch.map((s) => hex32(s, 'anchor', 'branch')) };
    if (!verifyMerkleBranch(ltxid, branch, lh.merkleRoot))
      throw new StepFailure('anchor', 'the commit is not under the ledger header’s Merkle root');
    let op: ReturnType<typeof readConsensusOp>;
    try {
      op = readConsensusOp(ctx);
    } catch (e) {
      throw new StepFailure('anchor', (e as Error).message);
    }
    if (op?.kind !== 'commit' || !equalBytes(op.body.blockHash, hash))
      throw new StepFailure('anchor', 'the ledger transaction does not commit to this block');
    if (options.ledgerHashAt) {
      const best = await options.ledgerHashAt(a.ledgerHeight);
      if (best !== a.ledgerBlockHash)
        throw new StepFailure('anchor', 'the ledger block is not on the best chain');
    }
    verified.push('anchor');
    return { ok: true, status, verified };
  } catch (e) {
    if (e instanceof StepFailure)
      return { ok: false, status, verified, failure: { step: e.step, reason: e.reason } };
    throw e;
  }
}
