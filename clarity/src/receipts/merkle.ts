import { createHash } from 'node:crypto';

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

/**
 * RFC 6962's Merkle Tree Hash with SHA-256: MTH([]) = SHA-256(""), a leaf is SHA-256(0x00 || d),
 * an inner node SHA-256(0x01 || left || right), and a list of n > 1 splits at the largest power of
 * two below n. The leaf/node prefixes keep a receipt from ever posing as an inner node, and no
 * element is duplicated, so distinct receipt lists never share a root.
 */
export function merkleTreeHash(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256();
  let level = leaves.map((d) => sha256(LEAF, d));
  // Bottom-up pairing, carrying an odd last node up unchanged, equals RFC 6962's recursive split.
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(sha256(NODE, level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}
