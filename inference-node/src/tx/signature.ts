import {
  encodeDer,
  hasZeroScalar,
  isHighS,
  nativeEcdsaVerify,
  parseDerLax,
  secp256k1Backend,
  signEcdsaDer,
  verifyEcdsaDerLax,
} from '@funai/ledger-node';

/**
 * Compact (r ‖ s, 64 bytes) ECDSA over secp256k1 for inference transactions and execution receipts
 * (docs/protocol.md §15.2): RFC 6979 nonces, **low S required** (a high-S twin is refused rather than
 * normalised, so each signer-chosen signature has one encoding), compressed 33-byte public keys only.
 * This is Clarity's `secp256k1-verify` rule, so a contract can check the same signatures. Built on the
 * ledger library's signer and verifier (native libsecp256k1 when it loaded, @noble/curves otherwise).
 */

const nativeVerify = nativeEcdsaVerify();

export function isCompressedPublicKey(pub: Uint8Array): boolean {
  return pub.length === 33 && (pub[0] === 2 || pub[0] === 3);
}

/** Signs a 32-byte digest: RFC 6979, low S. */
export function signCompact(digest32: Uint8Array, privateKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(64);
  parseDerLax(signEcdsaDer(digest32, privateKey, { lowS: true }), out);
  return out;
}

/**
 * True for a valid low-S compact signature of `digest32` by the compressed key `pub`. r or s of zero or
 * not below the group order, high S, a key off the curve or not compressed: false. Never throws.
 */
export function verifyCompact(sig64: Uint8Array, digest32: Uint8Array, pub: Uint8Array): boolean {
  if (sig64.length !== 64 || digest32.length !== 32 || !isCompressedPublicKey(pub)) return false;
  if (hasZeroScalar(sig64) || isHighS(sig64)) return false;
  // libsecp256k1's compact parser itself refuses r or s ≥ n (status 1); the DER path zeroes them.
  if (nativeVerify && secp256k1Backend() === 'native') return nativeVerify(sig64, digest32, pub) === 0;
  return verifyEcdsaDerLax(encodeDer(sig64), digest32, pub);
}
