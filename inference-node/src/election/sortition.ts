import { concatBytes, sha256 } from '@funai/ledger-node';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Domain tag of the sortition hash chain (18 bytes). */
export const SORTITION_TAG = ascii('FUNAI-SORTITION-V1');
/** Domain tag of the draw's sample (13 bytes). */
export const DRAW_TAG = ascii('FUNAI-DRAW-V1');
/** The sortition hash "before" the first consensus ledger block: 32 zero bytes. */
export const INITIAL_SORTITION_HASH: Uint8Array = new Uint8Array(32);
/** The election seed before any block was elected: SHA-256("FUNAI-GENESIS-SEED-V1"). */
export const GENESIS_ELECTION_SEED: Uint8Array = sha256(ascii('FUNAI-GENESIS-SEED-V1'));

function check32(b: Uint8Array, what: string): void {
  if (!(b instanceof Uint8Array) || b.length !== 32) throw new TypeError(`${what} is 32 bytes`);
}

/**
 * The sortition hash of ledger block L (docs/protocol.md §14.5):
 * `SHA-256("FUNAI-SORTITION-V1" ‖ sortitionHash(L − 1) ‖ ledgerHash(L))`, hashes in internal byte order.
 */
export function nextSortitionHash(previous: Uint8Array, ledgerBlockHash: Uint8Array): Uint8Array {
  check32(previous, 'the previous sortition hash');
  check32(ledgerBlockHash, 'a ledger block hash');
  return sha256(concatBytes(SORTITION_TAG, previous, ledgerBlockHash));
}

/**
 * The draw's sample: `SHA-256("FUNAI-DRAW-V1" ‖ sortitionHash ‖ lastSeed)` read as a 256-bit
 * big-endian unsigned integer, in [0, 2^256).
 */
export function drawSample(sortitionHash: Uint8Array, lastSeed: Uint8Array): bigint {
  check32(sortitionHash, 'a sortition hash');
  check32(lastSeed, 'an election seed');
  const h = sha256(concatBytes(DRAW_TAG, sortitionHash, lastSeed));
  return BigInt(`0x${Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('hex')}`);
}
