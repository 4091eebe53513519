import { EventEmitter } from 'node:events';
import { DecodeError, equalBytes, toHex } from '@funai/ledger-node';
import type { Logger } from 'pino';
import { aggregateVotes } from '../quorum/aggregate.js';
import { certificateSigners, type QuorumCertificate } from '../quorum/certificate.js';
import { BLS_PUBLIC_KEY_SIZE, QUORUM_THRESHOLD, VERIFIER_SET_SIZE } from '../quorum/params.js';
import { decodeVote, type Vote, verifyVote } from '../quorum/vote.js';

/**
 * Collects verifier votes (docs/protocol.md §15.8, §16.9) for the blocks the node knows and aggregates
 * them into quorum certificates for the next producer. Each vote is checked against the verifier set of
 * its block (registered with `addBlock`); one vote per verifier counts (a second, different one is an
 * equivocation, reported with both votes). As soon as QUORUM_THRESHOLD identical votes exist the
 * certificate is that group (`certificate` event; again whenever the group grows); with no such group, a
 * split certificate (every group) is emitted once all five have voted, and `certificate(hash)` returns the
 * best certificate the votes allow at any moment (a producer near the window's end takes a split one).
 */

export type VoteRejectReason =
  /** The gossip bytes do not decode (DecodeError; `detail` has its reason). */
  | 'malformed'
  /** No block with this hash was registered (not seen yet, forgotten, or never published). */
  | 'unknown-block'
  /** The vote's record count is not the block's. */
  | 'wrong-record-count'
  /** The signature is not the verifier's (at the vote's index in the block's set). */
  | 'bad-signature'
  /** The same vote again. */
  | 'duplicate'
  /** A validly signed second vote of the same verifier with another bitmap (the first one counts). */
  | 'equivocation';

export type VoteResult =
  | {
      ok: true;
      /** The certificate now available for the block (null below 3 voters). */
      certificate: QuorumCertificate | null;
    }
  | { ok: false; reason: VoteRejectReason; detail?: string };

export interface KnownBlock {
  height: number;
  blockHash: Uint8Array;
  recordCount: number;
  /** The five BLS keys of the block's verifier set, in set order. */
  verifierKeys: readonly Uint8Array[];
}

export interface CertificateEvent {
  /** Block hash, hex. */
  hash: string;
  height: number;
  /** Bitmask of the verifiers whose votes it aggregates. */
  signers: number;
  /** More than one group (no three identical votes). */
  split: boolean;
}

export type VoteCollectorEvents = {
  /** A vote counted (checked, the verifier's first for the block): e.g. to store it (docs §16.2). */
  vote: [Vote];
  certificate: [QuorumCertificate, CertificateEvent];
  /** Evidence: two validly signed votes of one verifier for one block with different bitmaps. */
  equivocation: [{ hash: string; verifierIndex: number; first: Vote; second: Vote }];
};

export interface VoteCollectorOptions {
  /** Blocks tracked at most (default 64); the lowest heights are forgotten first. */
  maxBlocks?: number;
  log?: Logger;
}

interface Entry {
  block: KnownBlock;
  hash: string;
  /** By verifier index. */
  votes: (Vote | undefined)[];
  /** Signer mask of the last emitted certificate (0: none). */
  emitted: number;
}

function popcount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

export class VoteCollector extends EventEmitter<VoteCollectorEvents> {
  private readonly blocks = new Map<string, Entry>();
  private readonly maxBlocks: number;
  private readonly log: Logger | undefined;

  constructor(options: VoteCollectorOptions = {}) {
    super();
    this.maxBlocks = Math.max(1, options.maxBlocks ?? 64);
    this.log = options.log;
  }

  /** Registers a published block whose votes are expected (idempotent). */
  addBlock(block: KnownBlock): void {
    if (block.blockHash.length !== 32) throw new RangeError('a block hash is 32 bytes');
    if (
      block.verifierKeys.length !== VERIFIER_SET_SIZE ||
      block.verifierKeys.some((k) => k.length !== BLS_PUBLIC_KEY_SIZE)
    )
      throw new RangeError(`a verifier set is ${VERIFIER_SET_SIZE} BLS keys of ${BLS_PUBLIC_KEY_SIZE} bytes`);
    const hash = toHex(block.blockHash);
    if (this.blocks.has(hash)) return;
    this.blocks.set(hash, { block, hash, votes: new Array(VERIFIER_SET_SIZE).fill(undefined), emitted: 0 });
    while (this.blocks.size > this.maxBlocks) {
      let lowest: Entry | undefined;
      for (const e of this.blocks.values()) if (!lowest || e.block.height < lowest.block.height) lowest = e;
      this.blocks.delete(lowest!.hash);
    }
  }

  /** Stops tracking a block (certified into the chain, orphaned, or expired). */
  forget(hashHex: string): void {
    this.blocks.delete(hashHex);
  }

  /** Forgets every block below `height` (e.g. past its certificate window). */
  prune(height: number): void {
    for (const [h, e] of this.blocks) if (e.block.height < height) this.blocks.delete(h);
  }

  /** Whether a block is tracked. */
  has(hashHex: string): boolean {
    return this.blocks.has(hashHex);
  }

  /** The counted votes of a block, in verifier order. */
  votes(hashHex: string): Vote[] {
    return (this.blocks.get(hashHex)?.votes ?? []).filter((v): v is Vote => v !== undefined);
  }

  /** The best certificate the block's votes allow now (one group of ≥ 3 identical, else split), or null. */
  certificate(hashHex: string): QuorumCertificate | null {
    const e = this.blocks.get(hashHex);
    if (!e) return null;
    return aggregateVotes(e.block, this.votes(hashHex));
  }

  /** Checks and counts a vote (decoded, or its gossip bytes). Never throws on peer data. */
  addVote(input: Vote | Uint8Array): VoteResult {
    let vote: Vote;
    if (input instanceof Uint8Array) {
      try {
        vote = decodeVote(input);
      } catch (e) {
        if (e instanceof DecodeError) return { ok: false, reason: 'malformed', detail: e.reason };
        throw e;
      }
    } else vote = input;
    if (!(vote.blockHash instanceof Uint8Array) || vote.blockHash.length !== 32)
      return { ok: false, reason: 'malformed', detail: 'vote-block-hash' };
    const hash = toHex(vote.blockHash);
    const e = this.blocks.get(hash);
    if (!e) return { ok: false, reason: 'unknown-block' };
    if (vote.recordCount !== e.block.recordCount) return { ok: false, reason: 'wrong-record-count' };
    if (
      !Number.isInteger(vote.verifierIndex) ||
      vote.verifierIndex < 0 ||
      vote.verifierIndex >= VERIFIER_SET_SIZE
    )
      return { ok: false, reason: 'malformed', detail: 'vote-verifier-index' };
    const prior = e.votes[vote.verifierIndex];
    if (prior && equalBytes(prior.verdicts, vote.verdicts) && equalBytes(prior.signature, vote.signature))
      return { ok: false, reason: 'duplicate' };
    if (!verifyVote(vote, e.block.verifierKeys[vote.verifierIndex]!))
      return { ok: false, reason: 'bad-signature' };
    if (prior) {
      // BLS signatures are deterministic: a valid vote with the same bitmap is the same vote.
      if (equalBytes(prior.verdicts, vote.verdicts)) return { ok: false, reason: 'duplicate' };
      this.log?.warn(
        { hash, verifierIndex: vote.verifierIndex },
        'verifier equivocation: two votes for one block',
      );
      this.emit('equivocation', { hash, verifierIndex: vote.verifierIndex, first: prior, second: vote });
      return { ok: false, reason: 'equivocation' };
    }
    e.votes[vote.verifierIndex] = vote;
    this.emit('vote', vote);
    const qc = this.certificate(hash);
    if (qc) {
      const signers = certificateSigners(qc);
      const split = qc.groups.length > 1;
      const voted = this.votes(hash).length;
      // Emit a quorum group whenever it grows; a split certificate only once every verifier has voted.
      const emit = split
        ? voted === VERIFIER_SET_SIZE && e.emitted === 0
        : popcount(signers) > popcount(e.emitted);
      if (emit && popcount(signers) >= QUORUM_THRESHOLD) {
        e.emitted = signers;
        this.log?.info({ hash, height: e.block.height, signers, split }, 'quorum certificate');
        this.emit('certificate', qc, { hash, height: e.block.height, signers, split });
      }
    }
    return { ok: true, certificate: qc };
  }
}
