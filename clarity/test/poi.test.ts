import { inferenceBlockSubsidy, SUBSIDY_HALVING_INTERVAL } from '@funai/ledger-node';
import { Cl, type ClarityValue, type TupleCV } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import { account, advanceLedger, type Env, FAI, openEnv, SYSTEM, show } from './support/simnet.js';

const POI = 'poi';
const p2wpkh = (i: number) => Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(i + 1));
const blsKey = (i: number) => Uint8Array.of(0x90, i, ...new Uint8Array(46).fill(3));

const blockId = (n: number) => Cl.buffer(Uint8Array.of(...new Uint8Array(31), n));

interface Rec {
  executor: string;
  requester: string;
  gas: bigint;
  valid: boolean;
}

function records(rs: Rec[]): ClarityValue {
  return Cl.list(
    rs.map((r) =>
      Cl.tuple({
        executor: Cl.principal(r.executor),
        requester: Cl.principal(r.requester),
        gas: Cl.uint(r.gas),
        valid: Cl.bool(r.valid),
      }),
    ),
  );
}

function verdict(
  env: Env,
  id: number,
  height: number,
  producer: string,
  accepted: boolean,
  rs: Rec[] = [],
  sender = SYSTEM,
) {
  return env.call(
    POI,
    'apply-verdict',
    [blockId(id), Cl.uint(height), Cl.principal(producer), Cl.bool(accepted), records(rs)],
    sender,
  );
}

function printed(
  r: { events: { event: string; data: { value?: ClarityValue } }[] },
  name: string,
): Record<string, ClarityValue>[] {
  return r.events
    .filter((e) => e.event === 'print_event')
    .map((e) => e.data.value!)
    .filter(
      (v): v is TupleCV<Record<string, ClarityValue>> =>
        v.type === 'tuple' && show((v as TupleCV<Record<string, ClarityValue>>).value.event!) === `"${name}"`,
    )
    .map((v) => v.value);
}

function staked(env: Env, who: string) {
  return env.read('staking', 'get-stake', [Cl.principal(who)]);
}

describe('poi: block reward schedule', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv({ accounts: 0 });
  });

  it('pays 3.5 FAI halving every 2,100,000 ledger blocks, as the ledger library schedule', () => {
    const heights = [
      0,
      1,
      2_099_999,
      2_100_000,
      4_200_000,
      10_500_001,
      62 * 2_100_000,
      63 * 2_100_000,
      64 * 2_100_000,
      2 ** 40,
    ];
    expect(SUBSIDY_HALVING_INTERVAL).toBe(2_100_000);
    for (const h of heights) {
      expect(env.read(POI, 'get-block-reward', [Cl.uint(h)])).toEqual(Cl.uint(inferenceBlockSubsidy(h)));
    }
    expect(env.read(POI, 'get-block-reward', [Cl.uint(0)])).toEqual(Cl.uint(350_000_000n));
    expect(env.read(POI, 'get-block-reward', [Cl.uint(2_100_000)])).toEqual(Cl.uint(175_000_000n));
    // 2^128 halvings would wrap a Clarity shift: the schedule is zero from the 64th halving on.
    expect(env.read(POI, 'get-block-reward', [Cl.uint(128n * 2_100_000n)])).toEqual(Cl.uint(0));
  });
});

describe('poi: verdicts', () => {
  let env: Env;
  const producer = account(0);
  const executor = account(1);
  const requester = account(2);
  const bystander = account(3);

  beforeAll(async () => {
    env = await openEnv({ accounts: 4, funds: 1_000n * FAI });
    advanceLedger(env, 20);
    for (const i of [0, 1]) {
      env.call(
        'staking',
        'register-keys',
        [Cl.buffer(p2wpkh(i)), Cl.buffer(blsKey(i)), Cl.buffer(new Uint8Array(96))],
        account(i),
      );
      env.call('staking', 'stake', [Cl.uint(100n * FAI)], account(i));
    }
    env.call(POI, 'deposit-fees', [Cl.uint(10n * FAI)], requester);
  });

  it('accepts verdicts from the system principal only', () => {
    expect(verdict(env, 1, 1, producer, true, [], bystander).result).toEqual(Cl.error(Cl.uint(300)));
  });

  it('refuses a ledger height above the light client tip', () => {
    expect(verdict(env, 1, 21, producer, true).result).toEqual(Cl.error(Cl.uint(303)));
  });

  it('pays the block reward from the system reserve and gas from the requester account', () => {
    const reserve = env.balance(SYSTEM);
    const p0 = env.balance(producer);
    const e0 = env.balance(executor);
    const r = verdict(env, 1, 5, producer, true, [
      { executor, requester, gas: 2n * FAI, valid: true },
      { executor: producer, requester, gas: FAI / 2n, valid: true },
    ]);
    expect(r.result).toEqual(
      Cl.ok(
        Cl.tuple({
          reward: Cl.uint(350_000_000n),
          'gas-paid': Cl.uint(2n * FAI + FAI / 2n),
          slashed: Cl.uint(0),
        }),
      ),
    );
    expect(env.balance(SYSTEM)).toBe(reserve - 350_000_000n);
    expect(env.balance(producer)).toBe(p0 + 350_000_000n + FAI / 2n);
    expect(env.balance(executor)).toBe(e0 + 2n * FAI);
    expect(env.read(POI, 'get-fee-account', [Cl.principal(requester)])).toEqual(
      Cl.tuple({
        available: Cl.uint(10n * FAI - 2n * FAI - FAI / 2n),
        pending: Cl.uint(0),
        'release-height': Cl.uint(0),
      }),
    );
    // Every amount is visible: the print events and the VM's own transfer events.
    expect(printed(r, 'block-reward')[0]?.amount).toEqual(Cl.uint(350_000_000n));
    expect(printed(r, 'gas-paid').map((e) => e.amount)).toEqual([Cl.uint(2n * FAI), Cl.uint(FAI / 2n)]);
    expect(r.events.filter((e) => e.event === 'stx_transfer_event')).toHaveLength(3);
    expect(env.read(POI, 'get-verdict', [blockId(1)])).toEqual(
      Cl.some(
        Cl.tuple({
          'ledger-height': Cl.uint(5),
          producer: Cl.principal(producer),
          accepted: Cl.bool(true),
          reward: Cl.uint(350_000_000n),
          'gas-paid': Cl.uint(2n * FAI + FAI / 2n),
          slashed: Cl.uint(0),
        }),
      ),
    );
    expect(env.read(POI, 'get-decided-block', [Cl.uint(5)])).toEqual(Cl.some(blockId(1)));
  });

  it('decides a block and a ledger height once', () => {
    expect(verdict(env, 1, 6, producer, true).result).toEqual(Cl.error(Cl.uint(301)));
    expect(verdict(env, 2, 5, producer, true).result).toEqual(Cl.error(Cl.uint(302)));
  });

  it('forfeits an invalid record and slashes its executor', () => {
    const e0 = env.balance(executor);
    const requesterBefore = env.read(POI, 'get-fee-account', [Cl.principal(requester)]);
    const r = verdict(env, 3, 6, producer, true, [{ executor, requester, gas: FAI, valid: false }]);
    const slash = 10n * FAI; // 10 % of the executor's 100 FAI bond
    expect(r.result).toEqual(
      Cl.ok(Cl.tuple({ reward: Cl.uint(350_000_000n), 'gas-paid': Cl.uint(0), slashed: Cl.uint(slash) })),
    );
    expect(env.balance(executor)).toBe(e0);
    expect(env.read(POI, 'get-fee-account', [Cl.principal(requester)])).toEqual(requesterBefore);
    expect(staked(env, executor)).toEqual(
      Cl.tuple({ stake: Cl.uint(90n * FAI), unbonding: Cl.uint(0), 'release-height': Cl.uint(0) }),
    );
    expect(printed(r, 'gas-forfeited')[0]?.slashed).toEqual(Cl.uint(slash));
    expect(printed(r, 'slash')[0]?.amount).toEqual(Cl.uint(slash));
    expect(r.events.some((e) => e.event === 'stx_burn_event' && e.data.amount === String(slash))).toBe(true);
  });

  it('pays what the requester has and reports the shortfall', () => {
    const r = verdict(env, 4, 7, producer, true, [{ executor, requester: bystander, gas: FAI, valid: true }]);
    expect(r.result).toEqual(
      Cl.ok(Cl.tuple({ reward: Cl.uint(350_000_000n), 'gas-paid': Cl.uint(0), slashed: Cl.uint(0) })),
    );
    expect(printed(r, 'gas-paid')[0]?.shortfall).toEqual(Cl.uint(FAI));
  });

  it('slashes the producer of a rejected block, which forfeits its reward and carries no records', () => {
    expect(
      verdict(env, 5, 8, producer, false, [{ executor, requester, gas: 1n, valid: true }]).result,
    ).toEqual(Cl.error(Cl.uint(304)));
    const p0 = env.balance(producer);
    const r = verdict(env, 5, 8, producer, false);
    expect(r.result).toEqual(
      Cl.ok(Cl.tuple({ reward: Cl.uint(0), 'gas-paid': Cl.uint(0), slashed: Cl.uint(10n * FAI) })),
    );
    expect(env.balance(producer)).toBe(p0);
    expect(printed(r, 'block-rejected')[0]?.forfeited).toEqual(Cl.uint(350_000_000n));
    // A second slash takes 10 % of what is left; a principal without a bond loses nothing.
    expect(verdict(env, 6, 9, producer, false).result).toEqual(
      Cl.ok(Cl.tuple({ reward: Cl.uint(0), 'gas-paid': Cl.uint(0), slashed: Cl.uint(9n * FAI) })),
    );
    expect(verdict(env, 7, 10, bystander, false).result).toEqual(
      Cl.ok(Cl.tuple({ reward: Cl.uint(0), 'gas-paid': Cl.uint(0), slashed: Cl.uint(0) })),
    );
  });

  it('moves a bond slashed below the minimum stake to unbonding', () => {
    // The producer holds 81 FAI; 81 × 0.9^20 < 10 FAI, the minimum stake.
    const many = Array.from({ length: 25 }, () => ({ executor: producer, requester, gas: 1n, valid: false }));
    const r = verdict(env, 8, 11, executor, true, many);
    expect(r.result.type).toBe('ok');
    const s = staked(env, producer);
    if (s.type !== 'tuple') throw new Error(show(s));
    expect(s.value.stake).toEqual(Cl.uint(0));
    expect(BigInt((s.value.unbonding as { value: bigint }).value)).toBeGreaterThan(0n);
    const ranking = env.read('staking', 'get-ranking');
    expect(ranking.type === 'list' && ranking.value.some((e) => show(e).includes(producer))).toBe(false);
  });

  it('fails cleanly on more than 50 records: the VM refuses the list', () => {
    const many = Array.from({ length: 51 }, () => ({ executor, requester, gas: 1n, valid: true }));
    expect(() => verdict(env, 10, 13, producer, true, many)).toThrow(/TypeValueError|max_len/);
    expect(env.read(POI, 'get-verdict', [blockId(10)])).toEqual(Cl.none());
  });
});

describe('poi: the largest verdict', () => {
  it('keeps 50 invalid records against a full ranking of 100 stakers within the VM cost limits', async () => {
    const env = await openEnv({ accounts: 101, funds: 1_000n * FAI });
    advanceLedger(env, 2);
    for (let i = 0; i < 100; i++) {
      env.call(
        'staking',
        'register-keys',
        [Cl.buffer(p2wpkh(i)), Cl.buffer(blsKey(i)), Cl.buffer(new Uint8Array(96))],
        account(i),
      );
      expect(env.call('staking', 'stake', [Cl.uint(100n * FAI + BigInt(i))], account(i)).result.type).toBe(
        'ok',
      );
    }
    const many = Array.from({ length: 50 }, (_, i) => ({
      executor: account(i * 2),
      requester: account(100),
      gas: 1n,
      valid: false,
    }));
    const t0 = performance.now();
    const r = verdict(env, 1, 1, account(1), true, many);
    console.log('verdict ms', performance.now() - t0, r.costs?.total);
    // Each executor i × 2 holds 100 FAI + 2i and loses a tenth of it.
    const slashed = many.reduce((sum, _, i) => sum + (100n * FAI + 2n * BigInt(i)) / 10n, 0n);
    expect(r.result).toEqual(
      Cl.ok(Cl.tuple({ reward: Cl.uint(350_000_000n), 'gas-paid': Cl.uint(0), slashed: Cl.uint(slashed) })),
    );
    const c = r.costs!;
    expect(c.total.runtime).toBeLessThan(c.limit.runtime / 4);
    expect(c.total.readCount).toBeLessThan(c.limit.readCount / 4);
    expect(c.total.writeCount).toBeLessThan(c.limit.writeCount / 4);
  });
});

describe('poi: fee accounts', () => {
  let env: Env;
  const who = account(0);
  beforeAll(async () => {
    env = await openEnv({ accounts: 1, funds: 100n * FAI });
    advanceLedger(env, 3);
  });

  it('refuses zero and unfunded deposits', () => {
    expect(env.call(POI, 'deposit-fees', [Cl.uint(0)], who).result).toEqual(Cl.error(Cl.uint(306)));
    expect(env.call(POI, 'deposit-fees', [Cl.uint(101n * FAI)], who).result).toEqual(Cl.error(Cl.uint(307)));
  });

  it('locks a withdrawal for FEE-WITHDRAWAL-DELAY ledger blocks', () => {
    expect(env.call(POI, 'deposit-fees', [Cl.uint(5n * FAI)], who).result).toEqual(Cl.ok(Cl.uint(5n * FAI)));
    expect(env.call(POI, 'withdraw-fees', [], who).result).toEqual(Cl.error(Cl.uint(309)));
    expect(env.call(POI, 'request-fee-withdrawal', [Cl.uint(0)], who).result).toEqual(Cl.error(Cl.uint(306)));
    expect(env.call(POI, 'request-fee-withdrawal', [Cl.uint(6n * FAI)], who).result).toEqual(
      Cl.error(Cl.uint(308)),
    );
    expect(env.call(POI, 'request-fee-withdrawal', [Cl.uint(2n * FAI)], who).result).toEqual(
      Cl.ok(Cl.uint(9)),
    );
    expect(env.call(POI, 'withdraw-fees', [], who).result).toEqual(Cl.error(Cl.uint(310)));
    advanceLedger(env, 9);
    const before = env.balance(who);
    expect(env.call(POI, 'withdraw-fees', [], who).result).toEqual(Cl.ok(Cl.uint(2n * FAI)));
    expect(env.balance(who)).toBe(before + 2n * FAI);
    expect(env.read(POI, 'get-fee-account', [Cl.principal(who)])).toEqual(
      Cl.tuple({ available: Cl.uint(3n * FAI), pending: Cl.uint(0), 'release-height': Cl.uint(9) }),
    );
  });
});

describe('poi: an exhausted reserve', () => {
  it('refuses a reward the system principal cannot pay', async () => {
    const env = await openEnv({ reserve: 0n, accounts: 1 });
    advanceLedger(env, 1);
    expect(verdict(env, 1, 1, account(0), true).result).toEqual(Cl.error(Cl.uint(305)));
  });
});
