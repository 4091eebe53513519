import { expect, it } from 'vitest';
import { ChainState } from '../../src/chain/chain-state.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { ChainBuilder, testClock } from './fixtures/chain-builder.js';

it('smoke', async () => {
  const cs = await ChainState.openStore(new MemoryStore(), REGTEST_PARAMS, { scriptThreads: 0, now: testClock() });
  const b = new ChainBuilder();
  for (let i = 0; i < 105; i++) {
    const r = await cs.processBlock(b.next({ spends: 2, coinbaseOutputs: 3 }));
    expect(r.status, JSON.stringify(r)).toBe('connected');
  }
  console.log(cs.getTip().height, cs.utxoSetInfo());
  await cs.close();
});
