import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sec1TaiSuite } from './sec1-tai.js';

/**
 * FUN AI's election VRF: ECVRF-P256-SHA256-TAI with the curve replaced by secp256k1 and
 * suite_string 0xFE (a value RFC 9381 does not assign). Every other rule, including the trailing
 * 0x00 domain separators and the five-point challenge of the final RFC, is unchanged; see
 * docs/protocol.md §11.
 */
export const secp256k1Sha256Tai = sec1TaiSuite('SECP256K1_SHA256_TAI', 0xfe, secp256k1.Point, sha256);
