// The Clarity executor at depth (docs/protocol.md §16.10) over a real store and worker: a rollback
// deeper than the depth ends in the state of a node that only executed the final branch, and a restart
// resumes from the newest checkpoint on the executed chain plus the stored blocks after it.
// Runs the built worker (dist/clarity/worker.js): `npx tsc -b inference-node` first.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Op, principalFromHash160 } from '@funai/clarity';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ClarityExecutor, type ClarityTarget } from '../../src/clarity/executor.js';
import { InferenceStore, StoreBatch } from '../../src/store/store.js';

const log = pino({ level: 'silent' });
const users = Array.from({ length: 4 }, (_, i) => principalFromHash160(new Uint8Array(20).fill(i + 1)));
const genesis = { allocations: users.map((principal) => ({ principal, amount: 1_000_000_000n })) };
const tmp = mkdtempSync(join(tmpdir(), 'funai-clarity-exec-'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A block of branch `tag` at position n: a few transfers that depend on the branch. */
function target(tag: string, n: number): ClarityTarget {
  const hash = createHash('sha256').update(`${tag}:${n}`).digest('hex');
  const ops: Op[] = Array.from({ length: 3 }, (_, k) => ({
    type: 'transfer',
    sender: users[(n + k) % 4]!,
    recipient: users[(n + k + (tag === 'a' ? 1 : 2)) % 4]!,
    amount: BigInt(1 + n * 10 + k),
  }));
  return { hash, ledgerHeight: 10 + n * 2, ops: () => ops };
}

async function open(name: string) {
  const store = await InferenceStore.open(join(tmp, name, 'store'));
  const ex = new ClarityExecutor({
    store,
    genesis,
    dir: join(tmp, name, 'clarity'),
    log,
    checkpointEvery: 2,
  });
  await ex.open();
  return { store, ex };
}

async function step(
  n: { store: InferenceStore; ex: ClarityExecutor },
  keep: number,
  targets: ClarityTarget[],
): Promise<void> {
  const batch = new StoreBatch();
  await n.ex.advance(keep, targets, 1000, batch);
  n.store.commit(batch);
}

describe('Clarity executor', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('rolls back past the depth to the fork point and ends in the final branch state; restarts from a checkpoint', async () => {
    const a = Array.from({ length: 7 }, (_, n) => target('a', n));
    const b = Array.from({ length: 7 }, (_, n) => target('b', n));
    const final = [...a.slice(0, 2), ...b.slice(2, 7)];

    const node = await open('node');
    await step(node, 0, a.slice(0, 4));
    await step(node, 4, a.slice(4, 7));
    expect(node.ex.height).toBe(7);
    // The winner of the final branch built on a's second block: five executed blocks orphaned.
    await step(node, 2, b.slice(2, 7));
    expect(node.ex.height).toBe(7);
    expect(node.ex.head?.hash).toBe(b[6]!.hash);
    const root = hex(await node.ex.host!.stateRoot());

    const fresh = await open('fresh');
    await step(fresh, 0, final);
    expect(hex(await fresh.ex.host!.stateRoot())).toBe(root);
    for (const t of final)
      expect(hex(node.ex.record(t.hash)!.receiptsRoot)).toBe(hex(fresh.ex.record(t.hash)!.receiptsRoot));
    await fresh.ex.close();
    await fresh.store.close();

    // Restart: the newest checkpoint on the executed chain (index 6: b[5]) plus the stored block after it.
    expect(readdirSync(join(tmp, 'node', 'clarity')).some((f) => f.startsWith(`6-${b[5]!.hash}`))).toBe(true);
    await node.ex.close();
    await node.store.close();
    const again = await open('node');
    expect(again.ex.height).toBe(7);
    expect(hex(await again.ex.host!.stateRoot())).toBe(root);
    // And it continues: one more block on both.
    await step(again, 7, [target('b', 7)]);
    expect(again.ex.height).toBe(8);
    await again.ex.close();
    await again.store.close();
  });
});
