import { beforeAll, describe, expect, it } from 'vitest';
import { nextAsertBits } from '../../src/consensus/asert.js';
import {
  coinbaseHeightPrefix,
  contextualCheckBlock,
  contextualCheckBlockHeader,
  getNextWorkRequired,
  medianTimePast,
  type ParentBlock,
} from '../../src/consensus/contextual.js';
import { MAIN_PARAMS, REGTEST_PARAMS } from '../../src/consensus/params.js';
import type { Block } from '../../src/wire/block.js';
import { blockWeight } from '../../src/wire/block.js';
import { toHex } from '../../src/wire/bytes.js';
import type { BlockHeader } from '../../src/wire/header.js';
import type { Transaction } from '../../src/wire/tx.js';
import {
  ANYONE,
  coinbaseTx,
  type SpendInput,
  spend,
  TestChain,
  withMerkleRoot,
} from '../support/chain-builder.js';
import { outcome } from './helpers.js';

describe('median time past', () => {
  it('is the median of the last 11 timestamps', () => {
    expect(medianTimePast([5])).toBe(5);
    expect(medianTimePast([1, 2])).toBe(2);
    expect(medianTimePast([3, 1, 2])).toBe(2);
    const times = [100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    // The 100 is the 12th from the end, outside the window.
    expect(medianTimePast(times)).toBe(6);
    expect(medianTimePast([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toBe(6);
  });
});

describe('contextual header (mainnet ASERT)', () => {
  const g = MAIN_PARAMS.genesis.header;
  const parent: ParentBlock = {
    height: 1000,
    // Ten minutes ahead of schedule: the next target is harder than the anchor's.
    time: g.time + 1000 * 30 - 600,
    bits: 0x1d00ffff,
    medianTimePast: g.time + 995 * 30 - 600,
  };
  const now = parent.time + 60;
  const expected = nextAsertBits(parent, MAIN_PARAMS.asertAnchor, {
    targetSpacing: 30,
    halfLife: MAIN_PARAMS.asertHalfLife,
    powLimit: MAIN_PARAMS.powLimit,
  });
  const header = (edit: Partial<BlockHeader> = {}): BlockHeader => ({
    version: 0x20000000,
    prevBlock: new Uint8Array(32),
    merkleRoot: new Uint8Array(32),
    time: parent.time + 30,
    bits: expected,
    nonce: 0,
    ...edit,
  });

  it('requires the ASERT bits', () => {
    expect(expected).not.toBe(0x1d00ffff);
    expect(getNextWorkRequired(parent, MAIN_PARAMS)).toBe(expected);
    expect(outcome(() => contextualCheckBlockHeader(header(), parent, MAIN_PARAMS, now))).toBe('ok');
    expect(
      outcome(() => contextualCheckBlockHeader(header({ bits: 0x1d00ffff }), parent, MAIN_PARAMS, now)),
    ).toBe('bad-diffbits');
    expect(
      outcome(() => contextualCheckBlockHeader(header({ bits: expected - 1 }), parent, MAIN_PARAMS, now)),
    ).toBe('bad-diffbits');
  });

  it('stays at the anchor target on schedule', () => {
    const onSchedule = { height: 500, time: g.time + 500 * 30 };
    expect(getNextWorkRequired({ ...onSchedule, bits: 0 }, MAIN_PARAMS)).toBe(g.bits);
  });

  it('time-too-old: at or before the median time past', () => {
    const t = parent.medianTimePast;
    expect(outcome(() => contextualCheckBlockHeader(header({ time: t }), parent, MAIN_PARAMS, now))).toBe(
      'time-too-old',
    );
    expect(outcome(() => contextualCheckBlockHeader(header({ time: t + 1 }), parent, MAIN_PARAMS, now))).toBe(
      'ok',
    );
  });

  it('time-too-new: more than two hours past the clock', () => {
    const limit = now + 2 * 60 * 60;
    expect(outcome(() => contextualCheckBlockHeader(header({ time: limit }), parent, MAIN_PARAMS, now))).toBe(
      'ok',
    );
    expect(
      outcome(() => contextualCheckBlockHeader(header({ time: limit + 1 }), parent, MAIN_PARAMS, now)),
    ).toBe('time-too-new');
  });

  it('bad-version: versions below 4 after genesis', () => {
    for (const version of [1, 2, 3]) {
      expect(outcome(() => contextualCheckBlockHeader(header({ version }), parent, MAIN_PARAMS, now))).toBe(
        `bad-version(0x0000000${version})`,
      );
    }
    expect(outcome(() => contextualCheckBlockHeader(header({ version: -1 }), parent, MAIN_PARAMS, now))).toBe(
      'bad-version(0xffffffff)',
    );
    expect(outcome(() => contextualCheckBlockHeader(header({ version: 4 }), parent, MAIN_PARAMS, now))).toBe(
      'ok',
    );
    // Block 1 is already bound (genesis, version 1, is the only exempt block).
    const first: ParentBlock = { height: 0, time: g.time, bits: g.bits, medianTimePast: g.time };
    const h1 = header({ version: 3, time: g.time + 30, bits: getNextWorkRequired(first, MAIN_PARAMS) });
    expect(outcome(() => contextualCheckBlockHeader(h1, first, MAIN_PARAMS, g.time + 30))).toBe(
      'bad-version(0x00000003)',
    );
  });
});

describe('contextual header (regtest, no retargeting)', () => {
  it('requires the parent bits', () => {
    const chain = new TestChain(REGTEST_PARAMS);
    const b = chain.template();
    expect(b.header.bits).toBe(0x207fffff);
    expect(
      outcome(() => contextualCheckBlockHeader(b.header, chain.parent(), REGTEST_PARAMS, chain.now)),
    ).toBe('ok');
    const harder = { ...b.header, bits: 0x207ffffe };
    expect(outcome(() => contextualCheckBlockHeader(harder, chain.parent(), REGTEST_PARAMS, chain.now))).toBe(
      'bad-diffbits',
    );
  });
});

describe('contextual block', () => {
  const params = REGTEST_PARAMS;
  let chain: TestChain;
  let funding: SpendInput;

  beforeAll(() => {
    chain = new TestChain(params);
    chain.extend(12);
    funding = { ...chain.coinbaseInput(1), key: undefined };
  });

  const check = (b: Block) =>
    outcome(() => contextualCheckBlock(b, chain.height + 1, chain.medianTimePast(chain.height), params));
  const payTo = (value: bigint) => [{ value, scriptPubKey: ANYONE }];

  it('accepts a valid block', () => {
    expect(check(chain.template([spend([funding], payTo(1n))]))).toBe('ok');
  });

  it('bad-txns-nonfinal: a height lock time not yet reached', () => {
    const height = chain.height + 1;
    const locked = (locktime: number, sequence = 0xfffffffe) =>
      spend([{ ...funding, sequence }], payTo(1n), { locktime });
    expect(check(chain.template([locked(height - 1)]))).toBe('ok');
    expect(check(chain.template([locked(height)]))).toBe('bad-txns-nonfinal');
    // A final sequence on every input turns the lock time off.
    expect(check(chain.template([locked(height, 0xffffffff)]))).toBe('ok');
  });

  it('bad-txns-nonfinal: a time lock is compared with the median time past (BIP113)', () => {
    const mtp = chain.medianTimePast(chain.height);
    const locked = (locktime: number) => spend([{ ...funding, sequence: 0 }], payTo(1n), { locktime });
    expect(check(chain.template([locked(mtp - 1)]))).toBe('ok');
    // The block's own (later) time does not count.
    expect(check(chain.template([locked(mtp)]))).toBe('bad-txns-nonfinal');
  });

  it('bad-cb-height: the coinbase does not start with the height (BIP34)', () => {
    const b = chain.template();
    const wrong = coinbaseTx(chain.height, b.txs[0]!.outputs);
    expect(check(withMerkleRoot({ ...b, txs: [wrong] }))).toBe('bad-cb-height');
    // Heights 1..16 are OP_1..OP_16, as Core's CScript() << nHeight.
    expect(toHex(coinbaseHeightPrefix(13))).toBe('5d');
    expect(toHex(coinbaseHeightPrefix(17))).toBe('0111');
    expect(toHex(coinbaseHeightPrefix(300))).toBe('022c01');
  });

  /** A spend carrying witness data (validity of the spend is not under test here). */
  const witnessTx = (item: Uint8Array = Uint8Array.of(1)): Transaction => {
    const tx = spend([funding], payTo(1n));
    tx.inputs[0]!.witness = [item];
    return tx;
  };

  it('accepts witness data under a matching commitment', () => {
    expect(check(chain.template([witnessTx()]))).toBe('ok');
  });

  it('bad-witness-nonce-size: the coinbase witness is not one 32-byte item (mutated)', () => {
    const b = chain.template([witnessTx()]);
    const cb = structuredClone(b.txs[0]!);
    cb.inputs[0]!.witness = [new Uint8Array(31)];
    expect(check({ header: b.header, txs: [cb, ...b.txs.slice(1)] })).toBe(
      'bad-witness-nonce-size (mutated)',
    );
  });

  it('bad-witness-merkle-match: a witness changed after the commitment (mutated)', () => {
    const b = chain.template([witnessTx()]);
    const changed = structuredClone(b.txs[1]!);
    changed.inputs[0]!.witness = [Uint8Array.of(2)];
    // The txid, so the header, is unchanged.
    expect(check({ header: b.header, txs: [b.txs[0]!, changed] })).toBe('bad-witness-merkle-match (mutated)');
  });

  it('unexpected-witness: witness data without a commitment (mutated)', () => {
    const plain = chain.template([spend([funding], payTo(1n))]);
    expect(check({ header: plain.header, txs: [plain.txs[0]!, witnessTx()] })).toBe(
      'unexpected-witness (mutated)',
    );
  });

  it('bad-blk-weight: a witness that takes the weight over 4,000,000', () => {
    const b = chain.template([witnessTx(new Uint8Array(3_999_000))]);
    expect(blockWeight(b)).toBeGreaterThan(4_000_000);
    expect(check(b)).toBe('bad-blk-weight');
    const fits = chain.template([witnessTx(new Uint8Array(3_990_000))]);
    expect(blockWeight(fits)).toBeLessThanOrEqual(4_000_000);
    expect(check(fits)).toBe('ok');
  });
});
