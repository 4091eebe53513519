// Full validation of one synthetic block of 2,000 P2WPKH spends on one thread: context-free checks
// (PoW, Merkle root, CheckTransaction), contextual checks (BIP34, witness commitment, weight), the
// inputs against an in-memory UTXO view, and every script check.
import type { Figure } from '../../tools/bench-report.mjs';
import { checkBlock } from '../dist/consensus/check-block.js';
import { outpointKey } from '../dist/consensus/coins.js';
import { connectBlock } from '../dist/consensus/connect-block.js';
import { contextualCheckBlock } from '../dist/consensus/contextual.js';
import { REGTEST_PARAMS } from '../dist/consensus/params.js';
import { checkProofOfWork } from '../dist/consensus/pow.js';
import { runScriptChecks } from '../dist/consensus/script-check.js';
import { blockSubsidy } from '../dist/consensus/subsidy.js';
import { buildCoinbase } from '../dist/mining/template/coinbase.js';
import { scriptForP2WPKH } from '../dist/script/standard.js';
import type { Block } from '../dist/wire/block.js';
import { blockHash } from '../dist/wire/header.js';
import { blockMerkleRoot } from '../dist/wire/merkle.js';
import { addWitnessCommitment } from '../dist/wire/witness-commitment.js';
import { signedP2wpkhSpends } from './fixtures/p2wpkh-spends.ts';

const TXS = 2_000;
const HEIGHT = 1_000;
const TIME = 1_800_000_000;

function buildBlock(): { block: Block; coins: ReturnType<typeof signedP2wpkhSpends>['coins'] } {
  const spends = signedP2wpkhSpends(TXS, HEIGHT - 10, 'block-validate bench');
  const payout = scriptForP2WPKH(new Uint8Array(20).fill(1));
  const coinbase = buildCoinbase(HEIGHT, [
    { value: blockSubsidy(HEIGHT) + spends.fees, scriptPubKey: payout },
  ]);
  const block: Block = {
    header: {
      version: 0x20000000,
      prevBlock: new Uint8Array(32).fill(3),
      merkleRoot: new Uint8Array(32),
      time: TIME,
      bits: REGTEST_PARAMS.powLimitBits,
      nonce: 0,
    },
    txs: [coinbase, ...spends.txs],
  };
  block.txs[0] = addWitnessCommitment(block);
  block.header.merkleRoot = blockMerkleRoot(block.txs).root;
  while (!checkProofOfWork(blockHash(block.header), block.header.bits, REGTEST_PARAMS.powLimit))
    block.header.nonce++;
  return { block, coins: spends.coins };
}

export function benchBlockValidate(rounds = 5): Figure[] {
  const { block, coins } = buildBlock();
  const view = { getCoin: (o: Parameters<typeof outpointKey>[0]) => coins.get(outpointKey(o)) };
  const ancestry = { medianTimePast: () => TIME - 600 };
  const validate = () => {
    checkBlock(block, REGTEST_PARAMS);
    contextualCheckBlock(block, HEIGHT, TIME - 600, REGTEST_PARAMS);
    const connection = connectBlock(block, HEIGHT, view, ancestry, REGTEST_PARAMS);
    if (connection.scriptChecks.length !== TXS) throw new Error('every spend must be script-checked');
    runScriptChecks(connection.scriptChecks);
  };
  validate(); // warm-up, and proof that the block is valid
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    validate();
    best = Math.min(best, performance.now() - start);
  }
  return [
    { name: 'block-validate-2000-p2wpkh', value: Math.round((TXS * 1000) / best), unit: 'tx/s (1 thread)' },
  ];
}

if (import.meta.main) console.table(benchBlockValidate());
