import { hash160, ripemd160, sha1, sha256, sha256d } from '../crypto/hash.js';
import { equalBytes } from '../wire/bytes.js';
import type { Transaction, TxOut } from '../wire/tx.js';
import { pushData } from './build.js';
import {
  SEQUENCE_LOCKTIME_DISABLE_FLAG,
  type SignatureChecker,
  TransactionSignatureChecker,
} from './checker.js';
import type { ScriptErrorCode } from './errors.js';
import {
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  SCRIPT_VERIFY_CLEANSTACK,
  SCRIPT_VERIFY_CONST_SCRIPTCODE,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,
  SCRIPT_VERIFY_MINIMALDATA,
  SCRIPT_VERIFY_MINIMALIF,
  SCRIPT_VERIFY_NULLDUMMY,
  SCRIPT_VERIFY_NULLFAIL,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_SIGPUSHONLY,
  SCRIPT_VERIFY_WITNESS,
} from './flags.js';
import {
  MAX_OPS_PER_SCRIPT,
  MAX_PUBKEYS_PER_MULTISIG,
  MAX_SCRIPT_ELEMENT_SIZE,
  MAX_SCRIPT_SIZE,
  MAX_STACK_SIZE,
} from './limits.js';
import { castToBool, decodeScriptNum, encodeScriptNum, ScriptNumError, scriptNumToInt32 } from './num.js';
import * as op from './opcodes.js';
import { ScriptCursor } from './parse.js';
import { isPayToScriptHash, isPushOnly, witnessProgram } from './patterns.js';
import { checkPubKeyEncoding, checkSignatureEncoding } from './sig-encoding.js';
import type { PrecomputedTransactionData } from './sighash.js';
import { SIGVERSION_BASE, SIGVERSION_WITNESS_V0, type SigVersion } from './sigversion.js';

// Bitcoin Core's script interpreter (script/interpreter.cpp) for legacy, P2SH and segwit v0
// scripts. Failures are returned as ScriptErrorCode values ('OK' on success), never thrown; an
// exception out of here is a bug. Stack elements may be views into the scripts and witness they
// came from: nothing here writes into a stack element.

const FALSE: Uint8Array = new Uint8Array(0);
const TRUE: Uint8Array = Uint8Array.of(1);
/** OP_1NEGATE, OP_1..OP_16 → the element they push. */
const SMALL_INT_PUSH: Uint8Array[] = [];
for (let o = op.OP_1NEGATE; o <= op.OP_16; o++) SMALL_INT_PUSH[o] = encodeScriptNum(o - (op.OP_1 - 1));

// CVE-2010-5137: these fail wherever they appear, executed or not.
const DISABLED = new Uint8Array(256);
for (const o of [
  op.OP_CAT,
  op.OP_SUBSTR,
  op.OP_LEFT,
  op.OP_RIGHT,
  op.OP_INVERT,
  op.OP_AND,
  op.OP_OR,
  op.OP_XOR,
  op.OP_2MUL,
  op.OP_2DIV,
  op.OP_MUL,
  op.OP_DIV,
  op.OP_MOD,
  op.OP_LSHIFT,
  op.OP_RSHIFT,
]) {
  DISABLED[o] = 1;
}

/** Core's CheckMinimalPush: the push opcode is the shortest way to push `data`. */
export function checkMinimalPush(data: Uint8Array, opcode: number): boolean {
  const n = data.length;
  if (n === 0) return opcode === op.OP_0;
  if (n === 1 && data[0]! >= 1 && data[0]! <= 16) return opcode === op.OP_1 + (data[0]! - 1);
  if (n === 1 && data[0] === 0x81) return opcode === op.OP_1NEGATE;
  if (n <= 75) return opcode === n;
  if (n <= 255) return opcode === op.OP_PUSHDATA1;
  if (n <= 65535) return opcode === op.OP_PUSHDATA2;
  return true;
}

/**
 * Core's FindAndDelete: removes every occurrence of `needle` that starts at an operation boundary
 * of `script`. Returns the (possibly unchanged) script and the number of occurrences removed.
 */
export function findAndDelete(script: Uint8Array, needle: Uint8Array): { script: Uint8Array; found: number } {
  if (needle.length === 0) return { script, found: 0 };
  // Almost always absent: a byte search is far cheaper than the operation walk.
  if (Buffer.from(script.buffer, script.byteOffset, script.length).indexOf(needle) < 0)
    return { script, found: 0 };
  const end = script.length;
  const parts: Uint8Array[] = [];
  let found = 0;
  let pc = 0;
  let pc2 = 0;
  const c = new ScriptCursor(script);
  let ok: boolean;
  do {
    parts.push(script.subarray(pc2, pc));
    while (end - pc >= needle.length && equalBytes(script.subarray(pc, pc + needle.length), needle)) {
      pc += needle.length;
      found++;
    }
    pc2 = pc;
    c.pc = pc;
    ok = c.next();
    pc = c.pc;
  } while (ok);
  if (found === 0) return { script, found };
  parts.push(script.subarray(pc2, end));
  return { script: Buffer.concat(parts), found };
}

/**
 * Core's ConditionStack: only whether it is empty and whether it holds any false are
 * observable, so it is kept as a size and the position of the first false.
 */
class ConditionStack {
  size = 0;
  firstFalse = -1;
  push(v: boolean): void {
    if (this.firstFalse === -1 && !v) this.firstFalse = this.size;
    this.size++;
  }
  pop(): void {
    this.size--;
    if (this.firstFalse === this.size) this.firstFalse = -1;
  }
  toggleTop(): void {
    if (this.firstFalse === -1) this.firstFalse = this.size - 1;
    else if (this.firstFalse === this.size - 1) this.firstFalse = -1;
  }
}

/** CHECKSIG's work, shared by CHECKSIG and CHECKSIGVERIFY; 'OK' with the outcome in `result`. */
function evalChecksig(
  sig: Uint8Array,
  pubkey: Uint8Array,
  scriptCodeIn: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  sigversion: SigVersion,
  result: { ok: boolean },
): ScriptErrorCode {
  let scriptCode = scriptCodeIn;
  // Legacy scripts cannot commit to their own signature, so it is deleted from the scriptCode.
  if (sigversion === SIGVERSION_BASE) {
    const r = findAndDelete(scriptCode, pushData(sig));
    if (r.found > 0 && flags & SCRIPT_VERIFY_CONST_SCRIPTCODE) return 'SIG_FINDANDDELETE';
    scriptCode = r.script;
  }
  let err = checkSignatureEncoding(sig, flags);
  if (err !== 'OK') return err;
  err = checkPubKeyEncoding(pubkey, flags, sigversion);
  if (err !== 'OK') return err;
  result.ok = checker.checkEcdsaSignature(sig, pubkey, scriptCode, sigversion);
  if (!result.ok && flags & SCRIPT_VERIFY_NULLFAIL && sig.length > 0) return 'NULLFAIL';
  return 'OK';
}

function swap(stack: Uint8Array[], i: number, j: number): void {
  const t = stack[i]!;
  stack[i] = stack[j]!;
  stack[j] = t;
}

/**
 * Core's EvalScript: runs `script` on `stack` (modified in place). Returns 'OK' or the error.
 */
export function evalScript(
  stack: Uint8Array[],
  script: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  sigversion: SigVersion,
): ScriptErrorCode {
  if (script.length > MAX_SCRIPT_SIZE) return 'SCRIPT_SIZE';
  try {
    return run(stack, script, flags, checker, sigversion);
  } catch (e) {
    if (e instanceof ScriptNumError) return 'SCRIPTNUM';
    throw e;
  }
}

function run(
  stack: Uint8Array[],
  script: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  sigversion: SigVersion,
): ScriptErrorCode {
  const end = script.length;
  const c = new ScriptCursor(script);
  const altstack: Uint8Array[] = [];
  const exec = new ConditionStack();
  const requireMinimal = (flags & SCRIPT_VERIFY_MINIMALDATA) !== 0;
  const sigResult = { ok: false };
  let pbegincodehash = 0;
  let opCount = 0;

  while (c.pc < end) {
    const fExec = exec.firstFalse === -1;
    if (!c.next()) return 'BAD_OPCODE';
    const opcode = c.opcode;
    if (c.dataLength > MAX_SCRIPT_ELEMENT_SIZE) return 'PUSH_SIZE';
    // OP_RESERVED (0x50) is not counted: only opcodes above OP_16 are.
    if (opcode > op.OP_16 && ++opCount > MAX_OPS_PER_SCRIPT) return 'OP_COUNT';
    if (DISABLED[opcode]) return 'DISABLED_OPCODE';
    // Under CONST_SCRIPTCODE, OP_CODESEPARATOR fails legacy scripts even in an unexecuted branch.
    if (
      opcode === op.OP_CODESEPARATOR &&
      sigversion === SIGVERSION_BASE &&
      flags & SCRIPT_VERIFY_CONST_SCRIPTCODE
    ) {
      return 'OP_CODESEPARATOR';
    }

    if (fExec && opcode <= op.OP_PUSHDATA4) {
      const data = c.data();
      if (requireMinimal && !checkMinimalPush(data, opcode)) return 'MINIMALDATA';
      stack.push(data);
    } else if (fExec || (op.OP_IF <= opcode && opcode <= op.OP_ENDIF)) {
      const n = stack.length;
      switch (opcode) {
        case op.OP_1NEGATE:
        case op.OP_1:
        case op.OP_2:
        case op.OP_3:
        case op.OP_4:
        case op.OP_5:
        case op.OP_6:
        case op.OP_7:
        case op.OP_8:
        case op.OP_9:
        case op.OP_10:
        case op.OP_11:
        case op.OP_12:
        case op.OP_13:
        case op.OP_14:
        case op.OP_15:
        case op.OP_16:
          stack.push(SMALL_INT_PUSH[opcode]!);
          break;

        case op.OP_NOP:
          break;

        case op.OP_CHECKLOCKTIMEVERIFY: {
          if (!(flags & SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY)) break; // not enabled: NOP2
          if (n < 1) return 'INVALID_STACK_OPERATION';
          // Five bytes, not four: lock times reach 2^32 - 1.
          const lockTime = decodeScriptNum(stack[n - 1]!, requireMinimal, 5);
          if (lockTime < 0) return 'NEGATIVE_LOCKTIME';
          if (!checker.checkLockTime(lockTime)) return 'UNSATISFIED_LOCKTIME';
          break;
        }

        case op.OP_CHECKSEQUENCEVERIFY: {
          if (!(flags & SCRIPT_VERIFY_CHECKSEQUENCEVERIFY)) break; // not enabled: NOP3
          if (n < 1) return 'INVALID_STACK_OPERATION';
          const sequence = decodeScriptNum(stack[n - 1]!, requireMinimal, 5);
          if (sequence < 0) return 'NEGATIVE_LOCKTIME';
          // With the disable bit set in the operand, CSV is a NOP (room for future soft forks);
          // `&` reads the low 32 bits, where that bit is.
          if ((sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0) break;
          if (!checker.checkSequence(sequence)) return 'UNSATISFIED_LOCKTIME';
          break;
        }

        case op.OP_NOP1:
        case op.OP_NOP4:
        case op.OP_NOP5:
        case op.OP_NOP6:
        case op.OP_NOP7:
        case op.OP_NOP8:
        case op.OP_NOP9:
        case op.OP_NOP10:
          if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) return 'DISCOURAGE_UPGRADABLE_NOPS';
          break;

        case op.OP_IF:
        case op.OP_NOTIF: {
          let value = false;
          if (fExec) {
            if (n < 1) return 'INVALID_STACK_OPERATION';
            const top = stack[n - 1]!;
            // Segwit v0 policy: the argument must be exactly empty or exactly 0x01.
            if (sigversion === SIGVERSION_WITNESS_V0 && flags & SCRIPT_VERIFY_MINIMALIF) {
              if (top.length > 1 || (top.length === 1 && top[0] !== 1)) return 'MINIMALIF';
            }
            value = castToBool(top);
            if (opcode === op.OP_NOTIF) value = !value;
            stack.pop();
          }
          exec.push(value);
          break;
        }

        case op.OP_ELSE:
          if (exec.size === 0) return 'UNBALANCED_CONDITIONAL';
          exec.toggleTop();
          break;

        case op.OP_ENDIF:
          if (exec.size === 0) return 'UNBALANCED_CONDITIONAL';
          exec.pop();
          break;

        case op.OP_VERIFY:
          if (n < 1) return 'INVALID_STACK_OPERATION';
          if (!castToBool(stack[n - 1]!)) return 'VERIFY';
          stack.pop();
          break;

        case op.OP_RETURN:
          return 'OP_RETURN';

        case op.OP_TOALTSTACK:
          if (n < 1) return 'INVALID_STACK_OPERATION';
          altstack.push(stack.pop()!);
          break;

        case op.OP_FROMALTSTACK:
          if (altstack.length < 1) return 'INVALID_ALTSTACK_OPERATION';
          stack.push(altstack.pop()!);
          break;

        case op.OP_2DROP:
          if (n < 2) return 'INVALID_STACK_OPERATION';
          stack.length = n - 2;
          break;

        case op.OP_2DUP:
          if (n < 2) return 'INVALID_STACK_OPERATION';
          stack.push(stack[n - 2]!, stack[n - 1]!);
          break;

        case op.OP_3DUP:
          if (n < 3) return 'INVALID_STACK_OPERATION';
          stack.push(stack[n - 3]!, stack[n - 2]!, stack[n - 1]!);
          break;

        case op.OP_2OVER:
          if (n < 4) return 'INVALID_STACK_OPERATION';
          stack.push(stack[n - 4]!, stack[n - 3]!);
          break;

        case op.OP_2ROT: {
          if (n < 6) return 'INVALID_STACK_OPERATION';
          const [a, b] = stack.splice(n - 6, 2);
          stack.push(a!, b!);
          break;
        }

        case op.OP_2SWAP:
          if (n < 4) return 'INVALID_STACK_OPERATION';
          swap(stack, n - 4, n - 2);
          swap(stack, n - 3, n - 1);
          break;

        case op.OP_IFDUP:
          if (n < 1) return 'INVALID_STACK_OPERATION';
          if (castToBool(stack[n - 1]!)) stack.push(stack[n - 1]!);
          break;

        case op.OP_DEPTH:
          stack.push(encodeScriptNum(n));
          break;

        case op.OP_DROP:
          if (n < 1) return 'INVALID_STACK_OPERATION';
          stack.pop();
          break;

        case op.OP_DUP:
          if (n < 1) return 'INVALID_STACK_OPERATION';
          stack.push(stack[n - 1]!);
          break;

        case op.OP_NIP:
          if (n < 2) return 'INVALID_STACK_OPERATION';
          stack.splice(n - 2, 1);
          break;

        case op.OP_OVER:
          if (n < 2) return 'INVALID_STACK_OPERATION';
          stack.push(stack[n - 2]!);
          break;

        case op.OP_PICK:
        case op.OP_ROLL: {
          if (n < 2) return 'INVALID_STACK_OPERATION';
          const k = scriptNumToInt32(decodeScriptNum(stack[n - 1]!, requireMinimal));
          stack.pop();
          const m = n - 1;
          if (k < 0 || k >= m) return 'INVALID_STACK_OPERATION';
          const v = stack[m - k - 1]!;
          if (opcode === op.OP_ROLL) stack.splice(m - k - 1, 1);
          stack.push(v);
          break;
        }

        case op.OP_ROT:
          if (n < 3) return 'INVALID_STACK_OPERATION';
          swap(stack, n - 3, n - 2);
          swap(stack, n - 2, n - 1);
          break;

        case op.OP_SWAP:
          if (n < 2) return 'INVALID_STACK_OPERATION';
          swap(stack, n - 2, n - 1);
          break;

        case op.OP_TUCK:
          if (n < 2) return 'INVALID_STACK_OPERATION';
          stack.splice(n - 2, 0, stack[n - 1]!);
          break;

        case op.OP_SIZE:
          if (n < 1) return 'INVALID_STACK_OPERATION';
          stack.push(encodeScriptNum(stack[n - 1]!.length));
          break;

        case op.OP_EQUAL:
        case op.OP_EQUALVERIFY: {
          if (n < 2) return 'INVALID_STACK_OPERATION';
          const equal = equalBytes(stack[n - 2]!, stack[n - 1]!);
          stack.length = n - 2;
          if (opcode === op.OP_EQUALVERIFY) {
            if (!equal) return 'EQUALVERIFY';
          } else {
            stack.push(equal ? TRUE : FALSE);
          }
          break;
        }

        case op.OP_1ADD:
        case op.OP_1SUB:
        case op.OP_NEGATE:
        case op.OP_ABS:
        case op.OP_NOT:
        case op.OP_0NOTEQUAL: {
          if (n < 1) return 'INVALID_STACK_OPERATION';
          let bn = decodeScriptNum(stack[n - 1]!, requireMinimal);
          if (opcode === op.OP_1ADD) bn += 1;
          else if (opcode === op.OP_1SUB) bn -= 1;
          else if (opcode === op.OP_NEGATE) bn = -bn;
          else if (opcode === op.OP_ABS) bn = Math.abs(bn);
          else if (opcode === op.OP_NOT) bn = bn === 0 ? 1 : 0;
          else bn = bn !== 0 ? 1 : 0;
          stack[n - 1] = encodeScriptNum(bn);
          break;
        }

        case op.OP_ADD:
        case op.OP_SUB:
        case op.OP_BOOLAND:
        case op.OP_BOOLOR:
        case op.OP_NUMEQUAL:
        case op.OP_NUMEQUALVERIFY:
        case op.OP_NUMNOTEQUAL:
        case op.OP_LESSTHAN:
        case op.OP_GREATERTHAN:
        case op.OP_LESSTHANOREQUAL:
        case op.OP_GREATERTHANOREQUAL:
        case op.OP_MIN:
        case op.OP_MAX: {
          if (n < 2) return 'INVALID_STACK_OPERATION';
          const a = decodeScriptNum(stack[n - 2]!, requireMinimal);
          const b = decodeScriptNum(stack[n - 1]!, requireMinimal);
          let r: number;
          switch (opcode) {
            case op.OP_ADD:
              r = a + b;
              break;
            case op.OP_SUB:
              r = a - b;
              break;
            case op.OP_BOOLAND:
              r = a !== 0 && b !== 0 ? 1 : 0;
              break;
            case op.OP_BOOLOR:
              r = a !== 0 || b !== 0 ? 1 : 0;
              break;
            case op.OP_NUMEQUAL:
            case op.OP_NUMEQUALVERIFY:
              r = a === b ? 1 : 0;
              break;
            case op.OP_NUMNOTEQUAL:
              r = a !== b ? 1 : 0;
              break;
            case op.OP_LESSTHAN:
              r = a < b ? 1 : 0;
              break;
            case op.OP_GREATERTHAN:
              r = a > b ? 1 : 0;
              break;
            case op.OP_LESSTHANOREQUAL:
              r = a <= b ? 1 : 0;
              break;
            case op.OP_GREATERTHANOREQUAL:
              r = a >= b ? 1 : 0;
              break;
            case op.OP_MIN:
              r = Math.min(a, b);
              break;
            default:
              r = Math.max(a, b);
              break;
          }
          stack.length = n - 2;
          if (opcode === op.OP_NUMEQUALVERIFY) {
            if (r === 0) return 'NUMEQUALVERIFY';
          } else {
            stack.push(encodeScriptNum(r));
          }
          break;
        }

        case op.OP_WITHIN: {
          if (n < 3) return 'INVALID_STACK_OPERATION';
          const x = decodeScriptNum(stack[n - 3]!, requireMinimal);
          const min = decodeScriptNum(stack[n - 2]!, requireMinimal);
          const max = decodeScriptNum(stack[n - 1]!, requireMinimal);
          stack.length = n - 3;
          stack.push(min <= x && x < max ? TRUE : FALSE);
          break;
        }

        case op.OP_RIPEMD160:
        case op.OP_SHA1:
        case op.OP_SHA256:
        case op.OP_HASH160:
        case op.OP_HASH256: {
          if (n < 1) return 'INVALID_STACK_OPERATION';
          const v = stack[n - 1]!;
          stack[n - 1] =
            opcode === op.OP_RIPEMD160
              ? ripemd160(v)
              : opcode === op.OP_SHA1
                ? sha1(v)
                : opcode === op.OP_SHA256
                  ? sha256(v)
                  : opcode === op.OP_HASH160
                    ? hash160(v)
                    : sha256d(v);
          break;
        }

        case op.OP_CODESEPARATOR:
          // Signatures commit to the script from just after the last executed separator.
          pbegincodehash = c.pc;
          break;

        case op.OP_CHECKSIG:
        case op.OP_CHECKSIGVERIFY: {
          if (n < 2) return 'INVALID_STACK_OPERATION';
          sigResult.ok = false;
          const err = evalChecksig(
            stack[n - 2]!,
            stack[n - 1]!,
            script.subarray(pbegincodehash),
            flags,
            checker,
            sigversion,
            sigResult,
          );
          if (err !== 'OK') return err;
          stack.length = n - 2;
          if (opcode === op.OP_CHECKSIGVERIFY) {
            if (!sigResult.ok) return 'CHECKSIGVERIFY';
          } else {
            stack.push(sigResult.ok ? TRUE : FALSE);
          }
          break;
        }

        case op.OP_CHECKMULTISIG:
        case op.OP_CHECKMULTISIGVERIFY: {
          const err = checkMultisig(
            stack,
            script.subarray(pbegincodehash),
            flags,
            checker,
            sigversion,
            requireMinimal,
            opCount,
          );
          if (typeof err === 'number') opCount = err;
          else return err;
          if (opcode === op.OP_CHECKMULTISIGVERIFY) {
            if (!castToBool(stack[stack.length - 1]!)) return 'CHECKMULTISIGVERIFY';
            stack.pop();
          }
          break;
        }

        default:
          return 'BAD_OPCODE';
      }
    }

    if (stack.length + altstack.length > MAX_STACK_SIZE) return 'STACK_SIZE';
  }

  if (exec.size !== 0) return 'UNBALANCED_CONDITIONAL';
  return 'OK';
}

/**
 * CHECKMULTISIG: `[dummy] sig... nSigs key... nKeys` → bool. Returns the updated operation count
 * on success (the result is pushed), or the error.
 */
function checkMultisig(
  stack: Uint8Array[],
  scriptCodeIn: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  sigversion: SigVersion,
  requireMinimal: boolean,
  opCountIn: number,
): ScriptErrorCode | number {
  const top = (k: number): Uint8Array => stack[stack.length - k]!;
  let i = 1;
  if (stack.length < i) return 'INVALID_STACK_OPERATION';
  let nKeys = scriptNumToInt32(decodeScriptNum(top(i), requireMinimal));
  if (nKeys < 0 || nKeys > MAX_PUBKEYS_PER_MULTISIG) return 'PUBKEY_COUNT';
  const opCount = opCountIn + nKeys;
  if (opCount > MAX_OPS_PER_SCRIPT) return 'OP_COUNT';
  let ikey = ++i;
  // Position of the last non-signature item (top = 1), for NULLFAIL's cleanup check.
  let ikey2 = nKeys + 2;
  i += nKeys;
  if (stack.length < i) return 'INVALID_STACK_OPERATION';
  let nSigs = scriptNumToInt32(decodeScriptNum(top(i), requireMinimal));
  if (nSigs < 0 || nSigs > nKeys) return 'SIG_COUNT';
  let isig = ++i;
  i += nSigs;
  if (stack.length < i) return 'INVALID_STACK_OPERATION';

  let scriptCode = scriptCodeIn;
  if (sigversion === SIGVERSION_BASE) {
    for (let k = 0; k < nSigs; k++) {
      const r = findAndDelete(scriptCode, pushData(top(isig + k)));
      if (r.found > 0 && flags & SCRIPT_VERIFY_CONST_SCRIPTCODE) return 'SIG_FINDANDDELETE';
      scriptCode = r.script;
    }
  }

  let success = true;
  while (success && nSigs > 0) {
    const sig = top(isig);
    const pubkey = top(ikey);
    // Encoding is checked pair by pair, so which keys get looked at is observable under STRICTENC.
    let err = checkSignatureEncoding(sig, flags);
    if (err !== 'OK') return err;
    err = checkPubKeyEncoding(pubkey, flags, sigversion);
    if (err !== 'OK') return err;
    if (checker.checkEcdsaSignature(sig, pubkey, scriptCode, sigversion)) {
      isig++;
      nSigs--;
    }
    ikey++;
    nKeys--;
    // More signatures left than keys: the rest cannot all match.
    if (nSigs > nKeys) success = false;
  }

  while (i-- > 1) {
    if (!success && flags & SCRIPT_VERIFY_NULLFAIL && !ikey2 && top(1).length) return 'NULLFAIL';
    if (ikey2 > 0) ikey2--;
    stack.pop();
  }
  // The historical off-by-one: one more item is consumed, unchecked unless NULLDUMMY (BIP147).
  if (stack.length < 1) return 'INVALID_STACK_OPERATION';
  if (flags & SCRIPT_VERIFY_NULLDUMMY && top(1).length) return 'SIG_NULLDUMMY';
  stack.pop();
  stack.push(success ? TRUE : FALSE);
  return opCount;
}

function executeWitnessScript(
  witnessStack: readonly Uint8Array[],
  script: Uint8Array,
  flags: number,
  checker: SignatureChecker,
): ScriptErrorCode {
  const stack = witnessStack.slice();
  for (const e of stack) if (e.length > MAX_SCRIPT_ELEMENT_SIZE) return 'PUSH_SIZE';
  const err = evalScript(stack, script, flags, checker, SIGVERSION_WITNESS_V0);
  if (err !== 'OK') return err;
  // Witness scripts must leave exactly one true element (cleanstack is consensus here).
  if (stack.length !== 1) return 'CLEANSTACK';
  if (!castToBool(stack[0]!)) return 'EVAL_FALSE';
  return 'OK';
}

function verifyWitnessProgram(
  witness: readonly Uint8Array[],
  version: number,
  program: Uint8Array,
  flags: number,
  checker: SignatureChecker,
): ScriptErrorCode {
  if (version === 0) {
    if (program.length === 32) {
      // P2WSH: the last witness item is the script, whose SHA256 is the program.
      if (witness.length === 0) return 'WITNESS_PROGRAM_WITNESS_EMPTY';
      const script = witness[witness.length - 1]!;
      if (!equalBytes(sha256(script), program)) return 'WITNESS_PROGRAM_MISMATCH';
      return executeWitnessScript(witness.slice(0, -1), script, flags, checker);
    }
    if (program.length === 20) {
      // P2WPKH: exactly <sig> <pubkey>, run against the implied P2PKH script.
      if (witness.length !== 2) return 'WITNESS_PROGRAM_MISMATCH';
      const script = new Uint8Array(25);
      script.set([op.OP_DUP, op.OP_HASH160, 20]);
      script.set(program, 3);
      script[23] = op.OP_EQUALVERIFY;
      script[24] = op.OP_CHECKSIG;
      return executeWitnessScript(witness, script, flags, checker);
    }
    return 'WITNESS_PROGRAM_WRONG_LENGTH';
  }
  // Versions 1..16, Taproot's included (FUN AI has no Taproot): left for future soft forks.
  if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM)
    return 'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM';
  return 'OK';
}

/**
 * Core's VerifyScript: does `scriptSig` (with `witness`) satisfy `scriptPubKey` under `flags`?
 * Returns 'OK' or the first error. Throws TypeError for flag combinations Core asserts against
 * (WITNESS without P2SH, CLEANSTACK without both).
 */
export function verifyScript(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: readonly Uint8Array[],
  flags: number,
  checker: SignatureChecker,
): ScriptErrorCode {
  if (flags & SCRIPT_VERIFY_WITNESS && !(flags & SCRIPT_VERIFY_P2SH)) {
    throw new TypeError('SCRIPT_VERIFY_WITNESS requires SCRIPT_VERIFY_P2SH');
  }
  if (
    flags & SCRIPT_VERIFY_CLEANSTACK &&
    (flags & (SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS)) !== (SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS)
  ) {
    throw new TypeError('SCRIPT_VERIFY_CLEANSTACK requires SCRIPT_VERIFY_P2SH and SCRIPT_VERIFY_WITNESS');
  }
  if (flags & SCRIPT_VERIFY_SIGPUSHONLY && !isPushOnly(scriptSig)) return 'SIG_PUSHONLY';

  // scriptSig and scriptPubKey run one after the other on one stack, never concatenated
  // (CVE-2010-5141).
  let stack: Uint8Array[] = [];
  let err = evalScript(stack, scriptSig, flags, checker, SIGVERSION_BASE);
  if (err !== 'OK') return err;
  const stackCopy = flags & SCRIPT_VERIFY_P2SH ? stack.slice() : null;
  err = evalScript(stack, scriptPubKey, flags, checker, SIGVERSION_BASE);
  if (err !== 'OK') return err;
  if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return 'EVAL_FALSE';

  let hadWitness = false;
  if (flags & SCRIPT_VERIFY_WITNESS) {
    const wp = witnessProgram(scriptPubKey);
    if (wp) {
      hadWitness = true;
      // Anything in the scriptSig would be malleable.
      if (scriptSig.length !== 0) return 'WITNESS_MALLEATED';
      err = verifyWitnessProgram(witness, wp.version, wp.program, flags, checker);
      if (err !== 'OK') return err;
      // The stack is not clean for witness programs; the CLEANSTACK check below must pass.
      stack.length = 1;
    }
  }

  if (flags & SCRIPT_VERIFY_P2SH && isPayToScriptHash(scriptPubKey)) {
    if (!isPushOnly(scriptSig)) return 'SIG_PUSHONLY';
    stack = stackCopy!;
    // Not empty: the scriptPubKey consumed an element from it and succeeded.
    const redeemScript = stack.pop()!;
    err = evalScript(stack, redeemScript, flags, checker, SIGVERSION_BASE);
    if (err !== 'OK') return err;
    if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return 'EVAL_FALSE';

    if (flags & SCRIPT_VERIFY_WITNESS) {
      const wp = witnessProgram(redeemScript);
      if (wp) {
        hadWitness = true;
        // The scriptSig must be exactly one push of the redeem script.
        if (!equalBytes(scriptSig, pushData(redeemScript))) return 'WITNESS_MALLEATED_P2SH';
        err = verifyWitnessProgram(witness, wp.version, wp.program, flags, checker);
        if (err !== 'OK') return err;
        stack.length = 1;
      }
    }
  }

  if (flags & SCRIPT_VERIFY_CLEANSTACK && stack.length !== 1) return 'CLEANSTACK';
  if (flags & SCRIPT_VERIFY_WITNESS && !hadWitness && witness.length > 0) return 'WITNESS_UNEXPECTED';
  return 'OK';
}

/**
 * Verifies input `nIn` of `tx` against the output it spends: the per-input step of block and
 * mempool validation. Pass one PrecomputedTransactionData for all inputs of a transaction.
 */
export function verifyInput(
  tx: Transaction,
  nIn: number,
  spent: TxOut,
  flags: number,
  txdata?: PrecomputedTransactionData,
): ScriptErrorCode {
  const input = tx.inputs[nIn];
  if (!input) throw new RangeError('input index out of range');
  const checker = new TransactionSignatureChecker(tx, nIn, spent.value, txdata);
  return verifyScript(input.scriptSig, spent.scriptPubKey, input.witness, flags, checker);
}
