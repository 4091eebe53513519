import { mkdir, open, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHex, sha256, toHex } from '@funai/ledger-node';
import { LlmError } from '../errors.js';
import { CHUNK_SIZE, chunkCount, leafHash, MerkleTree, merkleRoot } from './merkle.js';

/** A model file's identity and the chunk hashes needed to serve chunk proofs. */
export interface ModelFileId {
  /** Hex Merkle root: the model id. */
  id: string;
  path: string;
  size: number;
  mtimeMs: number;
  leaves: Uint8Array[];
}

export interface ModelIdProgress {
  bytesHashed: number;
  totalBytes: number;
}

/** Hashes a file chunk by chunk (one chunk in memory at a time) into its model id. */
export async function computeModelFileId(
  path: string,
  onProgress?: (p: ModelIdProgress) => void,
): Promise<ModelFileId> {
  const real = await realpath(path).catch(() => {
    throw new LlmError('model-not-found', path);
  });
  const st = await stat(real);
  if (!st.isFile() || st.size === 0) throw new LlmError('model-not-found', `${path} is not a non-empty file`);
  const fh = await open(real, 'r');
  const leaves: Uint8Array[] = [];
  try {
    const buf = Buffer.allocUnsafe(CHUNK_SIZE);
    const count = chunkCount(st.size);
    for (let i = 0; i < count; i++) {
      const want = Math.min(CHUNK_SIZE, st.size - i * CHUNK_SIZE);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await fh.read(buf, got, want - got, i * CHUNK_SIZE + got);
        if (bytesRead === 0) throw new LlmError('model-load-failed', `${path} shrank while hashing`);
        got += bytesRead;
      }
      leaves.push(leafHash(buf.subarray(0, want)));
      onProgress?.({ bytesHashed: i * CHUNK_SIZE + want, totalBytes: st.size });
    }
  } finally {
    await fh.close();
  }
  return { id: toHex(merkleRoot(leaves)), path: real, size: st.size, mtimeMs: st.mtimeMs, leaves };
}

interface CacheRecord {
  path: string;
  size: number;
  mtimeMs: number;
  id: string;
  leaves: string;
}

/**
 * Computes model ids once per file version: an entry is reused while the file keeps its size and
 * modification time. Entries live in memory and, when `dir` is given, as JSON files there (named by the
 * SHA-256 of the real path), so a restarted node does not rehash its models.
 */
export class ModelIdCache {
  private readonly memory = new Map<string, ModelFileId>();
  private readonly dir: string | undefined;

  constructor(dir?: string) {
    this.dir = dir;
  }

  async get(path: string, onProgress?: (p: ModelIdProgress) => void): Promise<ModelFileId> {
    const real = await realpath(path).catch(() => {
      throw new LlmError('model-not-found', path);
    });
    const st = await stat(real);
    const fresh = (e: { size: number; mtimeMs: number }): boolean =>
      e.size === st.size && e.mtimeMs === st.mtimeMs;
    const mem = this.memory.get(real);
    if (mem && fresh(mem)) return mem;
    const file = this.dir
      ? join(this.dir, `${toHex(sha256(new TextEncoder().encode(real)))}.json`)
      : undefined;
    if (file) {
      const rec = await readFile(file, 'utf8')
        .then((s) => JSON.parse(s) as CacheRecord)
        .catch(() => undefined);
      if (rec && rec.path === real && fresh(rec)) {
        const leaves = splitLeaves(rec.leaves);
        if (leaves && toHex(merkleRoot(leaves)) === rec.id) {
          const entry = { id: rec.id, path: real, size: rec.size, mtimeMs: rec.mtimeMs, leaves };
          this.memory.set(real, entry);
          return entry;
        }
      }
    }
    const entry = await computeModelFileId(real, onProgress);
    this.memory.set(real, entry);
    if (file && this.dir) {
      await mkdir(this.dir, { recursive: true });
      const rec: CacheRecord = { ...entry, leaves: entry.leaves.map(toHex).join('') };
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(rec));
      await rename(tmp, file);
    }
    return entry;
  }
}

function splitLeaves(hex: string): Uint8Array[] | null {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length % 64 !== 0) return null;
  try {
    const out: Uint8Array[] = [];
    for (let i = 0; i < hex.length; i += 64) out.push(fromHex(hex.slice(i, i + 64)));
    return out;
  } catch {
    return null;
  }
}

const trees = new WeakMap<ModelFileId, MerkleTree>();

/** The audit path of chunk `index` of a hashed model file, for serving chunks to peers. */
export function chunkProof(file: ModelFileId, index: number): Uint8Array[] {
  let tree = trees.get(file);
  if (!tree) trees.set(file, (tree = new MerkleTree(file.leaves)));
  return tree.proof(index);
}
