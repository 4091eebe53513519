import { concatBytes } from '@noble/hashes/utils.js';
import type { CipherSuite } from './cipher-suite.js';

// Domain separator octets of RFC 9381 §5: the front one names the step, the back one closes it.
const ENCODE_TO_CURVE_FRONT = 0x01;
const CHALLENGE_FRONT = 0x02;
const PROOF_TO_HASH_FRONT = 0x03;
const BACK = 0x00;

/** The decoded proof of ECVRF_decode_proof (RFC 9381 §5.4.4). */
interface DecodedProof<P> {
  gamma: P;
  c: bigint;
  s: bigint;
}

/**
 * ECVRF_encode_to_curve_try_and_increment (RFC 9381 §5.4.1.1) with encode_to_curve_salt = PK_string,
 * also returning the counter that succeeded (the RFC's vectors list it). A counter that would need a
 * second octet makes the input "INVALID" (null); reaching it has probability about 2^-256.
 */
export function tryAndIncrement<P>(
  cs: CipherSuite<P>,
  pkString: Uint8Array,
  alpha: Uint8Array,
): { H: P; ctr: number } | null {
  const prefix = concatBytes(cs.suiteString, Uint8Array.of(ENCODE_TO_CURVE_FRONT), pkString, alpha);
  for (let ctr = 0; ctr < 256; ctr++) {
    const hashString = cs.hash(concatBytes(prefix, Uint8Array.of(ctr, BACK)));
    const candidate = cs.interpretHashValueAsPoint(hashString);
    if (candidate === null) continue;
    const H = cs.cofactor > 1n ? cs.mulByCofactor(candidate) : candidate;
    if (!cs.isIdentity(H)) return { H, ctr };
  }
  return null;
}

export function encodeToCurve<P>(cs: CipherSuite<P>, pkString: Uint8Array, alpha: Uint8Array): P | null {
  return tryAndIncrement(cs, pkString, alpha)?.H ?? null;
}

/** ECVRF_challenge_generation (RFC 9381 §5.4.3); null when a point has no encoding in the suite. */
export function challenge<P>(cs: CipherSuite<P>, points: readonly P[]): bigint | null {
  const parts: Uint8Array[] = [cs.suiteString, Uint8Array.of(CHALLENGE_FRONT)];
  for (const point of points) {
    const encoded = cs.pointToString(point);
    if (encoded === null) return null;
    parts.push(encoded);
  }
  parts.push(Uint8Array.of(BACK));
  return cs.stringToInt(cs.hash(concatBytes(...parts)).subarray(0, cs.cLen));
}

/** ECVRF_decode_proof (RFC 9381 §5.4.4), plus the length check the fixed-size layout implies. */
export function decodeProof<P>(cs: CipherSuite<P>, pi: Uint8Array): DecodedProof<P> | null {
  if (pi.length !== cs.ptLen + cs.cLen + cs.qLen) return null;
  const gamma = cs.stringToPoint(pi.subarray(0, cs.ptLen));
  if (gamma === null) return null;
  const c = cs.stringToInt(pi.subarray(cs.ptLen, cs.ptLen + cs.cLen));
  const s = cs.stringToInt(pi.subarray(cs.ptLen + cs.cLen));
  if (s >= cs.q) return null;
  return { gamma, c, s };
}

/** beta = Hash(suite_string || 0x03 || point_to_string(cofactor * Gamma) || 0x00) (RFC 9381 §5.2 step 6). */
function gammaToHash<P>(cs: CipherSuite<P>, gamma: P): Uint8Array | null {
  const encoded = cs.pointToString(cs.mulByCofactor(gamma));
  if (encoded === null) return null;
  return cs.hash(
    concatBytes(cs.suiteString, Uint8Array.of(PROOF_TO_HASH_FRONT), encoded, Uint8Array.of(BACK)),
  );
}

/** ECVRF_prove (RFC 9381 §5.1). */
export function prove<P>(cs: CipherSuite<P>, secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  if (!(alpha instanceof Uint8Array)) throw new TypeError('alpha must be a Uint8Array');
  const key = cs.expandSecretKey(secretKey);
  const H = encodeToCurve(cs, key.publicKey, alpha);
  if (H === null) throw new Error(`${cs.name}: encode_to_curve found no point for this input`);
  const hString = cs.pointToString(H)!;
  const gamma = cs.mulSecret(H, key.x);
  const k = key.nonce(hString);
  const c = challenge(cs, [key.Y, H, gamma, cs.mulSecret(cs.base, k), cs.mulSecret(H, k)]);
  // Only the identity lacks an encoding, and k*B, k*H are the identity only for k = 0, which the
  // SEC1 suites' RFC 6979 nonces exclude and whose Edwards encoding exists.
  if (c === null) throw new Error(`${cs.name}: unencodable point while proving`);
  const s = (k + c * key.x) % cs.q;
  return concatBytes(cs.pointToString(gamma)!, cs.intToString(c, cs.cLen), cs.intToString(s, cs.qLen));
}

/** ECVRF_proof_to_hash (RFC 9381 §5.2); null for a proof that does not decode. */
export function proofToHash<P>(cs: CipherSuite<P>, pi: Uint8Array): Uint8Array | null {
  const decoded = decodeProof(cs, pi);
  return decoded === null ? null : gammaToHash(cs, decoded.gamma);
}

/** ECVRF_verify (RFC 9381 §5.3) with validate_key = TRUE; the only option this package supports. */
export function verify<P>(
  cs: CipherSuite<P>,
  pkString: Uint8Array,
  pi: Uint8Array,
  alpha: Uint8Array,
): Uint8Array | null {
  const Y = cs.stringToPoint(pkString);
  if (Y === null) return null;
  // ECVRF_validate_key (§5.4.5): cofactor * Y must not be the identity.
  if (cs.isIdentity(cs.mulByCofactor(Y))) return null;
  const decoded = decodeProof(cs, pi);
  if (decoded === null) return null;
  const { gamma, c, s } = decoded;
  const H = encodeToCurve(cs, pkString, alpha);
  if (H === null) return null;
  const U = cs.mulSubPublic(s, cs.base, c, Y);
  const V = cs.mulSubPublic(s, H, c, gamma);
  const cPrime = challenge(cs, [Y, H, gamma, U, V]);
  if (cPrime === null || cPrime !== c) return null;
  return gammaToHash(cs, gamma);
}
