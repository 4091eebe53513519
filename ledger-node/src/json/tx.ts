import type { AddressPrefixes } from '../address/networks.js';
import { scriptToAsm } from '../script/asm.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import { isCoinbase, type Transaction, txid, txSize, txVsize, txWeight, wtxid } from '../wire/tx.js';
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

/** A transaction in the shape of bitcoind's `decoderawtransaction` (Core's TxToUniv). */
export function txToJson(tx: Transaction, prefixes: AddressPrefixes): TxJson {
  const coinbase = isCoinbase(tx);
  return {
    txid: hashToHex(txid(tx)),
    hash: hashToHex(wtxid(tx)),
    version: tx.version,
    size: txSize(tx),
    vsize: txVsize(tx),
    weight: txWeight(tx),
    locktime: tx.locktime,
    vin: tx.inputs.map((i): TxInJson => {
      const witness = i.witness.length > 0 ? { txinwitness: i.witness.map(toHex) } : {};
      if (coinbase) return { coinbase: toHex(i.scriptSig), ...witness, sequence: i.sequence };
      return {
        txid: hashToHex(i.prevout.txid),
        vout: i.prevout.vout,
        scriptSig: { asm: scriptToAsm(i.scriptSig, true), hex: toHex(i.scriptSig) },
        ...witness,
        sequence: i.sequence,
      };
    }),
    vout: tx.outputs.map((o, n) => ({
      value: amountToJson(o.value),
      n,
      scriptPubKey: scriptPubKeyToJson(o.scriptPubKey, prefixes),
    })),
  };
}
