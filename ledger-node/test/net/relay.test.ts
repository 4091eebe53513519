import { afterAll, describe, expect, test } from 'vitest';
import { TEST_PARAMS } from '../../src/consensus/params.js';
import { hashToHex } from '../../src/wire/bytes.js';
import { txid } from '../../src/wire/tx.js';
import { ChainBuilder } from '../chain/fixtures/chain-builder.js';
import type { TestNode } from './helpers.js';
import { connect, feed, startNode, stopAll, tipHeight, waitFor } from './helpers.js';

afterAll(stopAll);

describe('relay among four nodes (a line: a - b - c - d)', () => {
  const builder = new ChainBuilder();
  let nodes: TestNode[];

  test('they connect and sync a common chain', async () => {
    // Discovery off: the line stays a line, so relay has to cross every hop.
    nodes = await Promise.all([0, 1, 2, 3].map(() => startNode({ p2p: { discover: false } })));
    // 101 blocks: the first coinbase is mature, so the tx test below has a coin to spend.
    await feed(
      nodes[0]!,
      Array.from({ length: 101 }, () => builder.next()),
    );
    for (let i = 1; i < 4; i++) await connect(nodes[i]!, nodes[i - 1]!);
    await waitFor('common chain', () => nodes.every((n) => tipHeight(n) === 101));
    for (const n of nodes) expect(n.chain.getTip().hashHex).toBe(nodes[0]!.chain.getTip().hashHex);
  });

  test('a block mined on one node reaches all, over three hops', async () => {
    const block = builder.next();
    await feed(nodes[3]!, [block]);
    await waitFor('block on every node', () => nodes.every((n) => tipHeight(n) === 102));
    for (const n of nodes) expect(n.chain.getTip().hashHex).toBe(nodes[3]!.chain.getTip().hashHex);
    // Each node has exactly its line neighbours, and a got the block from b, hop by hop.
    expect(nodes.map((n) => n.p2p.peers().length)).toEqual([1, 2, 2, 1]);
    expect(nodes[0]!.p2p.peers()[0]!.syncedBlocks).toBe(102);
  });

  test('a transaction accepted on one node reaches every mempool', async () => {
    const coin = builder.spendable()[0]!;
    const tx = builder.spend(coin);
    const id = txid(tx);
    nodes[0]!.mempool.accept(tx, Math.floor(Date.now() / 1000));
    await waitFor('tx in every mempool', () => nodes.every((n) => n.mempool.has(id)));
    for (const n of nodes) expect(hashToHex(n.mempool.get(id)!.txid)).toBe(hashToHex(id));
  });

  test('a transaction refused by policy is neither forwarded nor held against the sender', async () => {
    // No fee at all: 'min relay fee not met', a policy refusal, not a consensus failure.
    const cheap = builder.spend(builder.spendable()[1]!, 0n);
    expect(() => nodes[0]!.mempool.accept(cheap, Math.floor(Date.now() / 1000))).toThrow(/fee/);
    nodes[0]!.p2p.relayTransaction(cheap);
    const valid = builder.spend(builder.spendable()[2]!);
    nodes[0]!.mempool.accept(valid, Math.floor(Date.now() / 1000));
    await waitFor('valid tx relayed', () => nodes.every((n) => n.mempool.has(txid(valid))));
    for (const n of nodes) expect(n.mempool.has(txid(cheap))).toBe(false);
    const aAtB = nodes[1]!.p2p.peers().find((p) => p.peerId === nodes[0]!.p2p.peerId);
    expect(aAtB?.score).toBe(0);
    expect(nodes[1]!.p2p.listBanned()).toEqual([]);
  });
});

describe('networks never mix', () => {
  test('a regtest node and a testnet node do not stay connected or exchange data', async () => {
    const reg = await startNode();
    const test = await startNode({ params: TEST_PARAMS });
    const builder = new ChainBuilder();
    await feed(
      reg,
      Array.from({ length: 3 }, () => builder.next()),
    );
    await reg.p2p.addNode(test.addr, 'onetry');
    await waitFor('handshake refused', () =>
      reg.log.messages().some((m) => m.startsWith('handshake failed')),
    );
    await waitFor('disconnected', () => reg.p2p.peers().length === 0 && test.p2p.peers().length === 0);
    expect(tipHeight(test)).toBe(0);
    expect(test.log.messages()).not.toContain('peer ready');
    expect(reg.log.messages()).not.toContain('peer ready');
  });
});
