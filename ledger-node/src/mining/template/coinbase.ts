import { coinbaseHeightPrefix } from '../../consensus/contextual.js';
import { ScriptBuilder } from '../../script/build.js';
import { concatBytes } from '../../wire/bytes.js';
import type { Transaction, TxOut } from '../../wire/tx.js';
import { NULL_TXID, SEQUENCE_FINAL } from '../../wire/tx.js';

/** A miner's extra nonce: a number (pushed as a script number, as Core's CScriptNum) or raw bytes. */
export type ExtraNonce = number | Uint8Array;

/**
 * The coinbase scriptSig: the BIP34 height push, then the extra nonce pushed (Core's
 * `CScript() << nHeight << CScriptNum(nExtraNonce)`); the second push keeps it at least 2 bytes
 * even for heights pushed as one opcode. At most 100 bytes (`bad-cb-length`).
 */
export function coinbaseScriptSig(height: number, extraNonce: ExtraNonce = 0): Uint8Array {
  const nonce =
    typeof extraNonce === 'number'
      ? new ScriptBuilder().pushInt(extraNonce)
      : new ScriptBuilder().push(extraNonce);
  const script = concatBytes(coinbaseHeightPrefix(height), nonce.build());
  if (script.length > 100) throw new RangeError('coinbase scriptSig exceeds 100 bytes');
  return script;
}

/** A coinbase paying `outputs` (the witness commitment is added separately, when needed). */
export function buildCoinbase(height: number, outputs: TxOut[], extraNonce: ExtraNonce = 0): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: NULL_TXID.slice(), vout: 0xffffffff },
        scriptSig: coinbaseScriptSig(height, extraNonce),
        sequence: SEQUENCE_FINAL,
        witness: [],
      },
    ],
    outputs,
    locktime: 0,
  };
}
