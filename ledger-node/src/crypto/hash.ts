import { createHash } from 'node:crypto';

// Node's OpenSSL hashes are native and several times faster than a JS implementation on the
// hot paths (txids, header hashes, sighashes); the ledger node only runs on Node.

export function sha256(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}

/** SHA-256 applied twice: Bitcoin's hash for txids, block hashes, Merkle nodes and checksums. */
export function sha256d(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(createHash('sha256').update(data).digest()).digest();
}

export function ripemd160(data: Uint8Array): Uint8Array {
  return createHash('ripemd160').update(data).digest();
}

/** RIPEMD-160 of SHA-256: the 20-byte key and script hash of P2PKH, P2SH and P2WPKH. */
export function hash160(data: Uint8Array): Uint8Array {
  return ripemd160(sha256(data));
}

export function sha1(data: Uint8Array): Uint8Array {
  return createHash('sha1').update(data).digest();
}
