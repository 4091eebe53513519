import { toHex } from '@funai/ledger-node';
import type { SnapshotStore } from '../chain/fork-choice.js';
import type { ForkSnapshot } from '../chain/snapshot.js';
import type { Registration } from '../ops/ledger-ops.js';
import type { InferenceStore, StoreBatch } from './store.js';
import { decodeStoredJson, encodeStoredJson } from './stored-json.js';

/**
 * What the daemon persists so that a restart costs O(recent), not O(chain) (docs/protocol.md §16.2):
 * the consensus core's snapshots are read from the `state` records on demand (`StoredSnapshots`), and
 * the two indexes the core and the producer otherwise rebuild by replaying the whole stored chain live in
 * `meta`, written in the same batches as the records they index:
 *
 *     x:reg:<VRF key hex>          the latest registration of the key on the best chain (stored JSON)
 *     x:acc:<ledger hash hex>      blockHash:32 | ledgerHeight u32 — the inference block accepted for the
 *                                  ledger block that elected it (internal byte order)
 *     x:consensus-index            present once both indexes are complete for the stored chain
 */
const REGISTRATION = 'reg:';
const ACCEPTED = 'acc:';
const INDEXED = 'consensus-index';

/**
 * The ForkChoice's snapshot storage over the store: a snapshot is decoded from its ledger block's record
 * the first time it is asked for and kept in memory after (as the in-memory store kept every one).
 */
export class StoredSnapshots implements SnapshotStore {
  private readonly map = new Map<string, ForkSnapshot>();
  /** The last snapshot set (what ConsensusSink writes with its ledger block). */
  written: ForkSnapshot | null = null;
  /** Snapshots read from the store since start (a restart's cost, for tests and logs). */
  loaded = 0;

  /** `load(hashHex)`: the snapshot stored for a ledger block (hash in internal byte order, hex). */
  constructor(private readonly load: (ledgerHashHex: string) => ForkSnapshot | undefined) {}

  get(k: string): ForkSnapshot | undefined {
    let s = this.map.get(k);
    if (s === undefined) {
      s = this.load(k);
      if (s !== undefined) {
        this.loaded++;
        this.map.set(k, s);
      }
    }
    return s;
  }

  set(k: string, v: ForkSnapshot): void {
    this.map.set(k, v);
    this.written = v;
  }
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

export function putRegistration(batch: StoreBatch, r: Registration): StoreBatch {
  return batch.putMeta(`${REGISTRATION}${toHex(r.vrfKey)}`, encodeStoredJson(r));
}

export function deleteRegistration(batch: StoreBatch, vrfKeyHex: string): StoreBatch {
  return batch.deleteMeta(`${REGISTRATION}${vrfKeyHex}`);
}

/** The registrations index: the latest registration per VRF key on the stored best chain. */
export function storedRegistrations(store: InferenceStore): Registration[] {
  return [...store.metaWithPrefix(REGISTRATION)].map(([, v]) => decodeStoredJson<Registration>(v));
}

export interface AcceptedPair {
  ledgerHash: Uint8Array;
  blockHash: Uint8Array;
  ledgerHeight: number;
}

export function putAccepted(batch: StoreBatch, p: AcceptedPair): StoreBatch {
  const v = new Uint8Array(36);
  v.set(p.blockHash, 0);
  v.set(u32(p.ledgerHeight), 32);
  return batch.putMeta(`${ACCEPTED}${toHex(p.ledgerHash)}`, v);
}

/** Every (electing ledger block, accepted inference block) pair stored (64 bytes of key and value each). */
export function storedAccepted(store: InferenceStore): AcceptedPair[] {
  const out: AcceptedPair[] = [];
  for (const [name, v] of store.metaWithPrefix(ACCEPTED)) {
    if (v.length !== 36) continue;
    out.push({
      ledgerHash: Uint8Array.from(Buffer.from(name.slice(ACCEPTED.length), 'hex')),
      blockHash: Uint8Array.from(v.subarray(0, 32)),
      ledgerHeight: new DataView(v.buffer, v.byteOffset + 32, 4).getUint32(0),
    });
  }
  return out;
}

/** Whether the indexes are complete (a store written before them has records but no indexes). */
export function isConsensusIndexed(store: InferenceStore): boolean {
  return store.getMeta(INDEXED) !== undefined;
}

export function markConsensusIndexed(batch: StoreBatch): StoreBatch {
  return batch.putMeta(INDEXED, Uint8Array.of(1));
}
