import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BlockEvent, ChainStateOptions } from '../../src/chain/chain-state.js';
import { ChainState } from '../../src/chain/chain-state.js';
import { outPointKey } from '../../src/chain/coin.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { sha256 } from '../../src/crypto/hash.js';
import { funaiOpOutput } from '../../src/funai/envelope.js';
import { FUNAI_OP } from '../../src/funai/ops.js';
import { openChainStateDir } from '../../src/node/chainstate-dir.js';
import { DataDir, DataDirError } from '../../src/node/datadir.js';
import type { KVStore } from '../../src/store/kv-store.js';
import { WriteBatch } from '../../src/store/kv-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Block } from '../../src/wire/block.js';
import { hashToHex, toHex } from '../../src/wire/bytes.js';
import { blockHash } from '../../src/wire/header.js';
import { txid } from '../../src/wire/tx.js';
import { ChainBuilder, signedTx, testClock, testKey } from '../support/chain-builder.js';

const OPTS: ChainStateOptions = { scriptThreads: 0, now: testClock() };

function open(store: KVStore = new MemoryStore(), opts: ChainStateOptions = {}): Promise<ChainState> {
  return ChainState.openStore(store, REGTEST_PARAMS, { ...OPTS, ...opts });
}

async function feed(cs: ChainState, blocks: readonly Block[]): Promise<string[]> {
  const out: string[] = [];
  for (const b of blocks) out.push((await cs.processBlock(b)).status);
  return out;
}

/** The UTXO-set hash a node reaches from genesis on exactly these blocks. */
async function referenceHash(blocks: readonly Block[]): Promise<string> {
  const cs = await open();
  await feed(cs, blocks);
  const h = cs.utxoSetInfo().muhash;
  await cs.close();
  return h;
}

/** A builder past coinbase maturity with coins to spend. */
function matureBuilder(extra = 0): ChainBuilder {
  const b = new ChainBuilder();
  for (let i = 0; i < 101; i++) b.next({ coinbaseOutputs: 4 });
  for (let i = 0; i < extra; i++) b.next({ spends: 3 });
  return b;
}

// Building the mature prefix signs nothing but takes a moment; share it.
const base = matureBuilder(2);

describe('a fresh chain state', () => {
  it('starts at genesis with an empty UTXO set', async () => {
    const cs = await open();
    const tip = cs.getTip();
    expect(tip.height).toBe(0);
    expect(toHex(tip.hash)).toBe(toHex(REGTEST_PARAMS.genesisHash));
    expect(toHex(cs.getBlockHash(0)!)).toBe(toHex(REGTEST_PARAMS.genesisHash));
    const info = cs.utxoSetInfo();
    expect(info.txouts).toBe(0);
    expect(info.totalAmount).toBe(0n);
    // The empty set's MuHash is SHA-256 of the number 1 (384 bytes, little-endian), as Core's.
    const one = new Uint8Array(384);
    one[0] = 1;
    expect(info.muhash).toBe(hashToHex(sha256(one)));
    expect(cs.getFunaiOps(0)?.ops).toEqual([]);
    await cs.close();
  });
});

describe('connecting blocks', () => {
  it('connects a chain, keeps the UTXO set and emits events', async () => {
    const cs = await open();
    const connected: number[] = [];
    const tips: number[] = [];
    cs.on('connected', (e: BlockEvent) => connected.push(e.entry.height));
    cs.on('tip', (t) => tips.push(t.height));
    const statuses = await feed(cs, base.blocks);
    expect(statuses.every((s) => s === 'connected')).toBe(true);
    expect(cs.getTip().height).toBe(103);
    expect(connected).toEqual(base.blocks.map((_, i) => i + 1));
    expect(tips.length).toBe(103);

    // Every wallet coin the builder tracks is in the set, with its height and coinbase flag.
    const info = cs.utxoSetInfo();
    expect(info.height).toBe(103);
    expect(info.bestBlock).toBe(hashToHex(base.tipHash));
    let coins = 0;
    for (const s of base.spendable()) {
      const c = cs.getCoin(s.outpoint)!;
      expect(c.output.value).toBe(s.value);
      expect(c.height).toBe(s.height);
      expect(c.isCoinbase).toBe(s.isCoinbase);
      coins++;
    }
    expect(coins).toBeGreaterThan(0);
    // 103 coinbases of 1.5 FAI each; fees go back to the miner.
    expect(info.totalAmount).toBe(103n * 150_000_000n);
    // A spent coin is gone.
    const spentTx = base.blocks[101]!.txs[1]!;
    expect(cs.getCoin(spentTx.inputs[0]!.prevout)).toBeUndefined();

    const h = cs.getHeader(base.blocks[50]!.header.prevBlock)!;
    expect(h.height).toBe(50);
    expect(h.inActiveChain).toBe(true);
    expect(h.confirmations).toBe(54);
    expect(h.haveData).toBe(true);
    expect(cs.getBlock(blockHash(base.blocks[101]!.header))!.txs.length).toBe(4);
    expect(cs.getBlockUndo(blockHash(base.blocks[101]!.header))!.length).toBe(3);
    await cs.close();
  });

  it('reports duplicates', async () => {
    const cs = await open();
    await feed(cs, base.blocks.slice(0, 3));
    expect((await cs.processBlock(base.blocks[1]!)).status).toBe('duplicate');
    await cs.close();
  });

  it('spends outputs created earlier in the same block', async () => {
    const b = base.fork(103);
    const coin = b.spendable()[0]!;
    const parent = b.spend(coin);
    const id = txid(parent);
    const key = testKey(0);
    const firstOut = {
      outpoint: { txid: id, vout: 0 },
      value: parent.outputs[0]!.value,
      key: findKeyFor(parent.outputs[0]!.scriptPubKey),
      height: 104,
      isCoinbase: false,
    };
    const childTx = signedTx([firstOut], [{ value: firstOut.value - 500n, scriptPubKey: key.p2wpkh }]);
    const block = b.next({ txs: [parent, childTx] });
    const cs = await open();
    await feed(cs, base.blocks);
    const r = await cs.processBlock(block);
    expect(r.status).toBe('connected');
    expect(cs.getCoin({ txid: id, vout: 0 })).toBeUndefined();
    expect(cs.getCoin({ txid: id, vout: 1 })).toBeDefined();
    expect(cs.getCoin({ txid: txid(childTx), vout: 0 })!.output.value).toBe(firstOut.value - 500n);
    expect(cs.utxoSetInfo().muhash).toBe(await referenceHash([...base.blocks, block]));
    await cs.close();
  });
});

function findKeyFor(script: Uint8Array) {
  for (let i = 0; i < 8; i++) if (toHex(testKey(i).p2wpkh) === toHex(script)) return testKey(i);
  throw new Error('unknown key');
}

describe('reorganizations', () => {
  it('switches to a heavier branch, and ends with the same UTXO set as a node that only saw it', async () => {
    const a = base.fork(103);
    const b = base.fork(101);
    for (let i = 0; i < 3; i++) a.next({ spends: 2 });
    for (let i = 0; i < 6; i++) b.next({ spends: 1, tag: 7 });
    const cs = await open();
    await feed(cs, a.blocks);
    const disconnected: number[] = [];
    cs.on('disconnected', (e) => disconnected.push(e.entry.height));
    const statuses = await feed(cs, b.blocks.slice(101));
    // b's blocks 102..106 have no more work than a's 106-block chain; 107 is heavier.
    expect(statuses).toEqual([
      'side-chain',
      'side-chain',
      'side-chain',
      'side-chain',
      'side-chain',
      'connected',
    ]);
    expect(cs.getTip().height).toBe(107);
    expect(hashToHex(cs.getBlockHash(107)!)).toBe(hashToHex(b.tipHash));
    expect(disconnected).toEqual([106, 105, 104, 103, 102]);
    expect(cs.utxoSetInfo().muhash).toBe(await referenceHash(b.blocks));

    const tips = cs.getChainTips();
    expect(tips[0]).toMatchObject({ height: 107, status: 'active', branchLength: 0 });
    expect(tips).toContainEqual({
      height: 106,
      hash: hashToHex(a.tipHash),
      branchLength: 5,
      status: 'valid-fork',
    });
    await cs.close();
  });

  it('keeps the first-seen chain at equal work', async () => {
    const a = base.fork(103);
    const b = base.fork(102);
    a.next({ spends: 1 });
    b.next({ tag: 1 });
    b.next({ tag: 1 });
    const cs = await open();
    await feed(cs, a.blocks);
    expect(await feed(cs, b.blocks.slice(102))).toEqual(['side-chain', 'side-chain']);
    expect(hashToHex(cs.getTip().hash)).toBe(hashToHex(a.tipHash));
    await cs.close();
  });

  it('falls back to the old chain when the heavier branch has an invalid block, marking its descendants', async () => {
    const a = base.fork(103);
    a.next({ spends: 1 });
    a.next({ spends: 1 });
    const before = await referenceHash(a.blocks);
    const b = base.fork(102);
    b.next({ tag: 2 });
    const bad = b.next({ tag: 2, overpay: 1n }); // bad-cb-amount, found only when connecting
    b.next({ tag: 2 });
    const last = b.next({ tag: 2 });
    const cs = await open();
    await feed(cs, a.blocks);
    const results = [];
    for (const blk of b.blocks.slice(102)) results.push(await cs.processBlock(blk));
    expect(results.map((r) => r.status)).toEqual(['side-chain', 'side-chain', 'side-chain', 'invalid']);
    expect(results[3]!.reason).toBe('bad-prevblk');
    expect(hashToHex(cs.getTip().hash)).toBe(hashToHex(a.tipHash));
    expect(cs.utxoSetInfo().muhash).toBe(before);
    const badInfo = cs.getHeader(blockHash(bad.header))!;
    expect(badInfo.failed).toBe(true);
    expect(cs.getHeader(blockHash(last.header))!.failed).toBe(true);
    expect(cs.getChainTips().find((t) => t.hash === hashToHex(blockHash(last.header)))?.status).toBe(
      'invalid',
    );
    // Sent again, the invalid block is refused at once.
    expect((await cs.processBlock(bad)).status).toBe('invalid');
    await cs.close();
  });
});

describe('orphans and headers-first', () => {
  it('holds an orphan until its parent arrives, then connects both', async () => {
    const cs = await open();
    await feed(cs, base.blocks.slice(0, 10));
    expect((await cs.processBlock(base.blocks[11]!)).status).toBe('orphan');
    expect((await cs.processBlock(base.blocks[12]!)).status).toBe('orphan');
    expect(cs.orphanCount).toBe(2);
    expect(cs.getTip().height).toBe(10);
    expect((await cs.processBlock(base.blocks[10]!)).status).toBe('connected');
    expect(cs.getTip().height).toBe(13);
    expect(cs.orphanCount).toBe(0);
    await cs.close();
  });

  it('bounds the orphan pool', async () => {
    const cs = await open(new MemoryStore(), { orphanLimits: { maxBlocks: 3, maxBytes: 1 << 20 } });
    for (const blk of base.blocks.slice(5, 15)) expect((await cs.processBlock(blk)).status).toBe('orphan');
    expect(cs.orphanCount).toBe(3);
    await cs.close();
  });

  it('accepts headers first, then blocks in any order', async () => {
    const cs = await open();
    const headers = base.blocks.slice(0, 20).map((b) => b.header);
    const r = await cs.processHeaders(headers);
    expect(r).toEqual({ accepted: 20 });
    expect((await cs.processHeaders(headers)).accepted).toBe(0);
    expect(cs.getBestHeader().height).toBe(20);
    expect(cs.getTip().height).toBe(0);
    const h5 = cs.getHeader(blockHash(base.blocks[4]!.header))!;
    expect(h5.haveData).toBe(false);
    expect(cs.getChainTips()).toContainEqual(expect.objectContaining({ height: 20, status: 'headers-only' }));
    // Blocks 3, 2 arrive before 1: stored, waiting for their ancestors' data.
    expect((await cs.processBlock(base.blocks[2]!)).status).toBe('side-chain');
    expect((await cs.processBlock(base.blocks[1]!)).status).toBe('side-chain');
    expect(cs.getTip().height).toBe(0);
    expect((await cs.processBlock(base.blocks[0]!)).status).toBe('connected');
    expect(cs.getTip().height).toBe(3);
    const missing = await cs.processHeaders([base.blocks[30]!.header]);
    expect(missing.missingParent).toBe(hashToHex(base.blocks[30]!.header.prevBlock));
    await cs.close();
  });

  it('rejects a header with bad proof of work and stops there', async () => {
    const cs = await open();
    const h = { ...base.blocks[0]!.header };
    // Find a nonce whose hash misses regtest's target (about half do).
    while (true) {
      h.nonce++;
      const v = blockHash(h);
      if (v[31]! >= 0x80) break;
    }
    const r = await cs.processHeaders([h, base.blocks[1]!.header]);
    expect(r.accepted).toBe(0);
    expect(r.invalid?.reason).toBe('high-hash');
    await cs.close();
  });
});

describe('FUN AI op index', () => {
  it('records each block’s ops with txid, vout and outputs, and follows reorgs', async () => {
    const a = base.fork(103);
    const coin = a.spendable()[0]!;
    const op = { op: FUNAI_OP.BID, version: 1, body: Uint8Array.of(1, 2, 3) };
    const payTo = testKey(1).p2wpkh;
    const opTx = signedTx(
      [coin],
      [
        { value: 5000n, scriptPubKey: payTo },
        funaiOpOutput(op),
        { value: coin.value - 6000n, scriptPubKey: testKey(2).p2wpkh },
      ],
    );
    a.next({ txs: [opTx] });
    const cs = await open();
    await feed(cs, a.blocks);
    const ops = cs.getFunaiOps(104)!;
    expect(toHex(ops.blockHash)).toBe(toHex(a.tipHash));
    expect(ops.ops).toHaveLength(1);
    const o = ops.ops[0]!;
    expect(o.txIndex).toBe(1);
    expect(toHex(o.txid)).toBe(toHex(txid(opTx)));
    expect(o.vout).toBe(1);
    expect(o.op).toEqual(op);
    expect(o.outputs.map((x) => x.value)).toEqual([5000n, 0n, coin.value - 6000n]);
    expect(toHex(o.outputs[0]!.scriptPubKey)).toBe(toHex(payTo));
    expect(cs.getFunaiOps(103)!.ops).toEqual([]);
    expect(cs.getFunaiOps(105)).toBeUndefined();

    // A heavier branch without the op replaces the entry at that height.
    const b = base.fork(103);
    b.next({ tag: 9 });
    b.next({ tag: 9 });
    await feed(cs, b.blocks.slice(103));
    expect(cs.getFunaiOps(104)!.ops).toEqual([]);
    expect(toHex(cs.getFunaiOps(104)!.blockHash)).toBe(toHex(blockHash(b.blocks[103]!.header)));
    await cs.close();
  });
});

describe('locators', () => {
  it('builds a locator and finds the fork of a peer’s', async () => {
    const cs = await open();
    await feed(cs, base.blocks.slice(0, 40));
    const loc = cs.getLocator();
    expect(toHex(loc[0]!)).toBe(toHex(cs.getTip().hash));
    expect(toHex(loc[loc.length - 1]!)).toBe(toHex(REGTEST_PARAMS.genesisHash));
    const peer = base.blocks
      .slice(0, 25)
      .map((b) => blockHash(b.header))
      .reverse();
    expect(cs.findFork(peer).height).toBe(25);
    expect(cs.findFork([new Uint8Array(32)]).height).toBe(0);
    await cs.close();
  });
});

describe('persistence and recovery', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it('reopens a RocksDB data directory with the same tip and UTXO set; a second daemon is locked out', async () => {
    const root = mkdtempSync(join(tmpdir(), 'funai-chain-'));
    roots.push(root);
    const cs = await openChainStateDir(root, REGTEST_PARAMS, undefined, OPTS);
    await feed(cs, base.blocks);
    const info = cs.utxoSetInfo();
    await expect(openChainStateDir(root, REGTEST_PARAMS, undefined, OPTS)).rejects.toBeInstanceOf(
      DataDirError,
    );
    await cs.close();
    const again = await openChainStateDir(root, REGTEST_PARAMS, undefined, OPTS);
    expect(again.getTip().height).toBe(103);
    expect(again.utxoSetInfo()).toEqual(info);
    expect((await again.processBlock(base.blocks[50]!)).status).toBe('duplicate');
    await again.close();
  });

  it('uses a data directory the caller holds, leaving its lock to the caller', async () => {
    const root = mkdtempSync(join(tmpdir(), 'funai-chain-'));
    roots.push(root);
    const dir = DataDir.open(root, 'regtest', hashToHex(REGTEST_PARAMS.genesisHash));
    const cs = await openChainStateDir(dir, REGTEST_PARAMS, undefined, OPTS);
    await feed(cs, base.blocks.slice(0, 3));
    await cs.close();
    expect(() => DataDir.open(root, 'regtest', hashToHex(REGTEST_PARAMS.genesisHash))).toThrow(DataDirError);
    dir.release();
    const again = await openChainStateDir(root, REGTEST_PARAMS, undefined, OPTS);
    expect(again.getTip().height).toBe(3);
    await again.close();
  });

  it('keeps side branches and invalid marks across restarts', async () => {
    const store = new MemoryStore();
    const a = base.fork(103);
    const b = base.fork(102);
    b.next({ tag: 3 });
    const bad = b.next({ tag: 3, overpay: 5n });
    b.next({ tag: 3 });
    const cs = await open(store);
    await feed(cs, a.blocks);
    await feed(cs, b.blocks.slice(102));
    expect(cs.getHeader(blockHash(bad.header))!.failed).toBe(true);
    // Reopen over the same store (the first instance is simply abandoned, as after a crash).
    const again = await open(store);
    expect(hashToHex(again.getTip().hash)).toBe(hashToHex(a.tipHash));
    expect(again.getHeader(blockHash(bad.header))!.failed).toBe(true);
    expect((await again.processBlock(bad)).status).toBe('invalid');
  });

  it('repairs a UTXO set that disagrees with the last blocks from undo data', async () => {
    const store = new MemoryStore();
    const cs = await open(store);
    await feed(cs, base.blocks);
    const good = cs.utxoSetInfo();
    // Tear the tip block's write: one created output lost, one spent coin back.
    const tip = base.blocks[102]!;
    const created = { txid: txid(tip.txs[1]!), vout: 0 };
    const spent = tip.txs[2]!.inputs[0]!.prevout;
    const undo = cs.getBlockUndo(blockHash(tip.header))!;
    const { encodeCoin } = await import('../../src/chain/coin.js');
    store.write(
      new WriteBatch()
        .del('utxo', outPointKey(created))
        .put('utxo', outPointKey(spent), encodeCoin(undo[1]![0]!)),
    );
    expect(cs.utxoSetInfo().muhash).not.toBe(good.muhash);

    const again = await open(store);
    expect(again.getTip().height).toBe(103);
    expect(again.utxoSetInfo()).toEqual(good);
  });
});

describe('invalidateBlock / reconsiderBlock', () => {
  it('disconnects to the parent, prefers a fork that was pruned, and both marks survive a restart', async () => {
    const store = new MemoryStore();
    const a = base.fork(103);
    const b = base.fork(101);
    b.next({ tag: 5 });
    const cs = await open(store);
    await feed(cs, a.blocks);
    await feed(cs, b.blocks.slice(101));
    expect(cs.getTip().height).toBe(103);
    const at102 = a.blocks[101]!; // heights start at 1: index 101 is height 102
    await cs.invalidateBlock(blockHash(at102.header));
    // The fork at 102 (less work than the old tip, pruned then) is the best valid chain now.
    expect(hashToHex(cs.getTip().hash)).toBe(hashToHex(b.tipHash));
    expect(cs.getHeader(blockHash(at102.header))!.failed).toBe(true);
    expect(cs.getHeader(a.tipHash)!.failed).toBe(true);
    expect((await cs.processBlock(at102)).status).toBe('invalid');

    const again = await open(store);
    expect(hashToHex(again.getTip().hash)).toBe(hashToHex(b.tipHash));
    expect(again.getHeader(blockHash(at102.header))!.failed).toBe(true);
    await again.reconsiderBlock(blockHash(at102.header));
    expect(hashToHex(again.getTip().hash)).toBe(hashToHex(a.tipHash));
    expect(again.getHeader(a.tipHash)!.failed).toBe(false);
    const third = await open(store);
    expect(hashToHex(third.getTip().hash)).toBe(hashToHex(a.tipHash));
    await expect(third.invalidateBlock(new Uint8Array(32))).rejects.toThrow('unknown block');
    await expect(third.invalidateBlock(REGTEST_PARAMS.genesisHash)).rejects.toThrow('Genesis');
  });

  it('a block that breaks a rule stays invalid when reconsidered', async () => {
    const b = base.fork(102);
    const bad = b.next({ tag: 3, overpay: 5n });
    const cs = await open();
    await feed(cs, base.blocks.slice(0, 102));
    expect((await cs.processBlock(bad)).status).toBe('invalid');
    // Its data was not kept: reconsidering only clears the mark until the block comes again.
    expect(cs.getHeader(blockHash(bad.header))!.haveData).toBe(false);
    await cs.reconsiderBlock(blockHash(bad.header));
    expect(cs.getHeader(blockHash(bad.header))!.failed).toBe(false);
    expect(cs.getTip().height).toBe(102);
    expect((await cs.processBlock(bad)).status).toBe('invalid');
    expect(cs.getTip().height).toBe(102);
    await cs.close();
  });
});
