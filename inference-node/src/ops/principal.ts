import { type ByteReader, type ByteWriter, DecodeError } from '@funai/ledger-node';

/**
 * A Stacks-style standard principal (docs/protocol.md §14.2): the c32 address version and the
 * HASH160 of a compressed secp256k1 public key, as Clarity's `principal-of?` makes it. 21 bytes on
 * the wire: `version:u8 | hash160:20`.
 */
export interface StandardPrincipal {
  /** c32 address version, 0..31 (22 mainnet single-sig, 26 testnet single-sig, ...). */
  version: number;
  hash160: Uint8Array;
}

export const PRINCIPAL_SIZE = 21;
/** c32check versions are 5-bit numbers. */
export const MAX_PRINCIPAL_VERSION = 31;

export function writePrincipal(w: ByteWriter, p: StandardPrincipal): void {
  if (!Number.isInteger(p.version) || p.version < 0 || p.version > MAX_PRINCIPAL_VERSION) {
    throw new RangeError('a principal version is 0..31');
  }
  if (p.hash160.length !== 20) throw new RangeError('a principal hash is 20 bytes');
  w.u8(p.version).bytes(p.hash160);
}

/** Reasons: `truncated`, `bad-principal-version` (above 31). */
export function readPrincipal(r: ByteReader): StandardPrincipal {
  const version = r.u8();
  if (version > MAX_PRINCIPAL_VERSION) throw new DecodeError('bad-principal-version', `version ${version}`);
  return { version, hash160: r.bytes(20).slice() };
}
