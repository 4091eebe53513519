import { describe, expect, it } from 'vitest';
import { hash160, sha256 } from '../../src/crypto/hash.js';
import { publicKeyFromPrivate, signEcdsaDer } from '../../src/crypto/secp256k1.js';
import { parseScriptAsm } from '../../src/script/asm.js';
import { pushData, ScriptBuilder } from '../../src/script/build.js';
import { NO_SIGNATURE_CHECKER, TransactionSignatureChecker } from '../../src/script/checker.js';
import {
  CONSENSUS_SCRIPT_VERIFY_FLAGS,
  SCRIPT_VERIFY_CLEANSTACK,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_STRICTENC,
  SCRIPT_VERIFY_WITNESS,
  STANDARD_SCRIPT_VERIFY_FLAGS,
} from '../../src/script/flags.js';
import { evalScript, findAndDelete, verifyInput, verifyScript } from '../../src/script/interpreter.js';
import {
  OP_0,
  OP_1,
  OP_2,
  OP_3,
  OP_CHECKMULTISIG,
  OP_CHECKSIG,
  OP_CODESEPARATOR,
} from '../../src/script/opcodes.js';
import { legacySignatureHash, SIGHASH_ALL, witnessV0SignatureHash } from '../../src/script/sighash.js';
import { SIGVERSION_BASE } from '../../src/script/sigversion.js';
import { scriptForMultisig, scriptForP2SH, scriptForP2WSH } from '../../src/script/standard.js';
import { concatBytes, fromHex, toHex } from '../../src/wire/bytes.js';
import type { Transaction } from '../../src/wire/tx.js';
import { buildCreditingTransaction, buildSpendingTransaction } from './vectors.js';

const key = (n: number): Uint8Array => sha256(Uint8Array.of(n));

describe('FindAndDelete (Core script_FindAndDelete cases)', () => {
  const cases: [string, string, string, number][] = [
    ['5152', '', '5152', 0],
    ['515253', '52', '5153', 1],
    ['535153535453', '53', '5154', 4],
    ['0302ff03', '0302ff03', '', 1],
    ['0302ff030302ff03', '0302ff03', '', 2],
    ['0302ff030302ff03', '02', '0302ff030302ff03', 0],
    ['0302ff030302ff03', 'ff', '0302ff030302ff03', 0],
    // Stripping the push-three prefix leaves 02ff03, a push of two bytes.
    ['0302ff030302ff03', '03', '02ff0302ff03', 2],
    ['02feed5169', 'feed51', '02feed5169', 0],
    ['02feed5169', '02feed51', '69', 1],
    ['516902feed5169', 'feed51', '516902feed5169', 0],
    ['516902feed5169', '02feed51', '516969', 1],
    // Single pass: a match exposed by a deletion is not deleted.
    ['00005151', '0051', '0051', 1],
    ['000051005151', '0051', '0051', 2],
    // A truncated push at the end can itself be deleted...
    ['0003feed', '03feed', '00', 1],
    ['0003feed', '00', '03feed', 1],
  ];
  for (const [s, d, want, n] of cases) {
    it(`${s} − ${d || '(nothing)'} = ${want || '(empty)'}`, () => {
      const r = findAndDelete(fromHex(s), fromHex(d));
      expect(r.found).toBe(n);
      expect(toHex(r.script)).toBe(want);
    });
  }
});

/** Core's sign_multisig: OP_0 then one SIGHASH_ALL signature per key over the legacy hash. */
function signMultisig(scriptPubKey: Uint8Array, keys: Uint8Array[], tx: Transaction): Uint8Array {
  const b = new ScriptBuilder().op(OP_0);
  const hash = legacySignatureHash(scriptPubKey, tx, 0, SIGHASH_ALL);
  for (const k of keys) b.push(concatBytes(signEcdsaDer(hash, k), Uint8Array.of(SIGHASH_ALL)));
  return b.build();
}

describe('CHECKMULTISIG 2-of-3 (Core script_CHECKMULTISIG23)', () => {
  const keys = [key(1), key(2), key(3), key(4)];
  const pubs = [
    publicKeyFromPrivate(keys[0]!),
    publicKeyFromPrivate(keys[1]!, false),
    publicKeyFromPrivate(keys[2]!),
  ];
  const scriptPubKey = new ScriptBuilder()
    .op(OP_2)
    .push(pubs[0]!)
    .push(pubs[1]!)
    .push(pubs[2]!)
    .op(OP_3, OP_CHECKMULTISIG)
    .build();
  const credit = buildCreditingTransaction(scriptPubKey, 0n);
  const spend = buildSpendingTransaction(new Uint8Array(0), [], credit);
  const flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_STRICTENC;
  const verify = (ks: number[]): string =>
    verifyScript(
      signMultisig(
        scriptPubKey,
        ks.map((i) => keys[i]!),
        spend,
      ),
      scriptPubKey,
      [],
      flags,
      new TransactionSignatureChecker(spend, 0, 0n),
    );

  it('accepts any two keys in order', () => {
    expect(verify([0, 1])).toBe('OK');
    expect(verify([0, 2])).toBe('OK');
    expect(verify([1, 2])).toBe('OK');
  });
  it('rejects a reused signature, the wrong order or a foreign key', () => {
    expect(verify([1, 1])).toBe('EVAL_FALSE');
    expect(verify([1, 0])).toBe('EVAL_FALSE');
    expect(verify([2, 1])).toBe('EVAL_FALSE');
    expect(verify([3, 1])).toBe('EVAL_FALSE');
    expect(verify([0, 3])).toBe('EVAL_FALSE');
  });
  it('needs the signatures on the stack', () => {
    expect(verify([])).toBe('INVALID_STACK_OPERATION');
  });
});

describe('P2SH-wrapped P2WSH multisig', () => {
  it('verifies under the consensus and standard flags, and only with the right amount', () => {
    const k = [key(7), key(8)];
    const witnessScript = scriptForMultisig(
      2,
      k.map((x) => publicKeyFromPrivate(x)),
    );
    const redeemScript = scriptForP2WSH(sha256(witnessScript));
    const spent = { value: 50_000n, scriptPubKey: scriptForP2SH(hash160(redeemScript)) };
    const credit = buildCreditingTransaction(spent.scriptPubKey, spent.value);
    const tx = buildSpendingTransaction(pushData(redeemScript), [], credit);
    const hash = witnessV0SignatureHash(witnessScript, tx, 0, SIGHASH_ALL, spent.value);
    const sigs = k.map((x) => concatBytes(signEcdsaDer(hash, x), Uint8Array.of(SIGHASH_ALL)));
    tx.inputs[0]!.witness = [new Uint8Array(0), ...sigs, witnessScript];
    expect(verifyInput(tx, 0, spent, CONSENSUS_SCRIPT_VERIFY_FLAGS)).toBe('OK');
    expect(verifyInput(tx, 0, spent, STANDARD_SCRIPT_VERIFY_FLAGS)).toBe('OK');
    expect(verifyInput(tx, 0, { ...spent, value: 50_001n }, CONSENSUS_SCRIPT_VERIFY_FLAGS)).toBe(
      'EVAL_FALSE',
    );
    // Wrong order of signatures.
    tx.inputs[0]!.witness = [new Uint8Array(0), sigs[1]!, sigs[0]!, witnessScript];
    expect(verifyInput(tx, 0, spent, CONSENSUS_SCRIPT_VERIFY_FLAGS)).toBe('EVAL_FALSE');
    // The scriptSig must be exactly the push of the redeem script.
    tx.inputs[0]!.witness = [new Uint8Array(0), ...sigs, witnessScript];
    tx.inputs[0]!.scriptSig = concatBytes(Uint8Array.of(OP_1), pushData(redeemScript));
    expect(verifyInput(tx, 0, spent, SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS)).toBe(
      'WITNESS_MALLEATED_P2SH',
    );
  });
});

describe('TransactionSignatureChecker lock times', () => {
  const tx = (locktime: number, sequence: number, version = 2): Transaction => ({
    version,
    locktime,
    inputs: [
      { prevout: { txid: new Uint8Array(32), vout: 0 }, scriptSig: new Uint8Array(0), sequence, witness: [] },
    ],
    outputs: [],
  });
  it('CLTV compares like with like, and needs a non-final input', () => {
    expect(new TransactionSignatureChecker(tx(100, 0), 0, 0n).checkLockTime(100)).toBe(true);
    expect(new TransactionSignatureChecker(tx(100, 0), 0, 0n).checkLockTime(101)).toBe(false);
    expect(new TransactionSignatureChecker(tx(500_000_000, 0), 0, 0n).checkLockTime(100)).toBe(false);
    expect(new TransactionSignatureChecker(tx(100, 0xffffffff), 0, 0n).checkLockTime(50)).toBe(false);
  });
  it('CSV needs version 2 (unsigned), an enabled sequence and the same unit', () => {
    expect(new TransactionSignatureChecker(tx(0, 10), 0, 0n).checkSequence(10)).toBe(true);
    expect(new TransactionSignatureChecker(tx(0, 10), 0, 0n).checkSequence(11)).toBe(false);
    expect(new TransactionSignatureChecker(tx(0, 10, 1), 0, 0n).checkSequence(10)).toBe(false);
    expect(new TransactionSignatureChecker(tx(0, 10, -1), 0, 0n).checkSequence(10)).toBe(true);
    expect(new TransactionSignatureChecker(tx(0, 10 | 0x80000000), 0, 0n).checkSequence(10)).toBe(false);
    expect(new TransactionSignatureChecker(tx(0, 10 | 0x400000), 0, 0n).checkSequence(10)).toBe(false);
    // Bits outside the mask are ignored on both sides, even above 32 bits.
    expect(new TransactionSignatureChecker(tx(0, 10 | 0x10000), 0, 0n).checkSequence(2 ** 33 + 10)).toBe(
      true,
    );
  });
});

describe('evalScript', () => {
  const run = (asm: string, flags = 0): [string, string[]] => {
    const stack: Uint8Array[] = [];
    const err = evalScript(stack, parseScriptAsm(asm), flags, NO_SIGNATURE_CHECKER, SIGVERSION_BASE);
    return [err, stack.map(toHex)];
  };
  it('computes with script numbers and leaves the stack as Core would', () => {
    expect(run('2 3 ADD 4 SUB')).toEqual(['OK', ['01']]);
    expect(run('0x04 0xffffff7f 1ADD')).toEqual(['OK', ['0000008000']]);
    expect(run('0x05 0x0000008000 1ADD')).toEqual(['SCRIPTNUM', ['0000008000']]);
    expect(run('1 2 3 4 5 6 2ROT')).toEqual(['OK', ['03', '04', '05', '06', '01', '02']]);
    expect(run('1 2 TUCK')).toEqual(['OK', ['02', '01', '02']]);
    expect(run('1 2 3 2 ROLL')).toEqual(['OK', ['02', '03', '01']]);
    expect(run('1 IF 2 ELSE 3 ENDIF')).toEqual(['OK', ['02']]);
    expect(run('0 IF 2 ELSE 3 ENDIF')).toEqual(['OK', ['03']]);
    expect(run('0 IF VERIF ENDIF')).toEqual(['BAD_OPCODE', []]);
    expect(run('1 IF')).toEqual(['UNBALANCED_CONDITIONAL', []]);
    expect(run('0x4c')).toEqual(['BAD_OPCODE', []]);
  });
  it('keeps CODESEPARATOR in the sighash scriptCode only after the last one executed', () => {
    // Run a CHECKSIG with a checker that records the scriptCode it is given.
    const seen: string[] = [];
    const checker = {
      ...NO_SIGNATURE_CHECKER,
      checkEcdsaSignature: (_s: Uint8Array, _p: Uint8Array, code: Uint8Array) => {
        seen.push(toHex(code));
        return true;
      },
    };
    // `1 CODESEPARATOR 1 CHECKSIG`: the signature (0x01) signs only what follows the separator.
    const script = new ScriptBuilder().op(OP_1, OP_CODESEPARATOR, OP_1, OP_CHECKSIG).build();
    expect(evalScript([], script, 0, checker, SIGVERSION_BASE)).toBe('OK');
    expect(seen).toEqual(['51ac']);
  });
  it('rejects CLEANSTACK without P2SH and WITNESS, as Core asserts', () => {
    expect(() =>
      verifyScript(
        new Uint8Array(0),
        Uint8Array.of(OP_1),
        [],
        SCRIPT_VERIFY_CLEANSTACK,
        NO_SIGNATURE_CHECKER,
      ),
    ).toThrow(TypeError);
    expect(() =>
      verifyScript(new Uint8Array(0), Uint8Array.of(OP_1), [], SCRIPT_VERIFY_WITNESS, NO_SIGNATURE_CHECKER),
    ).toThrow(TypeError);
  });
});
