import type { Transaction, TxOut } from '../wire/tx.js';
import { isCoinbase, WITNESS_SCALE_FACTOR } from '../wire/tx.js';
import { SCRIPT_VERIFY_P2SH, SCRIPT_VERIFY_WITNESS } from './flags.js';
import { MAX_PUBKEYS_PER_MULTISIG } from './limits.js';
import {
  decodeOpN,
  OP_1,
  OP_16,
  OP_CHECKMULTISIG,
  OP_CHECKMULTISIGVERIFY,
  OP_CHECKSIG,
  OP_CHECKSIGVERIFY,
  OP_INVALIDOPCODE,
} from './opcodes.js';
import { ScriptCursor } from './parse.js';
import { isPayToScriptHash, isPushOnly, isWitnessProgram } from './patterns.js';

/**
 * Core's CScript::GetSigOpCount(fAccurate). CHECKSIG counts 1; CHECKMULTISIG counts 20, or with
 * `accurate` the key count when OP_1..OP_16 precedes it. Counting stops at a truncated push.
 */
export function getSigOpCount(script: Uint8Array, accurate: boolean): number {
  // The common output templates hold no sigop opcode: no walk for P2SH or a witness program.
  if (script.length === 0 || isPayToScriptHash(script) || isWitnessProgram(script)) return 0;
  let n = 0;
  let last = OP_INVALIDOPCODE;
  const c = new ScriptCursor(script);
  while (!c.done) {
    if (!c.next()) break;
    const op = c.opcode;
    if (op === OP_CHECKSIG || op === OP_CHECKSIGVERIFY) n++;
    else if (op === OP_CHECKMULTISIG || op === OP_CHECKMULTISIGVERIFY) {
      n += accurate && last >= OP_1 && last <= OP_16 ? decodeOpN(last) : MAX_PUBKEYS_PER_MULTISIG;
    }
    last = op;
  }
  return n;
}

/**
 * Core's CScript::GetSigOpCount(scriptSig): for a P2SH scriptPubKey, the accurate count of the
 * redeem script (the last push of a push-only scriptSig, else 0); otherwise the accurate count of
 * the scriptPubKey itself.
 */
export function getScriptSigOpCountWithScriptSig(scriptPubKey: Uint8Array, scriptSig: Uint8Array): number {
  if (!isPayToScriptHash(scriptPubKey)) return getSigOpCount(scriptPubKey, true);
  const c = new ScriptCursor(scriptSig);
  let redeem: Uint8Array = new Uint8Array(0);
  while (!c.done) {
    if (!c.next()) return 0;
    if (c.opcode > OP_16) return 0;
    redeem = c.data();
  }
  return getSigOpCount(redeem, true);
}

/** Sigops of spending the witness program `script` (isWitnessProgram) with `witness`. */
function witnessSigOps(script: Uint8Array, witness: readonly Uint8Array[]): number {
  if (decodeOpN(script[0]!) === 0) {
    const programLength = script.length - 2;
    if (programLength === 20) return 1;
    if (programLength === 32 && witness.length > 0) return getSigOpCount(witness[witness.length - 1]!, true);
  }
  // Unknown witness versions (and Taproot, which FUN AI does not implement) count nothing.
  return 0;
}

/** Core's CountWitnessSigOps: sigops of a native or P2SH-nested witness program spend. */
export function countWitnessSigOps(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: readonly Uint8Array[],
  flags: number,
): number {
  if ((flags & SCRIPT_VERIFY_WITNESS) === 0) return 0;
  if (isWitnessProgram(scriptPubKey)) return witnessSigOps(scriptPubKey, witness);
  if (isPayToScriptHash(scriptPubKey) && isPushOnly(scriptSig)) {
    // The redeem script is the last push (empty when the last operation is OP_0..OP_16 without data).
    const c = new ScriptCursor(scriptSig);
    let last: Uint8Array = new Uint8Array(0);
    while (c.next()) last = c.data();
    if (isWitnessProgram(last)) return witnessSigOps(last, witness);
  }
  return 0;
}

/** Core's GetLegacySigOpCount: inaccurate counts over every scriptSig and scriptPubKey. */
export function getLegacySigOpCount(tx: Transaction): number {
  let n = 0;
  for (const i of tx.inputs) n += getSigOpCount(i.scriptSig, false);
  for (const o of tx.outputs) n += getSigOpCount(o.scriptPubKey, false);
  return n;
}

/** Core's GetP2SHSigOpCount; `spent[i]` is the output input i spends. */
export function getP2SHSigOpCount(tx: Transaction, spent: readonly TxOut[]): number {
  if (isCoinbase(tx)) return 0;
  let n = 0;
  for (let i = 0; i < tx.inputs.length; i++) {
    const prev = spentAt(spent, i);
    if (isPayToScriptHash(prev.scriptPubKey)) {
      n += getScriptSigOpCountWithScriptSig(prev.scriptPubKey, tx.inputs[i]!.scriptSig);
    }
  }
  return n;
}

/**
 * Core's GetTransactionSigOpCost (BIP141): legacy and P2SH sigops weigh WITNESS_SCALE_FACTOR,
 * witness sigops 1. `spent[i]` is the output input i spends (ignored for a coinbase).
 */
export function getTransactionSigOpCost(tx: Transaction, spent: readonly TxOut[], flags: number): number {
  let cost = getLegacySigOpCount(tx) * WITNESS_SCALE_FACTOR;
  if (isCoinbase(tx)) return cost;
  if (flags & SCRIPT_VERIFY_P2SH) cost += getP2SHSigOpCount(tx, spent) * WITNESS_SCALE_FACTOR;
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i]!;
    cost += countWitnessSigOps(input.scriptSig, spentAt(spent, i).scriptPubKey, input.witness, flags);
  }
  return cost;
}

function spentAt(spent: readonly TxOut[], i: number): TxOut {
  const out = spent[i];
  if (!out) throw new RangeError(`no spent output given for input ${i}`);
  return out;
}
