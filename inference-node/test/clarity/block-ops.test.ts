// The pure derivation of an inference block's Clarity ops (docs/protocol.md §13.11, §16.10).
import { encodeTx, FUNAI_OP, funaiOpOutput, type Transaction } from '@funai/ledger-node';
import { Cl, ClarityType } from '@stacks/transactions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClarityBlockInputs,
  clarityBlockOps,
  HEADERS_PER_CALL,
  headerOps,
  MAX_VERDICT_RECORDS,
  planClarityBlock,
  type VerdictInput,
  verdictOp,
} from '../../src/clarity/block-ops.js';
import { outputValueOffset } from '../../src/clarity/deposit-proof.js';

const P = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM';
const Q = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
const header = (i: number) => new Uint8Array(80).fill(i & 0xff);

function verdict(records: number, accepted = true): VerdictInput {
  return {
    blockId: new Uint8Array(32).fill(1),
    ledgerHash: new Uint8Array(32).fill(2),
    producer: P,
    commitTxid: new Uint8Array(32).fill(3),
    accepted,
    records: Array.from({ length: records }, (_, i) => ({
      executor: Q,
      requester: P,
      gas: BigInt(i),
      valid: i % 3 !== 0,
    })),
    signers: [P, Q, P],
    contradictors: [],
  };
}

function listLength(op: ReturnType<typeof verdictOp>, arg: number): number {
  if (op.type !== 'system-call') throw new Error('not a system call');
  const v = op.args[arg]!;
  if (v.type !== ClarityType.List) throw new Error('not a list');
  return v.value.length;
}

describe('Clarity block ops', () => {
  it('plans headers up to ℓ − 1 and deposits up to ℓ − 6 not yet relayed or credited', () => {
    expect(planClarityBlock(null, 10, 1)).toEqual({
      initialize: true,
      headers: { from: 1, to: 9 },
      deposits: { from: 1, to: 4 },
    });
    expect(planClarityBlock(10, 13, 1)).toEqual({
      initialize: false,
      headers: { from: 10, to: 12 },
      deposits: { from: 5, to: 7 },
    });
    expect(() => planClarityBlock(10, 10, 1)).toThrow(RangeError);
    // Consecutive plans cover every height exactly once.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), (steps) => {
        let prev: number | null = null;
        let ell = 0;
        const headers: number[] = [];
        const deposits: number[] = [];
        for (const s of steps) {
          ell += s;
          const p = planClarityBlock(prev, ell, 1);
          for (let h = p.headers.from; h <= p.headers.to; h++) headers.push(h);
          for (let h = p.deposits.from; h <= p.deposits.to; h++) deposits.push(h);
          prev = ell;
        }
        expect(headers).toEqual(Array.from({ length: Math.max(0, ell - 1) }, (_, i) => i + 1));
        expect(deposits).toEqual(Array.from({ length: Math.max(0, ell - 6) }, (_, i) => i + 1));
      }),
    );
  });

  it('batches headers by 64, parent first', () => {
    for (const n of [0, 1, 64, 65, 130]) {
      const ops = headerOps(Array.from({ length: n }, (_, i) => header(i)));
      expect(ops.length).toBe(Math.ceil(n / HEADERS_PER_CALL));
      const sizes = ops.map((o) => listLength(o, 0));
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(sizes.every((s) => s <= HEADERS_PER_CALL)).toBe(true);
    }
    const [first] = headerOps([header(7), header(8)]);
    expect(first).toMatchObject({
      type: 'system-call',
      contract: 'ledger-light-client',
      fn: 'submit-headers',
    });
    if (first?.type !== 'system-call') throw new Error();
    expect(first.args[0]).toEqual(Cl.list([Cl.buffer(header(7)), Cl.buffer(header(8))]));
  });

  it('bounds a verdict to 50 records and none for a rejected block', () => {
    expect(listLength(verdictOp(verdict(3)), 5)).toBe(3);
    expect(listLength(verdictOp(verdict(51)), 5)).toBe(MAX_VERDICT_RECORDS);
    expect(listLength(verdictOp(verdict(4096)), 5)).toBe(MAX_VERDICT_RECORDS);
    expect(listLength(verdictOp(verdict(5, false)), 5)).toBe(0);
    expect(() => verdictOp({ ...verdict(1), signers: [P, P, P, P, P, P] })).toThrow(RangeError);
    const op = verdictOp(verdict(1));
    if (op.type !== 'system-call') throw new Error();
    expect(op.args[5]).toEqual(
      Cl.list([
        Cl.tuple({
          executor: Cl.principal(Q),
          requester: Cl.principal(P),
          gas: Cl.uint(0),
          valid: Cl.bool(false),
        }),
      ]),
    );
  });

  it('orders initialize, headers, deposits, verdict, then user ops; a user op is never a system call', () => {
    const inputs: ClarityBlockInputs = {
      initialize: header(0),
      headers: Array.from({ length: 70 }, (_, i) => header(i + 1)),
      deposits: [
        {
          height: 1,
          tx: new Uint8Array(60),
          index: 1,
          siblings: [new Uint8Array(32)],
          coinbase: new Uint8Array(60),
          coinbaseSiblings: [new Uint8Array(32)],
          outputOffset: 5,
        },
      ],
      verdict: verdict(2),
      userOps: [{ type: 'transfer', sender: P, recipient: Q, amount: 5n }],
    };
    const ops = clarityBlockOps(inputs);
    expect(ops.map((o) => (o.type === 'system-call' ? `${o.contract}.${o.fn}` : o.type))).toEqual([
      'ledger-light-client.initialize',
      'ledger-light-client.submit-headers',
      'ledger-light-client.submit-headers',
      'deposits.credit-deposit',
      'poi.apply-verdict',
      'transfer',
    ]);
    expect(() =>
      clarityBlockOps({ ...inputs, userOps: [{ type: 'system-call', contract: 'poi', fn: 'x', args: [] }] }),
    ).toThrow(RangeError);
    expect(
      clarityBlockOps({ initialize: null, headers: [], deposits: [], verdict: null, userOps: [] }),
    ).toEqual([]);
  });

  it('finds a DEPOSIT output value offset in the stripped serialization', () => {
    const tx: Transaction = {
      version: 2,
      inputs: [
        {
          prevout: { txid: new Uint8Array(32).fill(9), vout: 0 },
          scriptSig: new Uint8Array(3),
          sequence: 0xffffffff,
          witness: [],
        },
      ],
      outputs: [
        { value: 1000n, scriptPubKey: new Uint8Array(22) },
        funaiOpOutput({ op: FUNAI_OP.DEPOSIT, version: 1, body: new Uint8Array(21).fill(4) }, 777n),
      ],
      locktime: 0,
    };
    const bytes = encodeTx(tx, false);
    const at = outputValueOffset(tx, 1);
    expect(new DataView(bytes.buffer, bytes.byteOffset + at, 8).getBigUint64(0, true)).toBe(777n);
    expect(bytes.length - at).toBe(4 + 37);
  });
});
