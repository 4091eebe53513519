import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sec1TaiSuite } from './sec1-tai.js';

/** ECVRF-P256-SHA256-TAI, RFC 9381 §5.5, suite_string 0x01. */
export const p256Sha256Tai = sec1TaiSuite('P256_SHA256_TAI', 0x01, p256.Point, sha256);
