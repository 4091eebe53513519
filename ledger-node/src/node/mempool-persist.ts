import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Logger } from 'pino';
import { MempoolRejection } from '../mempool/errors.js';
import { type Mempool, parentsFirst } from '../mempool/mempool.js';
import { hashToHex } from '../wire/bytes.js';
import { DecodeError } from '../wire/errors.js';
import { ByteReader } from '../wire/reader.js';
import { readTx, type Transaction, writeTx } from '../wire/tx.js';
import { ByteWriter } from '../wire/writer.js';

/** `<network dir>/mempool.dat`, bitcoind's name. */
export const MEMPOOL_FILE = 'mempool.dat';
/** bitcoind's MEMPOOL_DUMP_VERSION_NO_XOR_KEY: the layout this node writes and reads. */
const MEMPOOL_DUMP_VERSION = 1n;
/** Smallest serialized entry: a transaction (at least 10 bytes) and two 8-byte integers. */
const MIN_ENTRY_BYTES = 26;

export interface DumpedEntry {
  tx: Transaction;
  /** UNIX seconds it entered the pool. */
  time: number;
}

/**
 * bitcoind's mempool.dat layout, version 1: u64 version, u64 count, then per transaction its
 * serialization (with witness), i64 entry time and i64 fee delta (always 0 here: there is no
 * prioritisetransaction), then the fee deltas map and the unbroadcast set (both written empty).
 */
export function encodeMempoolDump(entries: readonly DumpedEntry[]): Uint8Array {
  const w = new ByteWriter();
  w.u64le(MEMPOOL_DUMP_VERSION);
  w.u64le(BigInt(entries.length));
  for (const e of entries) {
    writeTx(w, e.tx);
    w.i64le(BigInt(e.time));
    w.i64le(0n);
  }
  w.compactSize(0);
  w.compactSize(0);
  return w.finish();
}

/** Decodes a mempool.dat (bounded by its length; fee deltas and unbroadcast set are read and ignored). */
export function decodeMempoolDump(bytes: Uint8Array): DumpedEntry[] {
  const r = new ByteReader(bytes);
  const version = r.u64le();
  if (version !== MEMPOOL_DUMP_VERSION) throw new DecodeError('invalid', `mempool.dat version ${version}`);
  const count = r.u64le();
  if (count * BigInt(MIN_ENTRY_BYTES) > BigInt(r.remaining))
    throw new DecodeError('truncated', `count ${count} exceeds input`);
  const entries: DumpedEntry[] = [];
  for (let i = 0n; i < count; i++) {
    const tx = readTx(r);
    const time = Number(r.i64le());
    r.i64le();
    entries.push({ tx, time });
  }
  const deltas = r.count(40);
  for (let i = 0; i < deltas; i++) r.bytes(40);
  const unbroadcast = r.count(32);
  r.bytes(32 * unbroadcast);
  r.end();
  return entries;
}

/**
 * Writes the pool to `file` atomically (bitcoind's DumpMempool at shutdown): `<file>.new`, fsync,
 * rename. Parents come before their children.
 */
export function dumpMempool(mempool: Mempool, file: string): number {
  const ordered = parentsFirst([...mempool.entries()].map((e) => e.tx)).map(({ tx, txid }) => ({
    tx,
    time: mempool.get(txid)!.time,
  }));
  const bytes = encodeMempoolDump(ordered);
  const tmp = `${file}.new`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return ordered.length;
}

export interface LoadMempoolResult {
  accepted: number;
  failed: number;
  expired: number;
  alreadyThere: number;
}

/**
 * bitcoind's LoadMempool: each transaction of `file` is accepted again with the pool's ordinary
 * checks against the current chain (parents first, at its original entry time); those older than
 * the expiry age are skipped, those the pool refuses (mined meanwhile, conflicted, ...) dropped.
 * A missing file is an empty pool; an unreadable one is logged and ignored.
 */
export function loadMempool(mempool: Mempool, file: string, now: number, log: Logger): LoadMempoolResult {
  const result: LoadMempoolResult = { accepted: 0, failed: 0, expired: 0, alreadyThere: 0 };
  let entries: DumpedEntry[];
  try {
    entries = decodeMempoolDump(readFileSync(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return result;
    if (!(e instanceof DecodeError) && !(e as NodeJS.ErrnoException).code) throw e;
    log.warn(
      { file, err: (e as Error).message },
      'could not read mempool.dat; continuing with an empty mempool',
    );
    return result;
  }
  const times = new Map(entries.map((e) => [e.tx, e.time]));
  const cutoff = now - mempool.policy.expirySeconds;
  for (const { tx, txid } of parentsFirst(entries.map((e) => e.tx))) {
    const time = Math.min(times.get(tx)!, now);
    if (time <= cutoff) {
      result.expired++;
      continue;
    }
    try {
      mempool.accept(tx, time);
      result.accepted++;
    } catch (e) {
      if (!(e instanceof MempoolRejection)) throw e;
      if (e.reason === 'txn-already-in-mempool') result.alreadyThere++;
      else {
        result.failed++;
        log.debug({ txid: hashToHex(txid), reason: e.reason }, 'mempool.dat transaction refused');
      }
    }
  }
  log.info({ ...result }, 'mempool loaded from mempool.dat');
  return result;
}
