// Economics and reorg invariants as seeded fast-check model tests (docs §13.5, §13.8):
// - the VM's FAI supply is constant except the documented burns (every burn is an stx_burn_event);
// - the reserve always equals the rewards of the heights not yet decided, so no height is paid twice
//   and none is stranded;
// - every sequence of ledger reorgs leaves the light client in the state a replay of the final branch
//   gives (its tip and canonical index are the heaviest branch's, first seen on ties).
import { blockProof } from '@funai/ledger-node';
import { Cl, type ClarityValue } from '@stacks/transactions';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HARDER_BITS, type MinedBlock, mineChain, mineGenesis, REGTEST_BITS } from './support/ledger.js';
import {
  account,
  advanceLedger,
  type Env,
  FAI,
  headersArg,
  ledgerChain,
  openEnv,
  SYSTEM,
  show,
} from './support/simnet.js';

const R = 350_000_000n;
const uint = (v: ClarityValue) => BigInt((v as { value: bigint }).value);

function totalSupply(env: Env): bigint {
  let sum = 0n;
  for (const v of env.simnet.getAssetsMap().get('STX')?.values() ?? []) sum += v;
  return sum;
}

function burns(r: { events: { event: string; data: Record<string, unknown> }[] }): bigint {
  return r.events
    .filter((e) => e.event === 'stx_burn_event')
    .reduce((s, e) => s + BigInt(String(e.data.amount)), 0n);
}

describe('economics model', () => {
  let env: Env;
  const N = 6;
  let supply0: bigint;
  let reserve0: bigint;
  let burned = 0n;
  let nextHeight = 1;
  let nextId = 1;
  const paidHeights = new Set<number>();

  beforeAll(async () => {
    env = await openEnv({ accounts: N + 1, funds: 1_000n * FAI });
    advanceLedger(env, 400);
    for (let i = 0; i < N; i++) {
      env.call(
        'staking',
        'register-keys',
        [
          Cl.buffer(Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(i + 1))),
          Cl.buffer(Uint8Array.of(0xb0, i, ...new Uint8Array(46))),
          Cl.buffer(new Uint8Array(96)),
        ],
        account(i),
      );
      env.call('staking', 'stake', [Cl.uint(50n * FAI + BigInt(i) * FAI)], account(i));
    }
    env.call('poi', 'deposit-fees', [Cl.uint(100n * FAI)], account(N));
    supply0 = totalSupply(env);
    reserve0 = env.balance(SYSTEM);
  });

  const who = fc.integer({ min: 0, max: N });
  const record = fc.record({
    executor: who,
    gas: fc.bigInt({ min: 0n, max: 2n * FAI }),
    valid: fc.boolean(),
  });
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('verdict' as const),
      gap: fc.integer({ min: -2, max: 4 }),
      producer: who,
      accepted: fc.boolean(),
      records: fc.array(record, { maxLength: 4 }),
      signers: fc.subarray([0, 1, 2, 3, 4, 5]),
      contradict: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('transfer' as const),
      from: who,
      to: who,
      amount: fc.bigInt({ min: 0n, max: 5n * FAI }),
    }),
    fc.record({
      kind: fc.constant('fees' as const),
      from: who,
      amount: fc.bigInt({ min: 0n, max: 5n * FAI }),
    }),
    fc.record({
      kind: fc.constant('stake' as const),
      from: who,
      amount: fc.bigInt({ min: 0n, max: 30n * FAI }),
      up: fc.boolean(),
    }),
  );

  it('keeps supply + burns constant, the reserve equal to the undecided heights, each height paid once', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        for (const s of steps) {
          let r: ReturnType<Env['call']>;
          if (s.kind === 'verdict') {
            const height = Math.max(0, Math.min(400, nextHeight + s.gap));
            const set = env.read('staking', 'get-verifier-set', [Cl.uint(Math.floor(height / 144))]);
            const members =
              set.type === 'some' && set.value.type === 'list'
                ? set.value.value.map((e) =>
                    show((e as { value: Record<string, ClarityValue> }).value.verifier!),
                  )
                : [];
            const pick = s.signers.map(account).filter((a) => members.includes(a));
            const contradictors = s.contradict && pick.length > 0 ? pick.slice(0, 1) : [];
            const signers = pick.slice(contradictors.length);
            const hash = height === 0 ? ledgerChain().genesis.hash : ledgerChain().blocks[height - 1]!.hash;
            r = env.call(
              'poi',
              'apply-verdict',
              [
                Cl.buffer(Uint8Array.of(0, 0, nextId >> 8, nextId & 0xff)),
                Cl.buffer(hash),
                Cl.principal(account(s.producer)),
                Cl.buffer(new Uint8Array(32)),
                Cl.bool(s.accepted),
                Cl.list(
                  (s.accepted ? s.records : []).map((x) =>
                    Cl.tuple({
                      executor: Cl.principal(account(x.executor)),
                      requester: Cl.principal(account(N)),
                      gas: Cl.uint(x.gas),
                      valid: Cl.bool(x.valid),
                    }),
                  ),
                ),
                Cl.list(signers.map((p) => Cl.principal(p))),
                Cl.list(contradictors.map((p) => Cl.principal(p))),
              ],
              SYSTEM,
            );
            nextId++;
            if (r.result.type === 'ok') {
              expect(height).toBeGreaterThanOrEqual(nextHeight - 1 + (paidHeights.size === 0 ? 0 : 1));
              expect(paidHeights.has(height)).toBe(false);
              paidHeights.add(height);
              nextHeight = height + 1;
            } else {
              // Refused only for a height already decided (or below the last one).
              expect(r.result).toEqual(Cl.error(Cl.uint(302)));
              expect(height).toBeLessThan(nextHeight);
            }
          } else if (s.kind === 'transfer') {
            r = env.call(
              'fai',
              'transfer',
              [Cl.uint(s.amount), Cl.principal(account(s.to))],
              account(s.from),
            );
          } else if (s.kind === 'fees') {
            r = env.call('poi', 'deposit-fees', [Cl.uint(s.amount)], account(s.from));
          } else {
            r = env.call('staking', s.up ? 'stake' : 'unstake', [Cl.uint(s.amount)], account(s.from));
          }
          burned += burns(r);
          expect(totalSupply(env) + burned).toBe(supply0);
          const decided = env.read('poi', 'get-last-decided-height');
          const open = decided.type === 'some' ? uint(decided.value) + 1n : 0n;
          const cumulative = uint(env.read('poi', 'get-cumulative-reward', [Cl.uint(open)]));
          expect(env.balance(SYSTEM)).toBe(reserve0 - cumulative);
        }
      }),
      { numRuns: 12 },
    );
    expect(paidHeights.size).toBeGreaterThan(5);
    expect(burned).toBeGreaterThan(R);
  });
});

describe('light-client reorg model', () => {
  let env: Env;
  const genesis = mineGenesis();
  /** Every mined block: hash -> height, work, parent, first-seen order. */
  const blocks = new Map<string, { block: MinedBlock; height: number; work: bigint; prev: string }>();
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  let tip = hex(genesis.hash);
  let tag = 100;
  let downs = 0;

  beforeAll(async () => {
    env = await openEnv({ accounts: 0 });
    env.call('ledger-light-client', 'initialize', [Cl.buffer(genesis.bytes), Cl.uint(0)], SYSTEM);
    blocks.set(tip, { block: genesis, height: 0, work: blockProof(REGTEST_BITS), prev: '' });
  });

  it('ends every reorg sequence in the state a replay of the final branch gives', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            pick: fc.nat(),
            abba: fc.boolean(),
            length: fc.integer({ min: 1, max: 6 }),
            hard: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (branches) => {
          const submit = (base: string, length: number, hard: (i: number) => boolean) => {
            const parent = blocks.get(base)!;
            const mined: MinedBlock[] = [];
            let prev = parent.block.hash;
            for (let i = 0; i < length; i++) {
              const [m] = mineChain(prev, 1, tag++, 1, hard(i) ? HARDER_BITS : REGTEST_BITS);
              mined.push(m!);
              prev = m!.hash;
            }
            let best = tip;
            let work = parent.work;
            let height = parent.height;
            let p = base;
            for (const m of mined) {
              height++;
              work += blockProof(m.header.bits);
              const h = hex(m.hash);
              blocks.set(h, { block: m, height, work, prev: p });
              if (work > blocks.get(best)!.work) best = h;
              p = h;
            }
            const r = env.call('ledger-light-client', 'submit-headers', [headersArg(mined)], SYSTEM);
            expect(r.result.type).toBe('ok');
            if (blocks.get(best)!.height < blocks.get(tip)!.height) downs++;
            tip = best;
            return p;
          };
          for (const b of branches) {
            if (b.abba) {
              // A -> heavier shorter B -> A again: B forks k blocks below A's tip with k - 1 hard
              // blocks (2k - 2 > k of work for k > 2), then A grows by 2k regtest blocks.
              const k = 3 + (b.pick % 4);
              const a = tip;
              let fork = a;
              for (let i = 0; i < k && blocks.get(fork)!.height > 0; i++) fork = blocks.get(fork)!.prev;
              submit(fork, k - 1, () => true);
              submit(a, 2 * k, () => false);
              continue;
            }
            // Fork from any known block near the tip, on the best chain or a stale branch.
            const near = [...blocks.entries()].filter(([, e]) => e.height + 12 >= blocks.get(tip)!.height);
            submit(near[b.pick % near.length]![0], b.length, (i) => b.hard[i]!);
          }
          // The replay of the final branch: the tip, and every height's hash its ancestors give.
          const t = blocks.get(tip)!;
          const got = env.read('ledger-light-client', 'get-ledger-tip') as {
            value: Record<string, ClarityValue>;
          };
          expect(got.value.hash).toEqual(Cl.buffer(t.block.hash));
          expect(uint(got.value.work!)).toBe(t.work);
          let h = tip;
          for (let k = 0; k < 40 && h !== ''; k++) {
            const e = blocks.get(h)!;
            expect(env.read('ledger-light-client', 'get-ledger-header-hash', [Cl.uint(e.height)])).toEqual(
              Cl.some(Cl.buffer(e.block.hash)),
            );
            h = e.prev;
          }
          expect(env.read('ledger-light-client', 'get-ledger-header-hash', [Cl.uint(t.height + 1)])).toEqual(
            Cl.none(),
          );
        },
      ),
      { numRuns: 25 },
    );
    console.log('reorgs to a shorter heavier branch', downs);
  });
});
