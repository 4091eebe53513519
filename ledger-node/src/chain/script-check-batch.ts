import type { ScriptCheck } from '../consensus/connect-block.js';
import { type ConsensusRejectReason, ValidationError } from '../consensus/errors.js';
import { runScriptCheck } from '../consensus/script-check.js';
import { PrecomputedTransactionData } from '../script/sighash.js';
import { ByteReader } from '../wire/reader.js';
import type { Transaction } from '../wire/tx.js';
import { readTx, writeTx } from '../wire/tx.js';
import { ByteWriter } from '../wire/writer.js';

/**
 * The bytes a batch of script checks crosses a thread boundary in (one transferable buffer, no
 * structured clone of object graphs): CompactSize tx count, then per transaction its BIP144
 * serialization, txIndex u32, CompactSize check count and per check inputIndex u32, flags u32,
 * spent value i64, spent scriptPubKey varbytes.
 */
export function encodeScriptChecks(
  checks: readonly ScriptCheck[],
  txBytes?: (txIndex: number) => Uint8Array,
): Uint8Array {
  const groups: ScriptCheck[][] = [];
  let last: Transaction | undefined;
  for (const c of checks) {
    if (c.tx !== last) {
      groups.push([]);
      last = c.tx;
    }
    groups[groups.length - 1]!.push(c);
  }
  const w = new ByteWriter(1024 + checks.length * 256);
  w.compactSize(groups.length);
  for (const g of groups) {
    // The block's own bytes of the transaction, when the caller has them, instead of encoding it.
    if (txBytes !== undefined) w.bytes(txBytes(g[0]!.txIndex));
    else writeTx(w, g[0]!.tx);
    w.u32le(g[0]!.txIndex).compactSize(g.length);
    for (const c of g)
      w.u32le(c.inputIndex).u32le(c.flags).i64le(c.spent.value).varBytes(c.spent.scriptPubKey);
  }
  return w.finish();
}

export function decodeScriptChecks(bytes: Uint8Array): ScriptCheck[] {
  const r = new ByteReader(bytes);
  const n = r.count(10);
  const checks: ScriptCheck[] = [];
  for (let i = 0; i < n; i++) {
    const tx = readTx(r);
    const txIndex = r.u32le();
    const m = r.count(17);
    for (let k = 0; k < m; k++) {
      const inputIndex = r.u32le();
      const flags = r.u32le();
      const value = r.i64le();
      const scriptPubKey = r.varBytes().slice();
      checks.push({ tx, txIndex, inputIndex, flags, spent: { value, scriptPubKey } });
    }
  }
  r.end();
  return checks;
}

/** A worker's answer: null when every check passed, else the first failure of its batch. */
export interface ScriptCheckFailure {
  txIndex: number;
  inputIndex: number;
  reason: ConsensusRejectReason;
  detail?: string;
}

/** Runs checks in order (sharing BIP143 hashes per transaction) and returns the first failure. */
export function firstScriptFailure(checks: readonly ScriptCheck[]): ScriptCheckFailure | null {
  const cache = new Map<Transaction, PrecomputedTransactionData>();
  for (const c of checks) {
    let txdata = cache.get(c.tx);
    if (txdata === undefined) {
      txdata = new PrecomputedTransactionData(c.tx);
      cache.set(c.tx, txdata);
    }
    try {
      runScriptCheck(c, txdata);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return {
        txIndex: c.txIndex,
        inputIndex: c.inputIndex,
        reason: e.reason,
        ...(e.detail ? { detail: e.detail } : {}),
      };
    }
  }
  return null;
}
