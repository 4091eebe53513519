import { Cl } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BlockExecution, ClarityHost, receiptValue, SYSTEM_PRINCIPAL } from '../src/index.js';
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
  });

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
  });

  it('rebuilds the same state from the stored blocks after a restart, and continues identically', async () => {
    const stored = blocks.slice(0, 150);
    const live = await ClarityHost.create(GENESIS);
    for (const ops of stored) live.executeBlock(ops);
    const restarted = await ClarityHost.rebuild(stored, GENESIS);
    expect(restarted.height).toBe(150);
    expect(restarted.clarityBlockHeight).toBe(live.clarityBlockHeight);
    expect(restarted.dataVars()).toEqual(live.dataVars());
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
  });
});
