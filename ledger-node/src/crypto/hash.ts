import { hash } from 'node:crypto';

// Node's OpenSSL hashes are native and several times faster than a JS implementation on the
// hot paths (txids, header hashes, sighashes); the ledger node only runs on Node. The one-shot
// crypto.hash skips the Hash object that createHash builds for every call (a third of the cost of
// hashing a txid or a sighash preimage).
// Each call still costs ~1.5 µs before it hashes anything: many messages at once (a block's txids,
// wtxids and Merkle levels) go through sha256-multi.ts, four at a time in WebAssembly SIMD lanes. A
// single message stays here: the kernel's four-lane group costs as much for one message as this
// call (measured: 80 bytes 1.4 vs 1.6 µs, 200 bytes 2.0 vs 1.6 µs).

export function sha256(data: Uint8Array): Uint8Array {
  return hash('sha256', data, 'buffer');
}

/** SHA-256 applied twice: Bitcoin's hash for txids, block hashes, Merkle nodes and checksums. */
export function sha256d(data: Uint8Array): Uint8Array {
  return hash('sha256', hash('sha256', data, 'buffer'), 'buffer');
}

export function ripemd160(data: Uint8Array): Uint8Array {
  return hash('ripemd160', data, 'buffer');
}

/** RIPEMD-160 of SHA-256: the 20-byte key and script hash of P2PKH, P2SH and P2WPKH. */
export function hash160(data: Uint8Array): Uint8Array {
  return ripemd160(sha256(data));
}

export function sha1(data: Uint8Array): Uint8Array {
  return hash('sha1', data, 'buffer');
}
