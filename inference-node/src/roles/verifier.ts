import { EventEmitter } from 'node:events';
import bls from '@chainsafe/bls/herumi';
import { DecodeError, equalBytes, toHex } from '@funai/ledger-node';
import type { Logger } from 'pino';
import type { Block } from '../block/body.js';
import { blockHash } from '../block/header.js';
import { MAX_BLOCK_RECORDS } from '../block/limits.js';
import { bodyCommitments } from '../block/validate.js';
import { LlmError } from '../llm/errors.js';
import { type Detokenizer, outputText } from '../llm/generate/stop.js';
import type { FinishReason, InferenceOutput, InferenceRequest } from '../llm/request/types.js';
import type { VerifyOptions } from '../llm/runtime/engine.js';
import { DEFAULT_VERDICT_POLICY, type FinalVerdict, type VerdictPolicy } from '../llm/verdict/policy.js';
import { bitmapFromVerdicts } from '../quorum/bitmap.js';
import { BLS_PUBLIC_KEY_SIZE, VERIFIER_SET_SIZE } from '../quorum/params.js';
import { signVote, type Vote } from '../quorum/vote.js';
import { isCertificateExpired } from '../quorum/window.js';
import { MAX_TX_BYTES, MAX_TX_OUTPUT_TOKENS } from '../tx/limits.js';
import {
  encodeSignedReceipt,
  outputHash,
  SIGNED_RECEIPT_SIZE,
  type SignedReceipt,
  verifyReceipt,
} from '../tx/receipt.js';
import {
  decodeTx,
  type SignedInferenceTx,
  toInferenceRequest,
  txId,
  verifyTxSignature,
} from '../tx/transaction.js';

/**
 * The verifier role (docs/protocol.md §16.9): for each published block of a cycle in which this node is
 * one of the five verifiers, fetch the records' contents (the transactions and the claimed outputs, which
 * travel beside the block, §15.7), check each record against its receipt, replay it with the LLM engine
 * under the verdict policy (§12.5–12.7) and sign the per-record verdict bitmap (§15.8). Blocks are
 * verified one at a time from a bounded queue; every wait is cancellable.
 */

// ---------------------------------------------------------------------------------------------------
// Contents beside the block

/** The claimed output of a record: what the receipt's outputHash, outputTokens and finishReason commit to. */
export interface RecordOutput {
  /** Output token ids, stop token included (§12.3). */
  tokens: number[];
  finishReason: FinishReason;
}

/** What a verifier needs of one record besides the block (§15.7): one answer of a contents request. */
export interface RecordContents {
  /** The signed inference transaction, wire form (§15.1), at most MAX_TX_BYTES. */
  tx: Uint8Array;
  /** The signed receipt (207 bytes, §15.4): must be the block's record byte for byte. */
  receipt: Uint8Array;
  output: RecordOutput;
}

export interface ContentsReply {
  /**
   * Who answered (a peer id), or null. A source whose contents do not match the block is reported
   * (`bad-contents`) and excluded from the next attempt.
   */
  source: string | null;
  /** One entry per requested transaction id, in request order; null for a record the source lacks. */
  records: readonly (RecordContents | null)[];
}

export interface ContentsRequestOptions {
  signal: AbortSignal;
  /** Sources that already answered this block with missing or mismatching contents: ask someone else. */
  exclude: readonly string[];
}

/**
 * Fetches records' contents for a block (the daemon backs it with a libp2p request/response protocol,
 * asking the producer first, then executors and other peers). At most `CONTENTS_BATCH_RECORDS` ids per
 * call. It may reject (network failure): the records asked for count as missing for that attempt.
 */
export type ContentsProvider = (
  blockHash: Uint8Array,
  txIds: readonly Uint8Array[],
  options: ContentsRequestOptions,
) => Promise<ContentsReply>;

/** Record ids per contents request: bounds a reply to CONTENTS_BATCH_RECORDS × MAX_RECORD_CONTENT_BYTES. */
export const CONTENTS_BATCH_RECORDS = 16;
/**
 * The most one record's contents weigh on the wire (contents-codec.ts): flag, length-prefixed
 * transaction, receipt, finish byte, length-prefixed tokens as u32 (CompactSize prefixes ≤ 5 bytes).
 */
export const MAX_RECORD_CONTENT_BYTES =
  1 + 5 + MAX_TX_BYTES + SIGNED_RECEIPT_SIZE + 1 + 5 + 4 * MAX_TX_OUTPUT_TOKENS;
/** Upper bound of one contents reply (≈ 4.2 MB): its record count, then CONTENTS_BATCH_RECORDS records. */
export const MAX_CONTENTS_REPLY_BYTES = 1 + CONTENTS_BATCH_RECORDS * MAX_RECORD_CONTENT_BYTES;
/** Contents requests per batch of records (the first and up to two retries with other sources). */
export const CONTENT_ATTEMPTS = 3;
/** Blocks waiting to be verified; beyond, the oldest waiting block is dropped. */
export const DEFAULT_MAX_QUEUED_BLOCKS = 8;

// ---------------------------------------------------------------------------------------------------
// Record checks

/** Contents that are not this record's: the source's fault, never the record's (asked again elsewhere). */
export type ContentsFault =
  | 'missing-contents'
  | 'contents-malformed'
  | 'receipt-not-in-block'
  | 'tx-malformed'
  | 'tx-id-mismatch';

/** The claimed output contradicts the receipt: asked again elsewhere, then the record is invalid. */
export type OutputMismatch = 'output-tokens-mismatch' | 'output-hash-mismatch' | 'finish-reason-mismatch';

/** A record whose transaction or receipt breaks a rule: invalid, whoever serves it. */
export type RecordFault =
  | 'tx-chain-id'
  | 'receipt-model-mismatch'
  | 'receipt-too-many-tokens'
  | 'receipt-length-mismatch'
  | 'receipt-no-stop-strings'
  | 'bad-receipt-signature'
  | 'tx-bad-signature';

export type RecordReason =
  | 'replay-accepted'
  | 'replay-rejected'
  | ContentsFault
  | OutputMismatch
  | RecordFault
  | 'unknown-model'
  | 'not-replayable'
  | 'engine-unavailable';

export type RecordStatus = 'valid' | 'invalid' | 'unverifiable';

export interface RecordResult {
  index: number;
  /** Transaction id, hex. */
  txId: string;
  status: RecordStatus;
  reason: RecordReason;
  detail?: string;
  /** The engine's verdict, when the record was replayed. */
  verdict?: FinalVerdict;
}

export type ContentsCheck =
  | { ok: true; tx: SignedInferenceTx }
  | { ok: false; kind: 'contents'; reason: ContentsFault; detail?: string }
  | { ok: false; kind: 'output'; reason: OutputMismatch }
  | { ok: false; kind: 'record'; reason: RecordFault };

function isTokenList(t: unknown): t is number[] {
  return (
    Array.isArray(t) && t.length <= MAX_TX_OUTPUT_TOKENS && t.every((x) => Number.isInteger(x) && x >= 0)
  );
}

/**
 * The checks of one record's contents against its receipt in the block, before any replay
 * (§16.9 steps 1–4), cheapest first and signatures last. Pure; never throws.
 *   1. contents shape and size caps, the receipt equal to the block's record, the transaction decodes
 *      and its id is the receipt's (`ContentsFault`: not this record's contents);
 *   2. the claimed output against the receipt: token count, output hash, finish reason (`OutputMismatch`);
 *   3. the transaction against the receipt and the block: chain id, model, maxTokens, `length` and
 *      `stop-string` finish reasons (§15.9 step 5);
 *   4. the receipt's signature by its executor, the transaction's by its sender.
 */
export function checkRecordContents(
  receipt: SignedReceipt,
  receiptBytes: Uint8Array,
  contents: RecordContents,
  chainId: number,
): ContentsCheck {
  const c = contents as Partial<RecordContents> | null;
  if (
    !c ||
    !(c.tx instanceof Uint8Array) ||
    !(c.receipt instanceof Uint8Array) ||
    typeof c.output !== 'object' ||
    c.output === null ||
    !isTokenList(c.output.tokens) ||
    typeof c.output.finishReason !== 'string'
  )
    return { ok: false, kind: 'contents', reason: 'contents-malformed' };
  if (c.tx.length > MAX_TX_BYTES)
    return { ok: false, kind: 'contents', reason: 'contents-malformed', detail: 'tx too large' };
  if (c.receipt.length !== SIGNED_RECEIPT_SIZE || !equalBytes(c.receipt, receiptBytes))
    return { ok: false, kind: 'contents', reason: 'receipt-not-in-block' };
  let tx: SignedInferenceTx;
  try {
    tx = decodeTx(c.tx);
  } catch (e) {
    if (e instanceof DecodeError)
      return { ok: false, kind: 'contents', reason: 'tx-malformed', detail: e.reason };
    throw e;
  }
  if (!equalBytes(txId(tx), receipt.txId)) return { ok: false, kind: 'contents', reason: 'tx-id-mismatch' };

  const out = c.output;
  if (out.tokens.length !== receipt.outputTokens)
    return { ok: false, kind: 'output', reason: 'output-tokens-mismatch' };
  if (out.tokens.some((t) => t > 0xffffffff) || !equalBytes(outputHash(out.tokens), receipt.outputHash))
    return { ok: false, kind: 'output', reason: 'output-hash-mismatch' };
  if (out.finishReason !== receipt.finishReason)
    return { ok: false, kind: 'output', reason: 'finish-reason-mismatch' };

  const fault = (reason: RecordFault): ContentsCheck => ({ ok: false, kind: 'record', reason });
  if (tx.chainId !== receipt.chainId || tx.chainId !== chainId) return fault('tx-chain-id');
  if (!equalBytes(tx.modelId, receipt.modelId)) return fault('receipt-model-mismatch');
  if (receipt.outputTokens > tx.maxTokens) return fault('receipt-too-many-tokens');
  if (receipt.finishReason === 'length' && receipt.outputTokens !== tx.maxTokens)
    return fault('receipt-length-mismatch');
  if (receipt.finishReason === 'stop-string' && tx.stop.length === 0) return fault('receipt-no-stop-strings');
  if (!verifyReceipt(receipt)) return fault('bad-receipt-signature');
  if (!verifyTxSignature(tx)) return fault('tx-bad-signature');
  return { ok: true, tx };
}

// ---------------------------------------------------------------------------------------------------
// The engine, results, events

/** What the verifier needs of the LLM engine (`LlmEngine` satisfies it). */
export interface VerifierEngine {
  verify(request: InferenceRequest, output: InferenceOutput, options?: VerifyOptions): Promise<FinalVerdict>;
  /** A loaded model (throws LlmError `unknown-model` otherwise): its vocabulary derives the output text. */
  model(id: string): Detokenizer & { info: { vocabSize: number } };
}

export type AbstainReason =
  /** The body does not match its header (record count, roots) or repeats a transaction. */
  | 'block-malformed'
  /** More records than this verifier's `maxBlockRecords`. */
  | 'too-many-records'
  /** At least one record could not be replayed or its contents could not be obtained (§12.7). */
  | 'unverifiable-records';

export type DropReason =
  /** This node's key is not in the block's verifier set. */
  | 'not-in-set'
  /** The queue was full: the oldest waiting block made room. */
  | 'queue-overflow'
  /** The block's certificate window had closed before its turn (§15.9). */
  | 'expired'
  /** `cancel(blockHash)` (e.g. the block left the best chain). */
  | 'cancelled'
  /** `close()`. */
  | 'closed'
  /** An unexpected error (a bug; `detail` has it). */
  | 'failed';

interface BlockRef {
  /** Block hash, hex. */
  hash: string;
  height: number;
  recordCount: number;
}

export type BlockVerification =
  | (BlockRef & { status: 'voted'; vote: Vote; records: RecordResult[]; ms: number })
  | (BlockRef & {
      status: 'abstained';
      reason: AbstainReason;
      detail?: string;
      records: RecordResult[];
      ms: number;
    })
  | (BlockRef & { status: 'dropped'; reason: DropReason; detail?: string });

export interface VerifierLag {
  /** Blocks waiting (not counting the one being verified). */
  queuedBlocks: number;
  /** Records in the waiting blocks. */
  queuedRecords: number;
  /** How long the oldest waiting block has waited, ms (0 when none). */
  oldestWaitMs: number;
  /** queuedBlocks ≥ `lagBlocks`: the verifier is not keeping up. */
  behind: boolean;
  /** Blocks dropped since start because the queue overflowed. */
  dropped: number;
}

export interface BadContents {
  source: string;
  blockHash: string;
  txId: string;
  reason: ContentsFault | OutputMismatch;
  detail?: string;
}

export type VerifierEvents = {
  /** A signed vote, to gossip and to feed to the local VoteCollector. */
  vote: [Vote, BlockVerification & { status: 'voted' }];
  abstained: [BlockVerification & { status: 'abstained' }];
  dropped: [BlockVerification & { status: 'dropped' }];
  /** One record decided (for logs). */
  record: [RecordResult & { blockHash: string }];
  /** A source answered with contents that are not the block's (score or ban the peer). */
  'bad-contents': [BadContents];
  /** The queue reached `lagBlocks` waiting blocks. */
  lagging: [VerifierLag];
  /** The queue fell back below `lagBlocks`. */
  'caught-up': [VerifierLag];
};

export interface VerifierOptions {
  engine: VerifierEngine;
  /** This verifier's BLS secret key (32 bytes), whose public key is registered in the staking contract. */
  secretKey: Uint8Array;
  contents: ContentsProvider;
  /** The inference chain's id: every record's transaction and receipt must carry it. */
  chainId: number;
  /** Default DEFAULT_VERDICT_POLICY (§12.7). */
  policy?: VerdictPolicy;
  /** Records a block may have for this verifier to verify it (≤ MAX_BLOCK_RECORDS, the default). */
  maxBlockRecords?: number;
  /** Blocks waiting at most (default DEFAULT_MAX_QUEUED_BLOCKS); beyond, the oldest waiting is dropped. */
  maxQueuedBlocks?: number;
  /** Waiting blocks from which the verifier reports it is behind (default 2). */
  lagBlocks?: number;
  /** Record ids per contents request (1 … CONTENTS_BATCH_RECORDS, the default). */
  batchRecords?: number;
  /** Contents requests per batch (default CONTENT_ATTEMPTS). */
  contentAttempts?: number;
  /**
   * The inference chain's tip height: a block whose certificate window has closed (§15.9) when its turn
   * comes is dropped unverified. Omitted: never.
   */
  tipHeight?: () => number;
  /** Finished blocks remembered, so a block submitted again gets its result back (default 64). */
  rememberBlocks?: number;
  log?: Logger;
}

interface Job extends BlockRef {
  block: Block;
  hashBytes: Uint8Array;
  keys: readonly Uint8Array[];
  index: number;
  enqueuedAt: number;
  ac: AbortController;
  done: Promise<BlockVerification>;
  resolve: (r: BlockVerification) => void;
}

class Aborted extends Error {}

// ---------------------------------------------------------------------------------------------------
// The verifier

/**
 * Verifies published blocks one at a time (§16.9). `submit(block, verifierKeys)` queues a block with
 * its cycle's verifier set (the five BLS keys, in set order); the result comes back as the promise and as
 * an event (`vote`, `abstained` or `dropped`). A block is dropped at once when this node is not in its
 * set. Per block: the body must match its header; contents are fetched in batches of `batchRecords`
 * (memory is bounded by a batch, not by the block); each record is checked (checkRecordContents) and
 * replayed; the vote is signed when every record got a verdict. A record that cannot be verified (no
 * contents, model not served, engine unavailable) makes the verifier abstain from the whole block: the
 * bitmap has no "abstain" bit, and §12.7 forbids both attesting and accusing such a record.
 */
export class Verifier extends EventEmitter<VerifierEvents> {
  readonly publicKey: Uint8Array;
  private readonly o: Required<
    Omit<VerifierOptions, 'tipHeight' | 'log' | 'policy'> & { policy: VerdictPolicy }
  > & { tipHeight?: () => number; log?: Logger };
  private readonly queue: Job[] = [];
  private current: Job | null = null;
  private readonly finished = new Map<string, BlockVerification>();
  private pumping: Promise<void> = Promise.resolve();
  private behind = false;
  private droppedCount = 0;
  private closed = false;

  constructor(options: VerifierOptions) {
    super();
    const batch = options.batchRecords ?? CONTENTS_BATCH_RECORDS;
    if (!Number.isInteger(batch) || batch < 1 || batch > CONTENTS_BATCH_RECORDS)
      throw new RangeError(`batchRecords must be 1 … ${CONTENTS_BATCH_RECORDS}`);
    const maxRecords = options.maxBlockRecords ?? MAX_BLOCK_RECORDS;
    if (!Number.isInteger(maxRecords) || maxRecords < 0 || maxRecords > MAX_BLOCK_RECORDS)
      throw new RangeError(`maxBlockRecords must be 0 … ${MAX_BLOCK_RECORDS}`);
    this.o = {
      engine: options.engine,
      secretKey: options.secretKey,
      contents: options.contents,
      chainId: options.chainId,
      policy: options.policy ?? DEFAULT_VERDICT_POLICY,
      maxBlockRecords: maxRecords,
      maxQueuedBlocks: Math.max(1, options.maxQueuedBlocks ?? DEFAULT_MAX_QUEUED_BLOCKS),
      lagBlocks: Math.max(1, options.lagBlocks ?? 2),
      batchRecords: batch,
      contentAttempts: Math.max(1, options.contentAttempts ?? CONTENT_ATTEMPTS),
      rememberBlocks: Math.max(0, options.rememberBlocks ?? 64),
      ...(options.tipHeight ? { tipHeight: options.tipHeight } : {}),
      ...(options.log ? { log: options.log } : {}),
    };
    this.publicKey = Uint8Array.from(bls.secretKeyToPublicKey(options.secretKey));
  }

  /** How far behind the verifier is (for the daemon's log and status). */
  get lag(): VerifierLag {
    const oldest = this.queue[0];
    return {
      queuedBlocks: this.queue.length,
      queuedRecords: this.queue.reduce((n, j) => n + j.recordCount, 0),
      oldestWaitMs: oldest ? Math.round(performance.now() - oldest.enqueuedAt) : 0,
      behind: this.queue.length >= this.o.lagBlocks,
      dropped: this.droppedCount,
    };
  }

  /** The block being verified (hash hex), or null. */
  get verifying(): string | null {
    return this.current?.hash ?? null;
  }

  /**
   * Queues a published block for verification with its cycle's verifier set (five 48-byte BLS keys, set
   * order). A block already queued or being verified gets the same promise; a block voted on (or found
   * malformed) recently gets its result back without verifying it again.
   */
  submit(block: Block, verifierKeys: readonly Uint8Array[]): Promise<BlockVerification> {
    if (
      verifierKeys.length !== VERIFIER_SET_SIZE ||
      verifierKeys.some((k) => k.length !== BLS_PUBLIC_KEY_SIZE)
    )
      throw new RangeError(
        `a verifier set is ${VERIFIER_SET_SIZE} BLS public keys of ${BLS_PUBLIC_KEY_SIZE} bytes`,
      );
    const hashBytes = blockHash(block.header);
    const ref: BlockRef = {
      hash: toHex(hashBytes),
      height: block.header.height,
      recordCount: block.header.recordCount,
    };
    const known = this.finished.get(ref.hash);
    if (known) return Promise.resolve(known);
    const pending =
      this.current?.hash === ref.hash ? this.current : this.queue.find((j) => j.hash === ref.hash);
    if (pending) return pending.done;
    if (this.closed) return Promise.resolve(this.finish({ ...ref, status: 'dropped', reason: 'closed' }));
    const index = verifierKeys.findIndex((k) => equalBytes(k, this.publicKey));
    if (index < 0) return Promise.resolve(this.finish({ ...ref, status: 'dropped', reason: 'not-in-set' }));

    let resolve!: (r: BlockVerification) => void;
    const done = new Promise<BlockVerification>((r) => {
      resolve = r;
    });
    const job: Job = {
      ...ref,
      block,
      hashBytes,
      keys: verifierKeys,
      index,
      enqueuedAt: performance.now(),
      ac: new AbortController(),
      done,
      resolve,
    };
    this.queue.push(job);
    while (this.queue.length > this.o.maxQueuedBlocks) {
      const old = this.queue.shift()!;
      this.droppedCount++;
      old.resolve(this.finish({ ...this.refOf(old), status: 'dropped', reason: 'queue-overflow' }));
    }
    this.checkLag();
    this.kick();
    return done;
  }

  /** Stops verifying a block (queued or running): it ends `dropped` / `cancelled`. */
  cancel(hashHex: string): boolean {
    if (this.current?.hash === hashHex) {
      this.current.ac.abort(new Aborted('cancelled'));
      return true;
    }
    const i = this.queue.findIndex((j) => j.hash === hashHex);
    if (i < 0) return false;
    const [job] = this.queue.splice(i, 1);
    job!.resolve(this.finish({ ...this.refOf(job!), status: 'dropped', reason: 'cancelled' }));
    this.checkLag();
    return true;
  }

  /** Resolves when the queue is empty and nothing is being verified. */
  async idle(): Promise<void> {
    while (this.current) await this.pumping;
  }

  /** Drops the queue, aborts the block being verified and waits for it to end. Further submits drop. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.resolve(this.finish({ ...this.refOf(job), status: 'dropped', reason: 'closed' }));
    this.current?.ac.abort(new Aborted('closed'));
    await this.idle();
  }

  private refOf(j: BlockRef): BlockRef {
    return { hash: j.hash, height: j.height, recordCount: j.recordCount };
  }

  private finish(r: BlockVerification): BlockVerification {
    // Remembered: votes, and abstentions that submitting again cannot change (the block itself). A block
    // dropped, or abstained from for want of contents or of the engine, may be submitted again.
    if (r.status === 'voted' || (r.status === 'abstained' && r.reason !== 'unverifiable-records')) {
      this.finished.set(r.hash, r);
      while (this.finished.size > this.o.rememberBlocks)
        this.finished.delete(this.finished.keys().next().value!);
    }
    if (r.status === 'voted') this.emit('vote', r.vote, r);
    else if (r.status === 'abstained') this.emit('abstained', r);
    else this.emit('dropped', r);
    const log = this.o.log;
    if (log) {
      const base = { hash: r.hash, height: r.height, records: r.recordCount };
      if (r.status === 'voted') {
        const invalid = r.records.filter((x) => x.status === 'invalid').length;
        log.info({ ...base, invalid, ms: r.ms }, 'block verified: vote signed');
      } else if (r.status === 'abstained')
        log.warn({ ...base, reason: r.reason, detail: r.detail, ms: r.ms }, 'block verified: no vote');
      else log.info({ ...base, reason: r.reason }, 'block not verified');
    }
    return r;
  }

  private checkLag(): void {
    const lag = this.lag;
    if (lag.behind && !this.behind) {
      this.behind = true;
      this.o.log?.warn(lag, 'verifier falling behind');
      this.emit('lagging', lag);
    } else if (!lag.behind && this.behind) {
      this.behind = false;
      this.o.log?.info(lag, 'verifier caught up');
      this.emit('caught-up', lag);
    }
  }

  /** Starts the next waiting block when none is being verified (synchronously, so `lag` is exact). */
  private kick(): void {
    while (!this.current && this.queue.length > 0) {
      const job = this.queue.shift()!;
      const tip = this.o.tipHeight?.();
      if (tip !== undefined && isCertificateExpired(job.height, tip)) {
        job.resolve(this.finish({ ...this.refOf(job), status: 'dropped', reason: 'expired' }));
        continue;
      }
      this.current = job;
      this.pumping = this.run(job);
    }
    this.checkLag();
  }

  private async run(job: Job): Promise<void> {
    let result: BlockVerification;
    try {
      result = await this.verifyJob(job);
    } catch (e) {
      if (job.ac.signal.aborted) {
        const reason = job.ac.signal.reason instanceof Aborted ? job.ac.signal.reason.message : 'cancelled';
        result = { ...this.refOf(job), status: 'dropped', reason: reason as DropReason };
      } else {
        // A bug, not a verdict: logged, and the block is dropped so that the queue goes on.
        const detail = (e as Error).message;
        this.o.log?.error({ hash: job.hash, err: detail }, 'verifier failed');
        result = { ...this.refOf(job), status: 'dropped', reason: 'failed', detail };
      }
    }
    this.current = null;
    job.resolve(this.finish(result));
    this.kick();
  }

  private async verifyJob(job: Job): Promise<BlockVerification> {
    const started = performance.now();
    const { block } = job;
    const h = block.header;
    const receipts = block.body.receipts;
    const ref = this.refOf(job);
    const abstain = (reason: AbstainReason, records: RecordResult[], detail?: string): BlockVerification => ({
      ...ref,
      status: 'abstained',
      reason,
      ...(detail ? { detail } : {}),
      records,
      ms: Math.round(performance.now() - started),
    });

    if (receipts.length > this.o.maxBlockRecords)
      return abstain('too-many-records', [], `${receipts.length} > ${this.o.maxBlockRecords}`);
    // The vote is over the header's hash: the body verified must be the one the header commits to.
    const c = bodyCommitments(block.body);
    if (
      h.recordCount !== receipts.length ||
      !equalBytes(c.txRoot, h.txRoot) ||
      !equalBytes(c.receiptsRoot, h.receiptsRoot)
    )
      return abstain('block-malformed', [], 'body does not match the header');
    const ids = new Set(receipts.map((r) => toHex(r.txId)));
    if (ids.size !== receipts.length) return abstain('block-malformed', [], 'duplicate transaction id');

    const records: RecordResult[] = [];
    const signal = job.ac.signal;
    for (let start = 0; start < receipts.length; start += this.o.batchRecords) {
      const batch = await this.fetchBatch(job, start, Math.min(receipts.length, start + this.o.batchRecords));
      for (const item of batch) {
        if (signal.aborted) throw signal.reason;
        const r = item.result ?? (await this.replay(job, item.index, item.tx!, item.output!));
        records.push(r);
        this.emit('record', { ...r, blockHash: job.hash });
        if (r.status === 'unverifiable')
          return abstain('unverifiable-records', records, `record ${r.index}: ${r.reason}`);
      }
    }
    const vote = signVote(this.o.secretKey, {
      blockHash: job.hashBytes,
      verifierIndex: job.index,
      recordCount: receipts.length,
      verdicts: bitmapFromVerdicts(records.map((r) => r.status === 'valid')),
    });
    return { ...ref, status: 'voted', vote, records, ms: Math.round(performance.now() - started) };
  }

  /**
   * Contents of records [from, to): asked up to `contentAttempts` times, each retry for the records still
   * lacking matching contents and excluding the sources that failed. Returns each record either decided
   * (`result`) or ready to replay (`tx`, `output`).
   */
  private async fetchBatch(
    job: Job,
    from: number,
    to: number,
  ): Promise<{ index: number; result?: RecordResult; tx?: SignedInferenceTx; output?: RecordOutput }[]> {
    const receipts = job.block.body.receipts;
    const signal = job.ac.signal;
    const hash = job.hashBytes;
    const out = new Map<
      number,
      { index: number; result?: RecordResult; tx?: SignedInferenceTx; output?: RecordOutput }
    >();
    const last = new Map<number, { reason: ContentsFault | OutputMismatch; detail?: string }>();
    let pending = Array.from({ length: to - from }, (_, k) => from + k);
    const exclude: string[] = [];
    const encoded = new Map(pending.map((i) => [i, encodeSignedReceipt(receipts[i]!)]));

    for (let attempt = 0; attempt < this.o.contentAttempts && pending.length > 0; attempt++) {
      if (signal.aborted) throw signal.reason;
      let reply: ContentsReply | null = null;
      try {
        reply = await this.o.contents(
          hash,
          pending.map((i) => receipts[i]!.txId),
          { signal, exclude: [...exclude] },
        );
      } catch (e) {
        if (signal.aborted) throw signal.reason;
        this.o.log?.debug({ hash: job.hash, err: (e as Error).message }, 'contents request failed');
      }
      if (signal.aborted) throw signal.reason;
      const source = reply?.source ?? null;
      const answers = reply?.records;
      const wellFormed = Array.isArray(answers) && answers.length === pending.length;
      const still: number[] = [];
      pending.forEach((i, k) => {
        const txHex = toHex(receipts[i]!.txId);
        const answer = wellFormed ? answers[k] : undefined;
        if (!wellFormed || answer === null || answer === undefined) {
          if (!wellFormed && reply !== null && source !== null)
            this.emit('bad-contents', {
              source,
              blockHash: job.hash,
              txId: txHex,
              reason: 'contents-malformed',
            });
          if (!last.has(i))
            last.set(i, { reason: reply && !wellFormed ? 'contents-malformed' : 'missing-contents' });
          still.push(i);
          return;
        }
        const check = checkRecordContents(receipts[i]!, encoded.get(i)!, answer, this.o.chainId);
        if (check.ok) {
          out.set(i, { index: i, tx: check.tx, output: answer.output });
          return;
        }
        if (check.kind === 'record') {
          out.set(i, {
            index: i,
            result: { index: i, txId: txHex, status: 'invalid', reason: check.reason },
          });
          return;
        }
        const detail = check.kind === 'contents' ? check.detail : undefined;
        last.set(i, { reason: check.reason, ...(detail ? { detail } : {}) });
        if (source !== null)
          this.emit('bad-contents', {
            source,
            blockHash: job.hash,
            txId: txHex,
            reason: check.reason,
            ...(detail ? { detail } : {}),
          });
        still.push(i);
      });
      if (still.length > 0 && source !== null && !exclude.includes(source)) exclude.push(source);
      pending = still;
    }
    // Records still without matching contents: an output that every source served against its receipt is
    // the record's (invalid); contents nobody could serve leave it unverifiable.
    for (const i of pending) {
      const f = last.get(i) ?? { reason: 'missing-contents' as const };
      const isOutput =
        f.reason === 'output-tokens-mismatch' ||
        f.reason === 'output-hash-mismatch' ||
        f.reason === 'finish-reason-mismatch';
      out.set(i, {
        index: i,
        result: {
          index: i,
          txId: toHex(receipts[i]!.txId),
          status: isOutput ? 'invalid' : 'unverifiable',
          reason: f.reason,
          ...(f.detail ? { detail: f.detail } : {}),
        },
      });
    }
    return [...out.values()].sort((a, b) => a.index - b.index);
  }

  /** Replays one record under the verdict policy (§12.7): replay decides; unverifiable when it cannot. */
  private async replay(
    job: Job,
    index: number,
    tx: SignedInferenceTx,
    output: RecordOutput,
  ): Promise<RecordResult> {
    const signal = job.ac.signal;
    const id = toHex(txId(tx));
    const res = (status: RecordStatus, reason: RecordReason, detail?: string, verdict?: FinalVerdict) => ({
      index,
      txId: id,
      status,
      reason,
      ...(detail ? { detail } : {}),
      ...(verdict ? { verdict } : {}),
    });
    const request = toInferenceRequest(tx);
    let vocab: Detokenizer & { info: { vocabSize: number } };
    try {
      vocab = this.o.engine.model(request.modelId);
    } catch (e) {
      if (e instanceof LlmError) return res('unverifiable', 'unknown-model', request.modelId);
      throw e;
    }
    // Token ids outside the vocabulary: a malformed claim the executor signed (§12.7 `rejected`).
    if (output.tokens.some((t) => t >= vocab.info.vocabSize))
      return res('invalid', 'replay-rejected', 'invalid-tokens');
    const claim: InferenceOutput = {
      tokens: output.tokens,
      finishReason: output.finishReason,
      // The text is derived here rather than taken from the network: the receipt commits to tokens only.
      text: outputText(output.tokens, output.finishReason, vocab, request.stop),
    };
    let verdict: FinalVerdict;
    try {
      verdict = await this.o.engine.verify(request, claim, { signal, policy: this.o.policy });
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      if (e instanceof LlmError) return res('unverifiable', 'engine-unavailable', e.message);
      throw e;
    }
    if (verdict.replay.status === 'not-replayable')
      return res('unverifiable', 'not-replayable', verdict.replay.reason, verdict);
    if (verdict.accepted) return res('valid', 'replay-accepted', undefined, verdict);
    const detail =
      verdict.replay.status === 'replayed'
        ? `${verdict.replay.verdict.failure ?? 'judge'}${verdict.replay.verdict.position === null ? '' : ` at ${verdict.replay.verdict.position}`}`
        : verdict.replay.reason;
    return res('invalid', 'replay-rejected', detail, verdict);
  }
}
