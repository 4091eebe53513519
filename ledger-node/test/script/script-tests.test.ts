import { afterAll, describe, expect, it } from 'vitest';
import {
  isNativeSecp256k1Available,
  type Secp256k1Backend,
  setSecp256k1Backend,
} from '../../src/crypto/secp256k1.js';
import { parseScriptAsm } from '../../src/script/asm.js';
import { TransactionSignatureChecker } from '../../src/script/checker.js';
import { isScriptErrorCode } from '../../src/script/errors.js';
import {
  parseScriptFlags,
  SCRIPT_VERIFY_CLEANSTACK,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_WITNESS,
} from '../../src/script/flags.js';
import { verifyScript } from '../../src/script/interpreter.js';
import { isSkipped, TAPROOT_SKIPS } from './taproot-skips.js';
import {
  buildCreditingTransaction,
  buildSpendingTransaction,
  scriptTestRows,
  witnessFromHex,
} from './vectors.js';

const rows = scriptTestRows();
const skipped = rows.filter((r) => isSkipped('script_tests.json', r.index));
const backends: Secp256k1Backend[] = isNativeSecp256k1Available() ? ['native', 'noble'] : ['noble'];

/** Core's DoTest: a crediting and a spending transaction around the two scripts. */
function run(row: (typeof rows)[number], flags: number): string {
  const scriptSig = parseScriptAsm(row.scriptSig);
  const scriptPubKey = parseScriptAsm(row.scriptPubKey);
  const credit = buildCreditingTransaction(scriptPubKey, row.amount);
  const witness = witnessFromHex(row.witness);
  const spend = buildSpendingTransaction(scriptSig, witness, credit);
  const checker = new TransactionSignatureChecker(spend, 0, credit.outputs[0]!.value);
  return verifyScript(scriptSig, scriptPubKey, witness, flags, checker);
}

function rowFlags(row: (typeof rows)[number]): number {
  let flags = parseScriptFlags(row.flags);
  if (flags & SCRIPT_VERIFY_CLEANSTACK) flags |= SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
  return flags;
}

describe('script_tests.json', () => {
  afterAll(() => setSecp256k1Backend(isNativeSecp256k1Available() ? 'native' : 'noble'));

  it('has rows and a skip list of Taproot rows only', () => {
    console.log(`script_tests.json: ${rows.length} rows, ${skipped.length} skipped (Taproot)`);
    expect(rows.length).toBeGreaterThan(1100);
    for (const r of skipped) expect(`${r.flags} ${r.scriptPubKey}`).toMatch(/TAPROOT/);
    expect(skipped.length).toBe(TAPROOT_SKIPS.filter((s) => s.file === 'script_tests.json').length);
    for (const r of rows) expect(isScriptErrorCode(r.expected), r.expected).toBe(true);
  });

  for (const backend of backends) {
    it(`every row gives Core's result (${backend} secp256k1)`, () => {
      setSecp256k1Backend(backend);
      const failures: string[] = [];
      let passed = 0;
      for (const row of rows) {
        if (isSkipped('script_tests.json', row.index)) continue;
        const got = run(row, rowFlags(row));
        if (got === row.expected) passed++;
        else
          failures.push(
            `#${row.index} [${row.scriptSig}] [${row.scriptPubKey}] ${row.flags}: got ${got}, want ${row.expected} ${row.comment}`,
          );
      }
      expect(failures).toEqual([]);
      expect(passed).toBe(rows.length - skipped.length);
    });
  }

  it('removing flags from a passing row or adding flags to a failing row keeps the verdict', () => {
    // Core's DoTest follow-up: every flag is a soft fork, so verdicts are monotone in the flags.
    let seed = 0x5eed;
    const random16 = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 16;
    };
    const failures: string[] = [];
    let checked = 0;
    for (const row of rows) {
      if (isSkipped('script_tests.json', row.index)) continue;
      const flags = rowFlags(row);
      const expectOk = row.expected === 'OK';
      for (let k = 0; k < 16; k++) {
        const extra = random16();
        const combined = expectOk ? flags & ~extra : flags | extra;
        if (combined & SCRIPT_VERIFY_CLEANSTACK && ~combined & (SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS))
          continue;
        if (combined & SCRIPT_VERIFY_WITNESS && ~combined & SCRIPT_VERIFY_P2SH) continue;
        checked++;
        if ((run(row, combined) === 'OK') !== expectOk)
          failures.push(`#${row.index} flags ${combined.toString(16)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(rows.length * 8);
  });
});
