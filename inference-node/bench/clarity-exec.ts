// The daemon's Clarity worker (docs/protocol.md §16.10): what one executed inference block costs the node.
//   clarity-exec-per-block     ms per executed Clarity block through the worker (50 user ops: transfers
//                              and fee deposits; receipts, receipts root and the state root the header
//                              rule needs), median over 40 blocks after 10 warm-up blocks.
//                              Baseline: the same blocks replayed for state only (no receipts, no state
//                              root), i.e. what a restart or rollback replays per block.
//   clarity-rollback-restore   ms to restore the newest checkpoint in a fresh worker (genesis + memory
//                              image, at 50 blocks): the fixed part of a rollback past the depth.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Op } from '@funai/clarity';
import { addressFromVersionHash, addressToString, Cl } from '@stacks/transactions';
import type { Figure } from '../../tools/bench-report.mjs';
import { ClarityService } from '../dist/clarity/service.js';

const users = Array.from({ length: 8 }, (_, i) =>
  addressToString(addressFromVersionHash(26, Buffer.alloc(20, i + 1).toString('hex'))),
);
const genesis = { allocations: users.map((principal) => ({ principal, amount: 1_000_000_000_000n })) };

function block(n: number): Op[] {
  return Array.from(
    { length: 50 },
    (_, k): Op =>
      k % 5 === 4
        ? {
            type: 'call',
            sender: users[(n + k) % 8]!,
            contract: 'poi',
            fn: 'deposit-fees',
            args: [Cl.uint(1000 + k)],
          }
        : {
            type: 'transfer',
            sender: users[(n + k) % 8]!,
            recipient: users[(n + k + 3) % 8]!,
            amount: BigInt(1 + k + n),
          },
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchClarityExec(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'funai-bench-clarity-'));
  try {
    const live = await ClarityService.start({ genesis });
    for (let n = 0; n < 10; n++) await live.executeBlock(block(n));
    const exec: number[] = [];
    for (let n = 10; n < 50; n++) {
      const t0 = performance.now();
      await live.executeBlock(block(n));
      exec.push(performance.now() - t0);
    }
    const file = join(dir, 'bench.ckpt');
    await live.checkpoint(file);
    await live.close();

    const replayer = await ClarityService.start({ genesis });
    await replayer.replayBlocks(Array.from({ length: 10 }, (_, n) => block(n)));
    const replay: number[] = [];
    for (let n = 10; n < 50; n++) {
      const t0 = performance.now();
      await replayer.replayBlocks([block(n)]);
      replay.push(performance.now() - t0);
    }
    await replayer.close();

    const t0 = performance.now();
    const restored = await ClarityService.start({ genesis, checkpointFile: file });
    const restoreMs = performance.now() - t0;
    await restored.close();
    const replayMs = median(replay);
    return [
      {
        name: 'clarity-exec-per-block',
        value: Number(median(exec).toFixed(1)),
        unit: 'ms',
        baseline: 'replay per block (state only)',
        baselineValue: Number(replayMs.toFixed(1)),
      },
      { name: 'clarity-rollback-restore', value: Math.round(restoreMs), unit: 'ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchClarityExec());
