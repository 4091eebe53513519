// invalidateblock / reconsiderblock, gettxoutproof / verifytxoutproof, and -txindex (getindexinfo,
// getrawtransaction of confirmed transactions): bitcoind's names, result shapes and errors.

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { TxIndex, transactionRanges } from '../../src/indexes/tx-index.js';
import { NodeServices } from '../../src/node/services.js';
import { toRpcError } from '../../src/rpc/errors.js';
import { registerNodeMethods } from '../../src/rpc/methods/index.js';
import { RpcMethodRegistry } from '../../src/rpc/registry.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { decodeBlock } from '../../src/wire/block.js';
import { fromHex, hashToHex, hexToHash, toHex } from '../../src/wire/bytes.js';
import { decodeMerkleBlock, encodeMerkleBlock } from '../../src/wire/merkle.js';
import { encodeTx, txid } from '../../src/wire/tx.js';
import { type Json, startTestNode, type TestNode, useTestNode } from './harness.js';

/** Spends the coinbase of the block at `height` (mature, the wallet's) whole to a wallet address. */
async function spendCoinbase(t: TestNode, height: number): Promise<string> {
  const block = await t.call('getblock', await t.call('getblockhash', height));
  const cbid: string = block.tx[0];
  const coin = await t.call('gettxout', cbid, 0);
  const raw = await t.call('createrawtransaction', [{ txid: cbid, vout: 0 }], {
    [await t.call('getnewaddress')]: Number((coin.value - 0.001).toFixed(8)),
  });
  const signed = await t.call('signrawtransactionwithwallet', raw);
  await t.call('sendrawtransaction', signed.hex);
  return cbid;
}

describe('invalidateblock / reconsiderblock', () => {
  const t = useTestNode({ blocks: 110 });

  it('disconnects the block and its descendants, then reconsiderblock brings them back', async () => {
    const tipHash: string = await t.call('getbestblockhash');
    const h105: string = await t.call('getblockhash', 105);
    expect(await t.call('invalidateblock', h105)).toBeNull();
    expect(await t.call('getblockcount')).toBe(104);
    const header = await t.call('getblockheader', h105);
    expect(header.confirmations).toBe(-1);
    const tips: Json[] = await t.call('getchaintips');
    expect(tips).toContainEqual({ height: 110, hash: tipHash, branchlen: 6, status: 'invalid' });
    // A mined block on the new tip extends the shorter chain.
    const [fresh] = await t.call('generatetoaddress', 1, t.addr);
    expect(await t.call('getblockcount')).toBe(105);
    expect(fresh).not.toBe(h105);

    expect(await t.call('reconsiderblock', h105)).toBeNull();
    expect(await t.call('getbestblockhash')).toBe(tipHash);
    expect((await t.call('getchaintips')).find((x: Json) => x.hash === fresh).status).toBe('valid-fork');
  });

  it('puts the transactions of disconnected blocks back in the mempool', async () => {
    const other: string = await t.call('getnewaddress');
    const id: string = await t.call('sendtoaddress', other, 1);
    const [mined] = await t.call('generatetoaddress', 1, t.addr);
    expect(await t.call('getrawmempool')).toEqual([]);
    await t.call('invalidateblock', mined);
    expect(await t.call('getrawmempool')).toEqual([id]);
    await t.call('reconsiderblock', mined);
    expect(await t.call('getbestblockhash')).toBe(mined);
    expect(await t.call('getrawmempool')).toEqual([]);
  });

  it('marks a side block invalid without touching the active chain, and a descendant as failed too', async () => {
    const h100: string = await t.call('getblockhash', 100);
    const tip: string = await t.call('getbestblockhash');
    await t.call('invalidateblock', h100);
    expect(await t.call('getblockcount')).toBe(99);
    // Reconsidering a descendant clears its ancestors' marks as well (Core's ResetBlockFailureFlags).
    await t.call('reconsiderblock', tip);
    expect(await t.call('getbestblockhash')).toBe(tip);
  });

  it("answers bitcoind's errors", async () => {
    const unknown = '11'.repeat(32);
    for (const m of ['invalidateblock', 'reconsiderblock']) {
      const e = await t.fail(m, unknown);
      expect([e.code, e.message]).toEqual([-5, 'Block not found']);
      const bad = await t.fail(m, 'xyz');
      expect(bad.code).toBe(-8);
    }
    const genesis: string = await t.call('getblockhash', 0);
    expect((await t.fail('invalidateblock', genesis)).code).toBe(-20);
  });
});

describe('gettxoutproof / verifytxoutproof', () => {
  const t = useTestNode({ blocks: 101 });

  /** Three wallet payments mined in one block: their txids and the block hash. */
  async function minedPayments(): Promise<{ ids: string[]; block: string }> {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await t.call('sendtoaddress', await t.call('getnewaddress'), 1));
    const [block] = await t.call('generatetoaddress', 1, t.addr);
    return { ids, block };
  }

  it('proves transactions with unspent outputs, found through the UTXO set or in a named block', async () => {
    const { ids, block } = await minedPayments();
    // The last payment's outputs are unspent (the wallet may spend the earlier ones' in the later).
    const proof: string = await t.call('gettxoutproof', [ids[2]]);
    expect(await t.call('verifytxoutproof', proof)).toEqual([ids[2]]);
    const mb = decodeMerkleBlock(fromHex(proof));
    expect(hashToHex(mb.header.prevBlock)).toBe(await t.call('getblockhash', 101));
    expect(mb.tree.numTransactions).toBe(4);
    expect(await t.call('gettxoutproof', [ids[2]], block)).toBe(proof);
    const second: string = await t.call('gettxoutproof', [ids[1]], block);
    expect(await t.call('verifytxoutproof', second)).toEqual([ids[1]]);
    // Several at once come back in block order.
    const both: string = await t.call('gettxoutproof', [ids[2], ids[0]], block);
    const blockTxids = (await t.call('getblock', block)).tx as string[];
    const want = blockTxids.filter((x) => x === ids[0] || x === ids[2]);
    expect(await t.call('verifytxoutproof', both)).toEqual(want);
    // The coinbase, by its block.
    const cb: string = await t.call('gettxoutproof', [blockTxids[0]], block);
    expect(await t.call('verifytxoutproof', cb)).toEqual([blockTxids[0]]);
  });

  it('returns an empty list for a proof that does not commit to its header, and refuses one off the chain', async () => {
    const { ids, block } = await minedPayments();
    const proof: string = await t.call('gettxoutproof', [ids[0]], block);
    const mb = decodeMerkleBlock(fromHex(proof));
    const tampered = { ...mb, tree: { ...mb.tree, hashes: mb.tree.hashes.map((h) => h.slice()) } };
    tampered.tree.hashes[0]![0]! ^= 1;
    expect(await t.call('verifytxoutproof', toHex(encodeMerkleBlock(tampered)))).toEqual([]);
    // A different transaction count than the block's: no match is reported.
    const wrongCount = { ...mb, tree: { ...mb.tree, numTransactions: 3 } };
    expect(await t.call('verifytxoutproof', toHex(encodeMerkleBlock(wrongCount)))).toEqual([]);
    await t.call('invalidateblock', block);
    const e = await t.fail('verifytxoutproof', proof);
    expect([e.code, e.message]).toEqual([-5, 'Block not found in chain']);
    expect((await t.fail('verifytxoutproof', 'zz')).code).toBe(-8);
    expect((await t.fail('verifytxoutproof', '00')).code).toBe(-1);
  });

  it("answers bitcoind's errors", async () => {
    const spent = await spendCoinbase(t, 1);
    const { ids, block } = await minedPayments();
    const dup = await t.fail('gettxoutproof', [ids[0], ids[0]]);
    expect([dup.code, dup.message]).toEqual([-8, `Invalid parameter, duplicated txid: ${ids[0]}`]);
    const unknown = '22'.repeat(32);
    const missing = await t.fail('gettxoutproof', [unknown]);
    expect([missing.code, missing.message]).toEqual([-5, 'Transaction not yet in block']);
    const notThere = await t.fail('gettxoutproof', [ids[0], unknown], block);
    expect([notThere.code, notThere.message]).toEqual([
      -5,
      'Not all transactions found in specified or retrieved block',
    ]);
    const noBlock = await t.fail('gettxoutproof', [ids[0]], unknown);
    expect([noBlock.code, noBlock.message]).toEqual([-5, 'Block not found']);
    expect((await t.fail('gettxoutproof', ['xx'])).code).toBe(-8);
    // A spent transaction has no coin left, and without -txindex nothing else finds its block.
    const gone = await t.fail('gettxoutproof', [spent]);
    expect([gone.code, gone.message]).toEqual([-5, 'Transaction not yet in block']);
    const raw = await t.fail('getrawtransaction', spent);
    expect(raw.message).toBe(
      'No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.',
    );
  });
});

describe('-txindex', () => {
  const t = useTestNode({ blocks: 101, txIndex: true });

  it('getindexinfo reports the index; getrawtransaction finds spent confirmed transactions', async () => {
    await t.node.txIndex!.whenSynced();
    expect(await t.call('getindexinfo')).toEqual({ txindex: { synced: true, best_block_height: 101 } });
    expect(await t.call('getindexinfo', 'txindex')).toEqual({
      txindex: { synced: true, best_block_height: 101 },
    });
    expect(await t.call('getindexinfo', 'coinstatsindex')).toEqual({});

    // The coinbase of block 1, spent: no coin left, found through the index.
    const h1: string = await t.call('getblockhash', 1);
    const cbid = await spendCoinbase(t, 1);
    await t.call('generatetoaddress', 1, t.addr);
    await t.node.txIndex!.whenSynced();
    expect(await t.call('gettxout', cbid, 0)).toBeNull();
    const hex: string = await t.call('getrawtransaction', cbid);
    const block = decodeBlock(fromHex(await t.call('getblock', h1, 0)));
    expect(hex).toBe(toHex(encodeTx(block.txs[0]!)));
    const verbose = await t.call('getrawtransaction', cbid, 1);
    expect(verbose).toMatchObject({ txid: cbid, hex, blockhash: h1, confirmations: 102 });
    expect(verbose.in_active_chain).toBeUndefined();
    expect((await t.call('getrawtransaction', cbid, 1, h1)).in_active_chain).toBe(true);
    // And gettxoutproof, which has no coin to go by.
    const proof: string = await t.call('gettxoutproof', [cbid]);
    expect(await t.call('verifytxoutproof', proof)).toEqual([cbid]);

    const unknown = '33'.repeat(32);
    const e = await t.fail('getrawtransaction', unknown);
    expect([e.code, e.message]).toEqual([
      -5,
      'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.',
    ]);
  });

  it('rewinds over a disconnected block and indexes the new chain', async () => {
    await t.node.txIndex!.whenSynced();
    const [b] = await t.call('generatetoaddress', 1, t.addr);
    const cbid: string = (await t.call('getblock', b)).tx[0];
    await t.node.txIndex!.whenSynced();
    expect(typeof (await t.call('getrawtransaction', cbid))).toBe('string');
    await t.call('invalidateblock', b);
    await t.node.txIndex!.whenSynced();
    expect(t.node.txIndex!.info()).toEqual({ synced: true, best_block_height: 101 });
    expect((await t.fail('getrawtransaction', cbid)).code).toBe(-5);
    await t.call('reconsiderblock', b);
    await t.node.txIndex!.whenSynced();
    expect(typeof (await t.call('getrawtransaction', cbid))).toBe('string');
  });
});

describe('TxIndex', () => {
  it('transactionRanges: the byte range of each transaction of a raw block', async () => {
    const node = await startTestNode();
    try {
      const addr: string = await node.call('getnewaddress');
      await node.call('generatetoaddress', 101, addr);
      await node.call('sendtoaddress', addr, 1);
      const [h] = await node.call('generatetoaddress', 1, addr);
      const raw = fromHex(await node.call('getblock', h, 0));
      const block = decodeBlock(raw);
      const ranges = transactionRanges(raw);
      expect(ranges.map((r) => toHex(r.txid))).toEqual(block.txs.map((x) => toHex(txid(x))));
      for (const [i, r] of ranges.entries()) {
        expect(toHex(raw.subarray(r.offset, r.offset + r.length))).toBe(toHex(encodeTx(block.txs[i]!)));
      }
    } finally {
      await node.close();
    }
  });

  it('catches up in the background from where it stopped, and says so until synced', async () => {
    const node = await startTestNode();
    const log = pino({ level: 'silent' });
    try {
      const addr: string = await node.call('getnewaddress');
      await node.call('generatetoaddress', 120, addr);
      const store = new MemoryStore();
      const index = new TxIndex(store, node.chain, log);
      const services = new NodeServices({ chain: node.chain, log, txIndex: index });
      const registry = new RpcMethodRegistry();
      registerNodeMethods(registry, services);
      index.start();
      // The first step runs at once; the rest after the event loop turns.
      expect(index.info()).toEqual({ synced: false, best_block_height: 49 });
      const deep: string = (await node.call('getblock', await node.call('getblockhash', 110))).tx[0];
      expect(index.find(hexToHash(deep))).toBeUndefined();
      const e = toRpcError(await registry.execute('getrawtransaction', [deep], node.ctx()).catch((x) => x));
      expect([e.code, e.message]).toEqual([
        -5,
        'No such mempool transaction. Blockchain transactions are still in the process of being indexed. Use gettransaction for wallet transactions.',
      ]);
      await index.whenSynced();
      expect(index.info()).toEqual({ synced: true, best_block_height: 120 });
      expect(index.find(hexToHash(deep))).toBeDefined();
      expect(typeof (await registry.execute('getrawtransaction', [deep], node.ctx()))).toBe('string');
      // A second index over the same store resumes at its best block.
      const again = new TxIndex(store, node.chain, log);
      expect(again.info()).toEqual({ synced: false, best_block_height: 120 });
      again.start();
      await again.whenSynced();
      expect(again.info()).toEqual({ synced: true, best_block_height: 120 });
    } finally {
      await node.close();
    }
  });
});
