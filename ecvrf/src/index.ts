import type { CipherSuite, Suite } from './cipher-suite.js';
import * as ecvrf from './ecvrf.js';
import { findSuite } from './suites/registry.js';

export type { Suite } from './cipher-suite.js';

function suiteOrThrow(suite: Suite): CipherSuite<unknown> {
  const cs = findSuite(suite);
  if (cs === undefined) throw new TypeError(`unknown ECVRF suite: ${String(suite)}`);
  return cs;
}

/** The public key (PK_string) of `secretKey`: 33-byte SEC1 compressed, or the 32-byte Ed25519 encoding. */
export function publicKey(suite: Suite, secretKey: Uint8Array): Uint8Array {
  return suiteOrThrow(suite).expandSecretKey(secretKey).publicKey;
}

/** The VRF proof pi of `alpha` (ptLen + 16 + 32 octets); throws a TypeError on a bad key or input. */
export function prove(suite: Suite, secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  return ecvrf.prove(suiteOrThrow(suite), secretKey, alpha);
}

/**
 * The VRF output beta if `proof` is valid for `alpha` under `publicKey`, else null. Never throws:
 * any malformed argument (wrong type or length, bad encoding, out-of-range scalar, invalid key)
 * yields null.
 */
export function verify(
  suite: Suite,
  publicKey: Uint8Array,
  proof: Uint8Array,
  alpha: Uint8Array,
): Uint8Array | null {
  const cs = findSuite(suite);
  if (
    cs === undefined ||
    !(publicKey instanceof Uint8Array) ||
    !(proof instanceof Uint8Array) ||
    !(alpha instanceof Uint8Array)
  ) {
    return null;
  }
  try {
    return ecvrf.verify(cs, publicKey, proof, alpha);
  } catch {
    // Every invalid input is already rejected above by explicit checks; this only keeps the
    // "never throws" contract if the curve library rejects something those checks did not foresee.
    return null;
  }
}

/**
 * The VRF output beta of a proof, without checking it (RFC 9381 §5.2: only for proofs known to be
 * valid). Throws a TypeError if the proof does not decode.
 */
export function proofToHash(suite: Suite, proof: Uint8Array): Uint8Array {
  const cs = suiteOrThrow(suite);
  if (!(proof instanceof Uint8Array)) throw new TypeError('the proof must be a Uint8Array');
  const beta = ecvrf.proofToHash(cs, proof);
  if (beta === null) throw new TypeError(`${cs.name}: the proof does not decode`);
  return beta;
}
