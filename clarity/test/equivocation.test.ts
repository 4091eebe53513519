import { sha256 } from '@funai/ledger-node';
import { Cl } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyPrincipal, type ReceiptFields, signReceipt } from './support/execution-receipt.js';
import { account, advanceLedger, type Env, FAI, openEnv, SYSTEM } from './support/simnet.js';

const ST = 'staking';
const key = (n: number) => sha256(Uint8Array.of(0x6b, n));
const p2wpkh = Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(3));
const fields = (over: Partial<ReceiptFields> = {}): ReceiptFields => ({
  chainId: 7,
  txId: new Uint8Array(32).fill(0x11),
  modelId: new Uint8Array(32).fill(0x22),
  outputHash: new Uint8Array(32).fill(0x33),
  outputTokens: 12,
  finishReason: 0,
  ledgerHeight: 40,
  ...over,
});

describe('staking: equivocation', () => {
  let env: Env;
  const executor = keyPrincipal(key(1));
  const submitter = account(0);
  beforeAll(async () => {
    env = await openEnv({ accounts: 1, funds: 100n * FAI });
    env.simnet.mintSTX(executor, 200n * FAI);
    advanceLedger(env, 2);
    env.call(
      ST,
      'register-keys',
      [Cl.buffer(p2wpkh), Cl.buffer(new Uint8Array(48).fill(9)), Cl.buffer(new Uint8Array(96))],
      executor,
    );
    expect(env.call(ST, 'stake', [Cl.uint(100n * FAI)], executor).result.type).toBe('ok');
    expect(env.read(ST, 'has-bond', [Cl.principal(executor)])).toEqual(Cl.bool(true));
  });

  const report = (a: Uint8Array, b: Uint8Array, sender = submitter) =>
    env.call(ST, 'report-equivocation', [Cl.buffer(a), Cl.buffer(b)], sender);

  it('refuses pairs that prove nothing', () => {
    const a = signReceipt(fields(), key(1));
    expect(report(a, a).result).toEqual(Cl.error(Cl.uint(213)));
    // A different transaction, chain or executor is not an equivocation.
    expect(
      report(a, signReceipt(fields({ txId: new Uint8Array(32).fill(1), outputTokens: 1 }), key(1))).result,
    ).toEqual(Cl.error(Cl.uint(213)));
    expect(report(a, signReceipt(fields({ chainId: 8, outputTokens: 1 }), key(1))).result).toEqual(
      Cl.error(Cl.uint(213)),
    );
    expect(report(a, signReceipt(fields({ outputTokens: 1 }), key(2))).result).toEqual(
      Cl.error(Cl.uint(213)),
    );
    // Only the signed fields count: a changed ledger height or model id alone is the same outcome.
    expect(report(a, signReceipt(fields({ ledgerHeight: 41 }), key(1))).result).toEqual(
      Cl.error(Cl.uint(213)),
    );
    // A forged signature, a short receipt, another version.
    const b = signReceipt(fields({ finishReason: 2 }), key(1));
    const forged = Uint8Array.from(b);
    forged[150]! ^= 1;
    expect(report(a, forged).result).toEqual(Cl.error(Cl.uint(214)));
    expect(report(a, b.slice(0, 206)).result).toEqual(Cl.error(Cl.uint(212)));
    const v2 = Uint8Array.from(b);
    v2[0] = 2;
    expect(report(a, v2).result).toEqual(Cl.error(Cl.uint(212)));
    expect(env.read(ST, 'get-bond', [Cl.principal(executor)])).toEqual(Cl.uint(100n * FAI));
  });

  it('slashes the whole bond for two signed outcomes of one tx, 10 % to the submitter, once', () => {
    const a = signReceipt(fields(), key(1));
    const b = signReceipt(fields({ outputHash: new Uint8Array(32).fill(0x44) }), key(1));
    const s0 = env.balance(submitter);
    const r = report(a, b);
    expect(r.result).toEqual(Cl.ok(Cl.tuple({ slashed: Cl.uint(100n * FAI), reward: Cl.uint(10n * FAI) })));
    expect(env.balance(submitter)).toBe(s0 + 10n * FAI);
    expect(r.events.some((e) => e.event === 'stx_burn_event' && e.data.amount === String(90n * FAI))).toBe(
      true,
    );
    expect(env.read(ST, 'get-bond', [Cl.principal(executor)])).toEqual(Cl.uint(0));
    expect(env.read(ST, 'has-bond', [Cl.principal(executor)])).toEqual(Cl.bool(false));
    expect(env.read(ST, 'get-equivocation', [Cl.principal(executor), Cl.buffer(fields().txId)])).toEqual(
      Cl.some(Cl.tuple({ submitter: Cl.principal(submitter), slashed: Cl.uint(100n * FAI) })),
    );
    expect(report(b, a).result).toEqual(Cl.error(Cl.uint(215)));
    // Another transaction's equivocation still counts, with nothing left to take.
    const c = signReceipt(fields({ txId: new Uint8Array(32).fill(5) }), key(1));
    const d = signReceipt(fields({ txId: new Uint8Array(32).fill(5), outputTokens: 13 }), key(1));
    expect(report(c, d, SYSTEM).result).toEqual(Cl.ok(Cl.tuple({ slashed: Cl.uint(0), reward: Cl.uint(0) })));
  });
});
