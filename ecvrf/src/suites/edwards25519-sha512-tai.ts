import type { EdwardsPoint } from '@noble/curves/abstract/edwards.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import type { CipherSuite, KeyPair } from '../cipher-suite.js';

const Point = ed25519.Point;
const q = Point.Fn.ORDER;
const name = 'EDWARDS25519_SHA512_TAI';

function stringToPoint(bytes: Uint8Array): EdwardsPoint | null {
  if (bytes.length !== 32) return null;
  try {
    // zip215 = false is RFC 8032 §5.1.3 decoding: y >= p and (x = 0, sign bit 1) are rejected.
    return Point.fromBytes(bytes, false);
  } catch {
    return null;
  }
}

/** ECVRF-EDWARDS25519-SHA512-TAI, RFC 9381 §5.5, suite_string 0x03. */
export const edwards25519Sha512Tai: CipherSuite<EdwardsPoint> = {
  name,
  suiteString: Uint8Array.of(0x03),
  ptLen: 32,
  cLen: 16,
  qLen: 32,
  q,
  cofactor: 8n,
  base: Point.BASE,
  hash: sha512,
  intToString: numberToBytesLE,
  stringToInt: bytesToNumberLE,
  pointToString: (point) => point.toBytes(),
  stringToPoint,
  interpretHashValueAsPoint: (s) => stringToPoint(s.subarray(0, 32)),
  isIdentity: (point) => point.is0(),
  mulByCofactor: (point) => point.clearCofactor(),
  // RFC 8032 nonces are reduced mod q and may (with negligible probability) be 0; noble's multiply rejects 0.
  mulSecret: (point, scalar) => (scalar === 0n ? Point.ZERO : point.multiply(scalar)),
  mulSubPublic: (s, p, c, qPoint) => p.multiplyUnsafe(s).subtract(qPoint.multiplyUnsafe(c)),
  expandSecretKey(secretKey): KeyPair<EdwardsPoint> {
    if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
      throw new TypeError(`${name}: the secret key must be the 32-byte RFC 8032 seed`);
    }
    // RFC 8032 §5.1.5: x is the clamped first half of SHA-512(SK); the second half seeds the nonce.
    const h = sha512(secretKey);
    const head = h.slice(0, 32);
    head[0]! &= 248;
    head[31]! &= 127;
    head[31]! |= 64;
    // The clamped value lies in [2^254, 2^255) and is a multiple of 8, so it is never 0 mod q.
    const x = bytesToNumberLE(head) % q;
    const prefix = h.subarray(32, 64);
    const Y = Point.BASE.multiply(x);
    return {
      x,
      Y,
      publicKey: Y.toBytes(),
      // ECVRF_nonce_generation_RFC8032 (RFC 9381 §5.4.2.2)
      nonce: (hString) => bytesToNumberLE(sha512(concatBytes(prefix, hString))) % q,
    };
  },
};
