import { sha256d } from '../crypto/hash.js';
import type { AddressPrefixes } from '../params/address-prefixes.js';
import { scriptToAsm } from '../script/asm.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import {
  encodeTx,
  hasWitness,
  isCoinbase,
  type Transaction,
  txid,
  txSize,
  WITNESS_SCALE_FACTOR,
} from '../wire/tx.js';
import { amountToJson } from './amount.js';
import { type ScriptPubKeyJson, scriptPubKeyToJson } from './script.js';

export type TxInJson =
  | { coinbase: string; txinwitness?: string[]; sequence: number }
  | {
      txid: string;
      vout: number;
      scriptSig: { asm: string; hex: string };
      txinwitness?: string[];
      sequence: number;
    };

export interface TxJson {
  txid: string;
  hash: string;
  version: number;
  size: number;
  vsize: number;
  weight: number;
  locktime: number;
  vin: TxInJson[];
  vout: { value: number; n: number; scriptPubKey: ScriptPubKeyJson }[];
}

/**
 * A transaction in the shape of bitcoind's `decoderawtransaction` (Core's TxToUniv). `raw` is its
 * BIP144 serialization (encodeTx(tx)) when the caller has it, as getblock does for the hex: the
 * wtxid and the sizes are taken from it instead of serializing the transaction again for each.
 */
export function txToJson(tx: Transaction, prefixes: AddressPrefixes, raw = encodeTx(tx)): TxJson {
  const coinbase = isCoinbase(tx);
  const hash = hashToHex(sha256d(raw));
  // Without witness data both serializations are the same bytes, and so both ids.
  const segwit = hasWitness(tx);
  const size = raw.length;
  const weight = (segwit ? txSize(tx, false) : size) * (WITNESS_SCALE_FACTOR - 1) + size;
  return {
    txid: segwit ? hashToHex(txid(tx)) : hash,
    hash,
    version: tx.version,
    size,
    vsize: Math.ceil(weight / WITNESS_SCALE_FACTOR),
    weight,
    locktime: tx.locktime,
    vin: tx.inputs.map((i): TxInJson => {
      const sequence = i.sequence;
      // Literals in bitcoind's key order rather than spreads of partial objects: this runs for
      // every input of a getblock at verbosity 2.
      if (coinbase) {
        const hex = toHex(i.scriptSig);
        return i.witness.length > 0
          ? { coinbase: hex, txinwitness: i.witness.map(toHex), sequence }
          : { coinbase: hex, sequence };
      }
      const prev = hashToHex(i.prevout.txid);
      const scriptSig = { asm: scriptToAsm(i.scriptSig, true), hex: toHex(i.scriptSig) };
      return i.witness.length > 0
        ? { txid: prev, vout: i.prevout.vout, scriptSig, txinwitness: i.witness.map(toHex), sequence }
        : { txid: prev, vout: i.prevout.vout, scriptSig, sequence };
    }),
    vout: tx.outputs.map((o, n) => ({
      value: amountToJson(o.value),
      n,
      scriptPubKey: scriptPubKeyToJson(o.scriptPubKey, prefixes),
    })),
  };
}
