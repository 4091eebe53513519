/**
 * Executed records over gossip (docs/protocol.md §16.6, topic `/funai/inference/<network>/records/1`):
 * an executor gossips each inference transaction it executed with its signed receipt and the output it
 * claims, so that any producer can put it in a block and every verifier or executor holds the transaction.
 *
 * Wire form: one record of a contents reply (§16.9, contents-codec.ts), i.e. a contents reply of exactly
 * one present record — `0x01 | 0x01 | tx | receipt:207 | finishReason:u8 | tokenCount | tokens` — at most
 * MAX_RECORD_MESSAGE_BYTES. Checked before forwarding (`checkGossipedRecord`, pure): bounded decode, the
 * receipt (a compressed secp256k1 executor key), the transaction against it (id, chain id — the node's —,
 * model, token limits), the output against the receipt (count, hash, finish reason) and both signatures
 * (`checkRecordContents`, the verifier's own check). Any failure is the sender's: reject and ban.
 *
 * `ExecutedRecords` is the node's pool of executed records — its own executions and valid gossiped ones —
 * waiting for a block (the producer's input), the contents it serves to verifiers, and the equivocation
 * detector (§15.5): two valid receipts of one executor for one transaction with different outputs make a
 * proof, kept in the store and queued for submission as `staking.report-equivocation`.
 */
import { DecodeError, toHex } from '@funai/ledger-node';
import type { Logger } from 'pino';
import { RECEIPT_MAX_AGE } from '../block/limits.js';
import { decodeContentsReply, encodeContentsReply } from '../roles/contents-codec.js';
import { checkRecordContents, type RecordContents } from '../roles/verifier.js';
import type { InferenceStore } from '../store/store.js';
import { StoreBatch } from '../store/store.js';
import { decodeStoredJson, encodeStoredJson } from '../store/stored-json.js';
import {
  checkEquivocation,
  decodeEquivocationProof,
  type EquivocationProof,
  encodeEquivocationProof,
  makeEquivocationProof,
} from '../tx/equivocation.js';
import { decodeSignedReceipt, type SignedReceipt, sameOutput } from '../tx/receipt.js';
import type { SignedInferenceTx } from '../tx/transaction.js';
import { MAX_RECORD_MESSAGE_BYTES, type ValidationResult } from './inference-net.js';

/** Transactions whose receipts the pool remembers for equivocation detection and duplicates. */
export const MAX_TRACKED_RECORDS = 65_536;

export function encodeRecordMessage(c: RecordContents): Uint8Array {
  return encodeContentsReply([c]);
}

/** Decodes a gossiped record (bounded); throws DecodeError only. */
export function decodeRecordMessage(bytes: Uint8Array): RecordContents {
  if (bytes.length > MAX_RECORD_MESSAGE_BYTES)
    throw new DecodeError('record-too-large', `${bytes.length} bytes`);
  const [c] = decodeContentsReply(bytes, 1);
  if (!c) throw new DecodeError('record-absent');
  return c;
}

export type RecordCheck =
  | { ok: true; contents: RecordContents; receipt: SignedReceipt; tx: SignedInferenceTx }
  | { ok: false; reason: string; detail?: string };

/** The checks a gossiped record passes before it is forwarded (module comment). Pure; never throws. */
export function checkGossipedRecord(bytes: Uint8Array, chainId: number): RecordCheck {
  let contents: RecordContents;
  let receipt: SignedReceipt;
  try {
    contents = decodeRecordMessage(bytes);
    receipt = decodeSignedReceipt(contents.receipt);
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, reason: e.reason };
    throw e;
  }
  const check = checkRecordContents(receipt, contents.receipt, contents, chainId);
  if (!check.ok) {
    const detail = 'detail' in check ? check.detail : undefined;
    return { ok: false, reason: check.reason, ...(detail ? { detail } : {}) };
  }
  return { ok: true, contents, receipt, tx: check.tx };
}

/** A proof ready for `staking.report-equivocation` (§15.5): 414 bytes, executor and transaction named. */
export interface EquivocationEntry {
  proof: Uint8Array;
  executor: string;
  txId: string;
}

export type AddOutcome =
  /** New: waiting for a block (and, from a peer, forwarded). */
  | 'added'
  /** Known already (this receipt, or another executor's for the same transaction). */
  | 'duplicate'
  /** Too old to enter any block (receipt ledger height + RECEIPT_MAX_AGE below the tip). */
  | 'stale'
  /** Already in an accepted block. */
  | 'included'
  /** A second receipt of the same executor with another output: a proof was made. */
  | 'equivocation';

export interface ExecutedRecordsOptions {
  chainId: number;
  /** The node's ledger tip height (stale records are not kept). */
  tipHeight: () => number;
  store?: InferenceStore;
  log: Logger;
  /** Contents kept in memory for verifiers' requests (oldest dropped first). */
  maxServed?: number;
}

interface Tracked {
  /** Receipts seen per executor (hex), the first valid one of each. */
  byExecutor: Map<string, SignedReceipt>;
}

/** The node's executed records (module comment). */
export class ExecutedRecords {
  private readonly o: ExecutedRecordsOptions;
  /** Records (tx id hex → signed receipt bytes) not yet in an accepted block, oldest first. */
  private readonly waiting = new Map<string, Uint8Array>();
  /** Contents served to verifiers (tx id hex → contents), oldest first. */
  private readonly served = new Map<string, RecordContents>();
  /** Receipts seen per transaction, oldest first (equivocation detection, duplicates). */
  private readonly tracked = new Map<string, Tracked>();
  /** Transactions in accepted blocks → the receipt's ledger height (forgotten once stale). */
  private readonly included = new Map<string, number>();
  /** Proofs not yet taken for submission, by proof hex. */
  private readonly proofs = new Map<string, EquivocationEntry>();
  private readonly proofListeners: ((e: EquivocationEntry) => void)[] = [];
  private readonly dropListeners: ((txId: Uint8Array) => void)[] = [];

  constructor(o: ExecutedRecordsOptions) {
    this.o = o;
    if (o.store)
      for (const proof of o.store.equivocations()) {
        const e = entryOf(proof);
        if (e) this.proofs.set(toHex(proof), e);
      }
  }

  /**
   * Reloads the records that were waiting for a block when the node stopped (§16.7): the stored receipts
   * whose reclaim row (at receipt ledger height + RECEIPT_MAX_AGE, with the output) is not below the ledger
   * tip `tip` — the age rule bounds the scan. Call before the accepted blocks are restored: their
   * `markIncluded` takes the included ones out again. Returns how many were reloaded.
   */
  restoreWaiting(tip: number): number {
    const store = this.o.store;
    if (!store) return 0;
    let n = 0;
    for (const row of store.scheduledFrom(tip)) {
      if (row.note.length === 0) continue;
      const receiptBytes = store.getReceipt(row.txId);
      const tx = store.getContent(row.txId);
      if (!receiptBytes || !tx) continue;
      let receipt: SignedReceipt;
      let output: RecordContents['output'];
      try {
        receipt = decodeSignedReceipt(receiptBytes);
        output = decodeStoredJson<RecordContents['output']>(row.note);
      } catch {
        continue;
      }
      if (receipt.ledgerHeight + RECEIPT_MAX_AGE !== row.height) continue;
      const id = toHex(receipt.txId);
      if (this.waiting.has(id)) continue;
      this.track(id).byExecutor.set(toHex(receipt.executor), receipt);
      this.waiting.set(id, receiptBytes);
      this.served.set(id, { tx, receipt: receiptBytes, output });
      n++;
    }
    while (this.served.size > (this.o.maxServed ?? 4096))
      this.served.delete(this.served.keys().next().value!);
    return n;
  }

  /** Receipts waiting for a block, in arrival order (the producer's records). */
  pending(): Uint8Array[] {
    this.prune();
    return [...this.waiting.values()];
  }

  /** Called with each waiting record dropped because no block can carry it any more (too old). */
  onDropped(listener: (txId: Uint8Array) => void): void {
    this.dropListeners.push(listener);
  }

  /** Drops the waiting records whose receipts are too old for any block (§15.9 RECEIPT_MAX_AGE). */
  private prune(): void {
    const tip = this.o.tipHeight();
    for (const [id, r] of this.waiting) {
      if (decodeSignedReceipt(r).ledgerHeight + RECEIPT_MAX_AGE >= tip) continue;
      this.waiting.delete(id);
      const txId = Uint8Array.from(Buffer.from(id, 'hex'));
      for (const l of this.dropListeners) l(txId);
    }
  }

  /** The contents of a record, for a verifier's request (§16.9). */
  contents(txIdHex: string): RecordContents | null {
    return this.served.get(txIdHex) ?? null;
  }

  /**
   * A record this node executed (already checked by its own engine): stored, waiting for a block, served.
   * Returns the gossip message to publish.
   */
  addOwn(contents: RecordContents): Uint8Array {
    const receipt = decodeSignedReceipt(contents.receipt);
    this.add(contents, receipt);
    return encodeRecordMessage(contents);
  }

  /** Gossip validation of a record: reject = invalid data (the sender is banned). */
  onGossip(bytes: Uint8Array, peer: string): ValidationResult {
    const check = checkGossipedRecord(bytes, this.o.chainId);
    if (!check.ok) {
      this.o.log.warn({ peer, reason: check.reason, detail: check.detail }, 'invalid record from peer');
      return 'reject';
    }
    const outcome = this.add(check.contents, check.receipt);
    if (outcome === 'added') this.o.log.info({ tx: toHex(check.receipt.txId), peer }, 'record from peer');
    // An equivocating receipt is valid data and evidence: forwarded so every node can make the proof.
    return outcome === 'added' || outcome === 'equivocation' ? 'accept' : 'ignore';
  }

  /** Adds a checked record; see AddOutcome. */
  add(contents: RecordContents, receipt: SignedReceipt): AddOutcome {
    const id = toHex(receipt.txId);
    const executor = toHex(receipt.executor);
    if (receipt.ledgerHeight + RECEIPT_MAX_AGE < this.o.tipHeight()) return 'stale';
    const t = this.track(id);
    const seen = t.byExecutor.get(executor);
    if (seen) {
      if (sameOutput(seen, receipt)) return 'duplicate';
      return this.equivocation(makeEquivocationProof(seen, receipt)) ? 'equivocation' : 'duplicate';
    }
    t.byExecutor.set(executor, receipt);
    if (this.included.has(id)) return 'included';
    // One record per transaction waits: another executor's receipt for it is a duplicate.
    if (this.waiting.has(id)) return 'duplicate';
    this.waiting.set(id, contents.receipt);
    this.served.set(id, contents);
    while (this.served.size > (this.o.maxServed ?? 4096))
      this.served.delete(this.served.keys().next().value!);
    if (this.o.store) {
      const txId = receipt.txId;
      // Contents kept beside the receipt (§16.2); a record that never enters a block is reclaimed after
      // the last ledger height that could still elect a block carrying it.
      this.o.store.commit(
        new StoreBatch()
          .putReceipt(txId, contents.receipt)
          .putContent(txId, contents.tx)
          .scheduleReclaim(txId, receipt.ledgerHeight + RECEIPT_MAX_AGE, encodeStoredJson(contents.output)),
      );
    }
    return 'added';
  }

  /**
   * A block carrying these records was accepted: they stop waiting. Its receipts (their signatures checked
   * with the block) are compared with the ones heard: one of the same executor for the same transaction
   * with another output is an equivocation too.
   */
  markIncluded(receipts: readonly SignedReceipt[]): void {
    for (const r of receipts) {
      const id = toHex(r.txId);
      this.waiting.delete(id);
      this.included.set(id, r.ledgerHeight);
      const seen = this.track(id).byExecutor.get(toHex(r.executor));
      if (!seen) this.track(id).byExecutor.set(toHex(r.executor), r);
      else if (!sameOutput(seen, r)) this.equivocation(makeEquivocationProof(seen, r));
    }
    const tip = this.o.tipHeight();
    for (const [id, h] of this.included) if (h + RECEIPT_MAX_AGE < tip) this.included.delete(id);
    this.prune();
  }

  /** The receipts seen for a transaction (the oldest transaction forgotten beyond MAX_TRACKED_RECORDS). */
  private track(id: string): Tracked {
    let t = this.tracked.get(id);
    if (!t) {
      t = { byExecutor: new Map() };
      this.tracked.set(id, t);
      while (this.tracked.size > MAX_TRACKED_RECORDS) this.tracked.delete(this.tracked.keys().next().value!);
    }
    return t;
  }

  private equivocation(p: EquivocationProof): boolean {
    const check = checkEquivocation(p);
    if (!check.ok) return false;
    const proof = encodeEquivocationProof(p);
    const key = toHex(proof);
    if (this.proofs.has(key)) return true;
    const e: EquivocationEntry = { proof, executor: toHex(check.executor), txId: toHex(check.txId) };
    this.proofs.set(key, e);
    this.o.store?.commit(new StoreBatch().putEquivocation(proof));
    this.o.log.warn({ executor: e.executor, tx: e.txId, proof: key }, 'equivocation');
    for (const l of this.proofListeners) l(e);
    return true;
  }

  /**
   * Equivocation proofs not yet submitted, oldest first, for `staking.report-equivocation` (the 414-byte
   * proof is its argument). They survive restarts until `submitted` is called.
   */
  equivocations(): EquivocationEntry[] {
    return [...this.proofs.values()];
  }

  /** Called for every new proof (after it is stored). */
  onEquivocation(listener: (e: EquivocationEntry) => void): void {
    this.proofListeners.push(listener);
  }

  /** The proof was submitted (its transaction accepted): it leaves the queue and the store. */
  submitted(proof: Uint8Array): void {
    if (!this.proofs.delete(toHex(proof))) return;
    this.o.store?.commit(new StoreBatch().deleteEquivocation(proof));
  }
}

/** A stored proof read back (null if it no longer checks: a corrupt row is dropped from the queue). */
function entryOf(proof: Uint8Array): EquivocationEntry | null {
  try {
    const check = checkEquivocation(decodeEquivocationProof(proof));
    return check.ok ? { proof, executor: toHex(check.executor), txId: toHex(check.txId) } : null;
  } catch {
    return null;
  }
}
