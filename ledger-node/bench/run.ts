// `npm run bench -w @funai/ledger-node`: every ledger benchmark, one table, bench-results/ledger-node.json.
import { writeBenchReport } from '../../tools/bench-report.mjs';
import { benchConnectBlocks } from './connect-blocks.ts';
import { benchHeaderHash } from './header-hash.ts';
import { benchSigverify } from './sigverify.ts';

const figures = [...(await benchSigverify()), ...benchHeaderHash(), ...(await benchConnectBlocks())];
writeBenchReport('ledger-node', figures);
