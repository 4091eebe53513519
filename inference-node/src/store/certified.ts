import type { InferenceStore } from './store.js';
import { StoreBatch } from './store.js';

/** Records of one block decided by its latest quorum certificate (§15.8). */
export interface CertifiedCounts {
  certified: number;
  penalised: number;
}

const TOTAL = 'qc-total';
const PER_BLOCK = 'qc:';

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

/**
 * The status's `inference.certified` / `penalised` (docs/protocol.md §16.4), persisted: per certified
 * block the counts of its latest certificate (`meta` `x:qc:<block hash hex>`), and their sum
 * (`x:qc-total`) written in the same batch, so a restart reads one row and a grown certificate replaces
 * its block's counts instead of adding to them.
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

  /** The block's counts; zero when no certificate of it was seen. */
  of(blockHashHex: string): CertifiedCounts {
    return decode(this.store.getMeta(`${PER_BLOCK}${blockHashHex}`));
  }

  /** A (grown) certificate of the block decided these counts: they replace the block's previous ones. */
  record(blockHashHex: string, counts: CertifiedCounts): void {
    const old = this.of(blockHashHex);
    const total = {
      certified: this.total.certified - old.certified + counts.certified,
      penalised: this.total.penalised - old.penalised + counts.penalised,
    };
    this.store.commit(
      new StoreBatch().putMeta(`${PER_BLOCK}${blockHashHex}`, encode(counts)).putMeta(TOTAL, encode(total)),
    );
    this.total = total;
  }
}
