// `npm run bench -w @funai/inference-node [-- --model <path>] [--threads n]`: every inference-node
// benchmark, one table, bench-results/inference-node.json. Each module exports one async function
// returning its figures; add a line per module.
import { writeBenchReport } from '../../tools/bench-report.mjs';
import { benchApi } from './api.ts';
import { benchChainOverhead } from './chain-overhead.ts';
import { benchClarityExec } from './clarity-exec.ts';
import { benchConsensusBlock } from './consensus-block.ts';
import { benchConsensusElection } from './consensus-election.ts';
import { benchElectionCertificate } from './election-certificate.ts';
import { benchLlm } from './llm.ts';
import { benchLlmReplay } from './llm-replay.ts';
import { benchLlmServing } from './llm-serving.ts';
import { benchReorg } from './reorg.ts';

const figures = [
  ...(await benchLlm()),
  ...(await benchApi()),
  ...(await benchLlmReplay()),
  ...(await benchLlmServing()),
  ...(await benchConsensusBlock()),
  ...(await benchConsensusElection()),
  ...(await benchChainOverhead()),
  ...(await benchReorg()),
  ...(await benchElectionCertificate()),
  ...(await benchClarityExec()),
];
writeBenchReport('inference-node', figures);
