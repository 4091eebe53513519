// A ledger reorg deeper than the Clarity depth through the daemon (docs/protocol.md §16.10): a producer's
// inference blocks are executed in Clarity at 7 confirmations; a second ledger takes the chain up to the
// block that elected inference block 1 and mines a longer branch apart, which the first ledger adopts. The
// executed blocks after inference block 1 are rolled back (restore + replay in a fresh worker), and the
// producer ends with the Clarity state of a fresh node that only saw the final branch (same executed head
// and state root).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import type { NodeStatus } from '../../src/node/status.js';
import type { LedgerProcess } from '../ledger/ledger-fixture.js';
import { copyBlocks, freePort, startLedger } from '../ledger/ledger-fixture.js';
import type { InferenceProcess, LogLine } from './inference-process.js';
import { getJson, spawnInference } from './inference-process.js';

vi.setConfig({ testTimeout: 300_000 });

let a: LedgerProcess;
let b: LedgerProcess;
let addrA: string;
const tmp = mkdtempSync(join(tmpdir(), 'funai-inference-clarity-reorg-'));
const running: InferenceProcess[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([startLedger(), startLedger()]);
  addrA = await a.call<string>('getnewaddress');
  await a.call('generatetoaddress', 101, addrA);
});
afterAll(async () => {
  if (process.env.DEBUG_LOGS)
    for (const p of running) console.log(p.logs.map((l) => JSON.stringify(l)).join('\n'));
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await Promise.all([a?.stop(), b?.stop()]);
  rmSync(tmp, { recursive: true, force: true });
});

function startNode(name: string, apiPort: number, p2pPort: number, extra: string[]): InferenceProcess {
  const datadir = join(tmp, name);
  mkdirSync(datadir, { recursive: true });
  writeFileSync(
    join(datadir, 'funai-inference.conf'),
    `regtest=1\n[regtest]\nledger-rpc=http://127.0.0.1:${a.rpcPort}\n`,
  );
  const p = spawnInference([
    `--datadir=${datadir}`,
    `--ledger-rpccookiefile=${join(a.datadir, 'regtest', '.cookie')}`,
    `--api-port=${apiPort}`,
    `--p2p-port=${p2pPort}`,
    '--bind=127.0.0.1',
    ...extra,
  ]);
  running.push(p);
  return p;
}

const status = async (port: number) => (await getJson<NodeStatus>(port, '/funai/v1/status')).body;

describe('Clarity through a deep ledger reorg', () => {
  it('rolls executed blocks back to the fork point and ends in the state of a fresh node', async () => {
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
    const mineOne = async (): Promise<LogLine> => {
      const L = (await a.call<number>('getblockcount')) + 1;
      await producer.waitForLog((l) => l.msg === 'commit sent' && l.ledgerHeight === L);
      await a.call('generatetoaddress', 1, addrA);
      return producer.waitForLog((l) => l.msg === 'election' && l.height === L);
    };
    // Inference blocks 0, 1, 2, … until block 3 is executed in Clarity (7 confirmations after its election).
    const accepted: LogLine[] = [];
    while (!producer.logs.some((l) => l.msg === 'clarity block executed' && Number(l.index) >= 4)) {
      const election = await mineOne();
      if (election.winner !== -1)
        accepted.push(
          await producer.waitForLog(
            (l) => l.msg === 'inference block accepted' && l.ledgerHeight === election.height,
          ),
        );
    }
    const one = accepted[1]!;
    const before = await status(api);
    expect(before.clarity!.height).toBeGreaterThanOrEqual(4);

    // b takes a's chain up to the block that elected inference block 1 and mines a longer branch apart.
    const fork = Number(one.ledgerHeight);
    await copyBlocks(a, b, 1, fork);
    const tipA = await a.call<number>('getblockcount');
    expect(tipA - fork).toBeGreaterThan(7);
    const branch = await b.call<string[]>(
      'generatetoaddress',
      tipA - fork + 2,
      await b.call<string>('getnewaddress'),
    );
    await copyBlocks(b, a, fork + 1, fork + branch.length);
    const finalTip = branch.at(-1)!;
    await producer.waitForLog((l) => l.msg === 'ledger synced' && l.hash === finalTip);
    const rolled = await producer.waitForLog((l) => l.msg === 'clarity rolled back to the fork point');
    expect(Number(rolled.height)).toBe(2);
    const after = await status(api);
    expect(after.inference).toMatchObject({ height: 1, hash: one.hash });
    expect(after.clarity).toMatchObject({ height: 2, hash: one.hash, ledgerHeight: fork });

    // A fresh node on the final branch: it fetches blocks 0 and 1, executes them at the next ledger block.
    const freshApi = await freePort();
    const fresh = startNode('fresh', freshApi, await freePort(), [`--connect=127.0.0.1:${p2p}`]);
    await fresh.waitForLog((l) => l.msg === 'ready');
    await fresh.waitForLog((l) => l.msg === 'inference block accepted' && l.hash === one.hash);
    await mineOne();
    await fresh.waitForLog((l) => l.msg === 'clarity block executed' && l.hash === one.hash);
    const tip = await a.call<number>('getblockcount');
    await fresh.waitForLog((l) => l.msg === 'ledger block connected' && l.height === tip);
    const [mine, theirs] = [await status(api), await status(freshApi)];
    expect(theirs.clarity).toEqual(mine.clarity);
    expect(mine.clarity!.stateRoot).not.toBe(before.clarity!.stateRoot);
  });
});
