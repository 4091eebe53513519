// funai-inference as a real process next to a real funai-ledger (regtest, mined on demand): flags
// and config file, the ready line after catching up, GET /funai/v1/status with the field
// names, funai-inference-cli status, the data-directory lock, graceful SIGTERM, restart and
// kill -9 resume from the store, and model loading progress.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNAI_OP } from '@funai/ledger-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Real processes on a shared 2-core machine: generous limits; synchronisation is by log lines.
vi.setConfig({ testTimeout: 180_000 });

import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import type { NodeStatus } from '../../src/node/status.js';
import type { LedgerProcess } from '../ledger/ledger-fixture.js';
import { freePort, startLedger } from '../ledger/ledger-fixture.js';
import type { InferenceProcess } from './inference-process.js';
import { getJson, INFERENCE_CLI_BIN, spawnInference } from './inference-process.js';

let ledger: LedgerProcess;
let addr: string;
const tmp = mkdtempSync(join(tmpdir(), 'funai-inference-daemon-'));
const running: InferenceProcess[] = [];

beforeAll(async () => {
  ledger = await startLedger();
  addr = await ledger.call<string>('getnewaddress');
  await ledger.call('generatetoaddress', 101, addr);
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await ledger?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Flags for a node on this test's ledger; the ledger URL comes from the config file. */
function nodeArgs(datadir: string, apiPort: number, extra: string[] = []): string[] {
  writeFileSync(
    join(datadir, 'funai-inference.conf'),
    `# written by the test\n[regtest]\nledger-rpc=http://127.0.0.1:${ledger.rpcPort}\n`,
  );
  return [
    '--regtest',
    `--datadir=${datadir}`,
    '--ledger-rpccookiefile',
    join(ledger.datadir, 'regtest', '.cookie'),
    '--api-port',
    String(apiPort),
    '--bind',
    '127.0.0.1',
    '--p2p-port=0',
    ...extra,
  ];
}

function start(args: string[]): InferenceProcess {
  const p = spawnInference(args);
  running.push(p);
  return p;
}

const isReady = (l: { msg?: string }) => l.msg === 'ready';

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [INFERENCE_CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    c.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    c.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('funai-inference daemon', () => {
  const datadir = join(tmp, 'a');
  let apiPort: number;

  it('catches up with the ledger, logs ready and serves the status with the issue field names', async () => {
    apiPort = await freePort();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(datadir, { recursive: true });
    const node = start(nodeArgs(datadir, apiPort));
    const ready = await node.waitForLog(isReady, 'ready');
    expect(ready).toMatchObject({ apiPort, ledgerHeight: 101, name: 'funai-inference' });
    const { status, body } = await getJson<NodeStatus>(apiPort, '/funai/v1/status');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['ledger', 'inference', 'election', 'verifiers', 'roles', 'balances']),
    );
    expect(body.ledger).toEqual({ height: 101, hash: await ledger.call('getblockhash', 101) });
    expect(Object.keys(body.inference).sort()).toEqual(['certified', 'hash', 'height', 'penalised']);
    expect(Object.keys(body.election!).sort()).toEqual(['commits', 'ledgerHash', 'ledgerHeight', 'winner']);
    expect(body.state).toBe('ready');
    expect(body.roles).toEqual({ producer: false, verifier: false, executor: false });

    // A malformed COMMIT reaches the consensus core, which rejects it with its typed reason.
    const payTo = await ledger.call<string>('getnewaddress');
    await ledger.call('sendfunaiop', { op: FUNAI_OP.COMMIT, version: 1, body: '00' }, { [payTo]: 1.25 });
    const [hash] = await ledger.call<string[]>('generatetoaddress', 1, addr);
    const election = await node.waitForLog((l) => l.msg === 'election' && l.height === 102);
    expect(election).toMatchObject({ commits: 0, rejected: ['commit-malformed'], winner: -1 });
    const after = (await getJson<NodeStatus>(apiPort, '/funai/v1/status')).body;
    expect(after.election).toEqual({ ledgerHeight: 102, ledgerHash: hash, commits: [], winner: null });

    // funai-inference-cli reads the same flags and prints the status.
    const cli = await runCli(['--regtest', `--datadir=${datadir}`, `--api-port=${apiPort}`, 'status']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout).ledger.height).toBe(102);

    // A second daemon on the same data directory is refused.
    const second = start(nodeArgs(datadir, await freePort()));
    const end = await second.exited;
    expect(end.code).toBe(1);
    expect(second.stderrText()).toMatch(/in use by another process/);

    // SIGTERM: a clean shutdown with exit code 0.
    expect(await node.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(node.logs.at(-1)?.msg).toBe('shutdown done');
  });

  it('resumes from its store after a restart and after kill -9, without losing a ledger block', async () => {
    const node = start(nodeArgs(datadir, apiPort));
    expect(await node.waitForLog((l) => l.msg === 'store opened')).toMatchObject({ ledgerHeight: 102 });
    await node.waitForLog(isReady);
    await ledger.call('generatetoaddress', 2, addr);
    await node.waitForLog((l) => l.msg === 'ledger block connected' && l.height === 104);
    expect((await node.stop('SIGKILL')).signal).toBe('SIGKILL');

    const [newTip] = (await ledger.call<string[]>('generatetoaddress', 3, addr)).slice(-1);
    const again = start(nodeArgs(datadir, apiPort));
    expect(await again.waitForLog((l) => l.msg === 'store opened')).toMatchObject({ ledgerHeight: 104 });
    expect(await again.waitForLog(isReady)).toMatchObject({ ledgerHeight: 107, ledgerHash: newTip });
    const body = (await getJson<NodeStatus>(apiPort, '/funai/v1/status')).body;
    expect(body.ledger).toEqual({ height: 107, hash: newTip });
    expect((await again.stop()).code).toBe(0);
  });

  it('rejects bad flags with a message and exit code 1', async () => {
    const bad = start(['--regtest', `--datadir=${join(tmp, 'bad')}`, '--producer']);
    expect((await bad.exited).code).toBe(1);
    expect(bad.stderrText()).toMatch(/-producer needs -bid and -budget/);
  });

  it('loads its models with progress lines and lists them in the status', async () => {
    const model = await writeTinyModel({ seed: 'alpha' });
    const dir = join(tmp, 'm');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const port = await freePort();
    const node = start(nodeArgs(dir, port, ['--model', model, '--threads', '1']));
    const loaded = await node.waitForLog((l) => l.msg === 'model ready');
    expect(loaded).toMatchObject({ model: 1, of: 1, path: model });
    await node.waitForLog(isReady);
    const body = (await getJson<NodeStatus>(port, '/funai/v1/status')).body;
    expect(body.models).toEqual([{ id: loaded.modelId, path: model }]);
    expect(body.roles.executor).toBe(true);
    expect((await node.stop()).code).toBe(0);
  });
});
