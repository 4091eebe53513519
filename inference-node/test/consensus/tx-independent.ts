// Independent, step-by-step re-derivation helpers for the consensus vectors: plain Buffer arithmetic,
// @noble/hashes and @noble/curves, nothing from src/ (as ecvrf/test/independent-ecvrf.ts does for the VRF).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

export const VECTOR_DIR = new URL('../vectors/consensus/', import.meta.url);

/** FUNAI_WRITE_VECTORS=1 rewrites the vector files from the implementation before they are checked. */
export const WRITE_VECTORS = process.env.FUNAI_WRITE_VECTORS === '1';

export function loadVectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, VECTOR_DIR), 'utf8')) as T;
}

export function saveVectors(name: string, data: unknown): void {
  if (!existsSync(VECTOR_DIR)) mkdirSync(VECTOR_DIR, { recursive: true });
  writeFileSync(new URL(name, VECTOR_DIR), `${JSON.stringify(data, null, 2)}\n`);
}

export const H = (hex: string): Buffer => Buffer.from(hex, 'hex');
export const ascii = (s: string): Buffer => Buffer.from(s, 'ascii');
export const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
export const sha = (...parts: Uint8Array[]): Buffer => Buffer.from(nobleSha256(Buffer.concat(parts)));

export function u8(n: number): Buffer {
  return Buffer.from([n]);
}
export function le16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
export function le32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
export function be32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
export function le64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
}
/** Bitcoin CompactSize (docs/protocol.md §1.1). */
export function compactSize(n: number): Buffer {
  if (n < 0xfd) return u8(n);
  if (n <= 0xffff) return Buffer.concat([u8(0xfd), le16(n)]);
  return Buffer.concat([u8(0xfe), le32(n)]);
}
export function varText(s: string): Buffer {
  const b = utf8(s);
  return Buffer.concat([compactSize(b.length), b]);
}

/** RFC 6979, low-S compact signature by @noble/curves (no prehash: the digest is signed as is). */
export function nobleSign(digest: Uint8Array, priv: Uint8Array): Buffer {
  return Buffer.from(secp256k1.sign(digest, priv, { prehash: false, lowS: true }));
}
export function nobleVerify(sig: Uint8Array, digest: Uint8Array, pub: Uint8Array): boolean {
  return secp256k1.verify(sig, digest, pub, { prehash: false, lowS: true });
}
export function noblePub(priv: Uint8Array): Buffer {
  return Buffer.from(secp256k1.getPublicKey(priv, true));
}

/** RFC 6962 Merkle Tree Hash, recursively as the RFC writes it. */
export function rfc6962(items: Uint8Array[]): Buffer {
  if (items.length === 0) return sha();
  if (items.length === 1) return sha(u8(0), items[0]!);
  let k = 1;
  while (k * 2 < items.length) k *= 2;
  return sha(u8(1), rfc6962(items.slice(0, k)), rfc6962(items.slice(k)));
}
