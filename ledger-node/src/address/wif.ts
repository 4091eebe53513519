import type { AddressPrefixes } from '../params/address-prefixes.js';
import { decodeBase58Check, encodeBase58Check } from './base58.js';
import { AddressError } from './errors.js';

/** Order of the secp256k1 group: a private key is an integer in [1, n-1]. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export interface WifKey {
  privateKey: Uint8Array;
  /** Whether the key's public key is used in compressed (33-byte) form. */
  compressed: boolean;
}

function isValidPrivateKey(key: Uint8Array): boolean {
  if (key.length !== 32) return false;
  let v = 0n;
  for (const b of key) v = (v << 8n) | BigInt(b);
  return v > 0n && v < SECP256K1_N;
}

/** Wallet Import Format: Base58Check(secretKey | key:32 | [0x01 when compressed]). */
export function encodeWif(key: WifKey, prefixes: AddressPrefixes): string {
  if (!isValidPrivateKey(key.privateKey)) throw new AddressError('invalid-private-key');
  const payload = new Uint8Array(key.compressed ? 34 : 33);
  payload[0] = prefixes.secretKey;
  payload.set(key.privateKey, 1);
  if (key.compressed) payload[33] = 1;
  return encodeBase58Check(payload);
}

/** As Core's DecodeSecret: the version byte of `prefixes`, 32 key bytes, an optional 0x01 flag. */
export function decodeWif(str: string, prefixes: AddressPrefixes): WifKey {
  const payload = decodeBase58Check(str, 34);
  const compressed = payload.length === 34;
  if (!(payload.length === 33 || (compressed && payload[33] === 1))) {
    throw new AddressError('invalid-length', `WIF payload of ${payload.length} bytes`);
  }
  if (payload[0] !== prefixes.secretKey) throw new AddressError('wrong-network', `version ${payload[0]}`);
  const privateKey = payload.slice(1, 33);
  if (!isValidPrivateKey(privateKey)) throw new AddressError('invalid-private-key');
  return { privateKey, compressed };
}
