import bls from '@chainsafe/bls/herumi';
import { INFERENCE_INITIAL_SUBSIDY, totalIssuance } from '@funai/ledger-node';
import { Cl, ClarityType } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ClarityHost,
  encodeReceipt,
  ISSUANCE_RESERVE,
  merkleTreeHash,
  type Op,
  printedValue,
  receiptValue,
  SYSTEM_PRINCIPAL,
  signPop,
  verifyPop,
} from '../src/index.js';
import { account, FAI, ledgerChain } from './support/simnet.js';

const alice = account(0);
const bob = account(1);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('host: genesis', () => {
  let host: ClarityHost;
  beforeAll(async () => {
    host = await ClarityHost.create({ allocations: [{ principal: alice, amount: 50n * FAI }] });
  });

  it('mints the issuance reserve, the whole inference reward schedule, to the system principal', () => {
    expect(ISSUANCE_RESERVE).toBe(totalIssuance(INFERENCE_INITIAL_SUBSIDY));
    expect(host.balance(SYSTEM_PRINCIPAL)).toBe(ISSUANCE_RESERVE);
    expect(host.balance(alice)).toBe(50n * FAI);
    expect(host.balance(bob)).toBe(0n);
    expect(SYSTEM_PRINCIPAL).toMatch(/^ST[0-9A-Z]+$/);
  });

  it('refuses allocations to the system principal, a contract or out of u64', async () => {
    await expect(
      ClarityHost.create({ allocations: [{ principal: SYSTEM_PRINCIPAL, amount: 1n }] }),
    ).rejects.toThrow();
    await expect(
      ClarityHost.create({ allocations: [{ principal: `${alice}.x`, amount: 1n }] }),
    ).rejects.toThrow();
    await expect(
      ClarityHost.create({ allocations: [{ principal: alice, amount: 2n ** 64n }] }),
    ).rejects.toThrow();
  });

  it('executes one Clarity block per inference block, empty or not', () => {
    const h0 = host.clarityBlockHeight;
    host.executeBlock([]);
    expect(host.clarityBlockHeight).toBe(h0 + 1);
    const ops: Op[] = Array.from({ length: 5 }, () => ({
      type: 'transfer',
      sender: alice,
      recipient: bob,
      amount: FAI,
    }));
    const { receipts } = host.executeBlock(ops);
    expect(receipts.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(host.clarityBlockHeight).toBe(h0 + 2);
    expect(host.height).toBe(2);
    expect(host.balance(bob)).toBe(5n * FAI);
  });
});

describe('host: receipts', () => {
  let host: ClarityHost;
  beforeAll(async () => {
    host = await ClarityHost.create({ allocations: [{ principal: alice, amount: 50n * FAI }] });
  });

  it('reports result, events and cost per operation, and the root over their encodings', () => {
    const { receipts, receiptsRoot } = host.executeBlock([
      { type: 'transfer', sender: alice, recipient: bob, amount: 2n * FAI },
      { type: 'transfer', sender: bob, recipient: alice, amount: 100n * FAI },
      { type: 'call', sender: alice, contract: 'poi', fn: 'deposit-fees', args: [Cl.uint(FAI)] },
    ]);
    expect(receipts.map((r) => r.status)).toEqual(['ok', 'err', 'ok']);
    expect(receiptValue(receipts[0]!)).toEqual(Cl.ok(Cl.bool(true)));
    expect(receiptValue(receipts[1]!)).toEqual(Cl.error(Cl.uint(1)));
    expect(receipts[0]!.events).toEqual([
      {
        kind: 'stx_transfer_event',
        fields: { amount: String(2n * FAI), memo: '', recipient: bob, sender: alice },
      },
    ]);
    expect(receipts[1]!.events).toEqual([]);
    const printed = receipts[2]!.events.find((e) => e.kind === 'print_event')!;
    expect(printedValue(printed)).toEqual(
      Cl.tuple({
        event: Cl.stringAscii('fees-deposited'),
        requester: Cl.principal(alice),
        amount: Cl.uint(FAI),
      }),
    );
    for (const r of receipts) expect(r.cost.runtime).toBeGreaterThan(0);
    expect(hex(receiptsRoot)).toBe(hex(merkleTreeHash(receipts.map(encodeReceipt))));
  });

  it('gives the same operations the same root, and different results a different root', async () => {
    const ops: Op[] = [{ type: 'transfer', sender: alice, recipient: bob, amount: FAI }];
    const a = await ClarityHost.create({ allocations: [{ principal: alice, amount: 50n * FAI }] });
    const b = await ClarityHost.create({ allocations: [{ principal: alice, amount: 50n * FAI }] });
    const c = await ClarityHost.create({ allocations: [{ principal: alice, amount: FAI / 2n }] });
    const ra = a.executeBlock(ops).receiptsRoot;
    expect(hex(b.executeBlock(ops).receiptsRoot)).toBe(hex(ra));
    expect(hex(c.executeBlock(ops).receiptsRoot)).not.toBe(hex(ra));
  });
});

describe('host: operations refused before the VM', () => {
  let host: ClarityHost;
  beforeAll(async () => {
    host = await ClarityHost.create({ allocations: [{ principal: alice, amount: 50n * FAI }] });
  });

  it('refuses each malformed operation with a reason, executing the rest, state untouched', () => {
    const chain = ledgerChain();
    const tooMany = Cl.list(chain.blocks.slice(0, 65).map((b) => Cl.buffer(b.bytes)));
    const ops: Op[] = [
      { type: 'call', sender: alice, contract: 'nope', fn: 'x', args: [] },
      { type: 'call', sender: alice, contract: 'staking', fn: 'nope', args: [] },
      { type: 'call', sender: alice, contract: 'staking', fn: 'get-stake', args: [Cl.principal(alice)] },
      { type: 'call', sender: alice, contract: 'staking', fn: 'stake', args: [] },
      { type: 'call', sender: alice, contract: 'staking', fn: 'stake', args: [Cl.int(5)] },
      // Past u128: a value no Cl constructor builds, as a decoder could hand it over.
      {
        type: 'call',
        sender: alice,
        contract: 'staking',
        fn: 'stake',
        args: [{ type: ClarityType.UInt, value: 2n ** 128n }],
      },
      { type: 'system-call', contract: 'ledger-light-client', fn: 'submit-headers', args: [tooMany] },
      { type: 'call', sender: SYSTEM_PRINCIPAL, contract: 'poi', fn: 'deposit-fees', args: [Cl.uint(1)] },
      { type: 'transfer', sender: SYSTEM_PRINCIPAL, recipient: alice, amount: 1n },
      { type: 'call', sender: 'ST000', contract: 'poi', fn: 'deposit-fees', args: [Cl.uint(1)] },
      { type: 'call', sender: `${alice}.contract`, contract: 'poi', fn: 'deposit-fees', args: [Cl.uint(1)] },
      { type: 'transfer', sender: alice, recipient: bob, amount: -1n },
      { type: 'transfer', sender: alice, recipient: bob, amount: 2n ** 128n },
      { type: 'transfer', sender: alice, recipient: 'bob', amount: 1n },
      {
        type: 'call',
        sender: alice,
        contract: 'models',
        fn: 'propose-add',
        args: [Cl.buffer(new Uint8Array(32)), Cl.stringAscii('tab\there'), Cl.uint(1), Cl.uint(1)],
      },
      { type: 'transfer', sender: alice, recipient: bob, amount: 3n },
    ];
    const { receipts } = host.executeBlock(ops);
    expect(receipts.map((r) => r.reason)).toEqual([
      'unknown-contract',
      'unknown-function',
      'unknown-function',
      'bad-arity',
      'bad-argument:0',
      'bad-argument:0',
      'bad-argument:0',
      'reserved-sender',
      'reserved-sender',
      'bad-sender',
      'bad-sender',
      'bad-amount',
      'bad-amount',
      'bad-recipient',
      'bad-argument:1',
      null,
    ]);
    expect(
      receipts
        .slice(0, -1)
        .every((r) => r.status === 'rejected' && r.result.length === 0 && r.cost.runtime === 0),
    ).toBe(true);
    expect(receipts.at(-1)!.status).toBe('ok');
    expect(host.balance(bob)).toBe(3n);
    expect(host.readOnly('ledger-light-client', 'get-ledger-tip')).toEqual(
      Cl.tuple({
        hash: Cl.buffer(new Uint8Array(32)),
        height: Cl.uint(0),
        work: Cl.uint(0),
        initialized: Cl.bool(false),
      }),
    );
  });

  it('executes 64 headers relayed by the system principal, within the cost limits', () => {
    const chain = ledgerChain();
    const { receipts } = host.executeBlock([
      {
        type: 'system-call',
        contract: 'ledger-light-client',
        fn: 'initialize',
        args: [Cl.buffer(chain.genesis.bytes), Cl.uint(0)],
      },
      {
        type: 'system-call',
        contract: 'ledger-light-client',
        fn: 'submit-headers',
        args: [Cl.list(chain.blocks.slice(0, 64).map((b) => Cl.buffer(b.bytes)))],
      },
    ]);
    expect(receipts.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(receipts[1]!.cost.runtime).toBeLessThan(5_000_000_000 / 10);
    expect(host.readOnly('ledger-light-client', 'get-ledger-height')).toEqual(Cl.uint(64));
  });
});

describe('host: BLS proof of possession', () => {
  let host: ClarityHost;
  const sk = new Uint8Array(32).fill(1);
  const script = Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(9));
  beforeAll(async () => {
    host = await ClarityHost.create({ allocations: [{ principal: alice, amount: 50n * FAI }] });
  });

  const register = (sender: string, pubkey: Uint8Array, pop: Uint8Array): Op => ({
    type: 'call',
    sender,
    contract: 'staking',
    fn: 'register-keys',
    args: [Cl.buffer(script), Cl.buffer(pubkey), Cl.buffer(pop)],
  });

  it('binds the proof to the key and to the registering principal', () => {
    const { blsPubkey, pop } = signPop(sk, alice);
    expect(verifyPop(blsPubkey, pop, alice)).toBe(true);
    expect(verifyPop(blsPubkey, pop, bob)).toBe(false);
    const other = bls.SecretKey.fromBytes(new Uint8Array(32).fill(2)).toPublicKey().toBytes();
    expect(verifyPop(other, pop, alice)).toBe(false);
    // A plain signature of the key (no domain tag, no principal) is not a proof.
    expect(verifyPop(blsPubkey, bls.sign(sk, blsPubkey), alice)).toBe(false);
  });

  it('refuses a registration whose proof fails, and records one whose proof holds', () => {
    const { blsPubkey, pop } = signPop(sk, alice);
    const forged = Uint8Array.from(pop);
    forged[5]! ^= 1;
    const { receipts } = host.executeBlock([
      register(bob, blsPubkey, pop),
      register(alice, blsPubkey, forged),
      register(alice, blsPubkey.slice(1), pop),
      register(alice, blsPubkey, pop),
    ]);
    expect(receipts.map((r) => r.reason ?? r.status)).toEqual(['bad-pop', 'bad-pop', 'bad-pop', 'ok']);
    expect(host.readOnly('staking', 'get-keys', [Cl.principal(alice)])).toEqual(
      Cl.some(
        Cl.tuple({
          'reward-script': Cl.buffer(script),
          'bls-pubkey': Cl.buffer(blsPubkey),
          pop: Cl.buffer(pop),
        }),
      ),
    );
  });
});
