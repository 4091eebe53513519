// A ledger reorg deeper than Clarity's confirmation depth through the daemon (issues 18/21, docs §16.10): a
// producer on a -genesis network wins inference blocks on ledger A until Clarity has executed several of
// them; a second ledger B takes A's chain up to a fork point 8 blocks below the tip, mines a longer branch
// apart, and A reorganises to it. The producer rolls its inference chain and its Clarity state back to the
// fork point, goes on producing on the final branch, and ends in the state of a fresh node that only ever
// saw the final branch: same ledger tip, election, inference tip and certified counts, the same Clarity
// blocks executed (hash and index), and the fresh node accepts the producer's later blocks, whose headers
// carry the Clarity roots of the post-reorg state (a root mismatch would make them invalid).

import { COIN } from '@funai/ledger-node';
import { describe, expect, it, vi } from 'vitest';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { InferenceProcess, LogLine } from './inference-process.js';
import { useNetwork } from './network-fixture.js';

vi.setConfig({ testTimeout: 400_000, hookTimeout: 120_000 });

const net = useNetwork('funai-inference-reorg-clarity-', { ledgers: 2, blocks: 101 });
const nodeDir = (name: string) => net.nodeDir(name);
const startNode = (datadir: string, apiPort: number, extra: string[]) => net.start(datadir, apiPort, extra);
const status = (port: number) => net.status(port);
const executed = (p: InferenceProcess) =>
  p.logs.filter((l) => l.msg === 'clarity block executed').map((l) => `${l.index}:${l.hash}`);

describe('a ledger reorg deeper than the Clarity depth', () => {
  it('rolls Clarity back to the fork point and ends in the state of a fresh node that saw only the final branch', async () => {
    const t = Date.now();
    const a = net.ledger;
    const addrA = net.addr;
    const model = await writeTinyModel({ seed: 'alpha' });
    const producerDir = nodeDir('producer');
    // Genesis: the producer bonded; five stakers that run no node (the verifier set).
    const { file: genesisFile } = await net.stakedGenesis({
      producer: { dir: producerDir, balance: 20n * COIN, stake: 10n * COIN },
      stakers: [0, 1, 2, 3, 4].map((i) => ({
        dir: nodeDir(`staker-${i}`),
        balance: 30n * COIN,
        stake: 20n * COIN,
      })),
    });

    const [api, p2p] = [await freePort(), await freePort()];
    const producer = startNode(producerDir, api, [
      `--p2p-port=${p2p}`,
      '--producer',
      '--bid=0.001',
      '--budget=1',
      `--model=${model}`,
      `--genesis=${genesisFile}`,
    ]);
    await producer.waitForLog((l) => l.msg === 'ready');
    await producer.waitForLog((l) => l.msg === 'VRF key registration sent');
    await a.call('generatetoaddress', 1, addrA);

    /** Mines one ledger block on A after the producer's commit for it. */
    const mineOne = async (): Promise<number> => {
      const L = (await a.call<number>('getblockcount')) + 1;
      await producer.waitForLog((l) => l.msg === 'commit sent' && l.ledgerHeight === L, `commit at ${L}`);
      await a.call('generatetoaddress', 1, addrA);
      await producer.waitForLog((l) => l.msg === 'election' && l.height === L, `election at ${L}`);
      return L;
    };
    // Until Clarity has executed at least four inference blocks (each at 7 confirmations).
    while (executed(producer).length < 4) await mineOne();
    const beforeFork = executed(producer);
    const stateRootBeforeReorg = (await status(api)).clarity!.stateRoot;
    const tipA = await a.call<number>('getblockcount');
    // The fork point: 8 below the tip, so that Clarity blocks elected above it (executed at depth) are undone.
    const fork = tipA - 8;
    const undone = producer.logs.filter(
      (l) => l.msg === 'clarity block executed' && Number(l.ledgerHeight) > fork,
    );
    expect(undone.length).toBeGreaterThanOrEqual(1);

    const branch = await net.reorgLedger(fork, tipA - fork + 2);
    const finalTip = branch.at(-1)!;
    expect(await a.call('getbestblockhash')).toBe(finalTip);
    const rolledBack = await producer.waitForLog(
      (l) => l.msg === 'clarity rolled back to the fork point',
      'Clarity rollback',
    );
    expect(Number(rolledBack.dropped)).toBeGreaterThanOrEqual(undone.length);

    // Production goes on on the final branch until Clarity has executed blocks elected after the fork.
    const from = await a.call<number>('getblockcount');
    while (
      !producer.logs.some(
        (l) =>
          l.msg === 'clarity block executed' &&
          Number(l.ledgerHeight) > from &&
          producer.logs.indexOf(l) > producer.logs.indexOf(rolledBack),
      )
    )
      await mineOne();
    await mineOne();

    // A fresh node that only ever saw the final branch (it fetches the inference blocks from the producer).
    const freshApi = await freePort();
    const fresh = startNode(nodeDir('fresh'), freshApi, [
      `--connect=127.0.0.1:${p2p}`,
      `--genesis=${genesisFile}`,
    ]);
    await fresh.waitForLog((l) => l.msg === 'ready');
    const now = await status(api);
    await fresh.waitForLog(
      (l) => l.msg === 'inference block accepted' && l.hash === now.inference.hash,
      'the producer tip',
    );
    const seen = await status(freshApi);
    expect(seen.ledger).toEqual(now.ledger);
    expect(seen.election).toEqual(now.election);
    expect(seen.inference).toEqual(now.inference);
    expect(seen.verifiers).toEqual(now.verifiers);
    // The same Clarity blocks executed: the producer's history after the rollback is the fresh node's.
    const tail = (p: InferenceProcess, after?: LogLine) =>
      p.logs
        .filter(
          (l) => l.msg === 'clarity block executed' && (!after || p.logs.indexOf(l) > p.logs.indexOf(after)),
        )
        .map((l) => `${l.index}:${l.hash}`);
    const kept = beforeFork.filter((e) => !undone.some((u) => e === `${u.index}:${u.hash}`));
    await fresh.waitForLog(
      (l) => l.msg === 'clarity block executed' && `${l.index}:${l.hash}` === tail(producer).at(-1),
      'the same Clarity tip',
    );
    expect(executed(fresh)).toEqual(
      [...kept, ...tail(producer, rolledBack)].slice(0, executed(fresh).length),
    );
    expect(executed(fresh).at(-1)).toBe(tail(producer).at(-1));
    for (const u of undone) expect(executed(fresh)).not.toContain(`${u.index}:${u.hash}`);
    // The same Clarity state: executed head, its ledger height and the state root after it.
    const [mine, theirs] = [await status(api), await status(freshApi)];
    expect(theirs.clarity).toEqual(mine.clarity);
    expect(mine.clarity!.stateRoot).not.toBe(stateRootBeforeReorg);
    console.log(
      `reorg: fork 8 below the tip, ${undone.length} Clarity block(s) rolled back (${rolledBack.ms} ms), fresh node equal: ledger ${now.ledger?.height}, inference ${now.inference.height}, ${executed(fresh).length} Clarity blocks (${Date.now() - t} ms)`,
    );
  });
});
