import { isLowDerSignature } from '../crypto/secp256k1.js';
import type { ScriptErrorCode } from './errors.js';
import {
  SCRIPT_VERIFY_DERSIG,
  SCRIPT_VERIFY_LOW_S,
  SCRIPT_VERIFY_STRICTENC,
  SCRIPT_VERIFY_WITNESS_PUBKEYTYPE,
} from './flags.js';
import { SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_SINGLE } from './sighash-types.js';
import { SIGVERSION_WITNESS_V0, type SigVersion } from './sigversion.js';

// Encoding rules for the signatures and public keys that CHECKSIG and CHECKMULTISIG consume, as
// Bitcoin Core's interpreter.cpp. A script signature is DER || one sighash-type byte.

/**
 * Core's IsValidSignatureEncoding (consensus since BIP66): strict DER
 * `30 len 02 lenR R 02 lenS S` plus the sighash byte, 9..73 bytes, R and S positive and minimal.
 */
export function isValidSignatureEncoding(sig: Uint8Array): boolean {
  const n = sig.length;
  if (n < 9 || n > 73) return false;
  if (sig[0] !== 0x30) return false;
  if (sig[1] !== n - 3) return false;
  const lenR = sig[3]!;
  if (5 + lenR >= n) return false;
  const lenS = sig[5 + lenR]!;
  if (lenR + lenS + 7 !== n) return false;
  if (sig[2] !== 0x02) return false;
  if (lenR === 0) return false;
  if (sig[4]! & 0x80) return false;
  if (lenR > 1 && sig[4] === 0x00 && !(sig[5]! & 0x80)) return false;
  if (sig[lenR + 4] !== 0x02) return false;
  if (lenS === 0) return false;
  if (sig[lenR + 6]! & 0x80) return false;
  if (lenS > 1 && sig[lenR + 6] === 0x00 && !(sig[lenR + 7]! & 0x80)) return false;
  return true;
}

/** Core's IsDefinedHashtypeSignature: the sighash byte, less ANYONECANPAY, is ALL, NONE or SINGLE. */
export function isDefinedHashtypeSignature(sig: Uint8Array): boolean {
  if (sig.length === 0) return false;
  const t = sig[sig.length - 1]! & ~SIGHASH_ANYONECANPAY;
  return t >= SIGHASH_ALL && t <= SIGHASH_SINGLE;
}

/**
 * Core's CheckSignatureEncoding: 'OK' or the error. The empty signature always passes (it is the
 * compact way to provide a deliberately failing signature).
 */
export function checkSignatureEncoding(sig: Uint8Array, flags: number): ScriptErrorCode {
  if (sig.length === 0) return 'OK';
  if (flags & (SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_LOW_S | SCRIPT_VERIFY_STRICTENC)) {
    if (!isValidSignatureEncoding(sig)) return 'SIG_DER';
  }
  if (flags & SCRIPT_VERIFY_LOW_S) {
    if (!isLowDerSignature(sig.subarray(0, sig.length - 1))) return 'SIG_HIGH_S';
  }
  if (flags & SCRIPT_VERIFY_STRICTENC) {
    if (!isDefinedHashtypeSignature(sig)) return 'SIG_HASHTYPE';
  }
  return 'OK';
}

/** 33 bytes starting 02/03, or 65 bytes starting 04 (hybrid 06/07 keys are not). */
export function isCompressedOrUncompressedPubKey(pubkey: Uint8Array): boolean {
  if (pubkey.length < 33) return false;
  if (pubkey[0] === 0x04) return pubkey.length === 65;
  if (pubkey[0] === 0x02 || pubkey[0] === 0x03) return pubkey.length === 33;
  return false;
}

export function isCompressedPubKey(pubkey: Uint8Array): boolean {
  return pubkey.length === 33 && (pubkey[0] === 0x02 || pubkey[0] === 0x03);
}

/** Core's CheckPubKeyEncoding: STRICTENC key forms, and compressed-only keys in segwit v0. */
export function checkPubKeyEncoding(
  pubkey: Uint8Array,
  flags: number,
  sigversion: SigVersion,
): ScriptErrorCode {
  if (flags & SCRIPT_VERIFY_STRICTENC && !isCompressedOrUncompressedPubKey(pubkey)) return 'PUBKEYTYPE';
  if (
    flags & SCRIPT_VERIFY_WITNESS_PUBKEYTYPE &&
    sigversion === SIGVERSION_WITNESS_V0 &&
    !isCompressedPubKey(pubkey)
  ) {
    return 'WITNESS_PUBKEYTYPE';
  }
  return 'OK';
}
