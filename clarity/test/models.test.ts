import { Cl } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import { account, advanceLedger, type Env, FAI, openEnv } from './support/simnet.js';

const M = 'models';
const modelId = (n: number) => new Uint8Array(32).fill(n);
const p2wpkh = (i: number) => Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(i + 1));
const blsKey = (i: number) => Uint8Array.of(0xa0, i, ...new Uint8Array(46).fill(5));

function proposeAdd(env: Env, who: string, id: Uint8Array, name: string, ctx: number, txType: number) {
  return env.call(
    M,
    'propose-add',
    [Cl.buffer(id), Cl.stringAscii(name), Cl.uint(ctx), Cl.uint(txType)],
    who,
  );
}

function vote(env: Env, who: string, id: number) {
  return env.call(M, 'vote', [Cl.uint(id)], who);
}

/** Verifiers 0..count-1 (stakes 100 + i FAI), set in place for cycle 1; account 9 stakes nothing. */
async function governance(count: number): Promise<Env> {
  const env = await openEnv({ accounts: 10, funds: 1_000n * FAI });
  advanceLedger(env, 1);
  for (let i = 0; i < count; i++) {
    env.call(
      'staking',
      'register-keys',
      [Cl.buffer(p2wpkh(i)), Cl.buffer(blsKey(i)), Cl.buffer(new Uint8Array(96))],
      account(i),
    );
    env.call('staking', 'stake', [Cl.uint(100n * FAI + BigInt(i))], account(i));
  }
  advanceLedger(env, 144);
  return env;
}

describe('models: a five-verifier set', () => {
  let env: Env;
  beforeAll(async () => {
    env = await governance(7);
  });

  it('refuses a proposer outside the current verifier set', () => {
    // Accounts 0 and 1 hold the two smallest of seven stakes: outside the top five.
    expect(proposeAdd(env, account(0), modelId(1), 'llama', 4096, 10).result).toEqual(Cl.error(Cl.uint(400)));
    expect(proposeAdd(env, account(9), modelId(1), 'llama', 4096, 10).result).toEqual(Cl.error(Cl.uint(400)));
  });

  it('refuses bad metadata', () => {
    expect(proposeAdd(env, account(6), modelId(1).slice(1), 'llama', 4096, 10).result).toEqual(
      Cl.error(Cl.uint(405)),
    );
    expect(proposeAdd(env, account(6), modelId(1), '', 4096, 10).result).toEqual(Cl.error(Cl.uint(405)));
    expect(proposeAdd(env, account(6), modelId(1), 'llama', 0, 10).result).toEqual(Cl.error(Cl.uint(405)));
  });

  it('adds a model once a majority (3 of 5) has voted', () => {
    const r = proposeAdd(env, account(6), modelId(1), 'llama-3.2-1b-q4', 8192, 10);
    expect(r.result).toEqual(Cl.ok(Cl.uint(0)));
    expect(env.read(M, 'get-proposal-count')).toEqual(Cl.uint(1));
    expect(vote(env, account(6), 0).result).toEqual(Cl.error(Cl.uint(408)));
    expect(vote(env, account(0), 0).result).toEqual(Cl.error(Cl.uint(400)));
    expect(vote(env, account(5), 0).result).toEqual(Cl.ok(Cl.bool(false)));
    expect(env.read(M, 'get-model', [Cl.buffer(modelId(1))])).toEqual(Cl.none());
    const r3 = vote(env, account(4), 0);
    expect(r3.result).toEqual(Cl.ok(Cl.bool(true)));
    const model = Cl.tuple({
      name: Cl.stringAscii('llama-3.2-1b-q4'),
      'context-size': Cl.uint(8192),
      'tx-type': Cl.uint(10),
      active: Cl.bool(true),
    });
    expect(env.read(M, 'get-model', [Cl.buffer(modelId(1))])).toEqual(Cl.some(model));
    expect(env.read(M, 'get-model-by-tx-type', [Cl.uint(10)])).toEqual(Cl.some(model));
    expect(env.read(M, 'is-active', [Cl.buffer(modelId(1))])).toEqual(Cl.bool(true));
    expect(env.read(M, 'has-voted', [Cl.uint(0), Cl.principal(account(4))])).toEqual(Cl.bool(true));
    expect(r3.events.some((e) => e.event === 'print_event')).toBe(true);
    expect(vote(env, account(3), 0).result).toEqual(Cl.error(Cl.uint(407)));
    expect(vote(env, account(3), 7).result).toEqual(Cl.error(Cl.uint(406)));
  });

  it('refuses a model or transaction type already registered', () => {
    expect(proposeAdd(env, account(6), modelId(1), 'again', 1, 11).result).toEqual(Cl.error(Cl.uint(401)));
    expect(proposeAdd(env, account(6), modelId(2), 'other', 1, 10).result).toEqual(Cl.error(Cl.uint(404)));
  });

  it('retires a model by majority, keeping its transaction type bound', () => {
    expect(env.call(M, 'propose-retire', [Cl.buffer(modelId(9))], account(6)).result).toEqual(
      Cl.error(Cl.uint(402)),
    );
    const r = env.call(M, 'propose-retire', [Cl.buffer(modelId(1))], account(2));
    expect(r.result).toEqual(Cl.ok(Cl.uint(1)));
    vote(env, account(3), 1);
    expect(vote(env, account(4), 1).result).toEqual(Cl.ok(Cl.bool(true)));
    expect(env.read(M, 'is-active', [Cl.buffer(modelId(1))])).toEqual(Cl.bool(false));
    expect(env.call(M, 'propose-retire', [Cl.buffer(modelId(1))], account(2)).result).toEqual(
      Cl.error(Cl.uint(403)),
    );
    expect(proposeAdd(env, account(6), modelId(3), 'reuse', 1, 10).result).toEqual(Cl.error(Cl.uint(404)));
  });

  it('lets a proposal lapse when its cycle ends', () => {
    expect(proposeAdd(env, account(6), modelId(4), 'late', 2048, 12).result).toEqual(Cl.ok(Cl.uint(2)));
    advanceLedger(env, 288);
    expect(vote(env, account(5), 2).result).toEqual(Cl.error(Cl.uint(409)));
    expect(env.read(M, 'get-model', [Cl.buffer(modelId(4))])).toEqual(Cl.none());
  });
});

describe('models: a single verifier', () => {
  it('passes its own proposal at once (1 of 1 is a majority)', async () => {
    const env = await governance(1);
    expect(proposeAdd(env, account(0), modelId(7), 'solo', 512, 3).result).toEqual(Cl.ok(Cl.uint(0)));
    expect(env.read(M, 'is-active', [Cl.buffer(modelId(7))])).toEqual(Cl.bool(true));
    expect(env.read(M, 'get-proposal', [Cl.uint(0)])).toEqual(
      Cl.some(
        Cl.tuple({
          action: Cl.stringAscii('add'),
          'model-id': Cl.buffer(modelId(7)),
          name: Cl.stringAscii('solo'),
          'context-size': Cl.uint(512),
          'tx-type': Cl.uint(3),
          proposer: Cl.principal(account(0)),
          cycle: Cl.uint(1),
          'set-size': Cl.uint(1),
          votes: Cl.uint(1),
          executed: Cl.bool(true),
        }),
      ),
    );
  });
});
