import { afterAll, describe, expect, test } from 'vitest';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import type { Block } from '../../src/wire/block.js';
import { ChainBuilder } from '../chain/fixtures/chain-builder.js';
import { FakePeer } from './fake-peer.js';
import type { TestNode } from './helpers.js';
import { connect, feed, startNode, stopAll, stopNode, tipHeight, waitFor } from './helpers.js';

const stallers: FakePeer[] = [];
afterAll(async () => {
  for (const f of stallers) await f.stop();
  await stopAll();
});

/** 300 blocks; from height 101 on, each spends two matured coinbase outputs. */
function chainOf(n: number): { builder: ChainBuilder; blocks: Block[] } {
  const builder = new ChainBuilder();
  const blocks = Array.from({ length: n }, (_, i) => builder.next({ spends: i >= 100 ? 2 : 0 }));
  return { builder, blocks };
}

const progressLine =
  /^sync: height (\d+)\/(\d+) \((\d+\.\d\d)%\), (\d+\.\d) blocks\/s, ETA (\S+), (\d+) peers?$/;

describe('headers-first initial block download', () => {
  const { blocks } = chainOf(300);

  test('from one peer, with a progress line', async () => {
    const source = await startNode({ p2p: { discover: false } });
    await feed(source, blocks);
    const fresh = await startNode({ limits: { progressIntervalMs: 20 }, p2p: { discover: false } });
    await connect(fresh, source);
    await waitFor('fresh node synced', () => tipHeight(fresh) === 300);
    expect(fresh.chain.getTip().hashHex).toBe(source.chain.getTip().hashHex);
    expect(fresh.chain.utxoSetInfo().muhash).toBe(source.chain.utxoSetInfo().muhash);

    const msgs = fresh.log.messages();
    expect(msgs).toContain('sync: downloading blocks 1-300');
    expect(msgs.some((m) => /^sync: caught up at height 300, 300 blocks in /.test(m))).toBe(true);
    const progress = fresh.log.lines.filter((l) => progressLine.test(String(l.msg)));
    expect(progress.length).toBeGreaterThan(0);
    for (const l of progress) {
      const m = progressLine.exec(String(l.msg))!;
      expect(Number(m[2])).toBe(300);
      expect(Number(m[1])).toBe(l.height);
      expect(Number(m[3])).toBeCloseTo((100 * Number(m[1])) / 300, 2);
    }
    // The peer served every block, as getpeerinfo reports.
    const peer = fresh.p2p.peers().find((p) => p.peerId === source.p2p.peerId)!;
    expect(peer.syncedHeaders).toBe(300);
    expect(peer.syncedBlocks).toBe(300);
    expect(peer.bytesRecv).toBeGreaterThan(blocks.length * 80);
    expect(fresh.p2p.netTotals().totalBytesRecv).toBeGreaterThanOrEqual(peer.bytesRecv);
  });

  test('from three peers in parallel', async () => {
    const sources = await Promise.all([0, 1, 2].map(() => startNode({ p2p: { discover: false } })));
    for (const s of sources) await feed(s, blocks);
    const fresh = await startNode({ p2p: { discover: false } });
    // A first peer holds its headers until the three are ready, so that the download starts with
    // all of them (a peer ready later finds a short chain already in flight).
    const gate = await FakePeer.start(REGTEST_PARAMS, blocks);
    stallers.push(gate);
    gate.holdHeaders();
    await gate.connectTo(fresh.addr);
    await waitFor('headers asked of the first peer', () => gate.headerRequests === 1);
    for (const s of sources) await fresh.p2p.addNode(s.addr, 'add');
    await waitFor(
      'the three ready',
      () => fresh.p2p.peers().filter((p) => p.version !== undefined).length === 4,
    );
    gate.releaseHeaders();
    await waitFor('fresh node synced', () => tipHeight(fresh) === 300);
    expect(fresh.chain.getTip().hashHex).toBe(sources[0]!.chain.getTip().hashHex);
    expect(fresh.chain.utxoSetInfo().muhash).toBe(sources[0]!.chain.utxoSetInfo().muhash);
    const served = fresh.p2p.peers().filter((p) => p.syncedBlocks > 0);
    expect(served.map((p) => p.peerId).sort()).toEqual(
      [gate.peerId, ...sources.map((s) => s.p2p.peerId)].sort(),
    );
    expect(fresh.p2p.addedNodes().every((a) => a.connected)).toBe(true);
  });

  test('a node that fell behind catches up the same way', async () => {
    const { builder, blocks: early } = chainOf(20);
    const a = await startNode();
    const b = await startNode();
    await feed(a, early);
    await connect(b, a);
    await waitFor('b at 20', () => tipHeight(b) === 20);
    // b goes offline while a moves on by 150 blocks, then comes back on the same chain state.
    await b.p2p.stop();
    await feed(
      a,
      Array.from({ length: 150 }, () => builder.next()),
    );
    const { P2PNode } = await import('../../src/net/p2p-node.js');
    b.p2p = await P2PNode.start({
      params: a.chain.params,
      datadir: `${b.dir}/regtest`,
      listen: ['127.0.0.1:0'],
      connect: [a.addr],
      chain: b.chain,
      mempool: b.mempool,
      logger: b.log.logger,
    });
    await waitFor('b caught up', () => tipHeight(b) === 170);
    expect(b.log.messages()).toContain('sync: downloading blocks 21-170');
  });
});

describe('headers from one peer at first', () => {
  test('a peer that connects while headers arrive from another is not asked when its tip is among them', async () => {
    const { blocks } = chainOf(300);
    const [first, second] = await Promise.all([
      FakePeer.start(REGTEST_PARAMS, blocks),
      FakePeer.start(REGTEST_PARAMS, blocks),
    ]);
    stallers.push(first, second);
    const fresh = await startNode({ limits: { headersPollMs: 600_000 }, p2p: { discover: false } });
    first.holdHeaders();
    await first.connectTo(fresh.addr);
    await waitFor('headers asked of the first peer', () => first.headerRequests === 1);
    await second.connectTo(fresh.addr);
    await waitFor('second peer ready', () =>
      fresh.p2p.peers().some((p) => p.peerId === second.peerId && p.version !== undefined),
    );
    first.releaseHeaders();
    await waitFor('fresh node synced', () => tipHeight(fresh) === 300);
    // The second peer's tip came with the first's headers: it was never asked, and served blocks.
    expect(second.headerRequests).toBe(0);
    expect(fresh.p2p.peers().find((p) => p.peerId === second.peerId)!.syncedBlocks).toBeGreaterThan(0);
  });
});

describe('a stalling peer', () => {
  test('every block it holds up is asked of another peer at once, while its request stays open', async () => {
    const { blocks } = chainOf(300);
    const honest = await startNode({ p2p: { discover: false } });
    await feed(honest, blocks);
    const staller = await FakePeer.start(REGTEST_PARAMS, blocks, { stallBlocks: true });
    stallers.push(staller);
    // The request deadline is out of reach: only the stalling rule can move the blocks elsewhere.
    const fresh = await startNode({ limits: { blockRequestTimeoutMs: 600_000 }, p2p: { discover: false } });
    await staller.connectTo(fresh.addr);
    await waitFor('the staller holds the first blocks', () => staller.blockRequests > 0);
    await connect(fresh, honest);
    await waitFor('fresh node synced', () => tipHeight(fresh) === 300);
    expect(fresh.chain.getTip().hashHex).toBe(honest.chain.getTip().hashHex);
    // One stall moved all the staller's blocks (not one block per stall), and it sent none.
    const stalls = fresh.log.lines.filter(
      (l) => l.msg === 'block download stalled; requesting from another peer',
    );
    expect(stalls.map((l) => l.peer)).toEqual([staller.peerId]);
    expect(fresh.log.messages()).not.toContain('blocks request timed out');
    expect(fresh.p2p.peers().find((p) => p.peerId === staller.peerId)?.syncedBlocks).toBe(-1);
  });
});

describe('partition', () => {
  test('two halves mine separately, reconnect, and converge on the most-work chain', async () => {
    const { builder } = chainOf(0);
    const common = Array.from({ length: 110 }, () => builder.next());
    const nodes: TestNode[] = await Promise.all(
      [0, 1, 2, 3].map(() => startNode({ p2p: { discover: false } })),
    );
    for (const n of nodes) await feed(n, common);
    const [a, b, c, d] = nodes as [TestNode, TestNode, TestNode, TestNode];
    await connect(a, b);
    await connect(c, d);
    // Each half mines its own branch, with transactions, relayed inside the half only.
    const left = builder.fork(110);
    const right = builder.fork(110);
    for (let i = 0; i < 5; i++) await feed(a, [left.next({ spends: 1, tag: 1 })]);
    for (let i = 0; i < 8; i++) await feed(d, [right.next({ spends: 1, tag: 2 })]);
    await waitFor('left half at 115', () => tipHeight(a) === 115 && tipHeight(b) === 115);
    await waitFor('right half at 118', () => tipHeight(c) === 118 && tipHeight(d) === 118);
    expect(a.chain.getTip().hashHex).not.toBe(d.chain.getTip().hashHex);

    await connect(b, c);
    await waitFor('all on the right branch', () =>
      nodes.every((n) => n.chain.getTip().hashHex === d.chain.getTip().hashHex),
    );
    const utxo = nodes.map((n) => n.chain.utxoSetInfo());
    for (const u of utxo) {
      expect(u.height).toBe(118);
      expect(u.muhash).toBe(utxo[3]!.muhash);
      expect(u.txouts).toBe(utxo[3]!.txouts);
    }
    // The left branch's blocks are known but off the active chain.
    const tips = a.chain.getChainTips();
    expect(tips.some((t) => t.status === 'valid-fork' && t.height === 115 && t.branchLength === 5)).toBe(
      true,
    );
    await Promise.all(nodes.map(stopNode));
  });
});
