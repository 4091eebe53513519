import { beforeAll, describe, expect, it } from 'vitest';
import { checkBlock, checkBlockHeader } from '../../src/consensus/check-block.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { OP_CHECKSIG } from '../../src/script/opcodes.js';
import type { Block } from '../../src/wire/block.js';
import { blockHash } from '../../src/wire/header.js';
import type { Transaction } from '../../src/wire/tx.js';
import { txid, txSize } from '../../src/wire/tx.js';
import {
  ANYONE,
  coinbaseTx,
  type SpendInput,
  spend,
  TestChain,
  unmineHeader,
  withMerkleRoot,
} from '../support/chain-builder.js';
import { outcome } from './helpers.js';

const params = REGTEST_PARAMS;

let chain: TestChain;
let funding: SpendInput;

beforeAll(() => {
  chain = new TestChain(params);
  chain.extend(1);
  funding = { ...chain.coinbaseInput(1), key: undefined };
});

/** A mined block on the tip holding `txs` after the coinbase; `edit` may change it before mining. */
function block(txs: Transaction[] = [], edit: (b: Block) => Block = (b) => b): Block {
  return chain.mine(edit(chain.template(txs)));
}

const payTo = (value: bigint) => [{ value, scriptPubKey: ANYONE }];

describe('checkBlockHeader / checkBlock', () => {
  it('accepts a valid block', () => {
    expect(outcome(() => checkBlock(block(), params))).toBe('ok');
  });

  it('high-hash: the hash misses the target', () => {
    const b = block();
    const bad = { header: unmineHeader(b.header), txs: b.txs };
    expect(outcome(() => checkBlockHeader(bad.header, params))).toBe('high-hash');
    expect(outcome(() => checkBlock(bad, params))).toBe('high-hash');
    expect(outcome(() => checkBlock(bad, params, { checkPow: false }))).toBe('ok');
  });

  it('high-hash: bits above the POW limit', () => {
    const b = block();
    const strict = { powLimit: params.powLimit >> 1n };
    expect(outcome(() => checkBlockHeader(b.header, strict))).toBe('high-hash');
  });

  it('bad-txnmrklroot: the root does not match the transactions (mutated)', () => {
    const b = block();
    const other = { ...b, txs: [coinbaseTx(2, payTo(1n))] };
    expect(outcome(() => checkBlock(other, params))).toBe('bad-txnmrklroot (mutated)');
  });

  it('bad-txns-duplicate: a repeated tail keeps the root (CVE-2012-2459, mutated)', () => {
    const a = spend([funding], payTo(1000n));
    const b2 = spend([{ ...funding, outpoint: { ...funding.outpoint, vout: 1 } }], payTo(1000n));
    const b = block([a, b2]);
    const dup = { header: b.header, txs: [...b.txs, b2] };
    expect(blockHash(dup.header)).toEqual(blockHash(b.header));
    expect(outcome(() => checkBlock(dup, params))).toBe('bad-txns-duplicate (mutated)');
  });

  it('checks the Merkle root over txids the caller passes as over its own', () => {
    const a = spend([funding], payTo(1000n));
    const b2 = spend([{ ...funding, outpoint: { ...funding.outpoint, vout: 1 } }], payTo(1000n));
    const b = block([a, b2]);
    const dup = { header: b.header, txs: [...b.txs, b2] };
    const other = { ...b, txs: [coinbaseTx(2, payTo(1n))] };
    for (const x of [b, dup, other]) {
      const txids = x.txs.map((tx) => txid(tx));
      expect(outcome(() => checkBlock(x, params, { txids }))).toBe(outcome(() => checkBlock(x, params)));
    }
    // The passed txids are what the root is checked against.
    const swapped = [...b.txs.map((tx) => txid(tx))].reverse();
    expect(outcome(() => checkBlock(b, params, { txids: swapped }))).toBe('bad-txnmrklroot (mutated)');
  });

  it('bad-blk-length: no transactions', () => {
    const b = block([], (x) => withMerkleRoot({ ...x, txs: [] }));
    expect(outcome(() => checkBlock(b, params))).toBe('bad-blk-length');
  });

  it('bad-blk-length: stripped size over 1 MB', () => {
    const big = spend([funding], [{ value: 1n, scriptPubKey: new Uint8Array(999_000) }]);
    const b = block([big, spend([funding], [{ value: 1n, scriptPubKey: new Uint8Array(2000) }])]);
    expect(outcome(() => checkBlock(b, params))).toBe('bad-blk-length');
  });

  it('bad-cb-missing: the first transaction is not a coinbase', () => {
    const b = block([], (x) => withMerkleRoot({ ...x, txs: [spend([funding], payTo(1n))] }));
    expect(outcome(() => checkBlock(b, params))).toBe('bad-cb-missing');
  });

  it('bad-cb-multiple: a second coinbase', () => {
    const b = block([coinbaseTx(2, payTo(1n), { tag: Uint8Array.of(9, 9) })]);
    expect(outcome(() => checkBlock(b, params))).toBe('bad-cb-multiple');
  });

  it("a transaction's CheckTransaction reason", () => {
    const negative = spend([funding], [{ value: -1n, scriptPubKey: ANYONE }]);
    expect(outcome(() => checkBlock(block([negative]), params))).toBe('bad-txns-vout-negative');
    const twice = spend([funding, funding], payTo(1n));
    expect(outcome(() => checkBlock(block([twice]), params))).toBe('bad-txns-inputs-duplicate');
    const shortCb = block([], (x) => {
      const cb = coinbaseTx(2, payTo(1n));
      cb.inputs[0]!.scriptSig = Uint8Array.of(0x52);
      return withMerkleRoot({ ...x, txs: [cb] });
    });
    expect(outcome(() => checkBlock(shortCb, params))).toBe('bad-cb-length');
  });

  it('bad-txns-size: a 64-byte transaction (BIP54, mutated: the header may belong to a valid block)', () => {
    // One input with an empty scriptSig and one output: 60 bytes plus the output script.
    const tx64 = spend([funding], [{ value: 1n, scriptPubKey: new Uint8Array(4).fill(ANYONE[0]!) }]);
    expect(txSize(tx64, false)).toBe(64);
    expect(outcome(() => checkBlock(block([tx64]), params))).toBe('bad-txns-size (mutated)');
    const tx65 = spend([funding], [{ value: 1n, scriptPubKey: new Uint8Array(5).fill(ANYONE[0]!) }]);
    expect(outcome(() => checkBlock(block([tx65]), params))).toBe('ok');
  });

  it('bad-blk-sigops: more than 20,000 legacy sigops', () => {
    const checksigs = (n: number) => [{ value: 1n, scriptPubKey: new Uint8Array(n).fill(OP_CHECKSIG) }];
    // The coinbase's P2PKH output holds one: with 19,999 more the block is at the 20,000 limit.
    expect(outcome(() => checkBlock(block([spend([funding], checksigs(19_999))]), params))).toBe('ok');
    expect(outcome(() => checkBlock(block([spend([funding], checksigs(20_000))]), params))).toBe(
      'bad-blk-sigops',
    );
  });
});
