// The raw VM, below the host: one undecodable argument traps the wasm core. This file runs in its own
// worker because the trap poisons the process's one wasm instance (every later session fails).
import { Cl } from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { CLARITY_VERSION, contractSource, VmSession } from '../src/index.js';
import { account } from './support/simnet.js';

const alice = account(0);

describe('vm: the hazard the host checks close', () => {
  it('aborts on an undecodable principal and takes every session of the process down with it', async () => {
    const vm = await VmSession.open();
    vm.simnet.mintSTX(alice, 10n);
    vm.mineBlock([
      {
        deployContract: {
          name: 'fai',
          content: contractSource('fai'),
          options: { clarityVersion: CLARITY_VERSION },
          sender: alice,
        },
      },
    ]);
    // The consensus serialization of `<alice>.1bad!`: it encodes, but the VM cannot decode it.
    const good = Cl.serialize(Cl.contractPrincipal(alice, 'abcde'));
    const bad = Buffer.from(good.slice(0, -10) + Buffer.from('1bad!').toString('hex'), 'hex');
    const call = (arg: Uint8Array) =>
      vm.mineBlock([
        {
          callPublicFn: {
            contract: `${alice}.fai`,
            method: 'transfer',
            args_maps: [Uint8Array.from(Buffer.from(Cl.serialize(Cl.uint(1)), 'hex')), Uint8Array.from(arg)],
            sender: alice,
          },
        },
      ]);
    expect(call(Buffer.from(good, 'hex'))[0]!.result.startsWith('0x07')).toBe(true);
    expect(() => call(bad)).toThrow(/unreachable/);
    // The wasm instance is shared by every session of the process: after the trap even a fresh
    // session fails, so recovering from VmAbortError means a new process (docs §13.1).
    await expect(VmSession.open()).rejects.toThrow();
  });
});
