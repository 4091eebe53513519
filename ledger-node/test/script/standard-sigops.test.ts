import { describe, expect, it } from 'vitest';
import { hash160, sha256 } from '../../src/crypto/hash.js';
import { publicKeyFromPrivate } from '../../src/crypto/secp256k1.js';
import { parseScriptAsm } from '../../src/script/asm.js';
import { pushData } from '../../src/script/build.js';
import { SCRIPT_VERIFY_P2SH, SCRIPT_VERIFY_WITNESS } from '../../src/script/flags.js';
import {
  countWitnessSigOps,
  getLegacySigOpCount,
  getP2SHSigOpCount,
  getScriptSigOpCountWithScriptSig,
  getSigOpCount,
  getTransactionSigOpCost,
} from '../../src/script/sigops.js';
import {
  scriptForMultisig,
  scriptForNullData,
  scriptForP2PK,
  scriptForP2PKH,
  scriptForP2SH,
  scriptForP2WPKH,
  scriptForP2WSH,
  scriptForWitnessProgram,
  solver,
} from '../../src/script/standard.js';
import { fromHex, toHex } from '../../src/wire/bytes.js';
import type { Transaction, TxOut } from '../../src/wire/tx.js';

const pub = publicKeyFromPrivate(sha256(Uint8Array.of(1)));
const pubU = publicKeyFromPrivate(sha256(Uint8Array.of(2)), false);
const h20 = hash160(pub);
const h32 = sha256(pub);

describe('solver (Core Solver / TxoutType)', () => {
  it('classifies every standard form and returns its solutions', () => {
    const cases: [Uint8Array, string, string[]][] = [
      [scriptForP2PKH(h20), 'pubkeyhash', [toHex(h20)]],
      [scriptForP2SH(h20), 'scripthash', [toHex(h20)]],
      [scriptForP2WPKH(h20), 'witness_v0_keyhash', [toHex(h20)]],
      [scriptForP2WSH(h32), 'witness_v0_scripthash', [toHex(h32)]],
      [scriptForWitnessProgram(1, h32), 'witness_v1_taproot', [toHex(h32)]],
      [scriptForWitnessProgram(2, h20), 'witness_unknown', ['02', toHex(h20)]],
      [scriptForWitnessProgram(1, h20), 'witness_unknown', ['01', toHex(h20)]],
      [scriptForP2PK(pub), 'pubkey', [toHex(pub)]],
      [scriptForP2PK(pubU), 'pubkey', [toHex(pubU)]],
      [scriptForMultisig(1, [pub, pubU]), 'multisig', ['01', toHex(pub), toHex(pubU), '02']],
      [scriptForNullData(fromHex('deadbeef')), 'nulldata', []],
      [Uint8Array.of(0x6a), 'nulldata', []],
    ];
    for (const [script, type, solutions] of cases) {
      const s = solver(script);
      expect(s.type, toHex(script)).toBe(type);
      expect(s.solutions.map(toHex)).toEqual(solutions);
    }
  });

  it('leaves near misses nonstandard', () => {
    const cases = [
      scriptForWitnessProgram(0, new Uint8Array(25)), // v0 with a length that is neither 20 nor 32
      parseScriptAsm('RETURN DUP'),
      Uint8Array.of(...scriptForMultisig(1, [pub]), 0x61), // trailing NOP
      parseScriptAsm(`2 0x21 0x${toHex(pub)} 1 CHECKMULTISIG`), // m > n
      parseScriptAsm(`0x01 0x01 0x21 0x${toHex(pub)} 1 CHECKMULTISIG`), // non-minimal m
      Uint8Array.of(33, ...new Uint8Array(33), 0xac), // P2PK with a 00-prefixed "key"
      new Uint8Array(0),
    ];
    for (const script of cases) expect(solver(script).type, toHex(script)).toBe('nonstandard');
  });

  it('builds exactly the canonical bytes', () => {
    expect(toHex(scriptForP2PKH(h20))).toBe(`76a914${toHex(h20)}88ac`);
    expect(toHex(scriptForP2SH(h20))).toBe(`a914${toHex(h20)}87`);
    expect(toHex(scriptForP2WPKH(h20))).toBe(`0014${toHex(h20)}`);
    expect(toHex(scriptForP2WSH(h32))).toBe(`0020${toHex(h32)}`);
    expect(toHex(scriptForWitnessProgram(16, h20))).toBe(`6014${toHex(h20)}`);
    expect(() => scriptForP2PKH(h32)).toThrow(RangeError);
    expect(() => scriptForMultisig(3, [pub, pub])).toThrow(RangeError);
  });
});

describe('sigop counting', () => {
  const ms13 = scriptForMultisig(1, [pub, pub, pub]);

  it('counts CHECKSIG as 1 and CHECKMULTISIG as its key count (accurate) or 20', () => {
    expect(getSigOpCount(scriptForP2PKH(h20), false)).toBe(1);
    expect(getSigOpCount(ms13, true)).toBe(3);
    expect(getSigOpCount(ms13, false)).toBe(20);
    expect(getSigOpCount(parseScriptAsm('CHECKMULTISIG CHECKSIGVERIFY 16 CHECKMULTISIGVERIFY'), true)).toBe(
      37,
    );
    // Counting stops at a truncated push.
    expect(getSigOpCount(fromHex('acac4c'), true)).toBe(2);
    expect(getSigOpCount(fromHex('ac4cffac'), true)).toBe(1);
  });

  it('counts a P2SH redeem script from the last push of a push-only scriptSig', () => {
    const p2sh = scriptForP2SH(hash160(ms13));
    expect(getScriptSigOpCountWithScriptSig(p2sh, Uint8Array.of(0x00, ...pushData(ms13)))).toBe(3);
    expect(getScriptSigOpCountWithScriptSig(p2sh, Uint8Array.of(...pushData(ms13), 0x61))).toBe(0);
    expect(getScriptSigOpCountWithScriptSig(p2sh, Uint8Array.of(...pushData(ms13), 0x51))).toBe(0);
    expect(getScriptSigOpCountWithScriptSig(ms13, new Uint8Array(0))).toBe(3);
  });

  it('counts witness sigops for native and nested v0 programs only when WITNESS is on', () => {
    const flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
    const p2wpkh = scriptForP2WPKH(h20);
    const p2wsh = scriptForP2WSH(sha256(ms13));
    expect(countWitnessSigOps(new Uint8Array(0), p2wpkh, [], flags)).toBe(1);
    expect(countWitnessSigOps(new Uint8Array(0), p2wsh, [new Uint8Array(0), ms13], flags)).toBe(3);
    expect(countWitnessSigOps(new Uint8Array(0), p2wsh, [], flags)).toBe(0);
    expect(countWitnessSigOps(pushData(p2wpkh), scriptForP2SH(hash160(p2wpkh)), [], flags)).toBe(1);
    expect(countWitnessSigOps(new Uint8Array(0), p2wpkh, [], SCRIPT_VERIFY_P2SH)).toBe(0);
    expect(countWitnessSigOps(new Uint8Array(0), scriptForWitnessProgram(1, h32), [ms13], flags)).toBe(0);
  });

  it('weighs a transaction as BIP141: legacy and P2SH ×4, witness ×1', () => {
    const flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
    const p2shMs = scriptForP2SH(hash160(ms13));
    const spent: TxOut[] = [
      { value: 1n, scriptPubKey: scriptForP2PKH(h20) },
      { value: 1n, scriptPubKey: p2shMs },
      { value: 1n, scriptPubKey: scriptForP2WSH(sha256(ms13)) },
    ];
    const input = (n: number, scriptSig: Uint8Array, witness: Uint8Array[] = []) => ({
      prevout: { txid: new Uint8Array(32).fill(n + 1), vout: 0 },
      scriptSig,
      sequence: 0xffffffff,
      witness,
    });
    const tx: Transaction = {
      version: 2,
      locktime: 0,
      inputs: [
        input(0, parseScriptAsm(`0x01 0x30 0x21 0x${toHex(pub)}`)),
        input(1, Uint8Array.of(0x00, ...pushData(ms13))),
        input(2, new Uint8Array(0), [new Uint8Array(0), ms13]),
      ],
      outputs: [{ value: 1n, scriptPubKey: scriptForP2PKH(h20) }],
    };
    // Legacy: the scriptSigs count nothing except the P2SH one's pushed data (not executed), output 1.
    expect(getLegacySigOpCount(tx)).toBe(1);
    expect(getP2SHSigOpCount(tx, spent)).toBe(3);
    expect(getTransactionSigOpCost(tx, spent, flags)).toBe(1 * 4 + 3 * 4 + 3);
    expect(getTransactionSigOpCost(tx, spent, 0)).toBe(4);
    expect(() => getTransactionSigOpCost(tx, spent.slice(0, 2), flags)).toThrow(RangeError);
  });
});
