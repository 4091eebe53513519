import { Cl, type ClarityValue, serializeCVBytes } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import { account, advanceLedger, type Env, FAI, openEnv, SYSTEM, show } from './support/simnet.js';

const ST = 'staking';
const MIN_STAKE = 10n * FAI;
const CYCLE = 144;
const UNBONDING = 288;

const p2wpkh = (i: number) => Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(i & 0xff));
const blsKey = (i: number) => Uint8Array.of(0x80 | (i >> 8), i & 0xff, ...new Uint8Array(46).fill(7));
const pop = new Uint8Array(96).fill(9);

function register(env: Env, who: string, i: number, key = blsKey(i)) {
  return env.call(ST, 'register-keys', [Cl.buffer(p2wpkh(i)), Cl.buffer(key), Cl.buffer(pop)], who);
}

function stake(env: Env, who: string, amount: bigint) {
  return env.call(ST, 'stake', [Cl.uint(amount)], who);
}

function stakeOf(env: Env, who: string) {
  return env.read(ST, 'get-stake', [Cl.principal(who)]);
}

function verifiers(v: ClarityValue): string[] {
  if (v.type !== 'some' || v.value.type !== 'list') throw new Error(show(v));
  return v.value.value.map((e) => {
    if (e.type !== 'tuple' || e.value.verifier?.type !== 'address') throw new Error(show(e));
    return e.value.verifier.value;
  });
}

function rankKey(p: string): string {
  return Buffer.from(serializeCVBytes(Cl.principal(p))).toString('hex');
}

describe('staking: keys', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv({ accounts: 3 });
  });

  it('accepts exactly the standard ledger output scripts', () => {
    const h20 = new Uint8Array(20).fill(1);
    const h32 = new Uint8Array(32).fill(2);
    const ok = [
      Uint8Array.of(0x76, 0xa9, 0x14, ...h20, 0x88, 0xac),
      Uint8Array.of(0xa9, 0x14, ...h20, 0x87),
      Uint8Array.of(0x00, 0x14, ...h20),
      Uint8Array.of(0x00, 0x20, ...h32),
      Uint8Array.of(0x51, 0x20, ...h32),
    ];
    const bad = [
      Uint8Array.of(0x76, 0xa9, 0x14, ...h20, 0x88, 0xad),
      Uint8Array.of(0xa9, 0x14, ...h20, 0x88),
      Uint8Array.of(0x00, 0x14, ...h20.slice(1)),
      Uint8Array.of(0x52, 0x20, ...h32),
      Uint8Array.of(0x6a, 0x04, 1, 2, 3, 4),
      new Uint8Array(0),
    ];
    for (const s of ok) expect(env.read(ST, 'is-standard-script', [Cl.buffer(s)])).toEqual(Cl.bool(true));
    for (const s of bad) expect(env.read(ST, 'is-standard-script', [Cl.buffer(s)])).toEqual(Cl.bool(false));
  });

  it('refuses a non-standard script and keys of the wrong length', () => {
    expect(
      env.call(
        ST,
        'register-keys',
        [Cl.buffer(Uint8Array.of(0x6a)), Cl.buffer(blsKey(0)), Cl.buffer(pop)],
        account(0),
      ).result,
    ).toEqual(Cl.error(Cl.uint(207)));
    expect(
      env.call(
        ST,
        'register-keys',
        [Cl.buffer(p2wpkh(0)), Cl.buffer(blsKey(0).slice(1)), Cl.buffer(pop)],
        account(0),
      ).result,
    ).toEqual(Cl.error(Cl.uint(208)));
    expect(
      env.call(
        ST,
        'register-keys',
        [Cl.buffer(p2wpkh(0)), Cl.buffer(blsKey(0)), Cl.buffer(pop.slice(1))],
        account(0),
      ).result,
    ).toEqual(Cl.error(Cl.uint(208)));
  });

  it('records keys, keeps a BLS key to one principal, and frees it on rotation', () => {
    const r = register(env, account(0), 0);
    expect(r.result).toEqual(Cl.ok(Cl.bool(true)));
    expect(env.read(ST, 'get-keys', [Cl.principal(account(0))])).toEqual(
      Cl.some(
        Cl.tuple({
          'reward-script': Cl.buffer(p2wpkh(0)),
          'bls-pubkey': Cl.buffer(blsKey(0)),
          pop: Cl.buffer(pop),
        }),
      ),
    );
    expect(register(env, account(1), 1, blsKey(0)).result).toEqual(Cl.error(Cl.uint(209)));
    expect(register(env, account(0), 0, blsKey(5)).result).toEqual(Cl.ok(Cl.bool(true)));
    expect(register(env, account(1), 1, blsKey(0)).result).toEqual(Cl.ok(Cl.bool(true)));
  });
});

describe('staking: stake, unstake, withdraw', () => {
  let env: Env;
  const a = account(0);
  const b = account(1);
  beforeAll(async () => {
    env = await openEnv({ accounts: 3, funds: 1_000n * FAI });
    advanceLedger(env, 10);
    register(env, a, 0);
  });

  it('refuses a staker without keys, a zero amount, an amount above the balance and a stake below the minimum', () => {
    expect(stake(env, b, MIN_STAKE).result).toEqual(Cl.error(Cl.uint(200)));
    expect(stake(env, a, 0n).result).toEqual(Cl.error(Cl.uint(201)));
    expect(stake(env, a, 1_001n * FAI).result).toEqual(Cl.error(Cl.uint(211)));
    expect(stake(env, a, 2n ** 128n - 1n).result).toEqual(Cl.error(Cl.uint(211)));
    expect(stake(env, a, MIN_STAKE - 1n).result).toEqual(Cl.error(Cl.uint(202)));
  });

  it('moves the stake into the contract', () => {
    const before = env.balance(a);
    const r = stake(env, a, 100n * FAI);
    expect(r.result).toEqual(Cl.ok(Cl.uint(100n * FAI)));
    expect(env.balance(a)).toBe(before - 100n * FAI);
    expect(env.balance(`${SYSTEM}.staking`)).toBe(100n * FAI);
    expect(r.events.map((e) => e.event)).toContain('stx_transfer_event');
    expect(stake(env, a, 1n).result).toEqual(Cl.ok(Cl.uint(100n * FAI + 1n)));
  });

  it('refuses to unstake zero, more than the stake, or to leave less than the minimum', () => {
    expect(env.call(ST, 'unstake', [Cl.uint(0)], a).result).toEqual(Cl.error(Cl.uint(201)));
    expect(env.call(ST, 'unstake', [Cl.uint(101n * FAI)], a).result).toEqual(Cl.error(Cl.uint(204)));
    expect(env.call(ST, 'unstake', [Cl.uint(95n * FAI)], a).result).toEqual(Cl.error(Cl.uint(202)));
  });

  it('unbonds for UNBONDING-PERIOD ledger blocks before the withdrawal', () => {
    expect(env.call(ST, 'withdraw', [], a).result).toEqual(Cl.error(Cl.uint(205)));
    const r = env.call(ST, 'unstake', [Cl.uint(40n * FAI + 1n)], a);
    expect(r.result).toEqual(Cl.ok(Cl.uint(60n * FAI)));
    expect(stakeOf(env, a)).toEqual(
      Cl.tuple({
        stake: Cl.uint(60n * FAI),
        unbonding: Cl.uint(40n * FAI + 1n),
        'release-height': Cl.uint(10 + UNBONDING),
      }),
    );
    advanceLedger(env, 10 + UNBONDING - 1);
    expect(env.call(ST, 'withdraw', [], a).result).toEqual(Cl.error(Cl.uint(206)));
    advanceLedger(env, 10 + UNBONDING);
    const before = env.balance(a);
    expect(env.call(ST, 'withdraw', [], a).result).toEqual(Cl.ok(Cl.uint(40n * FAI + 1n)));
    expect(env.balance(a)).toBe(before + 40n * FAI + 1n);
    expect(env.call(ST, 'withdraw', [], a).result).toEqual(Cl.error(Cl.uint(205)));
  });

  it('leaves the ranking when the whole stake is unstaked', () => {
    expect(env.call(ST, 'unstake', [Cl.uint(60n * FAI)], a).result).toEqual(Cl.ok(Cl.uint(0)));
    expect(env.read(ST, 'get-ranking')).toEqual(Cl.list([]));
  });

  it('lets only the poi contract slash', () => {
    const args = [Cl.principal(a), Cl.uint(FAI), Cl.stringAscii('x')];
    expect(env.call(ST, 'slash', args, a).result).toEqual(Cl.error(Cl.uint(210)));
    expect(env.call(ST, 'slash', args, SYSTEM).result).toEqual(Cl.error(Cl.uint(210)));
  });
});

describe('staking: ranking and verifier set', () => {
  let env: Env;
  const n = 8;
  beforeAll(async () => {
    env = await openEnv({ accounts: n, funds: 1_000n * FAI });
    advanceLedger(env, 1);
    for (let i = 0; i < n; i++) register(env, account(i), i);
  });

  it('ranks by stake, then by the principal bytes', () => {
    // Accounts 0..7 stake 20, 30, 30, 30, 50, 15, 40, 30 FAI.
    const amounts = [20n, 30n, 30n, 30n, 50n, 15n, 40n, 30n].map((x) => x * FAI);
    amounts.forEach((amt, i) => {
      expect(stake(env, account(i), amt).result).toEqual(Cl.ok(Cl.uint(amt)));
    });
    const expected = amounts
      .map((amt, i) => ({ who: account(i), amt }))
      .sort((x, y) =>
        x.amt !== y.amt ? (x.amt > y.amt ? -1 : 1) : rankKey(x.who) < rankKey(y.who) ? -1 : 1,
      );
    expect(env.read(ST, 'get-ranking')).toEqual(
      Cl.list(expected.map((e) => Cl.tuple({ staker: Cl.principal(e.who), stake: Cl.uint(e.amt) }))),
    );
  });

  it("fixes each cycle's set as the ranking stood when the cycle began", () => {
    // Cycle 0 was recorded by its first stake, when nobody had staked yet.
    expect(env.read(ST, 'get-verifier-set', [Cl.uint(0)])).toEqual(Cl.some(Cl.list([])));
    expect(env.read(ST, 'get-verifier-set', [Cl.uint(1)])).toEqual(Cl.none());
    advanceLedger(env, CYCLE);
    expect(env.read(ST, 'get-current-cycle')).toEqual(Cl.uint(1));
    const ranking = env.read(ST, 'get-ranking');
    if (ranking.type !== 'list') throw new Error('ranking');
    const top5 = ranking.value
      .slice(0, 5)
      .map((e) => (e as unknown as { value: { staker: { value: string } } }).value.staker.value);
    // Not recorded yet: the live top five, which is what the record will hold.
    const cycle1 = verifiers(env.read(ST, 'get-verifier-set', [Cl.uint(1)]));
    expect(cycle1).toEqual(top5);
    // Account 5 (15 FAI, last) climbs to first; its stake records cycle 1's set first.
    expect(stake(env, account(5), 100n * FAI).result.type).toBe('ok');
    expect(verifiers(env.read(ST, 'get-verifier-set', [Cl.uint(1)]))).toEqual(cycle1);
    expect(env.read(ST, 'is-verifier', [Cl.principal(account(5)), Cl.uint(1)])).toEqual(Cl.bool(false));
    expect(env.read(ST, 'is-verifier', [Cl.principal(top5[0]!), Cl.uint(1)])).toEqual(Cl.bool(true));
    advanceLedger(env, 2 * CYCLE);
    const snap = env.call(ST, 'snapshot-verifier-set', [], account(0));
    expect(snap.result.type).toBe('ok');
    const cycle2 = verifiers(env.read(ST, 'get-verifier-set', [Cl.uint(2)]));
    expect(cycle2[0]).toBe(account(5));
    expect(cycle2).toHaveLength(5);
    // A change after the record stays out of cycle 2's set.
    expect(env.call(ST, 'unstake', [Cl.uint(115n * FAI)], account(5)).result).toEqual(Cl.ok(Cl.uint(0)));
    expect(verifiers(env.read(ST, 'get-verifier-set', [Cl.uint(2)]))[0]).toBe(account(5));
    expect(verifiers(env.read(ST, 'get-verifier-set', [Cl.uint(1)]))).toEqual(cycle1);
    // The record carries each verifier's keys and stake.
    const set = env.read(ST, 'get-verifier-set', [Cl.uint(2)]);
    if (set.type !== 'some' || set.value.type !== 'list') throw new Error('set');
    expect(set.value.value[0]).toEqual(
      Cl.tuple({
        verifier: Cl.principal(account(5)),
        stake: Cl.uint(115n * FAI),
        'bls-pubkey': Cl.buffer(blsKey(5)),
        'reward-script': Cl.buffer(p2wpkh(5)),
      }),
    );
  });
});

describe('staking: a full ranking', () => {
  let env: Env;
  const MAX = 100;
  beforeAll(async () => {
    env = await openEnv({ accounts: MAX + 2, funds: 1_000n * FAI });
    for (let i = 0; i < MAX + 2; i++) register(env, account(i), i);
    for (let i = 0; i < MAX; i++) stake(env, account(i), MIN_STAKE + BigInt(i));
  });

  it('refuses a newcomer who does not outrank the last staker', () => {
    const r = stake(env, account(MAX), MIN_STAKE);
    expect(r.result).toEqual(Cl.error(Cl.uint(203)));
    const ranking = env.read(ST, 'get-ranking');
    expect(ranking.type === 'list' && ranking.value.length).toBe(MAX);
  });

  it('evicts the last staker to unbonding for a newcomer who outranks it, within the cost limits', () => {
    const r = stake(env, account(MAX + 1), MIN_STAKE + 1000n);
    expect(r.result).toEqual(Cl.ok(Cl.uint(MIN_STAKE + 1000n)));
    expect(stakeOf(env, account(0))).toEqual(
      Cl.tuple({ stake: Cl.uint(0), unbonding: Cl.uint(MIN_STAKE), 'release-height': Cl.uint(UNBONDING) }),
    );
    const ranking = env.read(ST, 'get-ranking');
    if (ranking.type !== 'list') throw new Error('ranking');
    expect(ranking.value).toHaveLength(MAX);
    expect(ranking.value[0]).toEqual(
      Cl.tuple({ staker: Cl.principal(account(MAX + 1)), stake: Cl.uint(MIN_STAKE + 1000n) }),
    );
    const c = r.costs!;
    expect(c.total.runtime).toBeLessThan(c.limit.runtime / 10);
    expect(c.total.readCount).toBeLessThan(c.limit.readCount / 10);
  });
});

describe('staking: snapshots', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv({ accounts: 3, funds: 1_000n * FAI });
    advanceLedger(env, 1);
    for (let i = 0; i < 2; i++) {
      register(env, account(i), i);
      stake(env, account(i), 100n * FAI + BigInt(i));
    }
  });

  const keysOf = (cycle: number) => {
    const v = env.read(ST, 'get-verifier-set', [Cl.uint(cycle)]);
    if (v.type !== 'some' || v.value.type !== 'list') return null;
    return v.value.value.map((e) =>
      show((e as { value: Record<string, ClarityValue> }).value['bls-pubkey']!),
    );
  };

  it("records the cycle's set before a key rotation, so the rotation starts with the next cycle", () => {
    advanceLedger(env, CYCLE);
    const before = keysOf(1);
    expect(before).toHaveLength(2);
    // The cycle's first staking-related change is a key rotation.
    expect(register(env, account(1), 1, blsKey(77)).result).toEqual(Cl.ok(Cl.bool(true)));
    expect(keysOf(1)).toEqual(before);
    advanceLedger(env, 2 * CYCLE);
    expect(keysOf(2)).toContain(show(Cl.buffer(blsKey(77))));
  });

  it('answers for cycles no staker touched, also once they are over', () => {
    const cycle2 = keysOf(2);
    // Cycles 2, 3 and 4 pass with no staking change at all.
    advanceLedger(env, 5 * CYCLE);
    expect(env.read(ST, 'get-current-cycle')).toEqual(Cl.uint(5));
    for (const c of [2, 3, 4, 5]) expect(keysOf(c)).toEqual(cycle2);
    // A change in cycle 5 records it and the quiet cycles before it; they keep answering after it.
    expect(stake(env, account(2), 0n).result.type).toBe('err');
    register(env, account(2), 2);
    expect(stake(env, account(2), 500n * FAI).result.type).toBe('ok');
    for (const c of [2, 3, 4, 5]) expect(keysOf(c)).toEqual(cycle2);
    expect(keysOf(6)).toBeNull();
    advanceLedger(env, 6 * CYCLE);
    expect(keysOf(6)).toHaveLength(3);
    for (const c of [3, 4]) expect(env.read(ST, 'get-verifier-set', [Cl.uint(c)]).type).toBe('some');
  });
});
