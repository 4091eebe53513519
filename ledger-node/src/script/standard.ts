import { pubKeyLengthForPrefix } from '../crypto/secp256k1.js';
import { ScriptBuilder } from './build.js';
import { checkMinimalPush } from './interpreter.js';
import { MAX_PUBKEYS_PER_MULTISIG } from './limits.js';
import { decodeScriptNum, ScriptNumError } from './num.js';
import {
  decodeOpN,
  encodeOpN,
  OP_1,
  OP_16,
  OP_CHECKMULTISIG,
  OP_CHECKSIG,
  OP_DUP,
  OP_EQUAL,
  OP_EQUALVERIFY,
  OP_HASH160,
  OP_PUSHDATA4,
  OP_RETURN,
} from './opcodes.js';
import { ScriptCursor } from './parse.js';
import { isPayToPubKeyHash, isPayToScriptHash, witnessProgram } from './patterns.js';

/** Bitcoin Core's TxoutType names (GetTxnOutputType), as RPCs print them. */
export type TxoutType =
  | 'nonstandard'
  | 'pubkey'
  | 'pubkeyhash'
  | 'scripthash'
  | 'multisig'
  | 'nulldata'
  | 'witness_v0_keyhash'
  | 'witness_v0_scripthash'
  | 'witness_v1_taproot'
  | 'witness_unknown';

export interface Solution {
  type: TxoutType;
  /**
   * Core's vSolutionsRet: the hash or key for single-key types; for multisig [m, keys..., n]
   * (m and n as one byte each); for witness_unknown [version byte, program]; else empty.
   */
  solutions: Uint8Array[];
}

/** CPubKey::ValidSize: the length the first byte calls for. */
function isValidPubKeySize(key: Uint8Array): boolean {
  return key.length > 0 && pubKeyLengthForPrefix(key[0]!) === key.length;
}

/** A minimally encoded number in [min, max], from OP_1..OP_16 or a push (Core's GetScriptNumber). */
function scriptNumberIn(opcode: number, data: Uint8Array, min: number, max: number): number | null {
  let n: number;
  if (opcode >= OP_1 && opcode <= OP_16) n = decodeOpN(opcode);
  else if (opcode <= OP_PUSHDATA4) {
    if (!checkMinimalPush(data, opcode)) return null;
    try {
      n = decodeScriptNum(data, true);
    } catch (e) {
      if (e instanceof ScriptNumError) return null;
      throw e;
    }
  } else return null;
  return n >= min && n <= max ? n : null;
}

function matchMultisig(script: Uint8Array): { m: number; keys: Uint8Array[] } | null {
  if (script.length < 1 || script[script.length - 1] !== OP_CHECKMULTISIG) return null;
  const c = new ScriptCursor(script);
  if (!c.next()) return null;
  const m = scriptNumberIn(c.opcode, c.data(), 1, MAX_PUBKEYS_PER_MULTISIG);
  if (m === null) return null;
  const keys: Uint8Array[] = [];
  while (c.next() && isValidPubKeySize(c.data())) keys.push(c.data().slice());
  const n = scriptNumberIn(c.opcode, c.data(), m, MAX_PUBKEYS_PER_MULTISIG);
  if (n === null || keys.length !== n) return null;
  return c.pc + 1 === script.length ? { m, keys } : null;
}

/** OP_RETURN followed only by pushes (any size; relay limits are policy elsewhere). */
function isNullData(script: Uint8Array): boolean {
  if (script.length < 1 || script[0] !== OP_RETURN) return false;
  const c = new ScriptCursor(script, 1);
  while (!c.done) {
    if (!c.next() || c.opcode > OP_16) return false;
  }
  return true;
}

/** Bitcoin Core's Solver: classifies a scriptPubKey and extracts its keys or hashes. */
export function solver(script: Uint8Array): Solution {
  if (isPayToScriptHash(script)) return { type: 'scripthash', solutions: [script.slice(2, 22)] };
  const wp = witnessProgram(script);
  if (wp) {
    const program = wp.program.slice();
    if (wp.version === 0 && program.length === 20)
      return { type: 'witness_v0_keyhash', solutions: [program] };
    if (wp.version === 0 && program.length === 32)
      return { type: 'witness_v0_scripthash', solutions: [program] };
    if (wp.version === 1 && program.length === 32)
      return { type: 'witness_v1_taproot', solutions: [program] };
    if (wp.version !== 0) return { type: 'witness_unknown', solutions: [Uint8Array.of(wp.version), program] };
    return { type: 'nonstandard', solutions: [] };
  }
  if (isNullData(script)) return { type: 'nulldata', solutions: [] };
  for (const size of [65, 33]) {
    if (script.length === size + 2 && script[0] === size && script[size + 1] === OP_CHECKSIG) {
      const key = script.slice(1, size + 1);
      if (isValidPubKeySize(key)) return { type: 'pubkey', solutions: [key] };
    }
  }
  if (isPayToPubKeyHash(script)) {
    return { type: 'pubkeyhash', solutions: [script.slice(3, 23)] };
  }
  const ms = matchMultisig(script);
  if (ms) {
    return { type: 'multisig', solutions: [Uint8Array.of(ms.m), ...ms.keys, Uint8Array.of(ms.keys.length)] };
  }
  return { type: 'nonstandard', solutions: [] };
}

function expectLength(bytes: Uint8Array, n: number, what: string): void {
  if (bytes.length !== n) throw new RangeError(`${what} must be ${n} bytes`);
}

/** `OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG` */
export function scriptForP2PKH(pubKeyHash: Uint8Array): Uint8Array {
  expectLength(pubKeyHash, 20, 'pubkey hash');
  return new ScriptBuilder().op(OP_DUP, OP_HASH160).push(pubKeyHash).op(OP_EQUALVERIFY, OP_CHECKSIG).build();
}

/** `OP_HASH160 <20> OP_EQUAL` (BIP16) */
export function scriptForP2SH(scriptHash: Uint8Array): Uint8Array {
  expectLength(scriptHash, 20, 'script hash');
  return new ScriptBuilder().op(OP_HASH160).push(scriptHash).op(OP_EQUAL).build();
}

/** `<version> <program>`: a BIP141 witness program output (version 0..16, program 2..40 bytes). */
export function scriptForWitnessProgram(version: number, program: Uint8Array): Uint8Array {
  if (program.length < 2 || program.length > 40) throw new RangeError('witness program must be 2..40 bytes');
  return new ScriptBuilder().op(encodeOpN(version)).push(program).build();
}

/** `OP_0 <20>` */
export function scriptForP2WPKH(pubKeyHash: Uint8Array): Uint8Array {
  expectLength(pubKeyHash, 20, 'pubkey hash');
  return scriptForWitnessProgram(0, pubKeyHash);
}

/** `OP_0 <32>` (the program is SHA256 of the witness script) */
export function scriptForP2WSH(scriptHash: Uint8Array): Uint8Array {
  expectLength(scriptHash, 32, 'witness script hash');
  return scriptForWitnessProgram(0, scriptHash);
}

/** `<pubkey> OP_CHECKSIG` */
export function scriptForP2PK(pubkey: Uint8Array): Uint8Array {
  if (!isValidPubKeySize(pubkey)) throw new RangeError('invalid public key length');
  return new ScriptBuilder().push(pubkey).op(OP_CHECKSIG).build();
}

/** `m <key>... n OP_CHECKMULTISIG` (Core's GetScriptForMultisig) */
export function scriptForMultisig(m: number, keys: readonly Uint8Array[]): Uint8Array {
  if (keys.length < 1 || keys.length > MAX_PUBKEYS_PER_MULTISIG || m < 1 || m > keys.length) {
    throw new RangeError('multisig needs 1 <= m <= n <= 20');
  }
  const b = new ScriptBuilder().pushInt(m);
  for (const k of keys) b.push(k);
  return b.pushInt(keys.length).op(OP_CHECKMULTISIG).build();
}

/** `OP_RETURN <push>...`: a provably unspendable, data-carrying output. */
export function scriptForNullData(...pushes: Uint8Array[]): Uint8Array {
  const b = new ScriptBuilder().op(OP_RETURN);
  for (const p of pushes) b.push(p);
  return b.build();
}
