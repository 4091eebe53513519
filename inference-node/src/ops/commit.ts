import { ByteReader, ByteWriter, DecodeError, type FunaiOp, MAX_FUNAI_BODY } from '@funai/ledger-node';
import { CONSENSUS_OP, OP_BODY_VERSION } from './numbers.js';

/**
 * `COMMIT` (op 0x03, version 1, docs/protocol.md §14.3): a registered producer's bid for the
 * inference block elected by the ledger block this transaction is mined in (call it L).
 *
 *   off len
 *     0  32 blockHash        hash of the inference block it publishes if elected (§15.6)
 *    32  32 newSeed          the VRF output it commits to: proofToHash(prove(sk, seed before L))
 *    64   3 keyDelta:u24     L − height of its REGISTER_VRF_KEY (≥ 1)
 *    67   2 keyTxIndex:u16   that registration's transaction index in its block
 *    69   3 parentDelta:u24  L − height of the commit that elected the parent block; 0 = genesis
 *    72   2 parentTxIndex:u16 that commit's transaction index (0 when parentDelta is 0)
 *    74   1 ledgerCheck:u8   byte 0 (internal order) of the hash of ledger block L − 1
 *                                                                                   75 bytes
 * Integers little-endian, as the ledger's own formats.
 */
export interface CommitOp {
  blockHash: Uint8Array;
  newSeed: Uint8Array;
  keyDelta: number;
  keyTxIndex: number;
  parentDelta: number;
  parentTxIndex: number;
  ledgerCheck: number;
}

export const COMMIT_BODY_SIZE = 32 + 32 + 3 + 2 + 3 + 2 + 1;
/** 2^24 − 1: the largest height distance a pointer can span (16.7 M ledger blocks, ~16 years at 30 s). */
export const MAX_POINTER_DELTA = 0xffffff;
export const MAX_POINTER_TX_INDEX = 0xffff;

if (COMMIT_BODY_SIZE > MAX_FUNAI_BODY) throw new Error('COMMIT does not fit the envelope');

function checkInt(v: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${what} is an integer in [0, ${max}]`);
}

function u24(w: ByteWriter, v: number): void {
  w.u16le(v & 0xffff).u8(v >>> 16);
}

function readU24(r: ByteReader): number {
  const lo = r.u16le();
  return lo + r.u8() * 0x10000;
}

export function encodeCommit(c: CommitOp): FunaiOp {
  if (c.blockHash.length !== 32 || c.newSeed.length !== 32) throw new RangeError('hashes are 32 bytes');
  checkInt(c.keyDelta, MAX_POINTER_DELTA, 'keyDelta');
  checkInt(c.keyTxIndex, MAX_POINTER_TX_INDEX, 'keyTxIndex');
  checkInt(c.parentDelta, MAX_POINTER_DELTA, 'parentDelta');
  checkInt(c.parentTxIndex, MAX_POINTER_TX_INDEX, 'parentTxIndex');
  checkInt(c.ledgerCheck, 0xff, 'ledgerCheck');
  const w = new ByteWriter(COMMIT_BODY_SIZE).bytes(c.blockHash).bytes(c.newSeed);
  u24(w, c.keyDelta);
  w.u16le(c.keyTxIndex);
  u24(w, c.parentDelta);
  w.u16le(c.parentTxIndex).u8(c.ledgerCheck);
  return { op: CONSENSUS_OP.COMMIT, version: OP_BODY_VERSION, body: w.finish() };
}

/**
 * Decodes a `COMMIT` op. The decoder is structural: every 75-byte body decodes, and what the
 * pointers mean is judged by `validateCommit`. Reasons (`DecodeError`): `wrong-op`,
 * `unknown-op-version`, `truncated`, `trailing-bytes`.
 */
export function decodeCommit(op: FunaiOp): CommitOp {
  if (op.op !== CONSENSUS_OP.COMMIT) throw new DecodeError('wrong-op', `op ${op.op}`);
  if (op.version !== OP_BODY_VERSION) throw new DecodeError('unknown-op-version', `version ${op.version}`);
  const r = new ByteReader(op.body);
  const blockHash = r.bytes(32).slice();
  const newSeed = r.bytes(32).slice();
  const keyDelta = readU24(r);
  const keyTxIndex = r.u16le();
  const parentDelta = readU24(r);
  const parentTxIndex = r.u16le();
  const ledgerCheck = r.u8();
  r.end();
  return { blockHash, newSeed, keyDelta, keyTxIndex, parentDelta, parentTxIndex, ledgerCheck };
}
