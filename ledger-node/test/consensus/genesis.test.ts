import { describe, expect, it } from 'vitest';
import { checkBlock } from '../../src/consensus/check-block.js';
import { type ChainName, chainParams } from '../../src/consensus/params.js';
import { checkProofOfWork } from '../../src/consensus/pow.js';
import { GENESIS_MESSAGE } from '../../src/params/genesis.js';
import { decodeBlock, encodeBlock } from '../../src/wire/block.js';
import { hashToHex, toHex } from '../../src/wire/bytes.js';
import { blockHash } from '../../src/wire/header.js';
import { blockMerkleRoot } from '../../src/wire/merkle.js';
import { isCoinbase, txid } from '../../src/wire/tx.js';

// Found by scripts/mine-genesis.ts; any change to the genesis coinbase or header changes these.
const MERKLE_ROOT = '2c24dbf7655ac681d75f7cdc83ae2da3d6ef1306f16f7c47238bc01572e0bf59';
const EXPECTED: Record<ChainName, { hash: string; time: number; bits: number; nonce: number }> = {
  main: {
    hash: '0000002f5a4fe10adb3f15c763795d4d305d15fd739b1b20f17086f67855e407',
    time: 1_795_478_400,
    bits: 0x1e00ffff,
    nonce: 30_274_287,
  },
  test: {
    hash: '00000018e6d27f658e2cd86dcf8b98129c7f0988bbb1d3c582f265c8be91f19d',
    time: 1_795_521_600,
    bits: 0x1e00ffff,
    nonce: 6_497_975,
  },
  regtest: {
    hash: '60564f5a330cf2bb94454aaa2a5811cc22903b47647197cfa8bb374d56f33243',
    time: 1_795_478_400,
    bits: 0x207fffff,
    nonce: 0,
  },
};

describe.each(['main', 'test', 'regtest'] as const)('%s genesis', (name) => {
  const params = chainParams(name);
  const g = params.genesis;
  const want = EXPECTED[name];

  it('has the mined header and hash', () => {
    expect(g.header.time).toBe(want.time);
    expect(g.header.bits).toBe(want.bits);
    expect(g.header.nonce).toBe(want.nonce);
    expect(g.header.version).toBe(1);
    expect(toHex(g.header.prevBlock)).toBe('00'.repeat(32));
    expect(hashToHex(blockHash(g.header))).toBe(want.hash);
    expect(hashToHex(params.genesisHash)).toBe(want.hash);
  });

  it('meets its own bits, at the POW limit', () => {
    expect(g.header.bits).toBe(params.powLimitBits);
    expect(checkProofOfWork(params.genesisHash, g.header.bits, params.powLimit)).toBe(true);
    expect(params.asertAnchor).toEqual({ height: 0, bits: g.header.bits, parentTime: g.header.time - 30 });
  });

  it('commits to its coinbase', () => {
    expect(g.txs.length).toBe(1);
    expect(hashToHex(blockMerkleRoot(g.txs).root)).toBe(MERKLE_ROOT);
    expect(hashToHex(g.header.merkleRoot)).toBe(MERKLE_ROOT);
    expect(hashToHex(txid(g.txs[0]!))).toBe(MERKLE_ROOT);
  });

  it('pays nothing, to an unspendable output, and carries the dated message', () => {
    const cb = g.txs[0]!;
    expect(isCoinbase(cb)).toBe(true);
    expect(cb.outputs).toEqual([{ value: 0n, scriptPubKey: Uint8Array.of(0x6a) }]);
    const scriptSig = new TextDecoder().decode(cb.inputs[0]!.scriptSig);
    expect(scriptSig).toContain(GENESIS_MESSAGE);
    expect(GENESIS_MESSAGE).toMatch(/^FUN AI \d{2}\/[A-Z][a-z]{2}\/\d{4} /);
  });

  it('passes the context-free block checks and round-trips through the codec', () => {
    expect(() => checkBlock(g, params)).not.toThrow();
    expect(decodeBlock(encodeBlock(g))).toEqual(g);
  });
});
