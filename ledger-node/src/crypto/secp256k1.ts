import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { secp256k1 as noble } from '@noble/curves/secp256k1.js';
import { encodeDer, hasZeroScalar, isHighS, normalizeS, parseDerLax } from './der.js';

/**
 * ECDSA over secp256k1 for consensus, as Bitcoin Core's CPubKey::Verify: lax DER signatures,
 * S normalised before verifying, public keys in any encoding libsecp256k1 parses (compressed,
 * uncompressed and hybrid). Verification runs in native libsecp256k1 (the `secp256k1` package's
 * N-API addon) when it loads, and in @noble/curves otherwise; both give the same answers, and the
 * tests run Core's vectors through each.
 */

export type Secp256k1Backend = 'native' | 'noble';

/** The raw N-API addon: returns 0 valid, 1 bad signature encoding, 2 bad public key, 3 invalid. */
interface NativeSecp256k1 {
  ecdsaVerify(sig64: Uint8Array, msg32: Uint8Array, pubkey: Uint8Array): number;
}

function loadNative(): NativeSecp256k1 | null {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('secp256k1/package.json');
    // What secp256k1/bindings.js does, minus its argument-checking wrapper (which throws on
    // invalid keys, where consensus only needs a false).
    const build = createRequire(pkg)('node-gyp-build') as (dir: string) => {
      Secp256k1: new () => NativeSecp256k1;
    };
    const addon = new (build(dirname(pkg)).Secp256k1)();
    return selfTest(addon) ? addon : null;
  } catch {
    return null;
  }
}

/** A known-good signature must verify and a corrupted one must not, or the addon is not used. */
function selfTest(addon: NativeSecp256k1): boolean {
  const key = new Uint8Array(32).fill(1);
  const msg = new Uint8Array(32).fill(2);
  const sig = noble.sign(msg, key, { prehash: false, lowS: true });
  const pub = noble.getPublicKey(key, true);
  if (addon.ecdsaVerify(sig, msg, pub) !== 0) return false;
  const bad = msg.slice();
  bad[0]! ^= 1;
  return addon.ecdsaVerify(sig, bad, pub) === 3;
}

const native = loadNative();
let backend: Secp256k1Backend = native ? 'native' : 'noble';

export function isNativeSecp256k1Available(): boolean {
  return native !== null;
}

export function secp256k1Backend(): Secp256k1Backend {
  return backend;
}

/** Selects the verifier (tests force 'noble'); selecting 'native' fails when the addon did not load. */
export function setSecp256k1Backend(b: Secp256k1Backend): void {
  if (b === 'native' && !native) throw new Error('native libsecp256k1 is not available');
  backend = b;
}

/** Core's CPubKey::GetLen: the size a public key must have given its first byte, 0 if none. */
export function pubKeyLengthForPrefix(prefix: number): number {
  if (prefix === 2 || prefix === 3) return 33;
  if (prefix === 4 || prefix === 6 || prefix === 7) return 65;
  return 0;
}

// One scratch buffer for the parsed signature: verification is synchronous, and each worker
// thread has its own module instance.
const SIG64 = new Uint8Array(64);

/**
 * Core's CPubKey::Verify(hash, vchSig): `der` is the signature without its sighash byte, parsed
 * leniently; `pubkey` must have the length its prefix calls for and lie on the curve.
 */
export function verifyEcdsaDerLax(der: Uint8Array, hash32: Uint8Array, pubkey: Uint8Array): boolean {
  if (pubkey.length === 0 || pubkey.length !== pubKeyLengthForPrefix(pubkey[0]!)) return false;
  if (!parseDerLax(der, SIG64)) return false;
  return verifyCompact(SIG64, hash32, pubkey);
}

/**
 * Verifies a compact r || s signature, normalising S first in `sig64` (which is modified) since
 * libsecp256k1 only accepts low S.
 */
function verifyCompact(sig64: Uint8Array, hash32: Uint8Array, pubkey: Uint8Array): boolean {
  if (hasZeroScalar(sig64)) return false;
  normalizeS(sig64);
  if (backend === 'native') return native!.ecdsaVerify(sig64, hash32, pubkey) === 0;
  return nobleVerify(sig64, hash32, pubkey);
}

function nobleVerify(sig64: Uint8Array, hash32: Uint8Array, pubkey: Uint8Array): boolean {
  let key = pubkey;
  const prefix = pubkey[0];
  if (prefix === 6 || prefix === 7) {
    // Hybrid encoding (libsecp256k1 parses it, noble does not): the prefix carries Y's parity.
    if ((pubkey[64]! & 1) !== (prefix & 1)) return false;
    key = pubkey.slice();
    key[0] = 4;
  }
  try {
    return noble.verify(sig64, hash32, key, { prehash: false, lowS: false });
  } catch {
    return false;
  }
}

// Its own scratch buffer (LOW_S runs on every standard signature check, just before the
// verification that uses SIG64): synchronous, per thread, as SIG64.
const LOW_S_SIG64 = new Uint8Array(64);

/**
 * Core's CPubKey::CheckLowS: true unless `der` (without sighash byte) parses leniently to a
 * signature whose S is above n/2. Unparseable input is not low (false).
 */
export function isLowDerSignature(der: Uint8Array): boolean {
  if (!parseDerLax(der, LOW_S_SIG64)) return false;
  return !isHighS(LOW_S_SIG64);
}

// Key and signing helpers (wallet and test use, never consensus): always @noble/curves.

export function publicKeyFromPrivate(privateKey: Uint8Array, compressed = true): Uint8Array {
  return noble.getPublicKey(privateKey, compressed);
}

export function isValidPrivateKey(privateKey: Uint8Array): boolean {
  return noble.utils.isValidSecretKey(privateKey);
}

/** RFC 6979 deterministic ECDSA over a 32-byte hash; strict DER, low S unless told otherwise. */
export function signEcdsaDer(
  hash32: Uint8Array,
  privateKey: Uint8Array,
  opts: { lowS?: boolean } = {},
): Uint8Array {
  const sig = noble.sign(hash32, privateKey, { prehash: false, lowS: opts.lowS ?? true });
  return encodeDer(sig);
}

/**
 * The native addon's bare verify (0 = valid), or null when it did not load: the baseline the
 * signature benchmark compares the consensus path with.
 */
export function nativeEcdsaVerify():
  | ((sig64: Uint8Array, msg32: Uint8Array, pubkey: Uint8Array) => number)
  | null {
  return native ? (sig, msg, pub) => native.ecdsaVerify(sig, msg, pub) : null;
}
