import { afterAll, expect, test } from 'vitest';
import { ChainBuilder } from '../chain/fixtures/chain-builder.js';
import { connect, feed, startNode, stopAll, tipHeight, waitFor } from './helpers.js';

afterAll(stopAll);

test('smoke', async () => {
  const a = await startNode();
  const b = await startNode();
  const builder = new ChainBuilder();
  const blocks = Array.from({ length: 50 }, () => builder.next());
  await feed(a, blocks);
  await connect(b, a);
  await waitFor('b synced', () => tipHeight(b) === 50);
  const more = builder.next();
  await feed(a, [more]);
  await waitFor('b relay', () => tipHeight(b) === 51);
  expect(b.chain.getTip().hashHex).toBe(a.chain.getTip().hashHex);
  console.log(b.log.messages().filter((m) => m.startsWith('sync')));
});
