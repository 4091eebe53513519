import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScriptAsm, scriptToAsm } from '../../src/script/asm.js';
import { TransactionSignatureChecker } from '../../src/script/checker.js';
import { isScriptErrorCode } from '../../src/script/errors.js';
import {
  SCRIPT_VERIFY_CLEANSTACK,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_WITNESS,
} from '../../src/script/flags.js';
import { evalScript, verifyScript } from '../../src/script/interpreter.js';
import { decodeScript, ScriptParseError } from '../../src/script/parse.js';
import { countWitnessSigOps, getSigOpCount } from '../../src/script/sigops.js';
import { SIGVERSION_BASE, SIGVERSION_WITNESS_V0 } from '../../src/script/sigversion.js';
import { solver } from '../../src/script/standard.js';
import { ALL_FLAGS, buildCreditingTransaction, buildSpendingTransaction, scriptTestRows } from './vectors.js';

/** Flags Core would accept: WITNESS needs P2SH, CLEANSTACK needs both. */
const validFlags = fc.integer({ min: 0, max: ALL_FLAGS }).map((f) => {
  let flags = f & ALL_FLAGS;
  if (flags & SCRIPT_VERIFY_CLEANSTACK) flags |= SCRIPT_VERIFY_WITNESS;
  if (flags & SCRIPT_VERIFY_WITNESS) flags |= SCRIPT_VERIFY_P2SH;
  return flags;
});

// Scripts from Core's vectors (those that parse), as seeds for mutation.
const corpus: Uint8Array[] = [];
for (const row of scriptTestRows()) {
  for (const asm of [row.scriptSig, row.scriptPubKey]) {
    try {
      const s = parseScriptAsm(asm);
      if (s.length > 0 && s.length < 2000) corpus.push(s);
    } catch {
      // Taproot placeholders.
    }
  }
}

/** A vector script with random byte edits: flips, insertions, deletions, truncation. */
const mutatedScript = fc
  .tuple(
    fc.nat(corpus.length - 1),
    fc.array(fc.tuple(fc.nat(3), fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
  )
  .map(([i, edits]) => {
    const bytes = Array.from(corpus[i]!);
    for (const [kind, pos, value] of edits) {
      const at = bytes.length ? pos % bytes.length : 0;
      if (kind === 0 && bytes.length) bytes[at] = value;
      else if (kind === 1) bytes.splice(at, 0, value);
      else if (kind === 2) bytes.splice(at, 1);
      else bytes.length = Math.min(bytes.length, at);
    }
    return Uint8Array.from(bytes);
  });

/** Opcode-dense random scripts: small pushes and every opcode byte, so execution gets deep. */
const opcodeScript = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0x4f, max: 0xff }).map((o) => [o]),
      fc.uint8Array({ maxLength: 6 }).map((d) => [d.length, ...d]),
      fc.constantFrom([0x4c], [0x4d, 0xff], [0x4e, 1, 0, 0]),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

const anyScript = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutatedScript, opcodeScript);
const stackItems = fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 6 });

const credit = buildCreditingTransaction(new Uint8Array(0), 1000n);
const spend = buildSpendingTransaction(new Uint8Array(0), [], credit);
const checker = new TransactionSignatureChecker(spend, 0, 1000n);

describe('script fuzz: only typed errors', () => {
  it('decodeScript throws nothing but ScriptParseError; asm, sigops and solver never throw', () => {
    fc.assert(
      fc.property(anyScript, (script) => {
        try {
          const ops = decodeScript(script);
          expect(ops.length).toBeLessThanOrEqual(script.length);
        } catch (e) {
          expect(e).toBeInstanceOf(ScriptParseError);
        }
        const asm = scriptToAsm(script, true);
        expect(typeof asm).toBe('string');
        expect(getSigOpCount(script, true)).toBeGreaterThanOrEqual(0);
        expect(typeof solver(script).type).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it('parseScriptAsm throws nothing but ScriptParseError', () => {
    const words = fc.constantFrom(
      'DUP',
      'OP_ADD',
      '0x',
      '0x4c',
      "'a'",
      "'",
      '-',
      '--1',
      '99999999999',
      '-0',
      '1',
      'NOP',
      'x',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.array(words, { maxLength: 8 }).map((w) => w.join(' ')),
        ),
        (s) => {
          try {
            expect(parseScriptAsm(s)).toBeInstanceOf(Uint8Array);
          } catch (e) {
            expect(e).toBeInstanceOf(ScriptParseError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('evalScript returns an error code for any script, stack and flags, never throws', () => {
    fc.assert(
      fc.property(anyScript, stackItems, validFlags, fc.boolean(), (script, stack, flags, witness) => {
        const code = evalScript(
          stack,
          script,
          flags,
          checker,
          witness ? SIGVERSION_WITNESS_V0 : SIGVERSION_BASE,
        );
        expect(isScriptErrorCode(code)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('verifyScript returns an error code for any scriptSig, scriptPubKey and witness', () => {
    fc.assert(
      fc.property(anyScript, anyScript, stackItems, validFlags, (scriptSig, scriptPubKey, witness, flags) => {
        const code = verifyScript(scriptSig, scriptPubKey, witness, flags, checker);
        expect(isScriptErrorCode(code)).toBe(true);
        expect(countWitnessSigOps(scriptSig, scriptPubKey, witness, flags)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('verifyScript handles mutated witness-program spends', () => {
    const program = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 16 }), fc.uint8Array({ minLength: 2, maxLength: 40 })),
      fc.tuple(
        fc.constant(0),
        fc.oneof(
          fc.uint8Array({ minLength: 20, maxLength: 20 }),
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
        ),
      ),
    );
    fc.assert(
      fc.property(program, fc.array(anyScript, { maxLength: 4 }), validFlags, ([v, p], witness, flags) => {
        const scriptPubKey = Uint8Array.of(v === 0 ? 0 : 0x50 + v, p.length, ...p);
        const code = verifyScript(new Uint8Array(0), scriptPubKey, witness, flags, checker);
        expect(isScriptErrorCode(code)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});
