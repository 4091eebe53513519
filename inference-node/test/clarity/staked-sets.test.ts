// The verifier set of cycle c read at depth (docs/protocol.md §16.9, §16.10): in the state after the executed
// blocks with ledger height ≤ 144·c − 7; read again after a rollback below it, and after a late block at or
// below that height executes. Real worker and store; genesis stakers from a genesis file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COIN } from '@funai/ledger-node';
import { Cl } from '@stacks/transactions';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ClarityExecutor, type ClarityTarget } from '../../src/clarity/executor.js';
import { type GenesisFileJson, stakerGenesis } from '../../src/clarity/genesis-staker.js';
import { InferenceStore, StoreBatch } from '../../src/store/store.js';

const tmp = mkdtempSync(join(tmpdir(), 'funai-clarity-sets-'));

describe('verifier sets at depth', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads cycle c after the blocks at or below 144·c − 7, again after a rollback or a late block', async () => {
    const stakers = [];
    for (let i = 0; i < 6; i++) {
      const dir = join(tmp, `s${i}`);
      mkdirSync(dir, { recursive: true });
      stakers.push(
        await stakerGenesis(dir, { balance: 100n * COIN, stake: BigInt(i < 5 ? 20 - i : 10) * COIN }),
      );
    }
    const genesis: GenesisFileJson = {
      version: 1,
      allocations: stakers.flatMap((s) => s.allocations),
      calls: stakers.flatMap((s) => s.calls),
    };
    const genesisFile = join(tmp, 'genesis.json');
    writeFileSync(genesisFile, JSON.stringify(genesis));
    const store = await InferenceStore.open(join(tmp, 'store'));
    const ex = new ClarityExecutor({
      store,
      genesisFile,
      dir: join(tmp, 'ckpt'),
      log: pino({ level: 'silent' }),
    });
    await ex.open();
    const s5 = stakers[5]!.principal;
    const block = (tag: string, ledgerHeight: number, stake: boolean): ClarityTarget => ({
      hash: Buffer.alloc(32, tag.charCodeAt(0)).toString('hex'),
      ledgerHeight,
      ops: () =>
        stake
          ? [{ type: 'call', sender: s5, contract: 'staking', fn: 'stake', args: [Cl.uint(20n * COIN)] }]
          : [],
    });
    const step = async (keep: number, targets: ClarityTarget[], max: number) => {
      const batch = new StoreBatch();
      await ex.advance(keep, targets, max, batch);
      store.commit(batch);
    };
    const principals = (c: number) => ex.stakedSet(c)?.map((v) => v.principal);
    const top5 = stakers.slice(0, 5).map((s) => s.principal);

    // A (ℓ 100) makes s5 the largest staker; cycle 1's set is read at 137, after it.
    await step(0, [block('A', 100, true)], 106);
    expect(principals(0)).toEqual(top5);
    expect(principals(1)).toBeUndefined();
    await step(1, [], 137);
    expect(principals(1)).toEqual([s5, ...top5.slice(0, 4)]);
    expect(ex.stakedSet(1)![0]!.stake).toBe(30n * COIN);

    // A leaves the canonical chain for B (ℓ 120, no stake): cycle 1 is read again, without s5.
    await step(0, [block('B', 120, false)], 137);
    expect(principals(0)).toEqual(top5);
    expect(principals(1)).toEqual(top5);

    // A late block C (ℓ 130 ≤ 137) executes after cycle 1 was read: it is read again after C.
    await step(1, [block('C', 130, true)], 138);
    expect(principals(1)).toEqual([s5, ...top5.slice(0, 4)]);
    // Restart: the sets come back from the store.
    await ex.close();
    await store.close();
    const store2 = await InferenceStore.open(join(tmp, 'store'));
    const again = new ClarityExecutor({
      store: store2,
      genesisFile,
      dir: join(tmp, 'ckpt'),
      log: pino({ level: 'silent' }),
    });
    await again.open();
    expect(again.stakedSet(1)?.map((v) => v.principal)).toEqual([s5, ...top5.slice(0, 4)]);
    expect(again.height).toBe(2);
    await again.close();
    await store2.close();
  });
});
