import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Cl, type ClarityValue, hexToCV } from '@stacks/transactions';

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

/**
 * A user call made in the genesis (devnets and tests): a genesis contract's public function called as
 * `sender`, after the contracts are deployed. Every one must end `(ok …)` or genesis fails.
 */
export interface GenesisCall {
  sender: string;
  contract: string;
  fn: string;
  args: ClarityValue[];
}

export interface GenesisConfig {
  allocations?: GenesisAllocation[];
  calls?: GenesisCall[];
}

/** A genesis file that does not parse, or a genesis call that does not end `(ok …)`. */
export class GenesisError extends Error {
  override readonly name = 'GenesisError';
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const DECIMAL = /^-?[0-9]{1,40}$/;
/** Bounds of what a genesis file may hold (a parser bound, far above any devnet). */
const MAX_GENESIS_ENTRIES = 10_000;
const MAX_ARG_DEPTH = 8;

function parseArg(v: unknown, where: string, depth: number): ClarityValue {
  if (depth > MAX_ARG_DEPTH) throw new GenesisError(`${where}: nested too deep`);
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new GenesisError(`${where}: an argument is an object such as {"uint": "1"}`);
  const keys = Object.keys(v);
  if (keys.length !== 1) throw new GenesisError(`${where}: an argument has exactly one key`);
  const key = keys[0]!;
  const x = (v as Record<string, unknown>)[key];
  const bigintOf = (t: unknown): bigint => {
    if (typeof t !== 'string' || !DECIMAL.test(t)) throw new GenesisError(`${where}: not a decimal string`);
    return BigInt(t);
  };
  const hexOf = (t: unknown): string => {
    if (typeof t !== 'string' || !HEX.test(t)) throw new GenesisError(`${where}: not hex`);
    return t;
  };
  try {
    switch (key) {
      case 'uint':
        return Cl.uint(bigintOf(x));
      case 'int':
        return Cl.int(bigintOf(x));
      case 'bool':
        if (typeof x !== 'boolean') throw new GenesisError(`${where}: bool is true or false`);
        return Cl.bool(x);
      case 'buff':
        return Cl.bufferFromHex(hexOf(x));
      case 'principal':
        if (typeof x !== 'string') throw new GenesisError(`${where}: principal is a string`);
        return Cl.principal(x);
      case 'ascii':
        if (typeof x !== 'string') throw new GenesisError(`${where}: ascii is a string`);
        return Cl.stringAscii(x);
      case 'none':
        return Cl.none();
      case 'some':
        return Cl.some(parseArg(x, where, depth + 1));
      case 'list':
        if (!Array.isArray(x) || x.length > MAX_GENESIS_ENTRIES)
          throw new GenesisError(`${where}: list is an array`);
        return Cl.list(x.map((e) => parseArg(e, where, depth + 1)));
      case 'cv':
        return hexToCV(hexOf(x));
      default:
        throw new GenesisError(`${where}: unknown argument kind ${JSON.stringify(key)}`);
    }
  } catch (e) {
    if (e instanceof GenesisError) throw e;
    throw new GenesisError(`${where}: ${(e as Error).message}`);
  }
}

/**
 * Parses a genesis file (docs/node.md "Clarity genesis file"): `{"version": 1, "allocations": [{principal,
 * amount}], "calls": [{sender, contract, fn, args}]}`, amounts as decimal strings, arguments as typed
 * objects. Principals and amounts are checked again by ClarityHost.create.
 */
export function parseGenesisFile(text: string, source = 'genesis'): GenesisConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new GenesisError(`${source}: not JSON (${(e as Error).message})`);
  }
  const o = json as { version?: unknown; allocations?: unknown; calls?: unknown } | null;
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new GenesisError(`${source}: not an object`);
  if (o.version !== 1) throw new GenesisError(`${source}: version is not 1`);
  const list = (x: unknown, name: string): unknown[] => {
    if (x === undefined) return [];
    if (!Array.isArray(x) || x.length > MAX_GENESIS_ENTRIES)
      throw new GenesisError(`${source}: ${name} is not a list (at most ${MAX_GENESIS_ENTRIES})`);
    return x;
  };
  const allocations = list(o.allocations, 'allocations').map((a, i) => {
    const e = a as { principal?: unknown; amount?: unknown } | null;
    if (typeof e?.principal !== 'string' || typeof e.amount !== 'string' || !/^[0-9]{1,40}$/.test(e.amount))
      throw new GenesisError(`${source}: allocation ${i}: {principal, amount: "<decimal>"}`);
    return { principal: e.principal, amount: BigInt(e.amount) };
  });
  const calls = list(o.calls, 'calls').map((c, i) => {
    const e = c as { sender?: unknown; contract?: unknown; fn?: unknown; args?: unknown } | null;
    const where = `${source}: call ${i}`;
    if (typeof e?.sender !== 'string' || typeof e.contract !== 'string' || typeof e.fn !== 'string')
      throw new GenesisError(`${where}: {sender, contract, fn, args}`);
    const args = e.args === undefined ? [] : e.args;
    if (!Array.isArray(args) || args.length > 64) throw new GenesisError(`${where}: args is a list`);
    return {
      sender: e.sender,
      contract: e.contract,
      fn: e.fn,
      args: args.map((a, k) => parseArg(a, `${where} arg ${k}`, 0)),
    };
  });
  return {
    ...(allocations.length > 0 ? { allocations } : {}),
    ...(calls.length > 0 ? { calls } : {}),
  };
}
