// Inference blocks between funai-inference processes over libp2p (gossipsub and block requests), next to
// a real funai-ledger: a follower connected to the producer accepts the same blocks; a node started
// late fetches the blocks it missed; a peer gossiping malformed data is banned and the node carries on.

import { join } from 'node:path';
import { pino } from 'pino';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { InferenceNet } from '../../src/net/index.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { InferenceProcess, LogLine } from '../node/inference-process.js';
import { useNetwork } from '../node/network-fixture.js';

vi.setConfig({ testTimeout: 180_000 });

let model: string;
const net = useNetwork('funai-gossip-', { blocks: 101 });
const tmp = net.tmp;

beforeAll(async () => {
  model = await writeTinyModel({ seed: 'alpha' });
});

const startNode = (name: string, apiPort: number, p2pPort: number, extra: string[]) =>
  net.start(net.nodeDir(name), apiPort, [`--p2p-port=${p2pPort}`, ...extra]);

const status = (port: number) => net.status(port);
const accepted = (height: number) => (l: LogLine) =>
  l.msg === 'inference block accepted' && l.height === height;

describe('inference gossip', () => {
  const ports = { producerApi: 0, producerP2p: 0, followerApi: 0 };
  let producer: InferenceProcess;
  let follower: InferenceProcess;

  it('a connected follower accepts the blocks the producer publishes', async () => {
    ports.producerApi = await freePort();
    ports.producerP2p = await freePort();
    ports.followerApi = await freePort();
    producer = startNode('producer', ports.producerApi, ports.producerP2p, [
      '--producer',
      '--bid=0.001',
      '--budget=1',
      `--model=${model}`,
    ]);
    await producer.waitForLog((l) => l.msg === 'ready');
    follower = startNode('follower', ports.followerApi, await freePort(), [
      `--connect=127.0.0.1:${ports.producerP2p}`,
    ]);
    await follower.waitForLog((l) => l.msg === 'connected to peer');
    await producer.waitForLog((l) => l.msg === 'VRF key registration sent');
    let n = producer.logs.length;
    await net.ledger.call('generatetoaddress', 1, net.addr);
    // Two empty tenures (damping), then blocks 0 and 1.
    for (let i = 0; i < 4; i++) {
      await producer.waitForLog((l) => l.msg === 'commit sent' && producer.logs.indexOf(l) >= n);
      n = producer.logs.length;
      await net.ledger.call('generatetoaddress', 1, net.addr);
    }
    const a1 = await producer.waitForLog(accepted(1));
    const f1 = await follower.waitForLog(accepted(1));
    expect(f1.hash).toBe(a1.hash);
    const [ps, fs] = [await status(ports.producerApi), await status(ports.followerApi)];
    expect(fs.inference).toEqual(ps.inference);
    expect(fs.p2p.peers).toBe(1);
  });

  it('a node started late fetches the blocks it missed from its peer', async () => {
    const api = await freePort();
    const late = startNode('late', api, await freePort(), [`--connect=127.0.0.1:${ports.producerP2p}`]);
    await late.waitForLog((l) => l.msg === 'ready');
    await late.waitForLog(accepted(1));
    expect((await status(api)).inference).toEqual((await status(ports.producerApi)).inference);
    expect(late.logs.some((l) => l.msg === 'block fetched from a peer')).toBe(true);
    expect((await late.stop()).code).toBe(0);
  });

  it('a peer gossiping malformed blocks is banned; the node keeps accepting blocks', async () => {
    const log = pino({ level: 'silent' });
    const rogue = await InferenceNet.start({
      network: 'regtest',
      dir: join(tmp, 'rogue'),
      listen: { hosts: ['127.0.0.1'], port: 0 },
      connect: [`127.0.0.1:${ports.producerP2p}`],
      log,
      onBlock: () => 'ignore',
      getBlock: () => undefined,
    });
    // Published until the rogue has learnt the producer's subscription; each message differs, since
    // gossipsub drops a repeated message id for two minutes.
    const banned = producer.waitForLog((l) => l.msg === 'peer banned' && l.peer === rogue.peerId);
    let k = 0;
    const timer = setInterval(() => rogue.publishBlock(Uint8Array.from([1, 2, 3, 4, k++ & 0xff])), 200);
    try {
      await banned;
    } finally {
      clearInterval(timer);
      await rogue.stop();
    }
    expect(producer.logs.some((l) => l.msg === 'malformed block from peer' && l.peer === rogue.peerId)).toBe(
      true,
    );
    // The producer still works: its next commit is elected and the follower accepts the block.
    const n = producer.logs.length;
    await net.ledger.call('generatetoaddress', 1, net.addr);
    await producer.waitForLog((l) => l.msg === 'commit sent' && producer.logs.indexOf(l) >= n);
    await net.ledger.call('generatetoaddress', 1, net.addr);
    await follower.waitForLog(accepted(2));
    expect((await status(ports.producerApi)).state).toBe('ready');
  });
});
