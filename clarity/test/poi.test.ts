import { inferenceBlockSubsidy, SUBSIDY_HALVING_INTERVAL } from '@funai/ledger-node';
import { Cl, type ClarityValue, type TupleCV } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ISSUANCE_RESERVE } from '../src/index.js';
import { mineChain } from './support/ledger.js';
import {
  account,
  advanceLedger,
  type Env,
  FAI,
  ledgerChain,
  openEnv,
  SYSTEM,
  show,
} from './support/simnet.js';

const POI = 'poi';
const p2wpkh = (i: number) => Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(i + 1));
const blsKey = (i: number) => Uint8Array.of(0x90, i, ...new Uint8Array(46).fill(3));

const blockId = (n: number) => Cl.buffer(Uint8Array.of(...new Uint8Array(30), n >> 8, n & 0xff));
const commitTxid = (n: number) => Cl.buffer(new Uint8Array(32).fill(n & 0xff));
/** The canonical ledger block hash at `height` of the shared test chain (genesis at 0). */
const ledgerHash = (height: number) =>
  height === 0 ? ledgerChain().genesis.hash : ledgerChain().blocks[height - 1]!.hash;

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
  opts: { sender?: string; hash?: Uint8Array; signers?: string[]; contradictors?: string[] } = {},
) {
  return env.call(
    POI,
    'apply-verdict',
    [
      blockId(id),
      Cl.buffer(opts.hash ?? ledgerHash(height)),
      Cl.principal(producer),
      commitTxid(id),
      Cl.bool(accepted),
      records(rs),
      Cl.list((opts.signers ?? []).map((p) => Cl.principal(p))),
      Cl.list((opts.contradictors ?? []).map((p) => Cl.principal(p))),
    ],
    opts.sender ?? SYSTEM,
  );
}

function result(r: Record<string, bigint>): ClarityValue {
  return Cl.ok(
    Cl.tuple({
      reward: Cl.uint(r.reward ?? 0n),
      burned: Cl.uint(r.burned ?? 0n),
      'gas-paid': Cl.uint(r.gasPaid ?? 0n),
      slashed: Cl.uint(r.slashed ?? 0n),
    }),
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

  it('sums the rewards of every height below h exactly, the whole reserve past the last halving', () => {
    const cumulative = (h: bigint) => {
      let sum = 0n;
      for (let era = 0n; era < 64n; era++) {
        const start = era * 2_100_000n;
        if (h <= start) break;
        const n = h - start < 2_100_000n ? h - start : 2_100_000n;
        sum += n * (350_000_000n >> era);
      }
      return sum;
    };
    for (const h of [
      0n,
      1n,
      13n,
      2_099_999n,
      2_100_000n,
      2_100_001n,
      10_500_001n,
      64n * 2_100_000n,
      2n ** 40n,
    ]) {
      expect(env.read(POI, 'get-cumulative-reward', [Cl.uint(h)])).toEqual(Cl.uint(cumulative(h)));
    }
    expect(env.read(POI, 'get-cumulative-reward', [Cl.uint(2n ** 40n)])).toEqual(Cl.uint(ISSUANCE_RESERVE));
  });
});

const R = 350_000_000n;

/** Registers keys for account i and stakes `amount` (a bond). */
function bond(env: Env, i: number, amount: bigint) {
  env.call(
    'staking',
    'register-keys',
    [Cl.buffer(p2wpkh(i)), Cl.buffer(blsKey(i)), Cl.buffer(new Uint8Array(96))],
    account(i),
  );
  const r = env.call('staking', 'stake', [Cl.uint(amount)], account(i));
  if (r.result.type !== 'ok') throw new Error(`stake failed: ${show(r.result)}`);
}

function reserve(env: Env): bigint {
  return env.balance(SYSTEM);
}

describe('poi: verdicts bound to the election', () => {
  let env: Env;
  const producer = account(0);
  const executor = account(1);
  const requester = account(2);
  const bystander = account(3);
  let r0: bigint;

  beforeAll(async () => {
    env = await openEnv({ accounts: 4, funds: 1_000n * FAI });
    // Before the light client knows any block, no height can be paid (height 0 included).
    expect(verdict(env, 99, 0, producer, true).result).toEqual(Cl.error(Cl.uint(303)));
    advanceLedger(env, 40);
    bond(env, 0, 100n * FAI);
    bond(env, 1, 100n * FAI);
    env.call(POI, 'deposit-fees', [Cl.uint(10n * FAI)], requester);
    r0 = reserve(env);
  });

  it('accepts verdicts from the system principal only', () => {
    expect(verdict(env, 1, 1, producer, true, [], { sender: bystander }).result).toEqual(
      Cl.error(Cl.uint(300)),
    );
  });

  it('refuses a ledger block the light client does not know, or knows off its canonical chain', () => {
    expect(verdict(env, 1, 41, producer, true).result).toEqual(Cl.error(Cl.uint(303)));
    expect(verdict(env, 1, 5, producer, true, [], { hash: new Uint8Array(32).fill(7) }).result).toEqual(
      Cl.error(Cl.uint(303)),
    );
    // A lighter branch forking at 3: stored, never canonical.
    const side = mineChain(ledgerHash(3), 2, 77);
    env.call('ledger-light-client', 'submit-headers', [Cl.list(side.map((b) => Cl.buffer(b.bytes)))], SYSTEM);
    expect(verdict(env, 1, 4, producer, true, [], { hash: side[0]!.hash }).result).toEqual(
      Cl.error(Cl.uint(311)),
    );
  });

  it('pays the elected producer from the reserve, burning the rewards of the heights before', () => {
    const p0 = env.balance(producer);
    const e0 = env.balance(executor);
    const r = verdict(env, 1, 5, producer, true, [
      { executor, requester, gas: 2n * FAI, valid: true },
      { executor: producer, requester, gas: FAI / 2n, valid: true },
    ]);
    // Heights 0..4 were never decided: their five rewards burn.
    expect(r.result).toEqual(result({ reward: R, burned: 5n * R, gasPaid: 2n * FAI + FAI / 2n }));
    expect(reserve(env)).toBe(r0 - 6n * R);
    expect(env.balance(producer)).toBe(p0 + R + FAI / 2n);
    expect(env.balance(executor)).toBe(e0 + 2n * FAI);
    expect(printed(r, 'block-reward')[0]?.['commit-txid']).toEqual(commitTxid(1));
    expect(printed(r, 'rewards-skipped')[0]?.burned).toEqual(Cl.uint(5n * R));
    expect(env.read(POI, 'get-verdict', [blockId(1)])).toEqual(
      Cl.some(
        Cl.tuple({
          'ledger-hash': Cl.buffer(ledgerHash(5)),
          'ledger-height': Cl.uint(5),
          producer: Cl.principal(producer),
          'commit-txid': commitTxid(1),
          accepted: Cl.bool(true),
          reward: Cl.uint(R),
          burned: Cl.uint(0),
          'gas-paid': Cl.uint(2n * FAI + FAI / 2n),
          slashed: Cl.uint(0),
        }),
      ),
    );
    expect(env.read(POI, 'get-decided-block', [Cl.uint(5)])).toEqual(Cl.some(blockId(1)));
    expect(env.read(POI, 'get-decided-election', [Cl.buffer(ledgerHash(5))])).toEqual(Cl.some(blockId(1)));
  });

  it('decides each block once and each height once, in order', () => {
    expect(verdict(env, 1, 6, producer, true).result).toEqual(Cl.error(Cl.uint(301)));
    expect(verdict(env, 2, 5, producer, true).result).toEqual(Cl.error(Cl.uint(302)));
    expect(verdict(env, 2, 4, producer, true).result).toEqual(Cl.error(Cl.uint(302)));
    expect(reserve(env)).toBe(r0 - 6n * R);
  });

  it('takes a fixed penalty per invalid record, never compounding', () => {
    const e0 = env.balance(executor);
    const requesterBefore = env.read(POI, 'get-fee-account', [Cl.principal(requester)]);
    const r = verdict(env, 3, 6, producer, true, [{ executor, requester, gas: FAI, valid: false }]);
    expect(r.result).toEqual(result({ reward: R, slashed: FAI }));
    expect(env.balance(executor)).toBe(e0);
    expect(env.read(POI, 'get-fee-account', [Cl.principal(requester)])).toEqual(requesterBefore);
    expect(staked(env, executor)).toEqual(
      Cl.tuple({ stake: Cl.uint(99n * FAI), unbonding: Cl.uint(0), 'release-height': Cl.uint(0) }),
    );
    expect(printed(r, 'slash')[0]?.reason).toEqual(Cl.stringAscii('invalid-record'));
    expect(r.events.some((e) => e.event === 'stx_burn_event' && e.data.amount === String(FAI))).toBe(true);
    // 25 invalid records cost 25 penalties, not 1 - 0.9^25 of the bond.
    const many = Array.from({ length: 25 }, () => ({ executor, requester, gas: 1n, valid: false }));
    expect(verdict(env, 4, 7, producer, true, many).result).toEqual(
      result({ reward: R, slashed: 25n * FAI }),
    );
    expect(staked(env, executor)).toEqual(
      Cl.tuple({ stake: Cl.uint(74n * FAI), unbonding: Cl.uint(0), 'release-height': Cl.uint(0) }),
    );
  });

  it('pays what the requester has and reports the shortfall', () => {
    const r = verdict(env, 5, 8, producer, true, [{ executor, requester: bystander, gas: FAI, valid: true }]);
    expect(r.result).toEqual(result({ reward: R }));
    expect(printed(r, 'gas-paid')[0]?.shortfall).toEqual(Cl.uint(FAI));
  });

  it('burns the reward of a rejected block and takes a fixed penalty from its producer', () => {
    expect(
      verdict(env, 6, 9, producer, false, [{ executor, requester, gas: 1n, valid: true }]).result,
    ).toEqual(Cl.error(Cl.uint(304)));
    const p0 = env.balance(producer);
    const before = reserve(env);
    const r = verdict(env, 6, 9, producer, false);
    expect(r.result).toEqual(result({ burned: R, slashed: 10n * FAI }));
    expect(env.balance(producer)).toBe(p0);
    expect(reserve(env)).toBe(before - R);
    expect(printed(r, 'block-rejected')[0]?.burned).toEqual(Cl.uint(R));
    // The same penalty again: fixed, not a share of what is left.
    expect(verdict(env, 7, 10, producer, false).result).toEqual(result({ burned: R, slashed: 10n * FAI }));
  });

  it('pays nothing to an unbonded producer or executor: the reward burns, the requester keeps the gas', () => {
    const b0 = env.balance(bystander);
    const before = reserve(env);
    const r = verdict(env, 8, 11, bystander, true, [
      { executor: bystander, requester, gas: FAI, valid: true },
    ]);
    expect(r.result).toEqual(result({ burned: R }));
    expect(env.balance(bystander)).toBe(b0);
    expect(reserve(env)).toBe(before - R);
    expect(printed(r, 'gas-unbonded')).toHaveLength(1);
    // A rejected block of an unbonded producer: the reward burns, there is nothing to slash.
    expect(verdict(env, 9, 12, bystander, false).result).toEqual(result({ burned: R }));
  });

  it('keeps the reserve equal to the rewards of the heights not yet decided', () => {
    const undecided = BigInt(
      (env.read(POI, 'get-cumulative-reward', [Cl.uint(13)]) as { value: bigint }).value,
    );
    expect(undecided).toBe(13n * R);
    expect(reserve(env)).toBe(r0 - 13n * R);
  });

  it('refuses a verdict for an election a ledger reorg orphaned', () => {
    // A heavier branch forking at 20 replaces heights 21..40.
    const fork = mineChain(ledgerHash(20), 22, 78);
    for (let i = 0; i < fork.length; i += 11)
      env.call(
        'ledger-light-client',
        'submit-headers',
        [Cl.list(fork.slice(i, i + 11).map((b) => Cl.buffer(b.bytes)))],
        SYSTEM,
      );
    expect(env.read('ledger-light-client', 'get-ledger-height')).toEqual(Cl.uint(42));
    expect(verdict(env, 10, 25, producer, true).result).toEqual(Cl.error(Cl.uint(311)));
    expect(verdict(env, 10, 25, producer, true, [], { hash: fork[4]!.hash }).result.type).toBe('ok');
  });
});

describe('poi: verifier accountability', () => {
  let env: Env;
  const producer = account(0);
  beforeAll(async () => {
    env = await openEnv({ accounts: 7, funds: 1_000n * FAI });
    advanceLedger(env, 1);
    for (let i = 0; i < 6; i++) bond(env, i, 100n * FAI + BigInt(i) * FAI);
    advanceLedger(env, 300);
  });

  const setOf = (cycle: number): string[] => {
    const v = env.read('staking', 'get-verifier-set', [Cl.uint(cycle)]);
    if (v.type !== 'some' || v.value.type !== 'list') throw new Error(show(v));
    return v.value.value.map(
      (e) => (e as unknown as { value: { verifier: { value: string } } }).value.verifier.value,
    );
  };

  it('refuses signers outside the election cycle set', () => {
    const set = setOf(1);
    const outsider = [0, 1, 2, 3, 4, 5].map(account).find((a) => !set.includes(a))!;
    expect(verdict(env, 1, 150, producer, true, [], { signers: [outsider] }).result).toEqual(
      Cl.error(Cl.uint(312)),
    );
  });

  it('takes 5 % of the bond of a verifier that signed against the proven majority', () => {
    const set = setOf(1);
    const [bad, ...good] = set;
    const bond0 = BigInt((env.read('staking', 'get-bond', [Cl.principal(bad!)]) as { value: bigint }).value);
    const r = verdict(env, 2, 151, producer, true, [], { signers: good, contradictors: [bad!] });
    expect(r.result).toEqual(result({ reward: R, burned: 151n * R, slashed: bond0 / 20n }));
    expect(printed(r, 'slash')[0]?.reason).toEqual(Cl.stringAscii('contradiction'));
  });

  it('takes 1 % of the bond of a verifier silent for 144 verdicts in a row', () => {
    const set = setOf(1);
    const [silent, ...rest] = set;
    const bond0 = BigInt(
      (env.read('staking', 'get-bond', [Cl.principal(silent!)]) as { value: bigint }).value,
    );
    let slashedAt = -1;
    for (let k = 0; k < 144; k++) {
      const r = verdict(env, 3 + k, 152 + k, producer, true, [], { signers: rest });
      const slashes = printed(r, 'slash');
      if (slashes.length > 0) {
        slashedAt = k;
        expect(slashes[0]?.staker).toEqual(Cl.principal(silent!));
        expect(slashes[0]?.amount).toEqual(Cl.uint(bond0 / 100n));
        expect(slashes[0]?.reason).toEqual(Cl.stringAscii('silence'));
      }
    }
    // Silent since verdict 1 (which it did not sign either, as an outsider-free signer list).
    expect(slashedAt).toBeGreaterThanOrEqual(141);
    expect(env.read(POI, 'get-missed', [Cl.principal(rest[0]!)])).toEqual(Cl.uint(0));
  });
});

describe('poi: the largest verdict', () => {
  it('keeps 50 invalid records against a full ranking of 100 stakers within the VM cost limits', async () => {
    const env = await openEnv({ accounts: 101, funds: 1_000n * FAI });
    advanceLedger(env, 2);
    for (let i = 0; i < 100; i++) bond(env, i, 100n * FAI + BigInt(i));
    const many = Array.from({ length: 50 }, (_, i) => ({
      executor: account(i * 2),
      requester: account(100),
      gas: 1n,
      valid: false,
    }));
    const set = (() => {
      const v = env.read('staking', 'get-verifier-set', [Cl.uint(0)]);
      if (v.type !== 'some' || v.value.type !== 'list') throw new Error(show(v));
      return v.value.value.map(
        (e) => (e as unknown as { value: { verifier: { value: string } } }).value.verifier.value,
      );
    })();
    const t0 = performance.now();
    const r = verdict(env, 1, 1, account(1), true, many, {
      signers: set.slice(1),
      contradictors: set.slice(0, 1),
    });
    console.log('verdict ms', performance.now() - t0, r.costs?.total);
    expect(r.result.type).toBe('ok');
    const c = r.costs!;
    expect(c.total.runtime).toBeLessThan(c.limit.runtime / 4);
    expect(c.total.readCount).toBeLessThan(c.limit.readCount / 4);
    expect(c.total.writeCount).toBeLessThan(c.limit.writeCount / 4);
  });

  it('fails cleanly on more than 50 records: the VM refuses the list', async () => {
    const env = await openEnv({ accounts: 2, funds: 1_000n * FAI });
    advanceLedger(env, 2);
    const many = Array.from({ length: 51 }, () => ({
      executor: account(0),
      requester: account(1),
      gas: 1n,
      valid: true,
    }));
    expect(() => verdict(env, 10, 1, account(0), true, many)).toThrow(/TypeValueError|max_len/);
    expect(env.read(POI, 'get-verdict', [blockId(10)])).toEqual(Cl.none());
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
    expect(verdict(env, 1, 0, account(0), true).result).toEqual(Cl.error(Cl.uint(305)));
  });
});
