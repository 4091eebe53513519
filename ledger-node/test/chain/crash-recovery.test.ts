// Crash safety: a node connecting a long chain is killed with SIGKILL at random moments, restarted
// each time, and must end with the tip and UTXO-set hash of a run that was never interrupted.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainState } from '../../src/chain/chain-state.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { encodeBlock } from '../../src/wire/block.js';
import { ChainBuilder, testClock } from '../support/chain-builder.js';
import { rng } from '../support/rng.js';

const CHILD = fileURLToPath(new URL('./fixtures/connect-child.ts', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/chain/chain-state.js', import.meta.url));
const BLOCKS = 260;
const KILLS = 6;
/** The kill schedule is reproducible from SEED. */
const SEED = 0x5eed_f00d;

interface Done {
  height: number;
  bestBlock: string;
  muhash: string;
  txouts: number;
  totalAmount: string;
}

interface RunResult {
  openedAt: number;
  lastTip: number;
  done?: Done;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

type Kill = { afterTip: number } | { afterMs: number } | null;

function runChild(datadir: string, blocksFile: string, kill: Kill): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [CHILD, datadir, blocksFile, String(testClock()())], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result: RunResult = { openedAt: -1, lastTip: -1, code: null, signal: null, stderr: '' };
    let buf = '';
    const killNow = () => child.kill('SIGKILL');
    const timer = kill !== null && 'afterMs' in kill ? setTimeout(killNow, kill.afterMs) : undefined;
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const [word, rest] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
        if (word === 'open') result.openedAt = Number(rest);
        else if (word === 'tip') {
          result.lastTip = Number(rest);
          if (kill !== null && 'afterTip' in kill && result.lastTip >= kill.afterTip) killNow();
        } else if (word === 'done') result.done = JSON.parse(rest) as Done;
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      result.stderr += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      result.code = code;
      result.signal = signal;
      resolve(result);
    });
  });
}

describe('crash recovery (child process, SIGKILL)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'funai-crash-'));
  const blocksFile = join(tmp, 'blocks.bin');
  let reference: Done;

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: build first (npx tsc -b ledger-node)`);
    // A chain whose later blocks carry signed spends, so every connect writes UTXOs and undo data.
    const b = new ChainBuilder();
    for (let i = 0; i < 101; i++) b.next({ coinbaseOutputs: 8 });
    while (b.height < BLOCKS) b.next({ spends: 6 });
    const parts: Buffer[] = [];
    for (const blk of b.blocks) {
      const raw = encodeBlock(blk);
      const len = Buffer.alloc(4);
      len.writeUInt32LE(raw.length);
      parts.push(len, Buffer.from(raw));
    }
    writeFileSync(blocksFile, Buffer.concat(parts));

    // The same chain connected in this process, from sources, on a memory store.
    const cs = await ChainState.openStore(new MemoryStore(), REGTEST_PARAMS, {
      scriptThreads: 0,
      now: testClock(),
    });
    for (const blk of b.blocks) await cs.processBlock(blk);
    const info = cs.utxoSetInfo();
    await cs.close();
    reference = {
      height: info.height,
      bestBlock: info.bestBlock,
      muhash: info.muhash,
      txouts: info.txouts,
      totalAmount: String(info.totalAmount),
    };
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('an uninterrupted run in a child reaches the reference state', async () => {
    const r = await runChild(join(tmp, 'clean'), blocksFile, null);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.done).toEqual(reference);
    expect(reference.height).toBe(BLOCKS);
  });

  it(`killed ${KILLS} times at random moments, it resumes and ends in the same state`, async () => {
    const random = rng(SEED);
    const dir = join(tmp, 'crashed');
    let durable = 0;
    let interrupted = 0;
    for (let k = 0; k < KILLS; k++) {
      // Mostly right after a block was reported durable (the kill then lands inside the next
      // blocks' validation or write), sometimes on a timer that can hit startup.
      const kill: Kill =
        k % 3 === 2
          ? { afterMs: 20 + Math.floor(random() * 400) }
          : { afterTip: durable + 1 + Math.floor(random() * ((BLOCKS - durable) / (KILLS - k))) };
      const r = await runChild(dir, blocksFile, kill);
      expect(r.stderr).toBe('');
      if (r.signal === 'SIGKILL') interrupted++;
      // Every block reported durable before the kill is still there after the restart.
      if (r.openedAt >= 0) expect(r.openedAt).toBeGreaterThanOrEqual(durable);
      durable = Math.max(durable, r.lastTip, r.openedAt);
    }
    expect(interrupted).toBeGreaterThanOrEqual(KILLS - 1);
    const last = await runChild(dir, blocksFile, null);
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    expect(last.openedAt).toBeGreaterThanOrEqual(durable);
    expect(last.done).toEqual(reference);
  });
});
