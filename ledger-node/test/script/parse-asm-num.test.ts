import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScriptAsm, scriptToAsm } from '../../src/script/asm.js';
import { ScriptBuilder } from '../../src/script/build.js';
import {
  CONSENSUS_SCRIPT_VERIFY_FLAGS,
  formatScriptFlags,
  parseScriptFlags,
  SCRIPT_VERIFY_NULLFAIL,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_TAPROOT,
  SCRIPT_VERIFY_WITNESS,
  STANDARD_SCRIPT_VERIFY_FLAGS,
} from '../../src/script/flags.js';
import {
  castToBool,
  decodeScriptNum,
  encodeScriptNum,
  isMinimalScriptNum,
  ScriptNumError,
} from '../../src/script/num.js';
import { OP_CHECKLOCKTIMEVERIFY, OP_NOP2, opcodeName } from '../../src/script/opcodes.js';
import { decodeScript, ScriptCursor, ScriptParseError } from '../../src/script/parse.js';
import { fromHex, toHex } from '../../src/wire/bytes.js';
import { DecodeError } from '../../src/wire/errors.js';

describe('ScriptCursor (GetScriptOp)', () => {
  it('reads pushes of every form', () => {
    const ops = decodeScript(fromHex('00014c4c01ab4d0200cdef4e01000000ef76'));
    expect(ops.map((o) => [o.opcode, o.data && toHex(o.data), o.offset])).toEqual([
      [0x00, '', 0],
      [0x01, '4c', 1],
      [0x4c, 'ab', 3],
      [0x4d, 'cdef', 6],
      [0x4e, 'ef', 11],
      [0x76, undefined, 17],
    ]);
  });

  it("stops at a truncated push where Core's iterator stops", () => {
    const cases: [string, number][] = [
      ['4c', 1],
      ['4d01', 1],
      ['4e010000', 1],
      ['4c05aa', 2],
      ['4d0500aa', 3],
      ['4e05000000aa', 5],
      ['02aa', 1],
    ];
    for (const [hex, pc] of cases) {
      const c = new ScriptCursor(fromHex(hex));
      expect(c.next(), hex).toBe(false);
      expect(c.pc, hex).toBe(pc);
      expect(() => decodeScript(fromHex(hex))).toThrow(ScriptParseError);
    }
    try {
      decodeScript(fromHex('514c'));
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as ScriptParseError).reason).toBe('script-truncated-push');
      expect((e as ScriptParseError).offset).toBe(1);
    }
  });
});

describe('scriptToAsm (ScriptToAsmStr)', () => {
  const derSig =
    '304502207fa7a6d1e0ee81132a269ad84e68d695483745cde8b541e3bf630749894e342a022100c1f7ab20e13e22fb95281a870f3dcf38d782e53023ee313d741ad0cfbc0c5090';
  const pubKey = '03b0da749730dc9b4b1f4a14d6902877a92541f5368778853d9c4a0cb7802dcfb2';
  const sigScript = (t: string): Uint8Array =>
    new ScriptBuilder()
      .push(fromHex(derSig + t))
      .push(fromHex(pubKey))
      .build();

  it("matches Core's script_GetScriptAsm", () => {
    expect(scriptToAsm(Uint8Array.of(OP_NOP2), true)).toBe('OP_CHECKLOCKTIMEVERIFY');
    expect(scriptToAsm(Uint8Array.of(OP_CHECKLOCKTIMEVERIFY))).toBe('OP_CHECKLOCKTIMEVERIFY');
    const decoded: Record<string, string> = {
      '00': '00',
      '80': '80',
      '01': '[ALL]',
      '02': '[NONE]',
      '03': '[SINGLE]',
      '81': '[ALL|ANYONECANPAY]',
      '82': '[NONE|ANYONECANPAY]',
      '83': '[SINGLE|ANYONECANPAY]',
    };
    for (const [t, shown] of Object.entries(decoded)) {
      expect(scriptToAsm(sigScript(t), true)).toBe(`${derSig}${shown} ${pubKey}`);
      expect(scriptToAsm(sigScript(t))).toBe(`${derSig}${t} ${pubKey}`);
    }
  });

  it('prints small pushes as numbers, names opcodes and marks truncation', () => {
    expect(scriptToAsm(fromHex('76a914000102030405060708090a0b0c0d0e0f1011121388ac'))).toBe(
      'OP_DUP OP_HASH160 000102030405060708090a0b0c0d0e0f10111213 OP_EQUALVERIFY OP_CHECKSIG',
    );
    expect(scriptToAsm(fromHex('004f5160010502ff000181040000008004ffffffff'))).toBe(
      '0 -1 1 16 5 255 -1 0 -2147483647',
    );
    expect(scriptToAsm(fromHex('ba bb ff'.replaceAll(' ', '')))).toBe(
      'OP_CHECKSIGADD OP_UNKNOWN OP_INVALIDOPCODE',
    );
    expect(scriptToAsm(fromHex('514c'))).toBe('1 [error]');
    // OP_RETURN outputs are never decoded as signatures.
    const opReturn = new ScriptBuilder()
      .op(0x6a)
      .push(fromHex(`${derSig}01`))
      .build();
    expect(scriptToAsm(opReturn, true)).toBe(`OP_RETURN ${derSig}01`);
  });
});

describe('parseScriptAsm (ParseScript)', () => {
  it("parses Core's test-vector language", () => {
    expect(
      toHex(
        parseScriptAsm('DUP OP_HASH160 0x14 0x0102030405060708090a0b0c0d0e0f1011121314 EQUALVERIFY CHECKSIG'),
      ),
    ).toBe('76a914010203040506070809' + '0a0b0c0d0e0f101112131488ac');
    expect(toHex(parseScriptAsm('0 -1 1 16 17 -17 255 4294967295 -4294967295'))).toBe(
      '004f516001110191' + '02ff00' + '05ffffffff00' + '05ffffffff80',
    );
    expect(toHex(parseScriptAsm("'abc' ''"))).toBe('0361626300');
    // Names are GetOpName's: NOP2 and NOP3 print (and parse) as their BIP65/BIP112 names.
    expect(toHex(parseScriptAsm('CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY NOP1 NOP10 RESERVED'))).toBe(
      'b1b2b0b950',
    );
    expect(toHex(parseScriptAsm('  1\t\n2  '))).toBe('5152');
  });
  it('rejects what Core rejects', () => {
    for (const bad of [
      '4294967296',
      '-4294967296',
      'OP_0',
      'FALSE',
      'NOP2',
      'CHECKSIGADD',
      'OP_UNKNOWN',
      '0x',
      '0xabc',
      'x',
    ]) {
      expect(() => parseScriptAsm(bad), bad).toThrow(ScriptParseError);
    }
  });
});

describe('script numbers (CScriptNum)', () => {
  it('encodes minimally and decodes back, up to 5 bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 39 - 1), max: 2 ** 39 - 1 }), (n) => {
        const e = encodeScriptNum(n);
        expect(e.length).toBeLessThanOrEqual(5);
        expect(isMinimalScriptNum(e)).toBe(true);
        expect(decodeScriptNum(e, true, 5)).toBe(n);
        expect(castToBool(e)).toBe(n !== 0);
      }),
    );
  });
  it('knows the boundary encodings', () => {
    const cases: [number, string][] = [
      [0, ''],
      [1, '01'],
      [-1, '81'],
      [127, '7f'],
      [128, '8000'],
      [-128, '8080'],
      [255, 'ff00'],
      [-255, 'ff80'],
      [2 ** 31 - 1, 'ffffff7f'],
      [-(2 ** 31 - 1), 'ffffffff'],
      [2 ** 31, '0000008000'],
    ];
    for (const [n, hex] of cases) expect(toHex(encodeScriptNum(n)), String(n)).toBe(hex);
  });
  it('rejects non-minimal encodings only when asked, and long operands always', () => {
    for (const hex of ['00', '80', '0100', '7f00', '0080', 'ff0000']) {
      expect(isMinimalScriptNum(fromHex(hex)), hex).toBe(false);
      expect(() => decodeScriptNum(fromHex(hex), true)).toThrow(ScriptNumError);
      expect(() => decodeScriptNum(fromHex(hex), false)).not.toThrow();
    }
    expect(decodeScriptNum(fromHex('0080'), false)).toBe(0);
    expect(decodeScriptNum(fromHex('0181'), false)).toBe(-257);
    expect(() => decodeScriptNum(fromHex('0000000000'), false)).toThrow(ScriptNumError);
    expect(decodeScriptNum(fromHex('0000000000'), false, 5)).toBe(0);
  });
  it('treats negative zero as false', () => {
    expect(castToBool(fromHex('80'))).toBe(false);
    expect(castToBool(fromHex('000080'))).toBe(false);
    expect(castToBool(fromHex('008000'))).toBe(true);
  });
  it('names opcodes as GetOpName', () => {
    expect(opcodeName(0x00)).toBe('0');
    expect(opcodeName(0x4f)).toBe('-1');
    expect(opcodeName(0x60)).toBe('16');
    expect(opcodeName(0xb2)).toBe('OP_CHECKSEQUENCEVERIFY');
    expect(opcodeName(0x05)).toBe('OP_UNKNOWN');
  });
});

describe('script flags', () => {
  it("parses and formats Core's names, and keeps consensus within policy", () => {
    const f = parseScriptFlags('P2SH,WITNESS,NULLFAIL');
    expect(f).toBe(SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_NULLFAIL);
    expect(formatScriptFlags(f)).toBe('P2SH,WITNESS,NULLFAIL');
    expect(parseScriptFlags('')).toBe(0);
    expect(parseScriptFlags('NONE')).toBe(0);
    expect(() => parseScriptFlags('P2SH,BOGUS')).toThrow(TypeError);
    expect(STANDARD_SCRIPT_VERIFY_FLAGS & CONSENSUS_SCRIPT_VERIFY_FLAGS).toBe(CONSENSUS_SCRIPT_VERIFY_FLAGS);
    expect(formatScriptFlags(CONSENSUS_SCRIPT_VERIFY_FLAGS)).toBe(
      'P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS',
    );
    expect(STANDARD_SCRIPT_VERIFY_FLAGS & SCRIPT_VERIFY_TAPROOT).toBe(0);
  });
});
