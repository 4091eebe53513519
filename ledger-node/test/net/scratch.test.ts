import { afterAll, expect, test } from 'vitest';
import { ChainBuilder } from '../chain/fixtures/chain-builder.js';
import { connect, feed, startNode, stopAll, tipHeight, waitFor } from './helpers.js';
afterAll(stopAll);
test('timing', async () => {
  const t0 = Date.now();
  const nodes = await Promise.all([0,1,2,3].map(() => startNode({ logLevel: 'debug' })));
  console.log('start', Date.now() - t0);
  const builder = new ChainBuilder();
  await feed(nodes[0]!, Array.from({ length: 101 }, () => builder.next()));
  console.log('feed', Date.now() - t0);
  for (let i = 1; i < 4; i++) { await connect(nodes[i]!, nodes[i - 1]!); console.log('conn', i, Date.now() - t0, nodes.map(tipHeight)); }
  await waitFor('common chain', () => nodes.every((n) => tipHeight(n) === 101));
  console.log('sync', Date.now() - t0);
  for (const n of nodes) console.log(n.log.lines.map((l) => `${(l.time as number) - t0} ${l.msg} ${l.peer ?? ''} ${l.height ?? ''} ${l.err ?? ''}`).join('\n'));
  expect(1).toBe(1);
});
