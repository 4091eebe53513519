import { afterAll, describe, expect, test } from 'vitest';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { frame } from '../../src/net/framing.js';
import { decodeBlockResponse, encodeGetBlocks } from '../../src/net/messages.js';
import { FRAME_LIMITS, MAX_BLOCKS_PER_REQUEST, MAX_BLOCKS_PER_REQUEST_V1 } from '../../src/net/protocols.js';
import { toHex } from '../../src/wire/bytes.js';
import { blockHash } from '../../src/wire/header.js';
import { txid } from '../../src/wire/tx.js';
import { ChainBuilder } from '../chain/fixtures/chain-builder.js';
import { FakePeer } from './fake-peer.js';
import { connect, feed, startNode, stopAll, stopNode, tipHeight, waitFor } from './helpers.js';

const fakes: FakePeer[] = [];
afterAll(async () => {
  for (const f of fakes) await f.stop();
  await stopAll();
});

async function fakePeer(blocks: Parameters<typeof FakePeer.start>[1]): Promise<FakePeer> {
  const f = await FakePeer.start(REGTEST_PARAMS, blocks);
  fakes.push(f);
  return f;
}

describe('a peer that serves an invalid block', () => {
  test('is banned, the ban survives a restart, and the honest peers carry on', async () => {
    const honest = new ChainBuilder();
    const common = Array.from({ length: 120 }, () => honest.next());
    const [h1, h2] = await Promise.all([startNode(), startNode()]);
    await feed(h1, common);
    await feed(h2, common);
    const victim = await startNode();
    await connect(victim, h1);
    await connect(victim, h2);
    await waitFor('victim synced', () => tipHeight(victim) === 120);

    // The fake claims a longer branch from height 100 whose first block pays its coinbase too much:
    // its header and proof of work are fine, the block fails only when connected.
    const evil = honest.fork(100);
    const bad = [evil.next({ overpay: 1n }), ...Array.from({ length: 30 }, () => evil.next())];
    const fake = await fakePeer([...common.slice(0, 100), ...bad]);
    const victimId = await fake.connectTo(victim.addr);

    await waitFor('fake banned', () => victim.p2p.listBanned().some((b) => b.subject === fake.peerId));
    await waitFor('fake disconnected', () => !fake.connectedTo(victimId));
    expect(victim.p2p.peers().map((p) => p.peerId)).not.toContain(fake.peerId);
    expect(victim.log.lines.some((l) => l.msg === 'peer banned' && l.peer === fake.peerId)).toBe(true);
    // The victim is back on the honest chain, and the bad branch is marked invalid.
    expect(victim.chain.getTip().hashHex).toBe(h1.chain.getTip().hashHex);
    expect(victim.chain.getChainTips().some((t) => t.status === 'invalid')).toBe(true);

    // The honest peers carry on: a new block still reaches the victim.
    const next = honest.next();
    await feed(h1, [next]);
    await waitFor(
      'victim follows the honest chain',
      () => tipHeight(victim) === 121 && tipHeight(h2) === 121,
    );
    expect(
      victim.p2p
        .peers()
        .map((p) => p.peerId)
        .sort(),
    ).toEqual([h1.p2p.peerId, h2.p2p.peerId].sort());

    // The ban is in banlist.json: a restarted victim still refuses the fake.
    const ban = victim.p2p.listBanned().find((b) => b.subject === fake.peerId)!;
    expect(ban.banUntil - ban.created).toBe(24 * 60 * 60);
    await stopNode(victim);
    const again = await startNode({ dir: victim.dir });
    expect(again.p2p.listBanned().map((b) => b.subject)).toContain(fake.peerId);
    await expect(fake.connectTo(again.addr)).rejects.toThrow();
    expect(again.p2p.peers()).toEqual([]);
    // Clearing the list lets it in again.
    again.p2p.clearBanned();
    expect(again.p2p.listBanned()).toEqual([]);
    await fake.connectTo(again.addr);
    await waitFor('fake admitted', () => again.p2p.peers().some((p) => p.peerId === fake.peerId));
  });
});

describe('oversized messages and floods', () => {
  test('a frame longer than the protocol allows gets the peer banned at once', async () => {
    const node = await startNode();
    const fake = await fakePeer([]);
    const id = await fake.connectTo(node.addr);
    await waitFor('peer ready', () =>
      node.p2p.peers().some((p) => p.peerId === fake.peerId && p.version !== undefined),
    );
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, FRAME_LIMITS.getHeaders + 1, true);
    await fake.sendRaw(id, fake.protocols.ids.headers, header);
    await waitFor('banned', () => node.p2p.listBanned().some((b) => b.subject === fake.peerId));
    await waitFor('disconnected', () => !fake.connectedTo(id) && node.p2p.peers().length === 0);
    expect(
      node.log.lines.some((l) => l.peer === fake.peerId && String(l.reason).startsWith('oversized-frame')),
    ).toBe(true);
  });

  test('a flood of requests beyond the rate limit gets the peer banned', async () => {
    const node = await startNode({ limits: { requestRate: { ratePerSecond: 1, burst: 5 } } });
    const fake = await fakePeer([]);
    const id = await fake.connectTo(node.addr);
    await waitFor('peer ready', () =>
      node.p2p.peers().some((p) => p.peerId === fake.peerId && p.version !== undefined),
    );
    // One request after another, as fast as they go: the first five fit the burst.
    let refused = 0;
    for (let i = 0; i < 30 && fake.connectedTo(id); i++) await fake.statusRequest(id).catch(() => refused++);
    expect(refused).toBeGreaterThan(0);
    await waitFor('banned', () => node.p2p.listBanned().some((b) => b.subject === fake.peerId));
    await waitFor('disconnected', () => !fake.connectedTo(id));
    expect(node.log.lines.some((l) => l.peer === fake.peerId && l.reason === 'request flood')).toBe(true);
  });

  test('a malformed request is misbehaviour too', async () => {
    const node = await startNode();
    const fake = await fakePeer([]);
    const id = await fake.connectTo(node.addr);
    // A get-blocks request asking for zero blocks.
    const req = Uint8Array.of(1, 0, 0, 0, 0);
    await fake.sendRaw(id, fake.protocols.ids.blocks, req);
    await waitFor('banned', () => node.p2p.listBanned().some((b) => b.subject === fake.peerId));
    expect(
      node.log.lines.some(
        (l) => l.peer === fake.peerId && /malformed request \(empty-request\)/.test(String(l.reason)),
      ),
    ).toBe(true);
  });

  test('get-blocks: up to 128 blocks a request on blocks/2 and 16 on blocks/1; a longer request is refused', async () => {
    const builder = new ChainBuilder();
    const blocks = Array.from({ length: MAX_BLOCKS_PER_REQUEST + 2 }, () => builder.next());
    const node = await startNode();
    await feed(node, blocks);
    const hashes = blocks.map((b) => blockHash(b.header));
    const fake = await fakePeer([]);
    const id = await fake.connectTo(node.addr);
    const { ids } = fake.protocols;
    const served = (frames: Uint8Array[]) =>
      frames.map((f) => toHex(blockHash(decodeBlockResponse(f)!.block.header)));
    const full = hashes.slice(0, MAX_BLOCKS_PER_REQUEST);
    expect(served(await fake.getBlocks(id, ids.blocks, full))).toEqual(full.map(toHex));
    const v1 = hashes.slice(2, 2 + MAX_BLOCKS_PER_REQUEST_V1);
    expect(served(await fake.getBlocks(id, ids.blocksV1, v1, MAX_BLOCKS_PER_REQUEST_V1))).toEqual(
      v1.map(toHex),
    );
    // One hash more than blocks/1 carries: the request frame is over its limit.
    await fake.sendRaw(
      id,
      ids.blocksV1,
      frame(encodeGetBlocks(hashes.slice(0, MAX_BLOCKS_PER_REQUEST_V1 + 1))),
    );
    await waitFor('banned', () => node.p2p.listBanned().some((b) => b.subject === fake.peerId));
    expect(
      node.log.lines.some((l) => l.peer === fake.peerId && String(l.reason).startsWith('oversized-frame')),
    ).toBe(true);
  });

  test('a peer relaying a consensus-invalid transaction is banned; the others keep relaying', async () => {
    const builder = new ChainBuilder();
    const blocks = Array.from({ length: 101 }, () => builder.next());
    const [a, b, c] = await Promise.all([startNode(), startNode(), startNode()]);
    for (const n of [a, b, c]) await feed(n, blocks);
    await connect(b, a);
    await connect(c, b);
    // a (buggy or malicious) publishes a transaction spending more than its input.
    const invalid = builder.spend(builder.spendable()[0]!, builder.spendable()[0]!.value + 1n);
    a.p2p.relayTransaction(invalid);
    await waitFor('a banned by b', () => b.p2p.listBanned().some((x) => x.subject === a.p2p.peerId));
    expect(b.mempool.has(txid(invalid))).toBe(false);
    expect(c.mempool.has(txid(invalid))).toBe(false);
    const valid = builder.spend(builder.spendable()[1]!);
    b.mempool.accept(valid, Math.floor(Date.now() / 1000));
    await waitFor('valid tx relayed to c', () => c.mempool.has(txid(valid)));
  });
});

describe('ban list management', () => {
  test('setban by address and subnet, listbanned, and expiry', async () => {
    let clock = Date.now();
    const node = await startNode({ p2p: { now: () => clock } });
    const other = await startNode();
    await connect(other, node);
    node.p2p.setBan('127.0.0.0/8', 'add', 60);
    await waitFor(
      'subnet ban disconnects',
      () => node.p2p.peers().length === 0 && other.p2p.peers().length === 0,
    );
    // The dial has ended when addNode resolves; the banned subnet's connection was refused before
    // encryption, so the dialer never had the peer (a dial that got through would have added it).
    await expect(other.p2p.addNode(node.addr, 'onetry')).resolves.toBeUndefined();
    expect(other.p2p.peers()).toEqual([]);
    expect(node.p2p.peers()).toEqual([]);
    expect(node.p2p.listBanned().map((b) => b.subject)).toEqual(['127.0.0.0/8']);
    expect(() => node.p2p.setBan('not an address', 'add')).toThrow(TypeError);
    expect(() => node.p2p.setBan('10.0.0.1', 'remove')).toThrow(/not previously/);
    // A minute later the ban has expired.
    clock += 61_000;
    expect(node.p2p.listBanned()).toEqual([]);
    await connect(other, node);
    expect(node.p2p.peers().map((p) => p.peerId)).toEqual([other.p2p.peerId]);
  });
});
