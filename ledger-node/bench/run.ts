// `npm run bench -w @funai/ledger-node`: every ledger benchmark, one table, bench-results/ledger-node.json.
import { writeBenchReport } from '../../tools/bench-report.mjs';
import { benchBlockValidate } from './block-validate.ts';
import { benchConnectBlocks } from './connect-blocks.ts';
import { benchHash } from './hash.ts';
import { benchHeaderHash } from './header-hash.ts';
import { benchIbd } from './ibd.ts';
import { benchMempool } from './mempool.ts';
import { benchMiner } from './miner.ts';
import { benchRpc } from './rpc.ts';
import { benchSigverify } from './sigverify.ts';

const figures = [
  ...(await benchSigverify()),
  ...benchBlockValidate(),
  ...benchHeaderHash(),
  ...benchHash(),
  ...(await benchMempool()),
  ...(await benchMiner()),
  ...(await benchRpc()),
  ...(await benchConnectBlocks()),
  ...(await benchIbd()),
];
writeBenchReport('ledger-node', figures);
