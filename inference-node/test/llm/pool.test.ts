import { describe, expect, it } from 'vitest';
import { ResourcePool } from '../../src/llm/runtime/pool.js';

const deferred = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('resource pool', () => {
  it('lends each item to one request at a time and serves waiters in order', async () => {
    const pool = new ResourcePool(['a', 'b'], 10);
    const order: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const runs = gates.map((g, i) =>
      pool.run(async (item) => {
        order.push(`${i}:${item}`);
        await g.promise;
        return item;
      }),
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['0:b', '1:a']);
    expect(pool.queued).toBe(1);
    gates[0]!.resolve();
    await runs[0];
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['0:b', '1:a', '2:b']);
    gates[1]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(runs)).toEqual(['b', 'a', 'b']);
  });

  it('rejects with queue-full beyond the queue bound', async () => {
    const pool = new ResourcePool(['a'], 1);
    const gate = deferred();
    const first = pool.run(() => gate.promise);
    const second = pool.run(async () => 'second');
    await expect(pool.run(async () => 'third')).rejects.toMatchObject({ reason: 'queue-full' });
    gate.resolve();
    await first;
    expect(await second).toBe('second');
  });

  it('drops an aborted waiter and refuses an already aborted request', async () => {
    const pool = new ResourcePool(['a'], 4);
    const gate = deferred();
    const first = pool.run(() => gate.promise);
    const ac = new AbortController();
    const waiting = pool.run(async () => 'never', ac.signal);
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ reason: 'aborted' });
    expect(pool.queued).toBe(0);
    await expect(pool.run(async () => 1, AbortSignal.abort())).rejects.toMatchObject({ reason: 'aborted' });
    gate.resolve();
    await first;
  });

  it('close rejects waiters with engine-closed and waits for running work', async () => {
    const pool = new ResourcePool(['a'], 4);
    const gate = deferred();
    let finished = false;
    const first = pool.run(async () => {
      await gate.promise;
      finished = true;
    });
    const waiting = pool.run(async () => 'never');
    const closing = pool.close();
    await expect(waiting).rejects.toMatchObject({ reason: 'engine-closed' });
    gate.resolve();
    await closing;
    await first;
    expect(finished).toBe(true);
    await expect(pool.run(async () => 1)).rejects.toMatchObject({ reason: 'engine-closed' });
  });
});
