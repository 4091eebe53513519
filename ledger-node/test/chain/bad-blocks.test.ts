// Every block-validity rule, broken once: the block is rejected with its reason and the chain state
// (tip, UTXO set and its hash, stored blocks, undo data, op index) is exactly as before.
import { beforeAll, describe, expect, it } from 'vitest';
import { ChainState } from '../../src/chain/chain-state.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { blockSubsidy } from '../../src/consensus/subsidy.js';
import { COLUMNS } from '../../src/store/kv-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Block } from '../../src/wire/block.js';
import { toHex } from '../../src/wire/bytes.js';
import { blockHash } from '../../src/wire/header.js';
import type { Transaction } from '../../src/wire/tx.js';
import {
  assemble,
  ChainBuilder,
  coinbaseTx,
  signedTx,
  testClock,
  testKey,
} from '../support/chain-builder.js';

const now = testClock();
let store: MemoryStore;
let cs: ChainState;
let b: ChainBuilder;

beforeAll(async () => {
  b = new ChainBuilder();
  for (let i = 0; i < 101; i++) b.next({ coinbaseOutputs: 4 });
  b.next({ spends: 3 });
  store = new MemoryStore();
  cs = await ChainState.openStore(store, REGTEST_PARAMS, { scriptThreads: 0, now });
  for (const blk of b.blocks) expect((await cs.processBlock(blk)).status).toBe('connected');
});

/** Everything the chain state keeps except the block index (where a failed block is marked). */
function snapshot(chain = cs, db = store): string {
  const parts = [chain.getTip().hashHex, chain.utxoSetInfo().muhash];
  for (const c of COLUMNS) {
    if (c === 'index') continue;
    for (const [k, v] of db.scan(c)) parts.push(`${c}:${toHex(k)}=${toHex(v)}`);
  }
  return parts.join('\n');
}

async function expectRejected(block: Block, reason: string | RegExp): Promise<void> {
  const before = snapshot();
  const hashBefore = cs.utxoSetInfo().muhash;
  const r = await cs.processBlock(block);
  expect(r.status).toBe('invalid');
  if (typeof reason === 'string') expect(r.reason).toBe(reason);
  else expect(r.reason).toMatch(reason);
  expect(cs.utxoSetInfo().muhash).toBe(hashBefore);
  expect(snapshot()).toBe(before);
}

const cbValue = () => blockSubsidy(b.height + 1);
const cb = (outs = [{ value: cbValue(), scriptPubKey: testKey(0).p2wpkh }], height = b.height + 1) =>
  coinbaseTx(height, outs, { tag: 0x55, version: 1 });

function spendTx(i = 0): Transaction {
  return b.spend(b.spendable().filter((s) => !s.isCoinbase || b.height + 1 - s.height >= 100)[i]!);
}

describe('context-free rules', () => {
  it('bad proof of work: high-hash', async () => {
    const good = b.build({ spends: 1 });
    const h = { ...good.header };
    do h.nonce++;
    while (blockHash(h)[31]! < 0x80);
    await expectRejected({ ...good, header: h }, 'high-hash');
  });

  it('bad Merkle root (a transaction dropped): bad-txnmrklroot, and the honest block still connects', async () => {
    const good = b.build({ spends: 2 });
    await expectRejected({ ...good, txs: good.txs.slice(0, 2) }, 'bad-txnmrklroot');
    expect((await cs.processBlock(good)).status).toBe('connected');
    b.add(good);
  });

  it('mutated Merkle tree (CVE-2012-2459, last tx repeated): bad-txns-duplicate, honest block still connects', async () => {
    const good = b.build({ spends: 2 }); // coinbase + 2: an odd count, so the tail can be repeated
    expect(good.txs).toHaveLength(3);
    await expectRejected({ ...good, txs: [...good.txs, good.txs[2]!] }, 'bad-txns-duplicate');
    expect((await cs.processBlock(good)).status).toBe('connected');
    b.add(good);
  });

  it('no coinbase first: bad-cb-missing', async () => {
    const tx = spendTx();
    await expectRejected(assemble(b.tipHash, [tx], b.nextTime, { commitment: false }), 'bad-cb-missing');
  });

  it('two coinbases: bad-cb-multiple', async () => {
    await expectRejected(
      assemble(
        b.tipHash,
        [
          cb(),
          coinbaseTx(b.height + 1, [{ value: 1n, scriptPubKey: testKey(1).p2wpkh }], { tag: 9, version: 1 }),
        ],
        b.nextTime,
      ),
      'bad-cb-multiple',
    );
  });

  it('negative output: bad-txns-vout-negative', async () => {
    const coin = b.spendable()[0]!;
    const tx = signedTx([coin], [{ value: -1n, scriptPubKey: testKey(1).p2wpkh }]);
    await expectRejected(b.build({ txs: [tx] }), 'bad-txns-vout-negative');
  });

  it('stripped size over the limit: bad-blk-length', async () => {
    const coin = b.spendable()[0]!;
    const big = signedTx([coin], [{ value: coin.value - 1000n, scriptPubKey: new Uint8Array(1_000_001) }]);
    await expectRejected(b.build({ txs: [big] }), 'bad-blk-length');
  });
});

describe('contextual rules', () => {
  it('timestamp not after the median time past: time-too-old', async () => {
    await expectRejected(b.build({ spends: 1, time: b.medianTimePast }), 'time-too-old');
  });

  it('timestamp over two hours ahead of the clock: time-too-new', async () => {
    await expectRejected(
      b.build({ spends: 1, time: now() + REGTEST_PARAMS.maxFutureBlockTime + 1 }),
      'time-too-new',
    );
  });

  it('wrong difficulty bits: bad-diffbits', async () => {
    await expectRejected(assemble(b.tipHash, [cb()], b.nextTime, { bits: 0x207ffffe }), 'bad-diffbits');
  });

  it('old block version: bad-version', async () => {
    await expectRejected(assemble(b.tipHash, [cb()], b.nextTime, { version: 3 }), 'bad-version(0x00000003)');
  });

  it('coinbase without the height (BIP34): bad-cb-height', async () => {
    await expectRejected(assemble(b.tipHash, [cb(undefined, b.height + 7)], b.nextTime), 'bad-cb-height');
  });

  it('witness data not matching the commitment: bad-witness-merkle-match', async () => {
    const good = b.build({ spends: 1 });
    const tx = good.txs[1]!;
    const altered: Transaction = {
      ...tx,
      inputs: [{ ...tx.inputs[0]!, witness: [...tx.inputs[0]!.witness, Uint8Array.of(1)] }],
    };
    await expectRejected({ ...good, txs: [good.txs[0]!, altered] }, 'bad-witness-merkle-match');
  });

  it('weight over 4,000,000: bad-blk-weight', async () => {
    const tx = spendTx();
    tx.inputs[0]!.witness.push(new Uint8Array(4_000_001));
    await expectRejected(b.build({ txs: [tx] }), 'bad-blk-weight');
  });

  it('non-final transaction: bad-txns-nonfinal', async () => {
    const coin = b.spendable()[0]!;
    // Locked until a later height, with a sequence that does not opt out of the lock.
    const tx = signedTx(
      [coin],
      [{ value: coin.value - 1000n, scriptPubKey: testKey(1).p2wpkh }],
      b.height + 5,
      0,
    );
    await expectRejected(b.build({ txs: [tx] }), 'bad-txns-nonfinal');
  });
});

describe('rules against the UTXO set', () => {
  it('double spend within a block: bad-txns-inputs-missingorspent', async () => {
    const coin = b.spendable()[0]!;
    const t1 = signedTx([coin], [{ value: coin.value - 1000n, scriptPubKey: testKey(1).p2wpkh }]);
    const t2 = signedTx([coin], [{ value: coin.value - 2000n, scriptPubKey: testKey(2).p2wpkh }]);
    await expectRejected(b.build({ txs: [t1, t2] }), 'bad-txns-inputs-missingorspent');
  });

  it('a transaction repeated in a block: bad-txns-inputs-missingorspent', async () => {
    const tx = spendTx();
    await expectRejected(b.build({ txs: [tx, tx] }), 'bad-txns-inputs-missingorspent');
  });

  it('double spend across blocks: bad-txns-inputs-missingorspent', async () => {
    const coin = b.spendable()[0]!;
    const t1 = signedTx([coin], [{ value: coin.value - 1000n, scriptPubKey: testKey(1).p2wpkh }]);
    const first = b.build({ txs: [t1] });
    expect((await cs.processBlock(first)).status).toBe('connected');
    b.add(first);
    const t2 = signedTx([coin], [{ value: coin.value - 2000n, scriptPubKey: testKey(2).p2wpkh }]);
    await expectRejected(b.build({ txs: [t2] }), 'bad-txns-inputs-missingorspent');
  });

  it('inflation (outputs above inputs): bad-txns-in-belowout', async () => {
    const coin = b.spendable()[0]!;
    const tx = signedTx([coin], [{ value: coin.value + 1n, scriptPubKey: testKey(1).p2wpkh }]);
    await expectRejected(b.build({ txs: [tx] }), 'bad-txns-in-belowout');
  });

  it('coinbase claiming more than subsidy + fees: bad-cb-amount', async () => {
    await expectRejected(b.build({ spends: 1, overpay: 1n }), 'bad-cb-amount');
  });

  it('coinbase spent before maturity: bad-txns-premature-spend-of-coinbase', async () => {
    const next = b.height + 1;
    const young = b.coins().find((s) => s.isCoinbase && next - s.height === 99)!;
    expect(young).toBeDefined();
    const tx = signedTx([young], [{ value: young.value - 1000n, scriptPubKey: testKey(1).p2wpkh }]);
    await expectRejected(b.build({ txs: [tx] }), 'bad-txns-premature-spend-of-coinbase');
  });

  it('bad signature: mandatory-script-verify-flag-failed', async () => {
    const tx = spendTx();
    const sig = tx.inputs[0]!.witness[0]!;
    sig[10]! ^= 0x01;
    await expectRejected(b.build({ txs: [tx] }), /^mandatory-script-verify-flag-failed \(/);
  });

  it('a block building on an invalid block: bad-prevblk', async () => {
    const bad = b.build({ spends: 1, overpay: 1n });
    await expectRejected(bad, 'bad-cb-amount');
    const child = new ChainBuilder();
    for (const blk of b.blocks) child.add(blk);
    child.add(bad);
    await expectRejected(child.build({ tag: 1 }), 'bad-prevblk');
  });

  it('after all that, the chain still accepts a valid block', async () => {
    const good = b.build({ spends: 2 });
    expect((await cs.processBlock(good)).status).toBe('connected');
    b.add(good);
  });
});

// With worker threads a block is connected while the script checks of the one before still run
// (ChainState's block in flight): when those fail, the next block's work must vanish with them.
describe.each([
  { name: 'worker pool', scriptThreads: 2 },
  { name: 'inline checks, overlap forced', scriptThreads: 0, overlapBlocks: true },
])('a block failing its scripts while its child is connected ($name)', (opts) => {
  let chain: ChainState;
  let db: MemoryStore;
  let builder: ChainBuilder;

  beforeAll(async () => {
    builder = new ChainBuilder();
    for (const blk of b.blocks) builder.add(blk);
    db = new MemoryStore();
    chain = await ChainState.openStore(db, REGTEST_PARAMS, { ...opts, now });
    for (const blk of builder.blocks) await chain.processBlock(blk);
    expect(chain.getTip().height).toBe(builder.height);
    return () => chain.close();
  });

  it('the failing block and its child are invalid; tip, UTXO set and stored data are as before', async () => {
    const before = snapshot(chain, db);
    const tipBefore = chain.getTip().hashHex;
    const txs = builder
      .spendable()
      .slice(0, 3)
      .map((c) => builder.spend(c));
    const last = txs[txs.length - 1]!;
    last.inputs[last.inputs.length - 1]!.witness[0]![10]! ^= 0x01;
    const bad = builder.build({ txs });
    const child = new ChainBuilder();
    for (const blk of builder.blocks) child.add(blk);
    child.add(bad);
    const next = child.build({ spends: 2 });
    const connected: string[] = [];
    const onConnected = (e: { entry: { hashHex: string } }) => connected.push(e.entry.hashHex);
    chain.on('connected', onConnected);
    // Handed over together, as a download does: the child is connected before the parent's verdict.
    const [r1, r2] = await Promise.all([chain.processBlock(bad), chain.processBlock(next)]);
    chain.off('connected', onConnected);
    expect(r1.status).toBe('invalid');
    expect(r1.reason).toMatch(/^mandatory-script-verify-flag-failed \(/);
    expect(r2).toMatchObject({ status: 'invalid', reason: 'bad-prevblk' });
    expect(connected).toEqual([]);
    expect(chain.getTip().hashHex).toBe(tipBefore);
    expect(snapshot(chain, db)).toBe(before);
    for (const tx of txs) for (const input of tx.inputs) expect(chain.getCoin(input.prevout)).toBeDefined();
  });

  it('a valid chain handed over three blocks at a time connects, each block reported connected', async () => {
    const blocks: Block[] = [];
    const ahead = new ChainBuilder();
    for (const blk of builder.blocks) ahead.add(blk);
    for (let i = 0; i < 6; i++) blocks.push(ahead.add(ahead.build({ spends: 2 })));
    const results = await Promise.all(blocks.map((blk) => chain.processBlock(blk)));
    expect(results.map((r) => r.status)).toEqual(blocks.map(() => 'connected'));
    expect(chain.getTip().hashHex).toBe(toHex(blockHash(blocks[5]!.header).slice().reverse()));
    const reference = await ChainState.openStore(new MemoryStore(), REGTEST_PARAMS, {
      scriptThreads: 0,
      now,
    });
    for (const blk of ahead.blocks) await reference.processBlock(blk);
    expect(chain.utxoSetInfo()).toEqual(reference.utxoSetInfo());
    await reference.close();
  });
});
