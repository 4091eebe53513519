// A raw simnet session with the genesis contracts, for contract unit tests through the SDK.
import { getSDK, type ParsedTransactionResult, type Simnet } from '@stacks/clarinet-sdk';
import { Cl, type ClarityValue, cvToString } from '@stacks/transactions';
import {
  CLARITY_VERSION,
  contractSource,
  GENESIS_CONTRACTS,
  principalFromHash160,
  SYSTEM_PRINCIPAL,
  VM_EPOCH,
} from '../../src/index.js';
import type { MinedBlock } from './ledger.js';
import { mineChain, mineGenesis } from './ledger.js';

export const SYSTEM = SYSTEM_PRINCIPAL;
export const FAI = 100_000_000n;

export function account(i: number): string {
  const h = new Uint8Array(20);
  h[0] = 0xa0;
  h[18] = i >> 8;
  h[19] = i & 0xff;
  return principalFromHash160(h);
}

export function contractId(name: string): string {
  return `${SYSTEM}.${name}`;
}

export interface Env {
  simnet: Simnet;
  call(contract: string, fn: string, args: ClarityValue[], sender: string): ParsedTransactionResult;
  read(contract: string, fn: string, args?: ClarityValue[]): ClarityValue;
  balance(who: string): bigint;
}

/** Fresh session: the genesis contracts deployed by the system principal, balances minted. */
export async function openEnv(
  opts: { reserve?: bigint; depositReserve?: bigint; accounts?: number; funds?: bigint } = {},
): Promise<Env> {
  const simnet = await getSDK({ trackCosts: true, trackCoverage: false });
  await simnet.initEmptySession(null);
  simnet.setEpoch(VM_EPOCH);
  const reserve = opts.reserve ?? 1_000_000n * FAI;
  const depositReserve = opts.depositReserve ?? 1_000_000n * FAI;
  if (reserve + depositReserve > 0n) simnet.mintSTX(SYSTEM, reserve + depositReserve);
  for (let i = 0; i < (opts.accounts ?? 8); i++) simnet.mintSTX(account(i), opts.funds ?? 10_000n * FAI);
  for (const name of GENESIS_CONTRACTS) {
    simnet.deployContract(name, contractSource(name), { clarityVersion: CLARITY_VERSION }, SYSTEM);
  }
  // The deposit reserve moves to the deposits contract (the SDK cannot mint to a contract).
  if (depositReserve > 0n)
    simnet.callPublicFn(
      contractId('fai'),
      'transfer',
      [Cl.uint(depositReserve), Cl.principal(contractId('deposits'))],
      SYSTEM,
    );
  const env: Env = {
    simnet,
    call: (contract, fn, args, sender) => simnet.callPublicFn(contractId(contract), fn, args, sender),
    read: (contract, fn, args = []) => simnet.callReadOnlyFn(contractId(contract), fn, args, SYSTEM).result,
    balance: (who) => {
      const v = env.read('fai', 'get-balance', [Cl.principal(who)]);
      return BigInt((v as { value: bigint }).value);
    },
  };
  return env;
}

export function show(v: ClarityValue): string {
  return cvToString(v);
}

/** A mined ledger chain fed to the light client: genesis, then `n` blocks. */
export interface LedgerFeed {
  genesis: MinedBlock;
  blocks: MinedBlock[];
}

let cachedChain: LedgerFeed | null = null;

/** Shared ledger chain of 1,000 blocks (mined once per test file). */
export function ledgerChain(): LedgerFeed {
  if (!cachedChain) {
    const genesis = mineGenesis();
    cachedChain = { genesis, blocks: mineChain(genesis.hash, 1000, 1) };
  }
  return cachedChain;
}

export function headersArg(blocks: MinedBlock[]): ClarityValue {
  return Cl.list(blocks.map((b) => Cl.buffer(b.bytes)));
}

/** Initialises the light client with the shared genesis and advances it to `height`. */
export function advanceLedger(env: Env, height: number): void {
  const chain = ledgerChain();
  const tip = Number(
    (env.read('ledger-light-client', 'get-ledger-tip') as { value: Record<string, { value: bigint }> }).value
      .height!.value,
  );
  const init = env.read('ledger-light-client', 'get-ledger-tip') as {
    value: Record<string, { type: string }>;
  };
  if (init.value.initialized!.type !== 'true') {
    const r = env.call(
      'ledger-light-client',
      'initialize',
      [Cl.buffer(chain.genesis.bytes), Cl.uint(0)],
      SYSTEM,
    );
    if (r.result.type !== 'ok') throw new Error(`initialize failed: ${show(r.result)}`);
  }
  for (let h = tip; h < height; h += 64) {
    const batch = chain.blocks.slice(h, Math.min(height, h + 64));
    const r = env.call('ledger-light-client', 'submit-headers', [headersArg(batch)], SYSTEM);
    if (r.result.type !== 'ok') throw new Error(`submit-headers failed: ${show(r.result)}`);
  }
}
