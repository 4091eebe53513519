// A VM abort in the Clarity worker (docs/protocol.md §13.1, §16.10): the block is invalid for Clarity with its
// user ops, so the executor starts a fresh worker at the state before it (newest checkpoint + the stored
// blocks after it, including those of the same advance not yet committed) and executes the block again
// without them; execution carries on, and a restart replays what ran. The abort is injected in the service
// (the genesis contracts admit no aborting call); an abort of system calls alone stays fatal.
// Runs the built worker (dist/clarity/worker.js): `npx tsc -b inference-node` first.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Op, principalFromHash160 } from '@funai/clarity';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ClarityExecutor, type ClarityTarget } from '../../src/clarity/executor.js';
import {
  ClarityService,
  ClarityServiceError,
  type ClarityServiceOptions,
} from '../../src/clarity/service.js';
import { InferenceStore, StoreBatch } from '../../src/store/store.js';

const log = pino({ level: 'silent' });
const users = Array.from({ length: 3 }, (_, i) => principalFromHash160(new Uint8Array(20).fill(i + 1)));
const genesis = { allocations: users.map((principal) => ({ principal, amount: 1_000_000_000n })) };
const tmp = mkdtempSync(join(tmpdir(), 'funai-clarity-abort-'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** The transfer amount the injected fault aborts on. */
const POISON = 666n;

const transfer = (i: number, amount: bigint): Op => ({
  type: 'transfer',
  sender: users[i % 3]!,
  recipient: users[(i + 1) % 3]!,
  amount,
});

function target(n: number, ops: Op[]): ClarityTarget {
  return { hash: createHash('sha256').update(`b${n}`).digest('hex'), ledgerHeight: 10 + n, ops: () => ops };
}

/** ClarityService.start whose services abort (and stay poisoned) on a POISON transfer, like a trapped VM. */
function faulty(started: { count: number }) {
  return async (opts: ClarityServiceOptions): Promise<ClarityService> => {
    started.count++;
    const s = await ClarityService.start(opts);
    const execute = s.executeBlock.bind(s);
    let poisoned = false;
    s.executeBlock = async (ops: Op[]) => {
      if (poisoned || ops.some((o) => o.type === 'transfer' && o.amount === POISON)) {
        poisoned = true;
        throw new ClarityServiceError('VmAbortError', 'injected trap');
      }
      return execute(ops);
    };
    return s;
  };
}

async function open(name: string, started: { count: number }, checkpointEvery = 100) {
  const store = await InferenceStore.open(join(tmp, name, 'store'));
  const ex = new ClarityExecutor({
    store,
    genesis,
    dir: join(tmp, name, 'clarity'),
    log,
    checkpointEvery,
    startService: faulty(started),
  });
  await ex.open();
  return { store, ex };
}

describe('Clarity executor: VM abort', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('executes an aborting block again without its user ops in a fresh worker and carries on', async () => {
    const started = { count: 0 };
    const a = await open('a', started);
    expect(started.count).toBe(1);
    const blocks = [
      target(1, [transfer(0, 11n)]),
      target(2, [transfer(1, 22n)]),
      // Block 3 is executed in the same advance as 1 and 2 (no checkpoint yet, their records not committed):
      // the fresh worker replays them from the advance's own records.
      target(3, [transfer(2, 33n), transfer(0, POISON)]),
      target(4, [transfer(0, 44n)]),
    ];
    const batch = new StoreBatch();
    const done = await a.ex.advance(0, blocks, 1000, batch);
    a.store.commit(batch);
    expect(done).toHaveLength(4);
    expect(started.count).toBe(2);
    const r3 = a.ex.record(blocks[2]!.hash)!;
    expect(r3.aborted).toMatch(/injected trap/);
    expect(r3.ops).toEqual([]);
    expect(r3.receipts).toEqual([]);
    expect(a.ex.height).toBe(4);

    // The same chain on a node that ran block 3 as the empty block: the same state.
    const refStarted = { count: 0 };
    const ref = await open('ref', refStarted);
    const refBatch = new StoreBatch();
    await ref.ex.advance(0, [blocks[0]!, blocks[1]!, target(3, []), blocks[3]!], 1000, refBatch);
    ref.store.commit(refBatch);
    expect(hex(ref.ex.record(blocks[3]!.hash)!.stateRoot)).toBe(hex(a.ex.record(blocks[3]!.hash)!.stateRoot));
    expect((await a.ex.host!.account(users[0]!)).balance).toBe(
      (await ref.ex.host!.account(users[0]!)).balance,
    );

    // A restart replays what ran (no abort: the stored ops of block 3 are empty) to the same state root.
    await a.ex.close();
    const b = new ClarityExecutor({
      store: a.store,
      genesis,
      dir: join(tmp, 'a', 'clarity'),
      log,
      checkpointEvery: 2,
      startService: faulty(started),
    });
    await b.open();
    expect(b.height).toBe(4);
    expect(hex(await b.host!.stateRoot())).toBe(hex(a.ex.record(blocks[3]!.hash)!.stateRoot));

    // An abort with no user op to drop is fatal.
    const fatal = new ClarityExecutor({
      store: a.store,
      genesis,
      dir: join(tmp, 'a', 'clarity'),
      log,
      startService: async (opts) => {
        const s = await ClarityService.start(opts);
        s.executeBlock = () => Promise.reject(new ClarityServiceError('VmAbortError', 'system trap'));
        return s;
      },
    });
    await fatal.open();
    await expect(fatal.advance(4, [target(5, [])], 1000, new StoreBatch())).rejects.toThrow(/system trap/);
    await fatal.close();
    await b.close();
    await ref.ex.close();
    await a.store.close();
    await ref.store.close();
  });
});
