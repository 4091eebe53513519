import { toHex } from '../wire/bytes.js';
import { ScriptBuilder } from './build.js';
import { SCRIPT_VERIFY_STRICTENC } from './flags.js';
import { decodeScriptNum, scriptNumToInt32 } from './num.js';
import { MAX_OPCODE, OP_NOP, OP_PUSHDATA4, OP_RESERVED, opcodeName } from './opcodes.js';
import { ScriptCursor, ScriptParseError } from './parse.js';
import { isUnspendable } from './patterns.js';
import { checkSignatureEncoding } from './sig-encoding.js';
import { SIGHASH_TYPE_NAMES } from './sighash-types.js';

/**
 * Bitcoin Core's ScriptToAsmStr. Pushes of up to 4 bytes print as numbers, longer ones as hex,
 * other opcodes by name; a truncated push ends the string with "[error]". With
 * `attemptSighashDecode` (decoderawtransaction's scriptSig form), a push that is a STRICTENC-valid
 * signature with a defined hash type prints as `<hex without the type byte>[ALL]` etc.
 */
export function scriptToAsm(script: Uint8Array, attemptSighashDecode = false): string {
  const words: string[] = [];
  const c = new ScriptCursor(script);
  const decodeSighash = attemptSighashDecode && !isUnspendable(script);
  while (!c.done) {
    if (!c.next()) {
      words.push('[error]');
      break;
    }
    if (c.opcode <= OP_PUSHDATA4) {
      const data = c.data();
      if (data.length <= 4) {
        words.push(String(scriptNumToInt32(decodeScriptNum(data, false))));
      } else if (decodeSighash && checkSignatureEncoding(data, SCRIPT_VERIFY_STRICTENC) === 'OK') {
        const name = SIGHASH_TYPE_NAMES.get(data[data.length - 1]!);
        words.push(name ? `${toHex(data.subarray(0, -1))}[${name}]` : toHex(data));
      } else {
        words.push(toHex(data));
      }
    } else {
      words.push(opcodeName(c.opcode));
    }
  }
  return words.join(' ');
}

let opcodesByName: Map<string, number> | undefined;

function opcodeByName(word: string): number | undefined {
  if (!opcodesByName) {
    opcodesByName = new Map();
    for (let o = 0; o <= MAX_OPCODE; o++) {
      if (o < OP_NOP && o !== OP_RESERVED) continue;
      const name = opcodeName(o);
      if (name === 'OP_UNKNOWN') continue;
      opcodesByName.set(name, o);
      if (name.startsWith('OP_')) opcodesByName.set(name.slice(3), o);
    }
  }
  return opcodesByName.get(word);
}

const DECIMAL = /^-?\d+$/;
const HEX_WORD = /^0x((?:[0-9a-fA-F]{2})+)$/;

/**
 * Bitcoin Core's ParseScript (the script language of its test vectors and of bitcoin-tx): words
 * split on space, tab and newline are decimal numbers (pushed as script numbers, within
 * ±0xffffffff), `0x…` raw bytes (inserted as they are, not pushed), `'text'` (pushed), or
 * opcode names with or without `OP_` (OP_NOP and up, plus OP_RESERVED). Throws
 * ScriptParseError('script-asm').
 */
export function parseScriptAsm(source: string): Uint8Array {
  const b = new ScriptBuilder();
  for (const w of source.split(/[ \t\n]/)) {
    if (w === '') continue;
    if (DECIMAL.test(w) && w !== '-') {
      const n = BigInt(w);
      if (n > 0xffffffffn || n < -0xffffffffn) {
        throw new ScriptParseError(
          'script-asm',
          'decimal numeric value only allowed in the range -0xFFFFFFFF...0xFFFFFFFF',
          0,
        );
      }
      b.pushInt(Number(n));
      continue;
    }
    const hex = HEX_WORD.exec(w);
    if (hex) {
      b.raw(Uint8Array.from(Buffer.from(hex[1]!, 'hex')));
      continue;
    }
    if (w.length >= 2 && w.startsWith("'") && w.endsWith("'")) {
      b.push(Uint8Array.from(Buffer.from(w.slice(1, -1), 'utf8')));
      continue;
    }
    const o = opcodeByName(w);
    if (o === undefined) throw new ScriptParseError('script-asm', `unknown opcode '${w}'`, 0);
    b.op(o);
  }
  return b.build();
}
