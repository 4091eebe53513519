import { join } from 'node:path';
import { hash160, toHex } from '@funai/ledger-node';
import { principalString } from '../node/consensus-sink.js';
import { loadOrCreateNodeKeys, NODE_KEYS_FILE } from '../node/keys.js';

/** One call of a genesis file (docs/node.md "Clarity genesis file"), arguments as typed JSON objects. */
export interface GenesisFileCall {
  sender: string;
  contract: string;
  fn: string;
  args: ({ uint: string } | { buff: string })[];
}

/** A genesis file's JSON (docs/node.md), as `parseGenesisFile` of `@funai/clarity` reads it. */
export interface GenesisFileJson {
  version: 1;
  allocations: { principal: string; amount: string }[];
  calls: GenesisFileCall[];
}

export interface StakerGenesis {
  /** The node's principal (its executor key's, testnet single-sig). */
  principal: string;
  /** The ledger script its verifier rewards are paid to: P2WPKH of the executor key. */
  rewardScript: string;
  allocations: GenesisFileJson['allocations'];
  calls: GenesisFileCall[];
}

/**
 * A node's genesis entries (devnets and tests): an allocation of `balance` base units to its principal,
 * then `staking.register-keys` (reward script = P2WPKH of its executor key, its BLS key with the proof of
 * possession) and `staking.stake(stake)`, and `poi.deposit-fees(fees)` when given. The node's keys come
 * from `<networkDir>/node-keys.json` (created if absent, as the daemon's first start would). Loads the
 * Clarity package (for the proof of possession) only when called.
 */
export async function stakerGenesis(
  networkDir: string,
  opts: { balance: bigint; stake: bigint; fees?: bigint },
): Promise<StakerGenesis> {
  const { signPop } = await import('@funai/clarity');
  const keys = loadOrCreateNodeKeys(join(networkDir, NODE_KEYS_FILE));
  const principal = principalString(keys.principal);
  const rewardScript = `0014${toHex(hash160(keys.executorPublicKey))}`;
  const { blsPubkey, pop } = signPop(keys.blsKey, principal);
  const calls: GenesisFileCall[] = [
    {
      sender: principal,
      contract: 'staking',
      fn: 'register-keys',
      args: [{ buff: rewardScript }, { buff: toHex(blsPubkey) }, { buff: toHex(pop) }],
    },
    { sender: principal, contract: 'staking', fn: 'stake', args: [{ uint: String(opts.stake) }] },
  ];
  if (opts.fees !== undefined && opts.fees > 0n)
    calls.push({
      sender: principal,
      contract: 'poi',
      fn: 'deposit-fees',
      args: [{ uint: String(opts.fees) }],
    });
  return { principal, rewardScript, allocations: [{ principal, amount: String(opts.balance) }], calls };
}
