import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCRIPT_FLAG_NAMES } from '../../src/script/flags.js';
import { fromHex, hexToHash } from '../../src/wire/bytes.js';
import type { OutPoint, Transaction } from '../../src/wire/tx.js';
import { NULL_TXID, SEQUENCE_FINAL, txid } from '../../src/wire/tx.js';

/** Loads one of Bitcoin Core's JSON vector files from test/vectors/bitcoin-core. */
export function loadCoreVectors(name: string): unknown[][] {
  const path = fileURLToPath(new URL(`../vectors/bitcoin-core/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as unknown[][];
}

/** A JSON amount in coins (as script_tests.json writes witness amounts) to base units. */
export function amountFromValue(v: number): bigint {
  return BigInt(Math.round(v * 1e8));
}

/** Core's BuildCreditingTransaction (test/util/transaction_utils.cpp). */
export function buildCreditingTransaction(scriptPubKey: Uint8Array, value: bigint): Transaction {
  return {
    version: 1,
    locktime: 0,
    inputs: [
      {
        prevout: { txid: NULL_TXID, vout: 0xffffffff },
        scriptSig: Uint8Array.of(0x00, 0x00),
        sequence: SEQUENCE_FINAL,
        witness: [],
      },
    ],
    outputs: [{ value, scriptPubKey }],
  };
}

/** Core's BuildSpendingTransaction. */
export function buildSpendingTransaction(
  scriptSig: Uint8Array,
  witness: Uint8Array[],
  credit: Transaction,
): Transaction {
  return {
    version: 1,
    locktime: 0,
    inputs: [{ prevout: { txid: txid(credit), vout: 0 }, scriptSig, sequence: SEQUENCE_FINAL, witness }],
    outputs: [{ value: credit.outputs[0]!.value, scriptPubKey: new Uint8Array(0) }],
  };
}

export interface ScriptTestRow {
  index: number;
  /** Witness items as written: hex, or Core's Taproot placeholders (#SCRIPT#, #CONTROLBLOCK#). */
  witness: string[];
  amount: bigint;
  scriptSig: string;
  scriptPubKey: string;
  flags: string;
  expected: string;
  comment: string;
}

/** script_tests.json rows: [[wit..., amount]?, scriptSig, scriptPubKey, flags, error, comment?]. */
export function scriptTestRows(): ScriptTestRow[] {
  const rows: ScriptTestRow[] = [];
  loadCoreVectors('script_tests.json').forEach((row, index) => {
    let pos = 0;
    let witness: string[] = [];
    let amount = 0n;
    if (Array.isArray(row[0])) {
      const w = row[0] as unknown[];
      witness = w.slice(0, -1).map(String);
      amount = amountFromValue(w[w.length - 1] as number);
      pos = 1;
    }
    if (row.length < 4 + pos) return; // comment
    rows.push({
      index,
      witness,
      amount,
      scriptSig: row[pos] as string,
      scriptPubKey: row[pos + 1] as string,
      flags: row[pos + 2] as string,
      expected: row[pos + 3] as string,
      comment: (row[pos + 4] as string | undefined) ?? '',
    });
  });
  return rows;
}

export function witnessFromHex(items: readonly unknown[]): Uint8Array[] {
  return items.map((h) => fromHex(String(h)));
}

export interface TxTestRow {
  index: number;
  prevouts: { outpoint: OutPoint; scriptPubKey: string; amount: bigint }[];
  txHex: string;
  flags: string;
}

/** tx_valid.json / tx_invalid.json rows: [[[prevHash, prevIndex, scriptPubKey, amount?]...], txHex, flags]. */
export function txTestRows(file: 'tx_valid.json' | 'tx_invalid.json'): TxTestRow[] {
  const rows: TxTestRow[] = [];
  loadCoreVectors(file).forEach((row, index) => {
    if (!Array.isArray(row[0])) return; // comment
    const prevouts = (row[0] as unknown[][]).map((p) => ({
      // Hashes are written as Core's uint256S: displayed (byte-reversed) order.
      outpoint: { txid: hexToHash(p[0] as string), vout: Number(p[1]) >>> 0 },
      scriptPubKey: p[2] as string,
      amount: p.length >= 4 ? BigInt(p[3] as number) : 0n,
    }));
    rows.push({ index, prevouts, txHex: row[1] as string, flags: row[2] as string });
  });
  return rows;
}

/** Every script verification flag the interpreter knows, or-ed. */
export const ALL_FLAGS = Object.values(SCRIPT_FLAG_NAMES).reduce((a, b) => a | b, 0);
