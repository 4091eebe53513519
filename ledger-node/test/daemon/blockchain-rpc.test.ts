import { describe, expect, it } from 'vitest';
import { blockSubsidy } from '../../src/consensus/subsidy.js';
import { decodeBlock } from '../../src/wire/block.js';
import { fromHex, hashToHex } from '../../src/wire/bytes.js';
import { blockHash, decodeHeader } from '../../src/wire/header.js';
import { useTestNode } from './harness.js';

const t = useTestNode();

describe('chain queries', () => {
  it('reports the genesis chain, then the blocks generatetoaddress mines', async () => {
    const info = await t.call('getblockchaininfo');
    expect(info.chain).toBe('regtest');
    expect(info.blocks).toBe(0);
    expect(info.bestblockhash).toBe(hashToHex(t.chain.params.genesisHash));
    expect(info.chainwork).toMatch(/^[0-9a-f]{64}$/);

    const hashes: string[] = await t.call('generatetoaddress', 3, t.addr);
    expect(hashes).toHaveLength(3);
    expect(await t.call('getblockcount')).toBe(3);
    expect(await t.call('getbestblockhash')).toBe(hashes[2]);
    expect(await t.call('getblockhash', 2)).toBe(hashes[1]);
    const after = await t.call('getblockchaininfo');
    expect(after.blocks).toBe(3);
    expect(BigInt(`0x${after.chainwork}`)).toBeGreaterThan(BigInt(`0x${info.chainwork}`));
  });

  it('answers a height out of range with RPC_INVALID_PARAMETER', async () => {
    const e = await t.fail('getblockhash', 1);
    expect(e.code).toBe(-8);
    expect(e.message).toBe('Block height out of range');
    expect((await t.fail('getblockhash', -1)).code).toBe(-8);
  });

  it('serves a header as JSON and as 80 bytes of hex, with its neighbours', async () => {
    const [h1, h2] = await t.call('generatetoaddress', 2, t.addr);
    const json = await t.call('getblockheader', h1);
    expect(json.hash).toBe(h1);
    expect(json.height).toBe(1);
    expect(json.confirmations).toBe(2);
    expect(json.nextblockhash).toBe(h2);
    expect(json.previousblockhash).toBe(hashToHex(t.chain.params.genesisHash));
    const hex: string = await t.call('getblockheader', h1, false);
    expect(hex).toHaveLength(160);
    expect(hashToHex(blockHash(decodeHeader(fromHex(hex))))).toBe(h1);
    const missing = await t.fail('getblockheader', '00'.repeat(32));
    expect([missing.code, missing.message]).toEqual([-5, 'Block not found']);
  });

  it('serves a block at verbosity 0, 1 and 2 (with fees from the undo data)', async () => {
    await t.call('generatetoaddress', 101, t.addr);
    const other = await t.call('getnewaddress');
    const txid: string = await t.call('sendtoaddress', other, 1);
    const [hash] = await t.call('generatetoaddress', 1, t.addr);

    const raw: string = await t.call('getblock', hash, 0);
    const block = decodeBlock(fromHex(raw));
    expect(hashToHex(blockHash(block.header))).toBe(hash);

    const v1 = await t.call('getblock', hash);
    expect(v1.tx).toHaveLength(2);
    expect(v1.tx[1]).toBe(txid);
    expect(v1.nTx).toBe(2);
    expect(v1.weight).toBeGreaterThan(v1.strippedsize);

    const v2 = await t.call('getblock', hash, 2);
    expect(v2.tx[1].txid).toBe(txid);
    expect(v2.tx[1].fee).toBeGreaterThan(0);
    expect(v2.tx[0].fee).toBeUndefined();
    const coinbaseOut = v2.tx[0].vout.reduce((s: number, o: { value: number }) => s + o.value, 0);
    expect(coinbaseOut * 1e8).toBeCloseTo(Number(blockSubsidy(102)) + v2.tx[1].fee * 1e8, 0);
    // Booleans are accepted as bitcoind's old verbose flag.
    expect((await t.call('getblock', hash, false)) as string).toBe(raw);
  });

  it('lists chain tips and the difficulty', async () => {
    await t.call('generatetoaddress', 2, t.addr);
    const tips = await t.call('getchaintips');
    expect(tips).toEqual([
      { height: 2, hash: await t.call('getbestblockhash'), branchlen: 0, status: 'active' },
    ]);
    expect(await t.call('getdifficulty')).toBeCloseTo(4.656542373906925e-10, 20);
  });
});

describe('UTXO queries', () => {
  it('gettxout sees confirmed coins, mempool outputs and mempool spends', async () => {
    const [h1] = await t.call('generatetoaddress', 101, t.addr);
    const cb = (await t.call('getblock', h1)).tx[0];
    const coin = await t.call('gettxout', cb, 0);
    expect(coin.coinbase).toBe(true);
    expect(coin.confirmations).toBe(101);
    expect(coin.value).toBe(1.5);
    expect(coin.scriptPubKey.address).toBe(t.addr);

    const dest = await t.call('getnewaddress');
    const txid: string = await t.call('sendtoaddress', dest, 1);
    // The wallet spent the only mature coin: it is gone with the mempool included, there without.
    expect(await t.call('gettxout', cb, 0)).toBeNull();
    expect((await t.call('gettxout', cb, 0, false)).value).toBe(1.5);
    const entry = await t.call('getrawtransaction', txid, true);
    const n = entry.vout.findIndex(
      (o: { scriptPubKey: { address?: string } }) => o.scriptPubKey.address === dest,
    );
    const unconfirmed = await t.call('gettxout', txid, n);
    expect(unconfirmed.confirmations).toBe(0);
    expect(unconfirmed.value).toBe(1);
    expect(await t.call('gettxout', txid, n, false)).toBeNull();
  });

  it('gettxoutsetinfo counts the set and its MuHash changes with it', async () => {
    await t.call('generatetoaddress', 2, t.addr);
    const a = await t.call('gettxoutsetinfo');
    expect(a.height).toBe(2);
    expect(a.txouts).toBe(2);
    expect(a.total_amount).toBe(3);
    expect(a.muhash).toMatch(/^[0-9a-f]{64}$/);
    await t.call('generatetoaddress', 1, t.addr);
    const b = await t.call('gettxoutsetinfo', 'muhash');
    expect(b.txouts).toBe(3);
    expect(b.muhash).not.toBe(a.muhash);
    expect((await t.call('gettxoutsetinfo', 'none')).muhash).toBeUndefined();
    expect((await t.fail('gettxoutsetinfo', 'hash_serialized_3')).code).toBe(-8);
    expect((await t.fail('gettxoutsetinfo', 'muhash', 1)).message).toMatch(/coinstatsindex/);
  });

  it('getblockstats computes fees and sizes from the block and its undo data', async () => {
    await t.call('generatetoaddress', 101, t.addr);
    await t.call('sendtoaddress', await t.call('getnewaddress'), 0.5);
    const [hash] = await t.call('generatetoaddress', 1, t.addr);
    const stats = await t.call('getblockstats', 102);
    const block = await t.call('getblock', hash, 2);
    expect(stats.blockhash).toBe(hash);
    expect(stats.txs).toBe(2);
    expect(stats.ins).toBe(1);
    expect(stats.totalfee).toBe(Math.round(block.tx[1].fee * 1e8));
    expect(stats.total_size).toBe(block.tx[1].size);
    expect(stats.swtxs).toBe(1);
    expect(stats.feerate_percentiles).toHaveLength(5);
    expect(await t.call('getblockstats', hash, ['height', 'txs'])).toEqual({ height: 102, txs: 2 });
    expect((await t.fail('getblockstats', 102, ['nosuch'])).message).toBe(
      "Invalid selected statistic 'nosuch'",
    );
    expect((await t.fail('getblockstats', 500)).code).toBe(-8);
  });
});

describe('waiting for blocks', () => {
  it('waitfornewblock and waitforblockheight return once the tip moves', async () => {
    const waiting = t.call('waitfornewblock', 0);
    const height = t.call('waitforblockheight', 2, 0);
    const [h1] = await t.call('generatetoaddress', 1, t.addr);
    expect(await waiting).toEqual({ hash: h1, height: 1 });
    const [h2] = await t.call('generatetoaddress', 1, t.addr);
    expect(await height).toEqual({ hash: h2, height: 2 });
  });

  it('returns the current tip when the timeout passes', async () => {
    const tip = await t.call('getbestblockhash');
    expect(await t.call('waitfornewblock', 50)).toEqual({ hash: tip, height: 0 });
    expect(await t.call('waitforblock', '11'.repeat(32), 50)).toEqual({ hash: tip, height: 0 });
  });

  it('gives up when the client goes away', async () => {
    const abort = new AbortController();
    const pending = t.registry.execute('waitforblockheight', [1000], t.ctx(abort.signal));
    abort.abort();
    expect(await pending).toEqual({ hash: await t.call('getbestblockhash'), height: 0 });
  });
});
