import type { CipherSuite, Suite } from '../cipher-suite.js';
import { edwards25519Sha512Tai } from './edwards25519-sha512-tai.js';
import { p256Sha256Tai } from './p256-sha256-tai.js';
import { secp256k1Sha256Tai } from './secp256k1-sha256-tai.js';

// Each suite is generic over its own point type; the ECVRF algorithm never mixes points of two suites.
const SUITES: Readonly<Record<Suite, CipherSuite<unknown>>> = {
  P256_SHA256_TAI: p256Sha256Tai as CipherSuite<unknown>,
  EDWARDS25519_SHA512_TAI: edwards25519Sha512Tai as CipherSuite<unknown>,
  SECP256K1_SHA256_TAI: secp256k1Sha256Tai as CipherSuite<unknown>,
};

/** The suite named `suite`, or undefined for any other value (including non-strings). */
export function findSuite(suite: unknown): CipherSuite<unknown> | undefined {
  return typeof suite === 'string' && Object.hasOwn(SUITES, suite) ? SUITES[suite as Suite] : undefined;
}
