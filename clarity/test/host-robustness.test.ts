// The host must never let a user operation abort the VM: a wasm trap kills the session, and on a
// running network every node would stop at the same block. These tests pin the one abort found in
// review (a contract principal whose name the VM cannot deserialize), the VmAbortError path itself,
// and a seeded fuzz of random user operations.
import {
  AddressVersion,
  addressFromVersionHash,
  addressToString,
  Cl,
  ClarityType,
  type ClarityValue,
} from '@stacks/transactions';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ClarityHost,
  GENESIS_CONTRACTS,
  type InterfaceType,
  type Op,
  SYSTEM_PRINCIPAL,
  VmAbortError,
  VmSession,
} from '../src/index.js';
import { account, FAI } from './support/simnet.js';

const alice = account(0);
const bob = account(1);
const BAD = `${alice}.1bad!`;

describe('host: principals the VM cannot deserialize', () => {
  let host: ClarityHost;
  beforeAll(async () => {
    host = await ClarityHost.create({ allocations: [{ principal: alice, amount: 50n * FAI }] });
  });

  it('refuses a transfer to a contract principal with an invalid name instead of aborting the VM', () => {
    const names = ['1bad!', '', 'a'.repeat(41), 'a.b', 'x y', 'é', '-x', '_x'];
    const ops: Op[] = names.map((n) => ({
      type: 'transfer',
      sender: alice,
      recipient: `${alice}.${n}`,
      amount: 1n,
    }));
    ops.push({ type: 'transfer', sender: alice, recipient: `${alice}.${'a'.repeat(40)}`, amount: 1n });
    const { receipts } = host.executeBlock(ops);
    expect(receipts.map((r) => r.reason ?? r.status)).toEqual([...names.map(() => 'bad-recipient'), 'ok']);
  });

  it('refuses such a principal as a call argument, at any depth', () => {
    const bad = { type: ClarityType.PrincipalContract, value: BAD } as ClarityValue;
    const { receipts } = host.executeBlock([
      { type: 'call', sender: alice, contract: 'fai', fn: 'transfer', args: [Cl.uint(1), bad] },
      {
        type: 'system-call',
        contract: 'poi',
        fn: 'deposit-fees',
        args: [Cl.uint(1)],
      },
      { type: 'call', sender: alice, contract: 'staking', fn: 'get-stake', args: [bad] },
      { type: 'transfer', sender: alice, recipient: bob, amount: 2n },
    ]);
    expect(receipts.map((r) => r.reason ?? r.status)).toEqual([
      'bad-argument:1',
      'ok',
      'unknown-function',
      'ok',
    ]);
    expect(host.balance(bob)).toBe(2n);
  });

  it('refuses buffers that are not whole hex bytes', () => {
    const odd = { type: ClarityType.Buffer, value: 'abc' } as ClarityValue;
    const notHex = { type: ClarityType.Buffer, value: 'zz' } as ClarityValue;
    const { receipts } = host.executeBlock([
      { type: 'call', sender: alice, contract: 'staking', fn: 'register-keys', args: [odd, odd, odd] },
      { type: 'call', sender: alice, contract: 'models', fn: 'propose-retire', args: [notHex] },
    ]);
    expect(receipts.map((r) => r.reason)).toEqual(['bad-argument:0', 'bad-argument:0']);
  });
});

describe('host: VmAbortError', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('poisons the host after an abort, and a rebuild from the stored blocks recovers it', async () => {
    const genesis = { allocations: [{ principal: alice, amount: 50n * FAI }] };
    const host = await ClarityHost.create(genesis);
    const stored: Op[][] = [[{ type: 'transfer', sender: alice, recipient: bob, amount: 5n }]];
    host.executeBlock(stored[0]!);
    // Whatever makes the VM trap (here: a session call that throws), the host turns it into
    // VmAbortError and refuses every later block.
    const spy = vi.spyOn(VmSession.prototype, 'mineBlock').mockImplementationOnce(() => {
      throw new Error('RuntimeError: unreachable');
    });
    expect(() =>
      host.executeBlock([{ type: 'transfer', sender: alice, recipient: bob, amount: 1n }]),
    ).toThrow(VmAbortError);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(() => host.executeBlock([])).toThrow(/host unusable after an aborted block/);
    expect(() => host.replayBlock([])).toThrow(VmAbortError);
    expect(host.height).toBe(1);
    const rebuilt = await ClarityHost.rebuild(stored, genesis);
    expect(rebuilt.balance(bob)).toBe(5n);
    expect(
      rebuilt.executeBlock([{ type: 'transfer', sender: alice, recipient: bob, amount: 1n }]).receipts[0]!
        .status,
    ).toBe('ok');
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz

const hash20 = fc.uint8Array({ minLength: 20, maxLength: 20 });
const oddPrincipal: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(alice, bob, account(2), SYSTEM_PRINCIPAL),
  fc
    .tuple(fc.integer({ min: 0, max: 31 }), hash20)
    .map(([v, h]) =>
      addressToString(addressFromVersionHash(v as AddressVersion, Buffer.from(h).toString('hex'))),
    ),
  fc.constantFrom(
    'ST000',
    '',
    'not-a-principal',
    alice.toLowerCase(),
    `${alice.slice(0, -1)}X`,
    `${alice}.`,
    `.${alice}`,
    `${alice}.a.b`,
    `${addressToString(addressFromVersionHash(AddressVersion.MainnetSingleSig, '00'.repeat(20)))}`,
  ),
);
const contractName = fc.oneof(
  fc.constantFrom(...GENESIS_CONTRACTS, 'fai', 'x', 'a'.repeat(40), 'a'.repeat(41), '1bad!', '', 'é', 'a b'),
  fc.string({ maxLength: 50 }),
);
const anyPrincipal = fc.oneof(
  oddPrincipal,
  fc.tuple(oddPrincipal, contractName).map(([p, n]) => `${p}.${n}`),
);

/** A value that claims to be a ClarityValue: well formed, malformed, or out of range. */
const anyValue: fc.Arbitrary<ClarityValue> = fc.letrec<{ v: ClarityValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc
      .bigInt({ min: -(1n << 129n), max: 1n << 129n })
      .map((n) => ({ type: ClarityType.UInt, value: n }) as ClarityValue),
    fc
      .bigInt({ min: -(1n << 129n), max: 1n << 129n })
      .map((n) => ({ type: ClarityType.Int, value: n }) as ClarityValue),
    fc.boolean().map((b) => Cl.bool(b)),
    fc.uint8Array({ maxLength: 100 }).map((b) => Cl.buffer(b)),
    fc.string({ maxLength: 6 }).map((s) => ({ type: ClarityType.Buffer, value: s }) as ClarityValue),
    fc.string({ maxLength: 70 }).map((s) => ({ type: ClarityType.StringASCII, value: s }) as ClarityValue),
    fc.string({ maxLength: 20 }).map((s) => ({ type: ClarityType.StringUTF8, value: s }) as ClarityValue),
    oddPrincipal.map((p) => ({ type: ClarityType.PrincipalStandard, value: p }) as ClarityValue),
    anyPrincipal.map((p) => ({ type: ClarityType.PrincipalContract, value: p }) as ClarityValue),
    fc.constant(Cl.none()),
    tie('v').map((v) => Cl.some(v)),
    tie('v').map((v) => Cl.ok(v)),
    tie('v').map((v) => Cl.error(v)),
    fc.array(tie('v'), { maxLength: 4 }).map((l) => ({ type: ClarityType.List, value: l }) as ClarityValue),
    fc
      .dictionary(fc.constantFrom('executor', 'requester', 'gas', 'valid', 'x', ''), tie('v'), { maxKeys: 4 })
      .map((d) => ({ type: ClarityType.Tuple, value: d }) as ClarityValue),
  ),
})).v;

/** A value of the declared type (so calls reach the contracts), with odd but admissible content. */
function arbitraryOf(type: InterfaceType): fc.Arbitrary<ClarityValue> {
  if (typeof type === 'string') {
    switch (type) {
      case 'uint128':
        return fc
          .oneof(fc.bigInt({ min: 0n, max: 1000n * FAI }), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }))
          .map((n) => Cl.uint(n));
      case 'int128':
        return fc.bigInt({ min: -(1n << 127n), max: (1n << 127n) - 1n }).map((n) => Cl.int(n));
      case 'bool':
        return fc.boolean().map((b) => Cl.bool(b));
      case 'principal':
        return fc.oneof(
          fc.constantFrom(alice, bob, SYSTEM_PRINCIPAL).map((p) => Cl.principal(p)),
          fc.constantFrom(...GENESIS_CONTRACTS).map((n) => Cl.contractPrincipal(SYSTEM_PRINCIPAL, n)),
        );
      default:
        return anyValue;
    }
  }
  if ('buffer' in type)
    return fc.uint8Array({ maxLength: Math.min(type.buffer.length, 300) }).map((b) => Cl.buffer(b));
  if ('string-ascii' in type)
    return fc
      .string({ maxLength: type['string-ascii'].length, unit: fc.constantFrom('a', 'Z', ' ', '~', '0') })
      .map((s) => Cl.stringAscii(s));
  if ('optional' in type)
    return fc.option(arbitraryOf(type.optional)).map((v) => (v === null ? Cl.none() : Cl.some(v)));
  if ('list' in type)
    return fc
      .array(arbitraryOf(type.list.type), { maxLength: Math.min(type.list.length, 3) })
      .map((l) => Cl.list(l));
  if ('tuple' in type)
    return fc
      .tuple(...type.tuple.map((f) => arbitraryOf(f.type).map((v) => [f.name, v] as const)))
      .map((fields) => Cl.tuple(Object.fromEntries(fields)));
  return anyValue;
}

describe('host: fuzz of user operations', () => {
  let host: ClarityHost;
  beforeAll(async () => {
    host = await ClarityHost.create({
      allocations: [
        { principal: alice, amount: 1_000n * FAI },
        { principal: bob, amount: 1_000n * FAI },
      ],
    });
  });

  it('never aborts the VM: every op ends ok, err or rejected, and the host keeps working', () => {
    const contracts = [...GENESIS_CONTRACTS];
    const typedCall = fc
      .constantFrom(...contracts)
      .chain((c) => {
        const fns = [...host.publicFunctions(c).entries()];
        return fc.constantFrom(...fns).map(([fn, sig]) => ({ c, fn, sig }));
      })
      .chain(({ c, fn, sig }) =>
        fc
          .tuple(fc.constantFrom(alice, bob), fc.tuple(...sig.map((p) => arbitraryOf(p.type))), fc.boolean())
          .map(
            ([sender, args, system]): Op =>
              system
                ? { type: 'system-call', contract: c, fn, args }
                : { type: 'call', sender, contract: c, fn, args },
          ),
      );
    const wildCall = fc
      .tuple(
        anyPrincipal,
        contractName,
        fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('transfer', 'stake', 'apply-verdict')),
        fc.array(anyValue, { maxLength: 5 }),
      )
      .map(([sender, contract, fn, args]): Op => ({ type: 'call', sender, contract, fn, args }));
    const transfer = fc
      .tuple(
        fc.oneof(fc.constantFrom(alice, bob), anyPrincipal),
        anyPrincipal,
        fc.oneof(
          fc.bigInt({ min: -5n, max: 2_000n * FAI }),
          fc.bigInt({ min: -(1n << 130n), max: 1n << 130n }),
        ),
      )
      .map(([sender, recipient, amount]): Op => ({ type: 'transfer', sender, recipient, amount }));
    const op = fc.oneof(typedCall, typedCall, wildCall, transfer);
    let blocks = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (ops) => {
        const { receipts } = host.executeBlock(ops);
        blocks++;
        expect(receipts).toHaveLength(ops.length);
        for (const r of receipts) expect(['ok', 'err', 'rejected']).toContain(r.status);
      }),
      { numRuns: 300 },
    );
    const before = host.balance(account(5));
    const { receipts } = host.executeBlock([
      { type: 'transfer', sender: alice, recipient: account(5), amount: 3n },
    ]);
    expect(receipts[0]!.status).toBe('ok');
    expect(host.balance(account(5))).toBe(before + 3n);
    expect(host.height).toBe(blocks + 1);
  });
});
