import { ByteReader, ByteWriter, DecodeError } from '@funai/ledger-node';
import { COMMIT_BODY_SIZE, decodeCommit, encodeCommit } from '../ops/commit.js';
import type { CommitRejectReason } from '../ops/commit-rules.js';
import type { Registration } from '../ops/ledger-ops.js';
import { CONSENSUS_OP, OP_BODY_VERSION } from '../ops/numbers.js';
import { readPrincipal, writePrincipal } from '../ops/principal.js';
import { VRF_KEY_SIZE } from '../ops/register-vrf-key.js';
import type { ForkSnapshot, WeightedCommit } from './snapshot.js';

/**
 * The bytes a daemon stores per ledger block (docs/protocol.md §14.9): one `ForkSnapshot`.
 *
 *   version:u8 (2) | ledgerHash:32 | ledgerHeight:u32 | ledgerParentHash:32 | sortitionHash:32
 *   | lastSeed:32 | seed:32
 *   | CompactSize n | n × registration (height:u32 | txIndex:u32 | vrfKey:33 | principal:21
 *                                        | senderScript:varbytes)
 *   | CompactSize m | m × commit (txIndex:u32 | body:75 | bid:u64 | weight:u64 | registration)
 *   | CompactSize r | r × rejected (txIndex:u32 | reason:varbytes ASCII | hasDetail:u8 | [detail:varbytes])
 *   | winner:i32 | parentBlockHash:opt32 | lastWinnerHash:opt32 | skipHash:opt32
 *   opt32 = 0x00 | 0x01 hash:32
 *
 * A commit's parent pointer is not stored: it follows from its body and the snapshot's height.
 */
export const SNAPSHOT_FORMAT_VERSION = 2;

const REASONS: readonly CommitRejectReason[] = [
  'not-a-commit',
  'commit-malformed',
  'commit-wrong-ledger-block',
  'commit-unknown-key',
  'commit-wrong-sender',
  'commit-unknown-parent',
  'commit-missing-payments',
  'commit-wrong-payee',
  'commit-wrong-split',
  'commit-payment-below-minimum',
  'commit-duplicate-key',
];
/** Smallest registration record: an empty sender script takes its one length byte. */
const REGISTRATION_BYTES = 4 + 4 + VRF_KEY_SIZE + 21 + 1;
const COMMIT_BYTES = 4 + COMMIT_BODY_SIZE + 8 + 8 + REGISTRATION_BYTES;
const ascii = new TextDecoder('ascii', { fatal: true });

function writeRegistration(w: ByteWriter, r: Registration): void {
  w.u32le(r.height).u32le(r.txIndex).bytes(r.vrfKey);
  writePrincipal(w, r.principal);
  w.varBytes(r.senderScript);
}

function readRegistration(r: ByteReader): Registration {
  const height = r.u32le();
  const txIndex = r.u32le();
  const vrfKey = r.bytes(VRF_KEY_SIZE).slice();
  const principal = readPrincipal(r);
  return { height, txIndex, vrfKey, principal, senderScript: r.varBytes().slice() };
}

function writeOpt(w: ByteWriter, h: Uint8Array | null): void {
  if (h === null) w.u8(0);
  else w.u8(1).bytes(h);
}

function readOpt(r: ByteReader): Uint8Array | null {
  const flag = r.u8();
  if (flag > 1) throw new DecodeError('snapshot-bad-flag', `flag ${flag}`);
  return flag === 1 ? r.bytes(32).slice() : null;
}

export function encodeForkSnapshot(s: ForkSnapshot): Uint8Array {
  const w = new ByteWriter(512)
    .u8(SNAPSHOT_FORMAT_VERSION)
    .bytes(s.ledgerHash)
    .u32le(s.ledgerHeight)
    .bytes(s.ledgerParentHash)
    .bytes(s.sortitionHash)
    .bytes(s.lastSeed)
    .bytes(s.seed);
  w.compactSize(s.registrations.length);
  for (const r of s.registrations) writeRegistration(w, r);
  w.compactSize(s.commits.length);
  for (const c of s.commits) {
    w.u32le(c.txIndex).bytes(encodeCommit(c.op).body).u64le(c.bid).u64le(c.weight);
    writeRegistration(w, c.registration);
  }
  w.compactSize(s.rejected.length);
  for (const x of s.rejected) {
    w.u32le(x.txIndex).varBytes(new TextEncoder().encode(x.reason));
    if (x.detail === undefined) w.u8(0);
    else w.u8(1).varBytes(new TextEncoder().encode(x.detail));
  }
  w.i32le(s.winner);
  writeOpt(w, s.parentBlockHash);
  writeOpt(w, s.lastWinnerHash);
  writeOpt(w, s.skipHash);
  return w.finish();
}

/**
 * Reads a stored snapshot. Bounded (counts are checked against the bytes left); reasons: `truncated`,
 * `trailing-bytes`, the CompactSize reasons, `snapshot-version`, `snapshot-bad-flag`,
 * `snapshot-bad-reason`, `snapshot-bad-winner`, and the op decoders' reasons.
 */
export function decodeForkSnapshot(bytes: Uint8Array): ForkSnapshot {
  const r = new ByteReader(bytes);
  const version = r.u8();
  if (version !== SNAPSHOT_FORMAT_VERSION) throw new DecodeError('snapshot-version', `version ${version}`);
  const ledgerHash = r.bytes(32).slice();
  const ledgerHeight = r.u32le();
  const ledgerParentHash = r.bytes(32).slice();
  const sortitionHash = r.bytes(32).slice();
  const lastSeed = r.bytes(32).slice();
  const seed = r.bytes(32).slice();
  const registrations: Registration[] = [];
  for (let n = r.count(REGISTRATION_BYTES); n > 0; n--) registrations.push(readRegistration(r));
  const commits: WeightedCommit[] = [];
  for (let n = r.count(COMMIT_BYTES); n > 0; n--) {
    const txIndex = r.u32le();
    const op = decodeCommit({
      op: CONSENSUS_OP.COMMIT,
      version: OP_BODY_VERSION,
      body: r.bytes(COMMIT_BODY_SIZE),
    });
    const bid = r.u64le();
    const weight = r.u64le();
    const registration = readRegistration(r);
    const parent =
      op.parentDelta === 0 ? null : { height: ledgerHeight - op.parentDelta, txIndex: op.parentTxIndex };
    commits.push({ height: ledgerHeight, txIndex, op, registration, parent, bid, weight });
  }
  const rejected: ForkSnapshot['rejected'] = [];
  for (let n = r.count(6); n > 0; n--) {
    const txIndex = r.u32le();
    let reason: string;
    let detail: string | undefined;
    try {
      reason = ascii.decode(r.varBytes());
      const flag = r.u8();
      if (flag > 1) throw new DecodeError('snapshot-bad-flag', `flag ${flag}`);
      if (flag === 1) detail = ascii.decode(r.varBytes());
    } catch (e) {
      if (e instanceof TypeError) throw new DecodeError('snapshot-bad-reason', 'not ASCII');
      throw e;
    }
    if (!(REASONS as readonly string[]).includes(reason))
      throw new DecodeError('snapshot-bad-reason', reason);
    rejected.push(
      detail === undefined
        ? { txIndex, reason: reason as CommitRejectReason }
        : { txIndex, reason: reason as CommitRejectReason, detail },
    );
  }
  const winner = r.i32le();
  if (winner < -1 || winner >= commits.length)
    throw new DecodeError('snapshot-bad-winner', `winner ${winner}`);
  const parentBlockHash = readOpt(r);
  const lastWinnerHash = readOpt(r);
  const skipHash = readOpt(r);
  r.end();
  return {
    ledgerHash,
    ledgerHeight,
    ledgerParentHash,
    sortitionHash,
    lastSeed,
    seed,
    registrations,
    commits,
    rejected,
    winner,
    parentBlockHash,
    lastWinnerHash,
    skipHash,
  };
}
