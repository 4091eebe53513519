import type { AddressPrefixes } from '../params/address-prefixes.js';
import { isPayToPubKeyHash, isPayToScriptHash, witnessProgram } from '../script/patterns.js';
import { scriptForP2PKH, scriptForP2SH, scriptForWitnessProgram } from '../script/standard.js';
import { decodeBase58Check, encodeBase58Check } from './base58.js';
import { decodeBech32, decodeSegwitAddress, encodeSegwitAddress } from './bech32.js';
import { AddressError } from './errors.js';

/** What an address pays to (Core's CTxDestination, less the address-less kinds). */
export type Destination =
  | { type: 'p2pkh'; hash: Uint8Array }
  | { type: 'p2sh'; hash: Uint8Array }
  /** Any witness program: v0 key hash (20 bytes), v0 script hash (32), v1 Taproot (32), others. */
  | { type: 'witness'; version: number; program: Uint8Array };

export function destinationToScript(dest: Destination): Uint8Array {
  switch (dest.type) {
    case 'p2pkh':
      return scriptForP2PKH(dest.hash);
    case 'p2sh':
      return scriptForP2SH(dest.hash);
    case 'witness':
      return scriptForWitnessProgram(dest.version, dest.program);
  }
}

/**
 * As Core's ExtractDestination for the kinds that have an address: P2PKH, P2SH and witness programs
 * (v0 only with a 20- or 32-byte program). Anything else (P2PK, multisig, OP_RETURN, non-standard)
 * gives null.
 */
export function scriptToDestination(script: Uint8Array): Destination | null {
  // Copies by the typed-array constructor, not Uint8Array.from (which iterates element by element).
  if (isPayToPubKeyHash(script)) {
    return { type: 'p2pkh', hash: new Uint8Array(script.subarray(3, 23)) };
  }
  if (isPayToScriptHash(script)) {
    return { type: 'p2sh', hash: new Uint8Array(script.subarray(2, 22)) };
  }
  const wp = witnessProgram(script);
  if (wp === null) return null;
  if (wp.version === 0 && wp.program.length !== 20 && wp.program.length !== 32) return null;
  return { type: 'witness', version: wp.version, program: new Uint8Array(wp.program) };
}

export function encodeAddress(dest: Destination, prefixes: AddressPrefixes): string {
  switch (dest.type) {
    case 'p2pkh':
    case 'p2sh': {
      if (dest.hash.length !== 20) throw new AddressError('invalid-length', 'a hash is 20 bytes');
      const payload = new Uint8Array(21);
      payload[0] = dest.type === 'p2pkh' ? prefixes.pubKeyHash : prefixes.scriptHash;
      payload.set(dest.hash, 1);
      return encodeBase58Check(payload);
    }
    case 'witness':
      return encodeSegwitAddress(prefixes.bech32Hrp, dest.version, dest.program);
  }
}

/**
 * As Core's DecodeDestination: a Base58Check string of 21 bytes whose version byte is the
 * network's P2PKH or P2SH byte, else a segwit address under the network's hrp. When both fail,
 * the error is the Bech32 one if the string has a valid Bech32 checksum or cannot be a Base58
 * address (a character outside the Base58 alphabet, or too long), else the Base58 one.
 */
export function decodeAddress(str: string, prefixes: AddressPrefixes): Destination {
  let base58Error: AddressError;
  try {
    const payload = decodeBase58Check(str, 21);
    if (payload.length !== 21) throw new AddressError('invalid-length', `payload of ${payload.length} bytes`);
    const hash = payload.slice(1);
    if (payload[0] === prefixes.pubKeyHash) return { type: 'p2pkh', hash };
    if (payload[0] === prefixes.scriptHash) return { type: 'p2sh', hash };
    throw new AddressError('wrong-network', `version byte ${payload[0]}`);
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    base58Error = e;
  }
  let bech32Valid = false;
  try {
    const dec = decodeBech32(str);
    bech32Valid = true;
    if (dec.data.length === 0) throw new AddressError('invalid-program-length', 'no witness version');
    const { version, program } = decodeSegwitAddress(prefixes.bech32Hrp, str);
    return { type: 'witness', version, program };
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    if (
      bech32Valid ||
      base58Error.reason === 'invalid-base58-character' ||
      base58Error.reason === 'too-long'
    ) {
      throw e;
    }
    throw base58Error;
  }
}

export function addressToScript(str: string, prefixes: AddressPrefixes): Uint8Array {
  return destinationToScript(decodeAddress(str, prefixes));
}

/** The address of an output script, or null when the script has none. */
export function scriptToAddress(script: Uint8Array, prefixes: AddressPrefixes): string | null {
  const dest = scriptToDestination(script);
  return dest === null ? null : encodeAddress(dest, prefixes);
}

export function isValidAddress(str: string, prefixes: AddressPrefixes): boolean {
  try {
    decodeAddress(str, prefixes);
    return true;
  } catch (e) {
    if (e instanceof AddressError) return false;
    throw e;
  }
}
