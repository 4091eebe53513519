import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COIN, MAX_MONEY, moneyRange } from '../../src/consensus/amounts.js';
import { checkTransaction } from '../../src/consensus/check-tx.js';
import { ValidationError } from '../../src/consensus/errors.js';
import { fromHex } from '../../src/wire/bytes.js';
import { decodeTx, NULL_TXID, type Transaction, txSize } from '../../src/wire/tx.js';

function tx(): Transaction {
  return {
    version: 2,
    locktime: 0,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32).fill(1), vout: 0 },
        scriptSig: new Uint8Array(0),
        sequence: 0,
        witness: [],
      },
      {
        prevout: { txid: new Uint8Array(32).fill(1), vout: 1 },
        scriptSig: new Uint8Array(0),
        sequence: 0,
        witness: [],
      },
    ],
    outputs: [{ value: COIN, scriptPubKey: Uint8Array.of(0x51) }],
  };
}

function coinbase(scriptSigLength: number): Transaction {
  return {
    version: 2,
    locktime: 0,
    inputs: [
      {
        prevout: { txid: NULL_TXID, vout: 0xffffffff },
        scriptSig: new Uint8Array(scriptSigLength),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value: 50n * COIN, scriptPubKey: Uint8Array.of(0x51) }],
  };
}

function reason(t: Transaction): string | null {
  try {
    checkTransaction(t);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).reason;
  }
}

describe('checkTransaction (Core CheckTransaction)', () => {
  it('accepts a plain transaction and coinbases with 2..100-byte scriptSigs', () => {
    expect(reason(tx())).toBeNull();
    expect(reason(coinbase(2))).toBeNull();
    expect(reason(coinbase(100))).toBeNull();
  });

  it("rejects each rule with Core's reason, in Core's order", () => {
    const cases: [string, (t: Transaction) => void][] = [
      ['bad-txns-vin-empty', (t) => (t.inputs = [])],
      ['bad-txns-vout-empty', (t) => (t.outputs = [])],
      ['bad-txns-oversize', (t) => (t.outputs[0]!.scriptPubKey = new Uint8Array(1_000_000))],
      ['bad-txns-vout-negative', (t) => (t.outputs[0]!.value = -1n)],
      ['bad-txns-vout-toolarge', (t) => (t.outputs[0]!.value = MAX_MONEY + 1n)],
      [
        'bad-txns-txouttotal-toolarge',
        (t) => t.outputs.push({ value: MAX_MONEY, scriptPubKey: new Uint8Array(0) }),
      ],
      ['bad-txns-inputs-duplicate', (t) => (t.inputs[1]!.prevout.vout = 0)],
      ['bad-txns-prevout-null', (t) => (t.inputs[1]!.prevout = { txid: NULL_TXID, vout: 0xffffffff })],
    ];
    for (const [want, mutate] of cases) {
      const t = tx();
      mutate(t);
      expect(reason(t), want).toBe(want);
    }
    // Both inputs and outputs empty: the input rule comes first.
    const t = tx();
    t.inputs = [];
    t.outputs = [];
    expect(reason(t)).toBe('bad-txns-vin-empty');
    expect(reason(coinbase(1))).toBe('bad-cb-length');
    expect(reason(coinbase(101))).toBe('bad-cb-length');
  });

  it('bad-txns-inputs-duplicate exactly when two inputs share txid and vout, for any input count', () => {
    // Few txids and vouts, so that lists of up to 20 inputs (pairwise up to 8, a set beyond) often
    // repeat one, and often share only the txid or only the vout.
    const outpoint = fc.record({ t: fc.integer({ min: 1, max: 3 }), vout: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.array(outpoint, { minLength: 1, maxLength: 20 }), (ops) => {
        const t = tx();
        t.inputs = ops.map(({ t: b, vout }) => ({
          prevout: { txid: new Uint8Array(32).fill(b), vout },
          scriptSig: new Uint8Array(0),
          sequence: 0,
          witness: [],
        }));
        const duplicate = new Set(ops.map((o) => `${o.t}:${o.vout}`)).size < ops.length;
        expect(reason(t)).toBe(duplicate ? 'bad-txns-inputs-duplicate' : null);
      }),
    );
  });

  it('bad-txns-size: exactly 64 bytes without witness (BIP54), 63 and 65 pass', () => {
    // A coinbase with an n-byte scriptSig and a 1-byte output script serializes to 61 + n bytes.
    expect(txSize(coinbase(3), false)).toBe(64);
    expect(reason(coinbase(2))).toBeNull();
    expect(reason(coinbase(3))).toBe('bad-txns-size');
    expect(reason(coinbase(4))).toBeNull();
    // One input with an empty scriptSig and one output script of n bytes: 60 + n bytes.
    const sized = (n: number, witness: Uint8Array[] = []) => {
      const t = tx();
      t.inputs = [{ ...t.inputs[0]!, witness }];
      t.outputs[0]!.scriptPubKey = new Uint8Array(n);
      return t;
    };
    expect(txSize(sized(4), false)).toBe(64);
    expect(reason(sized(3))).toBeNull();
    expect(reason(sized(4))).toBe('bad-txns-size');
    expect(reason(sized(5))).toBeNull();
    // The witness does not count: 64 bytes stripped is invalid whatever the witness adds.
    expect(txSize(sized(4, [new Uint8Array(72)]), true)).toBeGreaterThan(64);
    expect(reason(sized(4, [new Uint8Array(72)]))).toBe('bad-txns-size');
    // The size rule follows the oversize rule and precedes the output rules.
    const both = sized(4);
    both.outputs[0]!.value = -1n;
    expect(reason(both)).toBe('bad-txns-size');
    try {
      checkTransaction(sized(4));
    } catch (e) {
      expect((e as ValidationError).mutated).toBe(true);
    }
  });

  it('bip54-tx-size.json vectors', () => {
    const rows = JSON.parse(
      readFileSync(new URL('../vectors/funai/bip54-tx-size.json', import.meta.url), 'utf8'),
    ) as { comment: string; hex: string; strippedSize: number; result: string }[];
    expect(rows.length).toBe(8);
    for (const row of rows) {
      const t = decodeTx(fromHex(row.hex));
      expect(txSize(t, false), row.comment).toBe(row.strippedSize);
      expect(reason(t) ?? 'ok', row.comment).toBe(row.result);
    }
  });

  it('allows exactly MAX_MONEY in total, and a null hash with a real index', () => {
    const t = tx();
    t.outputs = [
      { value: MAX_MONEY - 1n, scriptPubKey: new Uint8Array(0) },
      { value: 1n, scriptPubKey: new Uint8Array(0) },
    ];
    t.inputs[1]!.prevout = { txid: NULL_TXID, vout: 0 };
    expect(reason(t)).toBeNull();
    expect(moneyRange(MAX_MONEY)).toBe(true);
    expect(moneyRange(MAX_MONEY + 1n)).toBe(false);
    expect(moneyRange(-1n)).toBe(false);
    expect(MAX_MONEY).toBe(2_100_000_000_000_000n);
  });
});

describe('reject reasons are a closed set (btcd ErrorCode style)', () => {
  it('a misspelled reason does not compile', () => {
    // @ts-expect-error: not a ConsensusRejectReason
    const typo = new ValidationError('bad-txns-vout-negativ');
    expect(typo.reason).toBe('bad-txns-vout-negativ');
    const ok = new ValidationError('bad-version(0x00000003)');
    expect(ok.reason).toBe('bad-version(0x00000003)');
  });
});
