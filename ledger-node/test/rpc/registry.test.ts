import { describe, expect, it } from 'vitest';
import type { RpcError } from '../../src/rpc/errors.js';
import { namedToPositional, requiredParamCount, usageLine } from '../../src/rpc/params.js';
import type { RpcContext } from '../../src/rpc/registry.js';
import { RpcMethodRegistry, registerRpcMethods } from '../../src/rpc/registry.js';

const ctx: RpcContext = {
  method: 'x',
  uri: '/',
  user: 'u',
  peer: 'p',
  jsonVersion: 1,
  signal: new AbortController().signal,
};

const specs = [
  { name: 'blockhash', type: 'hash' as const },
  { name: 'verbosity', type: 'int' as const, default: 1 },
  { name: 'extra', type: 'string' as const, optional: true },
];

describe('named parameters (bitcoind transformNamedArguments)', () => {
  it('fills holes with null and leaves trailing parameters off', () => {
    expect(namedToPositional(specs, { extra: 'e' }).values).toEqual([null, null, 'e']);
    expect(namedToPositional(specs, { blockhash: 'h' }).values).toEqual(['h']);
    expect(namedToPositional(specs, {}).values).toEqual([]);
  });

  it('takes leading positional parameters from "args"', () => {
    expect(namedToPositional(specs, { args: ['h', 2], extra: 'e' }).values).toEqual(['h', 2, 'e']);
    expect(() => namedToPositional(specs, { args: ['h'], blockhash: 'g' })).toThrow(
      'Parameter blockhash specified twice both as positional and named argument.',
    );
  });

  it('refuses unknown names with RPC_INVALID_PARAMETER', () => {
    try {
      namedToPositional(specs, { blockhash: 'h', verbose: true });
      expect.unreachable();
    } catch (e) {
      expect((e as RpcError).code).toBe(-8);
      expect((e as RpcError).message).toBe('Unknown named parameter verbose');
    }
  });
});

describe('registry', () => {
  it('writes usage lines as bitcoind does', () => {
    expect(usageLine('getblock', specs)).toBe('getblock "blockhash" ( verbosity "extra" )');
    expect(usageLine('getblockcount', [])).toBe('getblockcount');
    expect(requiredParamCount(specs)).toBe(1);
  });

  it('refuses duplicate methods, duplicate parameters and bad names', () => {
    const r = new RpcMethodRegistry();
    registerRpcMethods(r, { name: 'a', help: 'A.', handler: () => 1 });
    expect(() => registerRpcMethods(r, { name: 'a', help: 'A.', handler: () => 1 })).toThrow(
      /registered twice/,
    );
    expect(() =>
      r.registerMethod({
        name: 'b',
        help: 'B.',
        params: [
          { name: 'x', type: 'any' },
          { name: 'x', type: 'any' },
        ],
        handler: () => 1,
      }),
    ).toThrow(/declared twice/);
    expect(() => r.registerMethod({ name: 'Bad Name', help: '', handler: () => 1 })).toThrow(
      /invalid RPC method name/,
    );
  });

  it('hands the handler converted, defaulted arguments by name', async () => {
    const r = new RpcMethodRegistry();
    let seen: unknown;
    registerRpcMethods(r, {
      name: 'getblock',
      params: specs,
      help: 'Gets a block.',
      handler: (args) => {
        seen = args;
        return 'ok';
      },
    });
    expect(await r.execute('getblock', [`${'00'.repeat(31)}01`], ctx)).toBe('ok');
    expect(seen).toEqual({
      blockhash: Uint8Array.from([1, ...new Array(31).fill(0)]),
      verbosity: 1,
      extra: undefined,
    });
    await expect(r.execute('nope', [], ctx)).rejects.toMatchObject({
      code: -32601,
      message: 'Method not found',
    });
  });

  it('hides hidden methods from the index and shows defaults and results in help', () => {
    const r = new RpcMethodRegistry();
    registerRpcMethods(
      r,
      { name: 'secret', hidden: true, help: 'Hidden.', handler: () => 1 },
      {
        name: 'getblock',
        category: 'blockchain',
        params: [
          { name: 'blockhash', type: 'hash', help: 'The block hash' },
          { name: 'verbosity', type: 'int', default: 1, help: '0 for hex, 1 for an object' },
        ],
        help: 'Gets a block.',
        result: '"hex"    (string) The block',
        examples: ['funai-cli getblock 00ab'],
        handler: () => 1,
      },
    );
    expect(r.helpIndex()).toBe('== Blockchain ==\ngetblock "blockhash" ( verbosity )');
    expect(r.helpText(r.get('getblock')!)).toBe(
      [
        'getblock "blockhash" ( verbosity )',
        '',
        'Gets a block.',
        '',
        'Arguments:',
        '1. blockhash    (string, required) The block hash',
        '2. verbosity    (numeric, optional, default=1) 0 for hex, 1 for an object',
        '',
        'Result:',
        '"hex"    (string) The block',
        '',
        'Examples:',
        '> funai-cli getblock 00ab',
      ].join('\n'),
    );
  });
});
