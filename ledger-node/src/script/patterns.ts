import { MAX_SCRIPT_SIZE } from './limits.js';
import {
  decodeOpN,
  OP_0,
  OP_1,
  OP_16,
  OP_CHECKSIG,
  OP_DUP,
  OP_EQUAL,
  OP_EQUALVERIFY,
  OP_HASH160,
  OP_RETURN,
} from './opcodes.js';
import { ScriptCursor } from './parse.js';

// Bitcoin Core's CScript shape tests. They look at bytes, not at how a script would execute.

/** Exactly `OP_DUP OP_HASH160 <20 bytes> OP_EQUALVERIFY OP_CHECKSIG`. */
export function isPayToPubKeyHash(script: Uint8Array): boolean {
  return (
    script.length === 25 &&
    script[0] === OP_DUP &&
    script[1] === OP_HASH160 &&
    script[2] === 20 &&
    script[23] === OP_EQUALVERIFY &&
    script[24] === OP_CHECKSIG
  );
}

/** BIP16: exactly `OP_HASH160 <20 bytes> OP_EQUAL`. */
export function isPayToScriptHash(script: Uint8Array): boolean {
  return script.length === 23 && script[0] === OP_HASH160 && script[1] === 0x14 && script[22] === OP_EQUAL;
}

export function isPayToWitnessScriptHash(script: Uint8Array): boolean {
  return script.length === 34 && script[0] === OP_0 && script[1] === 0x20;
}

export interface ScriptWitnessProgram {
  version: number;
  /** A view into the script. */
  program: Uint8Array;
}

/** BIP141: a version opcode (OP_0, OP_1..OP_16) then one direct push of 2..40 bytes, nothing else. */
export function witnessProgram(script: Uint8Array): ScriptWitnessProgram | null {
  if (!isWitnessProgram(script)) return null;
  return { version: decodeOpN(script[0]!), program: script.subarray(2) };
}

/**
 * Whether witnessProgram finds one, without the view it allocates (policy and sigop counting ask
 * this of every output and input). Its version is decodeOpN(script[0]), its program's length
 * script.length - 2.
 */
export function isWitnessProgram(script: Uint8Array): boolean {
  const n = script.length;
  if (n < 4 || n > 42) return false;
  const v = script[0]!;
  return (v === OP_0 || (v >= OP_1 && v <= OP_16)) && script[1]! + 2 === n;
}

/** Only push opcodes (OP_RESERVED counts as one, as in Core) and no truncated push. */
export function isPushOnly(script: Uint8Array): boolean {
  const c = new ScriptCursor(script);
  while (!c.done) {
    if (!c.next()) return false;
    if (c.opcode > OP_16) return false;
  }
  return true;
}

/** Provably unspendable: starts with OP_RETURN, or too large to ever be executed. */
export function isUnspendable(script: Uint8Array): boolean {
  return (script.length > 0 && script[0] === OP_RETURN) || script.length > MAX_SCRIPT_SIZE;
}
