import { coinbaseHeightPrefix } from '../../consensus/contextual.js';
import { INVALID_TX_NONWITNESS_SIZE } from '../../consensus/limits.js';
import { ScriptBuilder } from '../../script/build.js';
import { OP_0 } from '../../script/opcodes.js';
import { concatBytes } from '../../wire/bytes.js';
import type { Transaction, TxOut } from '../../wire/tx.js';
import { NULL_TXID, SEQUENCE_FINAL, txSize } from '../../wire/tx.js';

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

/**
 * The coinbase with `extraNonce` in its scriptSig, one `OP_0` longer when it would otherwise serialize
 * to exactly 64 bytes without witness (invalid under BIP54: a short payout script and a small height
 * can get there). The result is never 64 bytes: 65 is valid, and the scriptSig stays ≤ 100 bytes
 * because a 64-byte coinbase's scriptSig is short.
 */
export function withCoinbaseScriptSig(
  coinbase: Transaction,
  height: number,
  extraNonce: ExtraNonce,
): Transaction {
  return fitCoinbaseSize({
    ...coinbase,
    inputs: [{ ...coinbase.inputs[0]!, scriptSig: coinbaseScriptSig(height, extraNonce) }],
  });
}

/** `coinbase` itself, or with `OP_0` appended to its scriptSig when it is exactly 64 bytes (BIP54). */
export function fitCoinbaseSize(coinbase: Transaction): Transaction {
  if (txSize(coinbase, false) !== INVALID_TX_NONWITNESS_SIZE) return coinbase;
  const input = coinbase.inputs[0]!;
  return {
    ...coinbase,
    inputs: [{ ...input, scriptSig: concatBytes(input.scriptSig, Uint8Array.of(OP_0)) }],
  };
}
