// Clarity host benchmark: contract calls per second through the host against raw callPublicFn on
// the same session, and the speed of a full state rebuild (1,000 stored blocks of 50 calls).
import {
  blockHash,
  blockMerkleRoot,
  checkProofOfWork,
  decodeCompact,
  encodeHeader,
  sha256,
  sha256d,
  type Transaction,
} from '@funai/ledger-node';
import { Cl } from '@stacks/transactions';
import { writeBenchReport } from '../../tools/bench-report.mjs';
import {
  CLARITY_VERSION,
  ClarityHost,
  contractSource,
  type Op,
  principalFromHash160,
  SYSTEM_PRINCIPAL,
  VmSession,
} from '../dist/index.js';

const FAI = 100_000_000n;
const USERS = 48;
const BLOCKS = 1000;
const CALLS = 50;
const BITS = 0x207fffff;

const users = Array.from({ length: USERS }, (_, i) =>
  principalFromHash160(sha256(Uint8Array.of(0xbe, i)).subarray(0, 20)),
);
const genesis = { allocations: users.map((principal) => ({ principal, amount: 1_000_000n * FAI })) };

function coinbase(n: number): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: Uint8Array.of(3, n & 255, (n >> 8) & 255, n >> 16),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value: 0n, scriptPubKey: Uint8Array.of(0x6a) }],
    locktime: 0,
  };
}

/** The ledger chain the system principal relays: real headers at regtest difficulty. */
function mineHeaders(n: number): Uint8Array[] {
  const limit = decodeCompact(BITS).target;
  const out: Uint8Array[] = [];
  let prev: Uint8Array = new Uint8Array(32);
  for (let i = 0; i <= n; i++) {
    const header = {
      version: 4,
      prevBlock: prev,
      merkleRoot: blockMerkleRoot([coinbase(i)]).root,
      time: 1_800_000_000 + 30 * i,
      bits: BITS,
      nonce: 0,
    };
    while (!checkProofOfWork(blockHash(header), BITS, limit)) header.nonce++;
    out.push(encodeHeader(header));
    prev = blockHash(header);
  }
  return out;
}

/** Block n of 50 calls: one header relay, one verdict, 24 transfers and 24 fee deposits. */
function block(n: number, headers: Uint8Array[]): Op[] {
  const ops: Op[] = [];
  if (n === 1) {
    ops.push({
      type: 'system-call',
      contract: 'ledger-light-client',
      fn: 'initialize',
      args: [Cl.buffer(headers[0]!), Cl.uint(0)],
    });
  } else {
    ops.push({
      type: 'system-call',
      contract: 'ledger-light-client',
      fn: 'submit-headers',
      args: [Cl.list([Cl.buffer(headers[n - 1]!)])],
    });
  }
  const records = Cl.list(
    [0, 1, 2].map((k) =>
      Cl.tuple({
        executor: Cl.principal(users[(n + k) % USERS]!),
        requester: Cl.principal(users[(n + k + 7) % USERS]!),
        gas: Cl.uint(100 + k),
        valid: Cl.bool(true),
      }),
    ),
  );
  ops.push({
    type: 'system-call',
    contract: 'poi',
    fn: 'apply-verdict',
    args: [
      Cl.buffer(sha256(Uint8Array.of(n & 255, n >> 8))),
      Cl.buffer(hashes[n - 1]!),
      Cl.principal(users[n % USERS]!),
      Cl.buffer(sha256(Uint8Array.of(0x63, n & 255, n >> 8))),
      Cl.bool(true),
      records,
      Cl.list([]),
      Cl.list([]),
    ],
  });
  for (let k = 0; ops.length < CALLS; k++) {
    const from = users[(n * 5 + k) % USERS]!;
    if (k % 2 === 0)
      ops.push({
        type: 'transfer',
        sender: from,
        recipient: users[(n + k + 1) % USERS]!,
        amount: BigInt(1000 + k),
      });
    else
      ops.push({ type: 'call', sender: from, contract: 'poi', fn: 'deposit-fees', args: [Cl.uint(10_000)] });
  }
  return ops;
}

const headers = mineHeaders(BLOCKS);
const hashes = headers.map((h) => sha256d(h));
const blocks = Array.from({ length: BLOCKS }, (_, i) => block(i + 1, headers));

// Calls per second: blocks of 50 transfers through the host, then the same transfers as raw
// callPublicFn on the host's own session.
const host = await ClarityHost.create(genesis);
const transferBlocks = 40;
const transfers = (b: number): Op[] =>
  Array.from({ length: CALLS }, (_, k) => ({
    type: 'transfer',
    sender: users[(b + k) % USERS]!,
    recipient: users[(b + k + 3) % USERS]!,
    amount: 7n,
  }));
host.executeBlock(transfers(0));
let t0 = performance.now();
for (let b = 1; b <= transferBlocks; b++) host.executeBlock(transfers(b));
const hostCalls = (transferBlocks * CALLS) / ((performance.now() - t0) / 1000);
// The baseline runs on a bare session of its own (the host has no door to its session).
const raw = await VmSession.open();
for (const { principal, amount } of genesis.allocations) raw.simnet.mintSTX(principal, amount);
raw.simnet.deployContract(
  'fai',
  contractSource('fai'),
  { clarityVersion: CLARITY_VERSION },
  SYSTEM_PRINCIPAL,
);
const fai = `${SYSTEM_PRINCIPAL}.fai`;
t0 = performance.now();
for (let b = 1; b <= transferBlocks; b++) {
  for (const op of transfers(b)) {
    if (op.type !== 'transfer') continue;
    raw.simnet.callPublicFn(fai, 'transfer', [Cl.uint(op.amount), Cl.principal(op.recipient)], op.sender);
  }
}
const simnetCalls = (transferBlocks * CALLS) / ((performance.now() - t0) / 1000);

// Full rebuild: 1,000 stored blocks of 50 calls, executed again from genesis.
const live = await ClarityHost.create(genesis);
for (const ops of blocks) live.executeBlock(ops);
t0 = performance.now();
const rebuilt = await ClarityHost.rebuild(blocks, genesis);
const rebuildSeconds = (performance.now() - t0) / 1000;
if (JSON.stringify(rebuilt.dataVars()) !== JSON.stringify(live.dataVars()))
  throw new Error('rebuild diverged');
if (rebuilt.balance(SYSTEM_PRINCIPAL) !== live.balance(SYSTEM_PRINCIPAL)) throw new Error('rebuild diverged');

writeBenchReport('clarity', [
  {
    name: 'host-calls',
    value: hostCalls,
    unit: 'calls/s',
    baseline: 'simnet-calls',
    baselineValue: simnetCalls,
  },
  { name: 'rebuild-1000x50', value: BLOCKS / rebuildSeconds, unit: 'blocks/s' },
  { name: 'rebuild-1000x50-calls', value: (BLOCKS * CALLS) / rebuildSeconds, unit: 'calls/s' },
]);
