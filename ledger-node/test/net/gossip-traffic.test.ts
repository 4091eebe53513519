import { multicodec as gossipProtocol } from '@libp2p/gossipsub';
import { afterAll, describe, expect, test } from 'vitest';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { MAX_GOSSIP_FRAME_BYTES } from '../../src/net/protocols.js';
import type { Transaction } from '../../src/wire/tx.js';
import { encodeTx, txid } from '../../src/wire/tx.js';
import { ChainBuilder } from '../chain/fixtures/chain-builder.js';
import { varint } from '../support/varint.js';
import { FakePeer } from './fake-peer.js';
import type { TestNode } from './helpers.js';
import { connect, feed, startNode, stopAll, waitFor } from './helpers.js';

const fakes: FakePeer[] = [];
afterAll(async () => {
  for (const f of fakes) await f.stop();
  await stopAll();
});

async function readyFake(node: TestNode): Promise<{ fake: FakePeer; id: string }> {
  const fake = await FakePeer.start(REGTEST_PARAMS, []);
  fakes.push(fake);
  const id = await fake.connectTo(node.addr);
  await waitFor('peer ready', () =>
    node.p2p.peers().some((p) => p.peerId === fake.peerId && p.version !== undefined),
  );
  return { fake, id };
}

describe('gossip traffic is metered per peer', () => {
  test('the bytes of a relayed transaction count as sent by one node and received by the other', async () => {
    // No periodic header polls: gossip is then the only traffic between the two nodes.
    const quiet = { limits: { headersPollMs: 3_600_000 } };
    const [a, b] = await Promise.all([startNode(quiet), startNode(quiet)]);
    const builder = new ChainBuilder();
    const blocks = Array.from({ length: 110 }, () => builder.next());
    await feed(a, blocks);
    await feed(b, blocks);
    await connect(b, a);
    const info = (n: TestNode, other: TestNode) => n.p2p.peers().find((p) => p.peerId === other.p2p.peerId)!;
    const arrived = (tx: Transaction) =>
      waitFor('tx relayed', () => b.mempool.has(txid(tx)), 2_000).then(
        () => true,
        () => false,
      );

    // Gossipsub learns the other node's subscriptions a moment after the connection is up; what is
    // published before then reaches nobody. So publish until a transaction arrives, then measure one.
    const coins = builder.spendable();
    let warm = false;
    while (!warm && coins.length > 1) {
      const tx = builder.spend(coins.shift()!);
      a.mempool.accept(tx, Math.floor(Date.now() / 1000));
      warm = await arrived(tx);
    }
    expect(warm).toBe(true);
    const sentBefore = info(a, b).bytesSent;
    const recvBefore = info(b, a).bytesRecv;
    const tx = builder.spend(coins.shift()!);
    a.mempool.accept(tx, Math.floor(Date.now() / 1000));
    expect(await arrived(tx)).toBe(true);

    const size = encodeTx(tx).length;
    expect(info(a, b).bytesSent - sentBefore).toBeGreaterThanOrEqual(size);
    expect(info(b, a).bytesRecv - recvBefore).toBeGreaterThanOrEqual(size);
    expect(a.p2p.netTotals().totalBytesSent).toBeGreaterThanOrEqual(info(a, b).bytesSent);
  });
});

describe('gossipsub frames are limited', () => {
  test('a frame declaring more than the RPC frame limit gets the peer banned at once', async () => {
    const node = await startNode();
    const { fake, id } = await readyFake(node);
    await fake.sendRaw(id, gossipProtocol, Uint8Array.from(varint(MAX_GOSSIP_FRAME_BYTES + 1)));
    await waitFor('banned', () => node.p2p.listBanned().some((b) => b.subject === fake.peerId));
    await waitFor('disconnected', () => !fake.connectedTo(id) && node.p2p.peers().length === 0);
    expect(
      node.log.lines.some(
        (l) =>
          l.peer === fake.peerId &&
          l.reason === `oversized gossip frame (${MAX_GOSSIP_FRAME_BYTES + 1} bytes)`,
      ),
    ).toBe(true);
  });

  test('a frame just within the limit is not held against the peer', async () => {
    const node = await startNode();
    const { fake, id } = await readyFake(node);
    // The declared length is allowed; the frame is never completed, so gossipsub never decodes it.
    const stream = await fake.sendRaw(id, gossipProtocol, Uint8Array.from(varint(MAX_GOSSIP_FRAME_BYTES)));
    const before = node.p2p.peers().find((p) => p.peerId === fake.peerId)!.bytesRecv;
    stream.send(new Uint8Array(10_000));
    await waitFor(
      'bytes counted',
      () => node.p2p.peers().find((p) => p.peerId === fake.peerId)!.bytesRecv >= before + 10_000,
    );
    expect(node.p2p.peers().find((p) => p.peerId === fake.peerId)!.score).toBe(0);
    expect(node.p2p.listBanned()).toEqual([]);
  });

  test('a flood of frames beyond the rate limit gets the peer banned', async () => {
    const node = await startNode({ limits: { gossipFrameRate: { ratePerSecond: 1, burst: 5 } } });
    const { fake, id } = await readyFake(node);
    // Twenty empty RPCs at once: the first five fit the burst, each further one scores 10.
    await fake.sendRaw(id, gossipProtocol, new Uint8Array(20));
    await waitFor('banned', () => node.p2p.listBanned().some((b) => b.subject === fake.peerId));
    expect(node.log.lines.some((l) => l.peer === fake.peerId && l.reason === 'gossipFrame flood')).toBe(true);
  });
});
