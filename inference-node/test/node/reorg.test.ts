// A ledger reorg through the whole daemon: a producer wins inference blocks on ledger A; a second ledger B
// takes A's chain up to a point, mines a longer branch apart, and A reorganises to it. The producer rolls
// back the inference block whose electing commit left the best chain, and ends in the state (ledger tip,
// election, inference tip) of a fresh node that only ever saw the final branch.

import { describe, expect, it, vi } from 'vitest';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { LogLine } from './inference-process.js';
import { useNetwork } from './network-fixture.js';

vi.setConfig({ testTimeout: 240_000 });

const net = useNetwork('funai-inference-reorg-', { ledgers: 2, blocks: 101 });
const startNode = (name: string, apiPort: number, p2pPort: number, extra: string[]) =>
  net.start(net.nodeDir(name), apiPort, [`--p2p-port=${p2pPort}`, ...extra]);
const status = (port: number) => net.status(port);

describe('ledger reorg through the daemon', () => {
  it('rolls back the inference block whose commit left the best chain, as a fresh node sees it', async () => {
    const a = net.ledger;
    const addrA = net.addr;
    const model = await writeTinyModel({ seed: 'alpha' });
    const [api, p2p] = [await freePort(), await freePort()];
    const producer = startNode('producer', api, p2p, [
      '--producer',
      '--bid=0.001',
      '--budget=1',
      `--model=${model}`,
    ]);
    await producer.waitForLog((l) => l.msg === 'ready');
    await producer.waitForLog((l) => l.msg === 'VRF key registration sent');
    await a.call('generatetoaddress', 1, addrA);
    // Commit, mine, until inference blocks 0, 1 and 2 are accepted (two empty tenures first: damping).
    const acceptedAt: LogLine[] = [];
    while (acceptedAt.length < 3) {
      const L = (await a.call<number>('getblockcount')) + 1;
      await producer.waitForLog((l) => l.msg === 'commit sent' && l.ledgerHeight === L);
      await a.call('generatetoaddress', 1, addrA);
      const election = await producer.waitForLog((l) => l.msg === 'election' && l.height === L);
      if (election.winner === -1) continue;
      acceptedAt.push(
        await producer.waitForLog((l) => l.msg === 'inference block accepted' && l.ledgerHeight === L),
      );
    }
    const [, one, two] = acceptedAt as [LogLine, LogLine, LogLine];
    expect((await status(api)).inference).toMatchObject({ height: 2, hash: two.hash });

    // b takes a's chain up to the block that elected inference block 1, then mines a longer branch apart.
    const fork = Number(one.ledgerHeight);
    const tipA = await a.call<number>('getblockcount');
    const branch = await net.reorgLedger(fork, tipA - fork + 2);
    const finalTip = branch.at(-1)!;
    expect(await a.call('getbestblockhash')).toBe(finalTip);
    await producer.waitForLog((l) => l.msg === 'ledger synced' && l.hash === finalTip);
    const afterReorg = await status(api);
    expect(afterReorg.ledger).toEqual({ height: fork + branch.length, hash: finalTip });
    expect(afterReorg.inference).toMatchObject({ height: 1, hash: one.hash });
    expect(
      producer.logs.some(
        (l) => l.msg === 'ledger block disconnected' && l.height === Number(two.ledgerHeight),
      ),
    ).toBe(true);

    // A fresh node that only ever saw the final branch (it fetches the blocks from the producer).
    const freshApi = await freePort();
    const fresh = startNode('fresh', freshApi, await freePort(), [`--connect=127.0.0.1:${p2p}`]);
    await fresh.waitForLog((l) => l.msg === 'ready');
    await fresh.waitForLog((l) => l.msg === 'inference block accepted' && l.hash === one.hash);
    const seen = await status(freshApi);
    const now = await status(api);
    expect(seen.ledger).toEqual(now.ledger);
    expect(seen.election).toEqual(now.election);
    expect(seen.inference).toEqual(now.inference);
    expect(fresh.logs.some((l) => l.msg === 'inference block accepted' && l.hash === two.hash)).toBe(false);
  });
});
