// A deterministic inference-chain workload for host tests: ledger headers relayed by the system
// principal, keys with real proofs of possession, stakes, transfers, fee deposits, verdicts with
// valid and invalid records, a model vote, and a few operations the host must refuse.
import { sha256 } from '@funai/ledger-node';
import { Cl } from '@stacks/transactions';
import type { GenesisConfig, Op } from '../../src/index.js';
import { signPop } from '../../src/index.js';
import { account, FAI, ledgerChain } from './simnet.js';

export const USERS = 12;

export const GENESIS: GenesisConfig = {
  allocations: Array.from({ length: USERS }, (_, i) => ({ principal: account(i), amount: 10_000n * FAI })),
};

const p2wpkh = (i: number) => Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(i + 1));

function registration(i: number): Op {
  // A fixed key (fromKeygen mixes in random bytes whatever entropy it is given): a hash with its
  // top bits cleared is a scalar below the group order.
  const sk = sha256(Uint8Array.of(0x42, i));
  sk[0]! &= 0x3f;
  const { blsPubkey, pop } = signPop(sk, account(i));
  return {
    type: 'call',
    sender: account(i),
    contract: 'staking',
    fn: 'register-keys',
    args: [Cl.buffer(p2wpkh(i)), Cl.buffer(blsPubkey), Cl.buffer(pop)],
  };
}

function headers(from: number, to: number): Op {
  const chain = ledgerChain();
  return {
    type: 'system-call',
    contract: 'ledger-light-client',
    fn: 'submit-headers',
    args: [Cl.list(chain.blocks.slice(from, to).map((b) => Cl.buffer(b.bytes)))],
  };
}

/** Block `n` (1-based) of the workload. */
export function workloadBlock(n: number): Op[] {
  const chain = ledgerChain();
  const ops: Op[] = [];
  if (n === 1) {
    ops.push({
      type: 'system-call',
      contract: 'ledger-light-client',
      fn: 'initialize',
      args: [Cl.buffer(chain.genesis.bytes), Cl.uint(0)],
    });
    for (let i = 0; i < 8; i++) ops.push(registration(i));
    return ops;
  }
  // Two ledger headers per block: the ledger height is 2(n - 1), crossing a 144-block cycle at n = 73.
  ops.push(headers(2 * (n - 2), 2 * (n - 1)));
  const u = (k: number) => account((n * 7 + k) % USERS);
  if (n <= 9) {
    ops.push({
      type: 'call',
      sender: account(n - 2),
      contract: 'staking',
      fn: 'stake',
      args: [Cl.uint(BigInt(100 + n) * FAI)],
    });
  }
  ops.push({ type: 'transfer', sender: u(0), recipient: u(1), amount: BigInt(n) * 1000n });
  ops.push({
    type: 'call',
    sender: u(2),
    contract: 'poi',
    fn: 'deposit-fees',
    args: [Cl.uint(BigInt(n) * 10_000n)],
  });
  if (n > 3) {
    const records = Cl.list(
      [0, 1, 2].map((k) =>
        Cl.tuple({
          executor: Cl.principal(account((n + k) % 8)),
          requester: Cl.principal(u(2)),
          gas: Cl.uint(BigInt(500 + k)),
          valid: Cl.bool((n + k) % 11 !== 0),
        }),
      ),
    );
    const id = sha256(Uint8Array.of(0x69, n & 0xff, n >> 8));
    const height = 2 * (n - 1);
    ops.push({
      type: 'system-call',
      contract: 'poi',
      fn: 'apply-verdict',
      args: [
        Cl.buffer(id),
        Cl.buffer(chain.blocks[height - 1]!.hash),
        Cl.principal(account(n % 8)),
        Cl.buffer(sha256(Uint8Array.of(0x63, n & 0xff, n >> 8))),
        Cl.bool(n % 17 !== 0),
        n % 17 === 0 ? Cl.list([]) : records,
        // No signer lists: cycle 0's set is empty (recorded before the first stake), and the
        // silence window (144 verdicts of cycle 1) is not reached in 200 blocks.
        Cl.list([]),
        Cl.list([]),
      ],
    });
  }
  if (n % 25 === 0)
    ops.push({ type: 'call', sender: u(3), contract: 'staking', fn: 'unstake', args: [Cl.uint(FAI)] });
  if (n === 80) {
    ops.push({
      type: 'call',
      sender: account(7),
      contract: 'models',
      fn: 'propose-add',
      args: [
        Cl.buffer(new Uint8Array(32).fill(0x33)),
        Cl.stringAscii('tiny-model'),
        Cl.uint(2048),
        Cl.uint(1),
      ],
    });
  }
  if (n === 81) {
    for (const v of [6, 5])
      ops.push({ type: 'call', sender: account(v), contract: 'models', fn: 'vote', args: [Cl.uint(0)] });
  }
  // Operations the host refuses before the VM, and calls the contracts refuse with an error.
  if (n % 10 === 0) {
    ops.push({ type: 'call', sender: u(4), contract: 'staking', fn: 'no-such-fn', args: [] });
    ops.push({ type: 'transfer', sender: u(4), recipient: 'not-a-principal', amount: 1n });
    ops.push({ type: 'call', sender: u(5), contract: 'poi', fn: 'withdraw-fees', args: [] });
  }
  return ops;
}

export function workload(blocks: number): Op[][] {
  return Array.from({ length: blocks }, (_, i) => workloadBlock(i + 1));
}
