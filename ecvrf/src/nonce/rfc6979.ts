import { bitLen, bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import type { CHash } from '@noble/hashes/utils.js';
import { concatBytes } from '@noble/hashes/utils.js';

/**
 * ECVRF_nonce_generation_RFC6979 (RFC 9381 §5.4.2.1): RFC 6979 §3.2 with m = h_string, the hash of
 * the suite, and the "suitable for DSA or ECDSA" check of step h.3 omitted (k only has to lie in
 * [1, q-1]). Written out here because the ECDSA signers of @noble/curves do not expose k.
 */
export function rfc6979Nonce(hash: CHash, q: bigint, x: bigint, m: Uint8Array): bigint {
  const qlen = bitLen(q);
  const rlen = Math.ceil(qlen / 8);
  const bits2int = (b: Uint8Array): bigint => {
    const v = bytesToNumberBE(b);
    const blen = b.length * 8;
    return blen > qlen ? v >> BigInt(blen - qlen) : v;
  };
  const int2octets = (v: bigint): Uint8Array => numberToBytesBE(v, rlen);
  const bits2octets = (b: Uint8Array): Uint8Array => {
    const z1 = bits2int(b);
    return int2octets(z1 >= q ? z1 - q : z1);
  };
  const mac = (key: Uint8Array, ...parts: Uint8Array[]): Uint8Array => hmac(hash, key, concatBytes(...parts));

  const h1 = hash(m); // step a
  const seed = concatBytes(int2octets(x), bits2octets(h1));
  let V: Uint8Array = new Uint8Array(hash.outputLen).fill(0x01); // step b
  let K: Uint8Array = new Uint8Array(hash.outputLen); // step c
  K = mac(K, V, Uint8Array.of(0x00), seed); // step d
  V = mac(K, V); // step e
  K = mac(K, V, Uint8Array.of(0x01), seed); // step f
  V = mac(K, V); // step g
  for (;;) {
    // step h
    let T: Uint8Array = new Uint8Array(0);
    while (T.length < rlen) {
      V = mac(K, V);
      T = concatBytes(T, V);
    }
    const k = bits2int(T);
    if (k >= 1n && k < q) return k;
    K = mac(K, V, Uint8Array.of(0x00));
    V = mac(K, V);
  }
}
