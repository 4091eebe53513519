import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GenesisFileJson, stakerGenesis } from '@funai/inference-node';
import { COIN } from '@funai/ledger-node';

/** The devnet's Clarity genesis file, `<datadir>/genesis.json`, passed as `-genesis` to every inference node. */
export const GENESIS_FILE = 'genesis.json';

/** Each genesis verifier's stake: far above the producers' bonds, so the verifiers are the ranking's top five. */
export const VERIFIER_STAKE = 100n * COIN;
/**
 * Each producer's bond (stake; at least MIN-BOND = 10 FAI, staking.clar): a bonded producer and executor
 * is paid. Twice the minimum, so that a few 1-FAI penalties for invalid records do not leave it unbonded
 * (a stake below the minimum moves to unbonding at once, and an unbonded executor's later valid records go
 * unpaid, within the same verdict too).
 */
export const PRODUCER_BOND = 20n * COIN;
/** The test API account's fee balance in poi (gas for its requests). */
export const API_FEE_BALANCE = 5n * COIN;
/** What each principal gets besides its stake or fee balance. */
const SPARE = 1n * COIN;

/**
 * The devnet's genesis (docs/node.md "Clarity genesis file"), from the nodes' keys (`<networkDir>/node-keys.json`,
 * created ahead of the nodes' first start): the verifiers (the devnet pads them to five with stakers that run
 * no node) staked with VERIFIER_STAKE, the producers bonded with PRODUCER_BOND (their principals sign the
 * API's receipts as executors), and the test API account with a fee balance in poi.
 */
export async function devnetGenesis(o: {
  verifiers: readonly string[];
  producers: readonly string[];
  apiPrincipal: string | null;
  /** Further API accounts given the same fee balance (test keys). */
  feeAccounts?: readonly string[];
}): Promise<GenesisFileJson> {
  const genesis: GenesisFileJson = { version: 1, allocations: [], calls: [] };
  const add = async (networkDir: string, stake: bigint) => {
    const s = await stakerGenesis(networkDir, { balance: stake + SPARE, stake });
    genesis.allocations.push(...s.allocations);
    genesis.calls.push(...s.calls);
  };
  for (const v of o.verifiers) await add(v, VERIFIER_STAKE);
  for (const p of o.producers) await add(p, PRODUCER_BOND);
  for (const principal of [...(o.apiPrincipal ? [o.apiPrincipal] : []), ...(o.feeAccounts ?? [])]) {
    genesis.allocations.push({ principal, amount: String(API_FEE_BALANCE + SPARE) });
    genesis.calls.push({
      sender: principal,
      contract: 'poi',
      fn: 'deposit-fees',
      args: [{ uint: String(API_FEE_BALANCE) }],
    });
  }
  return genesis;
}

/** Writes the genesis file atomically; returns its path. */
export function writeGenesis(datadir: string, genesis: GenesisFileJson): string {
  const file = join(datadir, GENESIS_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(genesis, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}
