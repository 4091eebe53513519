import { readFileSync } from 'node:fs';

/**
 * The genesis contracts in deployment order (each only calls contracts deployed before it; staking
 * names poi only as the principal allowed to slash).
 */
export const GENESIS_CONTRACTS = [
  'fai',
  'ledger-light-client',
  'staking',
  'poi',
  'models',
  'deposits',
] as const;
export type GenesisContract = (typeof GENESIS_CONTRACTS)[number];

const CONTRACTS_DIR = new URL('../../contracts/', import.meta.url);

/** The Clarity source of a genesis contract, as shipped in clarity/contracts. */
export function contractSource(name: GenesisContract): string {
  return readFileSync(new URL(`${name}.clar`, CONTRACTS_DIR), 'utf8');
}

/** Balances credited at genesis besides the issuance reserve (devnets and tests; none on mainnet). */
export interface GenesisAllocation {
  principal: string;
  amount: bigint;
}

export interface GenesisConfig {
  allocations?: GenesisAllocation[];
}
