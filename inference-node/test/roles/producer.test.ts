// A producing funai-inference next to a real funai-ledger (regtest, mined on demand): it registers its
// VRF key through the ledger wallet, commits for every ledger block with its bid (burned while no one
// stakes, §14.3), is elected and publishes its blocks, which the election accepts; it stops at its
// budget, and after a restart it has the same inference chain. A second node that only follows the
// ledger computes the same elections.

import { beforeAll, describe, expect, it, vi } from 'vitest';

// Real processes on a shared 2-core machine: generous limits; synchronisation is by log lines.
vi.setConfig({ testTimeout: 180_000 });

import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { InferenceProcess, LogLine } from '../node/inference-process.js';
import { useNetwork } from '../node/network-fixture.js';

let model: string;
const net = useNetwork('funai-producer-', { blocks: 101 });

beforeAll(async () => {
  model = await writeTinyModel({ seed: 'alpha' });
});

const startNode = (name: string, apiPort: number, extra: string[]) =>
  net.start(net.nodeDir(name), apiPort, ['--p2p-port=0', ...extra]);

/** Mines one ledger block and returns its height. */
async function mine(): Promise<number> {
  await net.ledger.call('generatetoaddress', 1, net.addr);
  return net.ledger.call<number>('getblockcount');
}

const after = (p: InferenceProcess, n: number) => (l: LogLine) => p.logs.indexOf(l) >= n;

describe('producer', () => {
  let producerPort: number;
  let followerPort: number;
  let producer: InferenceProcess;
  let follower: InferenceProcess;

  it('registers, commits every ledger block, is elected and publishes accepted blocks', async () => {
    producerPort = await freePort();
    followerPort = await freePort();
    producer = startNode('producer', producerPort, [
      '--producer',
      '--bid=0.001',
      '--budget=0.005',
      `--model=${model}`,
    ]);
    follower = startNode('follower', followerPort, []);
    await producer.waitForLog((l) => l.msg === 'ready');
    await follower.waitForLog((l) => l.msg === 'ready');
    await producer.waitForLog((l) => l.msg === 'VRF key registration sent');

    // The registration is mined; from the next tip on the producer commits.
    let n = producer.logs.length;
    await mine();
    // Flash-bid damping (§14.7): a newcomer weighs 0 in its first two ledger blocks (empty tenures),
    // then it is the only weight and wins every draw.
    for (let i = 0; i < 5; i++) {
      const commit = await producer.waitForLog((l) => l.msg === 'commit sent' && after(producer, n)(l));
      const expected = Math.max(0, i - 2);
      expect(commit).toMatchObject({ height: expected, bid: '100000' });
      n = producer.logs.length;
      const L = await mine();
      expect(commit.ledgerHeight).toBe(L);
      const election = await producer.waitForLog((l) => l.msg === 'election' && l.height === L);
      expect(election).toMatchObject({ commits: 1, rejected: [], winner: i < 2 ? -1 : 0 });
      if (i < 2) continue;
      const accepted = await producer.waitForLog(
        (l) => l.msg === 'inference block accepted' && l.height === expected,
      );
      expect(accepted).toMatchObject({ ledgerHeight: L, hash: commit.blockHash });
    }
    const status = await net.status(producerPort);
    expect(status.inference).toMatchObject({ height: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(status.election!.winner).toBe(status.principal);
    expect(status.election!.commits).toEqual([
      expect.objectContaining({ producer: status.principal, bid: '100000' }),
    ]);
    // Clarity runs on every node (empty genesis here): the node principal's FAI, bond and fees are 0 (§16.10).
    expect(status.balances).toEqual({
      bidBudget: '0.005',
      bidSpent: '0.005',
      fai: '0',
      bond: '0',
      fees: '0',
    });

    // The budget is spent: the next tip brings no commit.
    await producer.waitForLog((l) => l.msg === 'bid budget spent; no more commits');

    // The follower saw the same elections from the ledger alone (no gossip between them yet).
    const height = await net.ledger.call<number>('getblockcount');
    await follower.waitForLog((l) => l.msg === 'ledger block connected' && l.height === height);
    const seen = await net.status(followerPort);
    expect(seen.ledger).toEqual(status.ledger);
    expect(seen.election).toEqual(status.election);
  });

  it('after a restart the producer has the same inference chain and remembers its spent budget', async () => {
    const before = await net.status(producerPort);
    expect((await producer.stop()).code).toBe(0);
    const again = startNode('producer', producerPort, [
      '--producer',
      '--bid=0.001',
      '--budget=0.005',
      `--model=${model}`,
    ]);
    const restored = await again.waitForLog((l) => l.msg === 'inference chain restored');
    expect(restored).toMatchObject({ blocks: 3, height: 2, hash: before.inference.hash });
    await again.waitForLog((l) => l.msg === 'ready');
    // The spent budget survives the restart: no new commit.
    await again.waitForLog((l) => l.msg === 'bid budget spent; no more commits');
    expect(again.logs.some((l) => l.msg === 'commit sent')).toBe(false);
    const now = await net.status(producerPort);
    expect(now.inference).toEqual(before.inference);
    expect((await again.stop()).code).toBe(0);
    expect((await follower.stop()).code).toBe(0);
  });
});
