// The genesis file (docs/node.md "Clarity genesis file") and genesis calls (GenesisConfig.calls).
import { Cl, ClarityType, cvToHex } from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { ClarityHost, GenesisError, parseGenesisFile, SYSTEM_PRINCIPAL, signPop } from '../src/index.js';
import { account, FAI } from './support/simnet.js';

const alice = account(0);
const bob = account(1);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const blsKey = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 7 : 0));

function file(calls: unknown[]): string {
  return JSON.stringify({
    version: 1,
    allocations: [
      { principal: alice, amount: String(100n * FAI) },
      { principal: bob, amount: String(3n * FAI) },
    ],
    calls,
  });
}

describe('genesis file', () => {
  it('parses allocations and typed call arguments', () => {
    const g = parseGenesisFile(
      file([
        {
          sender: alice,
          contract: 'x',
          fn: 'y',
          args: [
            { uint: '18446744073709551616' },
            { int: '-5' },
            { bool: true },
            { buff: '00ff' },
            { principal: `${alice}.c` },
            { ascii: 'hi' },
            { none: true },
            { some: { uint: '1' } },
            { list: [{ uint: '1' }, { uint: '2' }] },
            { cv: cvToHex(Cl.uint(9)).slice(2) },
          ],
        },
      ]),
    );
    expect(g.allocations).toEqual([
      { principal: alice, amount: 100n * FAI },
      { principal: bob, amount: 3n * FAI },
    ]);
    expect(g.calls![0]!.args).toEqual([
      Cl.uint(2n ** 64n),
      Cl.int(-5),
      Cl.bool(true),
      Cl.bufferFromHex('00ff'),
      Cl.principal(`${alice}.c`),
      Cl.stringAscii('hi'),
      Cl.none(),
      Cl.some(Cl.uint(1)),
      Cl.list([Cl.uint(1), Cl.uint(2)]),
      Cl.uint(9),
    ]);
    expect(parseGenesisFile('{"version":1}')).toEqual({});
  });

  it('refuses malformed files with the place of the fault', () => {
    expect(() => parseGenesisFile('nope')).toThrow(GenesisError);
    expect(() => parseGenesisFile('{"version":2}')).toThrow(/version/);
    expect(() => parseGenesisFile('{"version":1,"allocations":[{"principal":"x","amount":5}]}')).toThrow(
      /allocation 0/,
    );
    expect(() =>
      parseGenesisFile(file([{ sender: alice, contract: 'fai', fn: 'transfer', args: [{ uint: 1 }] }])),
    ).toThrow(/call 0 arg 0/);
    expect(() =>
      parseGenesisFile(file([{ sender: alice, contract: 'fai', fn: 'f', args: [{ buff: 'abc' }] }])),
    ).toThrow(/not hex/);
    expect(() =>
      parseGenesisFile(file([{ sender: alice, contract: 'fai', fn: 'f', args: [{ map: 1 }] }])),
    ).toThrow(/unknown argument kind/);
  });

  it('runs the calls as the allocated principals in genesis: keys, stake, fees', async () => {
    const { blsPubkey, pop } = signPop(blsKey, alice);
    const g = parseGenesisFile(
      file([
        {
          sender: alice,
          contract: 'staking',
          fn: 'register-keys',
          args: [{ buff: `0014${'11'.repeat(20)}` }, { buff: hex(blsPubkey) }, { buff: hex(pop) }],
        },
        { sender: alice, contract: 'staking', fn: 'stake', args: [{ uint: String(20n * FAI) }] },
        { sender: bob, contract: 'poi', fn: 'deposit-fees', args: [{ uint: String(2n * FAI) }] },
      ]),
    );
    const host = await ClarityHost.create(g);
    expect(host.height).toBe(0);
    expect(host.balance(alice)).toBe(80n * FAI);
    expect(host.balance(bob)).toBe(1n * FAI);
    expect(host.readOnly('staking', 'has-bond', [Cl.principal(alice)])).toEqual(Cl.bool(true));
    const ranking = host.readOnly('staking', 'get-ranking');
    expect(ranking.type).toBe(ClarityType.List);
    const fees = host.readOnly('poi', 'get-fee-account', [Cl.principal(bob)]);
    expect(JSON.stringify(fees, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toContain(
      String(2n * FAI),
    );
    // Blocks follow as usual.
    host.executeBlock([{ type: 'transfer', sender: bob, recipient: alice, amount: 1n }]);
    expect(host.height).toBe(1);
  });

  it('fails genesis on a call that is refused or ends in err', async () => {
    await expect(
      ClarityHost.create({
        calls: [{ sender: SYSTEM_PRINCIPAL, contract: 'fai', fn: 'transfer', args: [] }],
      }),
    ).rejects.toThrow(/reserved-sender/);
    await expect(
      ClarityHost.create({
        allocations: [{ principal: alice, amount: FAI }],
        calls: [
          { sender: alice, contract: 'fai', fn: 'transfer', args: [Cl.uint(2n * FAI), Cl.principal(bob)] },
        ],
      }),
    ).rejects.toThrow(GenesisError);
  });
});
