// A serving node for the IBD benchmark, in its own process (as a real peer would be): opens the
// chain state under argv[2], listens on 127.0.0.1, prints its address and serves until stdin ends.
import { join } from 'node:path';
import { REGTEST_PARAMS } from '../dist/consensus/params.js';
import { P2PNode } from '../dist/net/p2p-node.js';
import { openChainStateDir } from '../dist/node/chainstate-dir.js';

const dir = process.argv[2]!;
const chain = await openChainStateDir(dir, REGTEST_PARAMS, undefined, { checkBlocks: 0 });
const node = await P2PNode.start({
  params: REGTEST_PARAMS,
  datadir: join(dir, REGTEST_PARAMS.name),
  listen: ['127.0.0.1:0'],
  chain,
  discover: false,
});
process.stdout.write(`${node.listenAddresses()[0]}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await node.stop();
  await chain.close();
  process.exit(0);
});
