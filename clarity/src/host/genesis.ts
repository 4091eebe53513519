import { createHash } from 'node:crypto';
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

/**
 * SHA-256 of each genesis contract's source, pinned: the sources are consensus, so a node refuses
 * to start from a source file that differs (an edit must change this table, and docs §13.9, in the
 * same commit).
 */
export const CONTRACT_SHA256: Readonly<Record<GenesisContract, string>> = Object.freeze({
  fai: '419bb1ec57a5d187d087e966229962e58968ba00fb19ba34646b24f2c18b2411',
  'ledger-light-client': '5bf37ad72e1127af881eb51dc9a94880fb7307cb0d523285f79a7d0b5e54d9e1',
  staking: 'c23104a60b74e07b3052971084eb9b76078fa9dd15ef2968ee250bac20f4354e',
  poi: '9a8ab9782ba647e88fb10a3e1eae31dbcdb4246179d9d5155a2518e0ee0bb7f8',
  models: 'af0e62028a876402a18ed0d500b022114d59435997cea9310bee1f0ae8c0ae41',
  deposits: '7862621f1abc0eb635583bdacad08f3062167a2d58937f9ec0677b645bb98355',
});

/** A genesis contract's source differs from its pinned hash. */
export class ContractPinError extends Error {
  override readonly name = 'ContractPinError';
  constructor(
    readonly contract: string,
    readonly actual: string,
  ) {
    super(`genesis contract ${contract} does not match its pinned SHA-256 (found ${actual})`);
  }
}

/** The Clarity source of a genesis contract, as shipped in clarity/contracts, checked against its pin. */
export function contractSource(name: GenesisContract): string {
  const bytes = readFileSync(new URL(`${name}.clar`, CONTRACTS_DIR));
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== CONTRACT_SHA256[name]) throw new ContractPinError(name, actual);
  return bytes.toString('utf8');
}

/** Balances credited at genesis besides the issuance reserve (devnets and tests; none on mainnet). */
export interface GenesisAllocation {
  principal: string;
  amount: bigint;
}

export interface GenesisConfig {
  allocations?: GenesisAllocation[];
}
