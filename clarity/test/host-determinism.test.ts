import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Cl } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BLS_BACKEND,
  type BlockExecution,
  ClarityHost,
  CONTRACT_SHA256,
  GENESIS_CONTRACTS,
  installedVmWasmSha256,
  merkleTreeHash,
  receiptValue,
  SYSTEM_PRINCIPAL,
  VM_WASM_SHA256,
} from '../src/index.js';
import { account } from './support/simnet.js';
import { GENESIS, USERS, workload } from './support/workload.js';

const BLOCKS = 200;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function balances(host: ClarityHost): string[] {
  return [
    SYSTEM_PRINCIPAL,
    ...Array.from({ length: USERS }, (_, i) => account(i)),
    `${SYSTEM_PRINCIPAL}.staking`,
    `${SYSTEM_PRINCIPAL}.poi`,
  ].map((p) => `${p}=${host.balance(p)}`);
}

describe('host determinism', () => {
  const blocks = workload(BLOCKS);
  let first: BlockExecution[];
  let hostA: ClarityHost;

  beforeAll(async () => {
    hostA = await ClarityHost.create(GENESIS);
    first = blocks.map((ops) => hostA.executeBlock(ops));
  }, 300_000);

  it('runs a workload that exercises every contract, with successes, errors and refusals', () => {
    const statuses = first.flatMap((b) => b.receipts.map((r) => r.status));
    expect(statuses.filter((s) => s === 'ok').length).toBeGreaterThan(800);
    expect(statuses).toContain('err');
    expect(statuses).toContain('rejected');
    expect(hostA.readOnly('ledger-light-client', 'get-ledger-height')).toEqual(Cl.uint(2 * (BLOCKS - 1)));
    expect(hostA.readOnly('models', 'is-active', [Cl.buffer(new Uint8Array(32).fill(0x33))])).toEqual(
      Cl.bool(true),
    );
    const rewards = first
      .flatMap((b) => b.receipts)
      .filter((r) => r.events.some((e) => e.fields.raw_value?.includes('626c6f636b2d726577617264')));
    expect(rewards.length).toBeGreaterThan(150);
    expect(receiptValue(first[0]!.receipts[0]!).type).toBe('ok');
  });

  it('gives identical receipts roots for the same 200 blocks on a second fresh host', async () => {
    const hostB = await ClarityHost.create(GENESIS);
    const second = blocks.map((ops) => hostB.executeBlock(ops));
    expect(second.map((b) => hex(b.receiptsRoot))).toEqual(first.map((b) => hex(b.receiptsRoot)));
    expect(new Set(first.map((b) => hex(b.receiptsRoot))).size).toBe(BLOCKS);
    expect(balances(hostB)).toEqual(balances(hostA));
  }, 300_000);

  it('rebuilds the same state from the stored blocks after a restart, and continues identically', async () => {
    const stored = blocks.slice(0, 150);
    const live = await ClarityHost.create(GENESIS);
    for (const ops of stored) live.executeBlock(ops);
    const restarted = await ClarityHost.rebuild(stored, GENESIS);
    expect(restarted.height).toBe(150);
    expect(restarted.clarityBlockHeight).toBe(live.clarityBlockHeight);
    expect(restarted.dataVars()).toEqual(live.dataVars());
    expect(hex(restarted.stateRoot())).toBe(hex(live.stateRoot()));
    expect(balances(restarted)).toEqual(balances(live));
    for (let i = 0; i < 8; i++) {
      expect(restarted.readOnly('staking', 'get-stake', [Cl.principal(account(i))])).toEqual(
        live.readOnly('staking', 'get-stake', [Cl.principal(account(i))]),
      );
    }
    for (const ops of blocks.slice(150)) {
      expect(hex(restarted.executeBlock(ops).receiptsRoot)).toBe(hex(live.executeBlock(ops).receiptsRoot));
    }
    expect(restarted.dataVars()).toEqual(hostA.dataVars());
  }, 300_000);
});

/**
 * Consensus bytes pinned: the receipts of a fixed 50-block workload (a Merkle root over the 50
 * blocks' receipts roots) and the state root after it. An SDK upgrade, a contract edit or a host
 * change that alters any receipt byte or any covered state fails here; update the pins only with a
 * deliberate consensus change (docs §13.9).
 */
const PINNED_RECEIPTS_ROOT_50 = 'e784aa2b09ae3b963fb37ac6ae59daa852cb656257f60cfc41b7066e87688eca';
const PINNED_STATE_ROOT_50 = 'b7db9755cf13c9f4a8d58689c5c41dff784ebf6b784a6549b502a5516f67f205';

describe('determinism pins', () => {
  it('pins the VM build, the contract sources and the BLS backend', () => {
    expect(installedVmWasmSha256()).toBe(VM_WASM_SHA256);
    for (const name of GENESIS_CONTRACTS) {
      const bytes = readFileSync(new URL(`../contracts/${name}.clar`, import.meta.url));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(CONTRACT_SHA256[name]);
    }
    expect(BLS_BACKEND).toBe('herumi');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies['@stacks/clarinet-sdk']).toBe('3.21.0');
    expect(pkg.dependencies['@stacks/clarinet-sdk-wasm']).toBe('3.21.0');
  });

  it('gives the pinned receipts root and state root for a fixed 50-block workload', async () => {
    const host = await ClarityHost.create(GENESIS);
    const execs = workload(50).map((ops) => host.executeBlock(ops));
    const roots = execs.map((e) => e.receiptsRoot);
    if (process.env.DUMP_RECEIPTS)
      (await import('node:fs')).writeFileSync(
        process.env.DUMP_RECEIPTS,
        JSON.stringify(
          execs.map((e) => e.receipts),
          (_, x) => (x instanceof Uint8Array ? hex(x) : x),
          1,
        ),
      );
    const t0 = performance.now();
    const state = host.stateRoot();
    console.log(
      'receipts',
      hex(merkleTreeHash(roots)),
      'state',
      hex(state),
      'state root ms',
      performance.now() - t0,
    );
    expect(hex(merkleTreeHash(roots))).toBe(PINNED_RECEIPTS_ROOT_50);
    expect(hex(state)).toBe(PINNED_STATE_ROOT_50);
  }, 300_000);
});
