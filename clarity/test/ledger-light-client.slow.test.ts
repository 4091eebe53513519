// The re-pointing bound of the light client: a heavier branch whose new tip is at most 1023 blocks
// above the fork point is followed in one call (1024 steps); a deeper one is refused (u107).
import { Cl } from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { type MinedBlock, mineChain, mineGenesis } from './support/ledger.js';
import { type Env, headersArg, openEnv, SYSTEM } from './support/simnet.js';

const LC = 'ledger-light-client';

function submitAll(env: Env, blocks: MinedBlock[]) {
  let last: ReturnType<Env['call']> | undefined;
  for (let i = 0; i < blocks.length; i += 64) {
    last = env.call(LC, 'submit-headers', [headersArg(blocks.slice(i, i + 64))], SYSTEM);
  }
  return last!;
}

describe('ledger-light-client: the reorg bound', () => {
  it('follows a fork 1023 blocks below the new tip, refuses 1025, within the cost limits', async () => {
    const genesis = mineGenesis();
    const a = mineChain(genesis.hash, 1030, 40);
    const env = await openEnv({ accounts: 0 });
    env.call(LC, 'initialize', [Cl.buffer(genesis.bytes), Cl.uint(0)], SYSTEM);
    submitAll(env, a);
    // Forking at height 8: the new tip at 1031 re-points heights 1031 down to 9 (1023 of them) and
    // meets the fork point in the 1024th step.
    const ok = mineChain(a[7]!.hash, 1023, 41);
    const r = submitAll(env, ok);
    expect(r.result.type).toBe('ok');
    expect(env.read(LC, 'get-ledger-height')).toEqual(Cl.uint(1031));
    const hashAt = (h: number) => env.read(LC, 'get-ledger-header-hash', [Cl.uint(h)]);
    expect(hashAt(9)).toEqual(Cl.some(Cl.buffer(ok[0]!.hash)));
    expect(hashAt(8)).toEqual(Cl.some(Cl.buffer(a[7]!.hash)));
    const c = r.costs!;
    console.log('1024-block re-point cost', c.total);
    expect(c.total.runtime).toBeLessThan(c.limit.runtime / 4);
    expect(c.total.writeCount).toBeLessThan(c.limit.writeCount / 4);
    // Forking at height 7: heavier from height 1032 on, it would re-point 1025 heights.
    const deep = mineChain(a[6]!.hash, 1025, 42);
    const refused = submitAll(env, deep);
    expect(refused.result).toEqual(Cl.error(Cl.uint(107)));
    expect(hashAt(1031)).toEqual(Cl.some(Cl.buffer(ok[1022]!.hash)));
  });
});
