import { DecodeError, fromHex, toHex } from '@funai/ledger-node';
import {
  certificateVerdicts,
  decodeCertificate,
  encodeCertificate,
  type QuorumCertificate,
  type RecordVerdict,
} from '../quorum/certificate.js';
import { VERIFIER_SET_SIZE } from '../quorum/params.js';
import { decodeVote, encodeVote, type Vote } from '../quorum/vote.js';
import type { InferenceStore } from './store.js';
import { StoreBatch } from './store.js';

/** Records decided by quorum certificates (§15.8): valid ones certified, invalid ones penalised. */
export interface CertifiedCounts {
  certified: number;
  penalised: number;
}

const TOTAL = 'qc-total';
/** `qv:<tx id hex>` → the record's latest verdict (1 valid, 2 invalid, 3 undecided). */
const VERDICT = 'qv:';
const VERDICT_CODE: Record<RecordVerdict, number> = { valid: 1, invalid: 2, undecided: 3 };

function encode(c: CertifiedCounts): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(c.certified));
  v.setBigUint64(8, BigInt(c.penalised));
  return b;
}

function decode(b: Uint8Array | undefined): CertifiedCounts {
  if (b === undefined || b.length !== 16) return { certified: 0, penalised: 0 };
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { certified: Number(v.getBigUint64(0)), penalised: Number(v.getBigUint64(8)) };
}

function counts(code: number | undefined): CertifiedCounts {
  return { certified: code === 1 ? 1 : 0, penalised: code === 2 ? 1 : 0 };
}

/**
 * The certificates this node's vote collector emitted and the status's `inference.certified` /
 * `penalised` (docs/protocol.md §16.2, §16.4, §16.9), persisted in one batch per certificate: the
 * certificate (column `certs`, by block hash, so a restart still has a certificate no header carried
 * yet — for the lifecycle and the producer's next header), each record's latest verdict
 * (`x:qv:<tx id hex>`) and the totals (`x:qc-total`). The totals count records, not certificates: a grown
 * certificate, the same certificate again (a restart, a re-registered block) or another block carrying the
 * same record replaces the record's verdict instead of adding to the counts.
 */
export class CertifiedTally {
  private total: CertifiedCounts;

  constructor(private readonly store: InferenceStore) {
    this.total = decode(store.getMeta(TOTAL));
  }

  /** The counts since genesis of the records decided by certificates this node has seen. */
  get totals(): CertifiedCounts {
    return { ...this.total };
  }

  /** The block's stored certificate, or null (none emitted here, or an unreadable row). */
  certificate(blockHashHex: string): QuorumCertificate | null {
    const raw = this.store.getCertificate(fromHex(blockHashHex));
    if (!raw) return null;
    try {
      return decodeCertificate(raw);
    } catch (e) {
      if (e instanceof DecodeError) return null;
      throw e;
    }
  }

  /** The counts a record's verdict contributes (zero when no certificate decided it). */
  of(txId: Uint8Array): CertifiedCounts {
    return counts(this.store.getMeta(`${VERDICT}${toHex(txId)}`)?.[0]);
  }

  /**
   * A (grown) certificate of the block whose records are `txIds` (in block order): stored, and each
   * record's verdict replaces its previous one in the totals. Returns the block's counts.
   */
  record(blockHashHex: string, qc: QuorumCertificate, txIds: readonly Uint8Array[]): CertifiedCounts {
    const verdicts = certificateVerdicts(qc);
    const batch = new StoreBatch().putCertificate(fromHex(blockHashHex), encodeCertificate(qc));
    const total = { ...this.total };
    const block = { certified: 0, penalised: 0 };
    verdicts.forEach((v, i) => {
      // A record id the block does not give (not expected: the collector registers known blocks).
      const key = `${VERDICT}${txIds[i] ? toHex(txIds[i]) : `${blockHashHex}:${i}`}`;
      const code = VERDICT_CODE[v];
      const old = counts(this.store.getMeta(key)?.[0]);
      const now = counts(code);
      total.certified += now.certified - old.certified;
      total.penalised += now.penalised - old.penalised;
      block.certified += now.certified;
      block.penalised += now.penalised;
      batch.putMeta(key, Uint8Array.of(code));
    });
    this.store.commit(batch.putMeta(TOTAL, encode(total)));
    this.total = total;
    return block;
  }
}

const VOTE = 'vote:';

/**
 * The votes this node's collector counted (docs §16.2, §16.9), `meta` `x:vote:<block hash hex>:<index>`: at
 * a restart the blocks still in their certificate window are registered again with their votes, so a vote
 * that arrived before the stop still counts towards a certificate completed after it.
 */
export class StoredVotes {
  constructor(private readonly store: InferenceStore) {}

  put(vote: Vote): void {
    this.store.commit(
      new StoreBatch().putMeta(`${VOTE}${toHex(vote.blockHash)}:${vote.verifierIndex}`, encodeVote(vote)),
    );
  }

  /** The block's stored votes, in verifier order (an unreadable row is skipped). */
  of(blockHashHex: string): Vote[] {
    const out: Vote[] = [];
    for (let i = 0; i < VERIFIER_SET_SIZE; i++) {
      const raw = this.store.getMeta(`${VOTE}${blockHashHex}:${i}`);
      if (!raw) continue;
      try {
        out.push(decodeVote(raw));
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
      }
    }
    return out;
  }
}
