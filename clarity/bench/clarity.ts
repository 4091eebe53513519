// Clarity host benchmark: contract calls per second through the host against raw callPublicFn on
// the same session, and the speed of a full state rebuild (1,000 stored blocks of 50 calls).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  blockHash,
  blockMerkleRoot,
  checkProofOfWork,
  decodeCompact,
  encodeHeader,
  encodeTx,
  FUNAI_OP,
  funaiOpOutput,
  merkleBranch,
  sha256,
  sha256d,
  type Transaction,
  txid,
} from '@funai/ledger-node';
import { Cl } from '@stacks/transactions';
import { writeBenchReport } from '../../tools/bench-report.mjs';
import {
  CLARITY_VERSION,
  ClarityHost,
  contractSource,
  encodeCheckpoint,
  type Op,
  principalFromHash160,
  SYSTEM_PRINCIPAL,
  signPop,
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
function mineHeaders(n: number, txsAt: (i: number) => Transaction[] = (i) => [coinbase(i)]): Uint8Array[] {
  const limit = decodeCompact(BITS).target;
  const out: Uint8Array[] = [];
  let prev: Uint8Array = new Uint8Array(32);
  for (let i = 0; i <= n; i++) {
    const header = {
      version: 4,
      prevBlock: prev,
      merkleRoot: blockMerkleRoot(txsAt(i)).root,
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

// Live run of the 1,000 blocks, with the checkpoint size along the way. Its host is the process's
// first VM session, so a fresh process can restore its checkpoint (docs §13.10).
const live = await ClarityHost.create(genesis);
const marks = [250, 500, 750, 1000];
const memoryAt: number[] = [];
for (let i = 0; i < BLOCKS; i++) {
  live.executeBlock(blocks[i]!);
  if (marks.includes(i + 1)) memoryAt.push(live.checkpoint().memory.length);
}

console.log(JSON.stringify({ checkpointBytes: memoryAt }));

// Calls per second: blocks of 50 transfers through the host, then the same transfers as raw
// callPublicFn on a bare session.
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

// Full rebuild: 1,000 stored blocks of 50 calls, executed again from genesis, timed at each mark.
t0 = performance.now();
const rebuilt = await ClarityHost.create(genesis);
const createSeconds = (performance.now() - t0) / 1000;
const rebuildAt: number[] = [];
for (let i = 0; i < BLOCKS; i++) {
  rebuilt.replayBlock(blocks[i]!);
  if (marks.includes(i + 1)) rebuildAt.push((performance.now() - t0) / 1000);
}
const rebuildSeconds = rebuildAt.at(-1)!;
console.log(JSON.stringify({ rebuildSeconds: rebuildAt, createSeconds }));
if (JSON.stringify(rebuilt.dataVars()) !== JSON.stringify(live.dataVars()))
  throw new Error('rebuild diverged');
if (Buffer.compare(rebuilt.stateRoot(), live.stateRoot()) !== 0) throw new Error('rebuild diverged');

// Restart from a checkpoint: saved by the live host after 1,000 blocks, restored in a fresh process
// (a restore needs a process with no other VM session).
const dir = mkdtempSync(join(tmpdir(), 'funai-bench-'));
const ckpt = join(dir, 'host.ckpt');
const genesisFile = join(dir, 'genesis.json');
writeFileSync(ckpt, encodeCheckpoint(live.checkpoint()));
writeFileSync(
  genesisFile,
  JSON.stringify(genesis, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
);
const child = fileURLToPath(new URL('./restore-child.mjs', import.meta.url));
const restored = JSON.parse(
  execFileSync(process.execPath, [child, ckpt, genesisFile], { encoding: 'utf8' }).trim().split('\n').at(-1)!,
) as { seconds: number; stateRoot: string };
rmSync(dir, { recursive: true, force: true });
if (restored.stateRoot !== Buffer.from(live.stateRoot()).toString('hex')) throw new Error('restore diverged');

// The curve, extrapolated linearly to 10,000 blocks (replay is linear in blocks; the memory image,
// and so the restore, grows linearly too): fitted on the 250..1,000 marks.
const slope = (ys: number[]) => (ys.at(-1)! - ys[0]!) / (marks.at(-1)! - marks[0]!);
const replay10k = rebuildAt.at(-1)! + slope(rebuildAt) * (10_000 - BLOCKS);
const memory10k = memoryAt.at(-1)! + slope(memoryAt) * (10_000 - BLOCKS);
const restore10k = restored.seconds * (memory10k / memoryAt.at(-1)!);
console.log(
  JSON.stringify({
    marks,
    rebuildSeconds: rebuildAt,
    createSeconds,
    checkpointBytes: memoryAt,
    restoreSecondsAt1000: restored.seconds,
    extrapolated10k: { replaySeconds: replay10k, checkpointBytes: memory10k, restoreSeconds: restore10k },
  }),
);

// verdict-50-records: 50 bonded executors (keys with real proofs of possession, stakes), then
// verdicts of 50 records (a third invalid) for a bonded producer, one per block.
const vHost = await ClarityHost.create(genesis);
vHost.executeBlock([
  {
    type: 'system-call',
    contract: 'ledger-light-client',
    fn: 'initialize',
    args: [Cl.buffer(headers[0]!), Cl.uint(0)],
  },
  {
    type: 'system-call',
    contract: 'ledger-light-client',
    fn: 'submit-headers',
    args: [Cl.list(headers.slice(1, 41).map((h) => Cl.buffer(h)))],
  },
  ...users.map((u, i): Op => {
    const sk = sha256(Uint8Array.of(0x5e, i));
    sk[0]! &= 0x3f;
    const { blsPubkey, pop } = signPop(sk, u);
    return {
      type: 'call',
      sender: u,
      contract: 'staking',
      fn: 'register-keys',
      args: [
        Cl.buffer(Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(i + 1))),
        Cl.buffer(blsPubkey),
        Cl.buffer(pop),
      ],
    };
  }),
]);
vHost.executeBlock(
  users.map(
    (u): Op => ({ type: 'call', sender: u, contract: 'staking', fn: 'stake', args: [Cl.uint(1_000n * FAI)] }),
  ),
);
vHost.executeBlock(
  users.map(
    (u): Op => ({
      type: 'call',
      sender: u,
      contract: 'poi',
      fn: 'deposit-fees',
      args: [Cl.uint(100n * FAI)],
    }),
  ),
);
const verdictMs: number[] = [];
for (let v = 1; v <= 10; v++) {
  const recs = Cl.list(
    Array.from({ length: 50 }, (_, k) =>
      Cl.tuple({
        executor: Cl.principal(users[(v + k) % USERS]!),
        requester: Cl.principal(users[(v + k + 5) % USERS]!),
        gas: Cl.uint(1000 + k),
        valid: Cl.bool(k % 3 !== 0),
      }),
    ),
  );
  const op: Op = {
    type: 'system-call',
    contract: 'poi',
    fn: 'apply-verdict',
    args: [
      Cl.buffer(sha256(Uint8Array.of(0x76, v))),
      Cl.buffer(hashes[v]!),
      Cl.principal(users[v]!),
      Cl.buffer(sha256(Uint8Array.of(0x77, v))),
      Cl.bool(true),
      recs,
      Cl.list([]),
      Cl.list([]),
    ],
  };
  const t = performance.now();
  const r = vHost.executeBlock([op]);
  verdictMs.push(performance.now() - t);
  if (r.receipts[0]!.status !== 'ok') throw new Error('verdict failed');
}

// deposit-prove: DEPOSIT transactions in ledger block 1, credited once 6 blocks deep.
const depositTxs: Transaction[] = Array.from({ length: 20 }, (_, i) => ({
  version: 2,
  inputs: [
    {
      prevout: { txid: new Uint8Array(32).fill(i + 1), vout: 0 },
      scriptSig: Uint8Array.of(0x51),
      sequence: 0xffffffff,
      witness: [],
    },
  ],
  outputs: [
    funaiOpOutput(
      { op: FUNAI_OP.DEPOSIT, version: 1, body: Uint8Array.of(26, ...new Uint8Array(20).fill(i + 1)) },
      BigInt(1000 + i),
    ),
  ],
  locktime: 0,
}));
const dTxs = [coinbase(1), ...depositTxs];
const dHeaders = mineHeaders(7, (i) => (i === 1 ? dTxs : [coinbase(i)]));
const dHost = await ClarityHost.create(genesis);
dHost.executeBlock([
  {
    type: 'system-call',
    contract: 'ledger-light-client',
    fn: 'initialize',
    args: [Cl.buffer(dHeaders[0]!), Cl.uint(0)],
  },
  {
    type: 'system-call',
    contract: 'ledger-light-client',
    fn: 'submit-headers',
    args: [Cl.list(dHeaders.slice(1).map((h) => Cl.buffer(h)))],
  },
]);
const ids = dTxs.map((t) => txid(t));
const cb = merkleBranch(ids, 0);
const depositMs: number[] = [];
for (let i = 1; i <= depositTxs.length; i++) {
  const br = merkleBranch(ids, i);
  const tx = encodeTx(dTxs[i]!, false);
  const op: Op = {
    type: 'system-call',
    contract: 'deposits',
    fn: 'credit-deposit',
    args: [
      Cl.uint(1),
      Cl.buffer(tx),
      Cl.uint(br.index),
      Cl.list(br.siblings.map((x) => Cl.buffer(x))),
      Cl.buffer(encodeTx(dTxs[0]!, false)),
      Cl.list(cb.siblings.map((x) => Cl.buffer(x))),
      Cl.uint(tx.length - 4 - 37),
    ],
  };
  const t = performance.now();
  const r = dHost.executeBlock([op]);
  depositMs.push(performance.now() - t);
  if (r.receipts[0]!.status !== 'ok') throw new Error(`deposit failed: ${r.receipts[0]!.reason}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
  { name: 'verdict-50-records', value: median(verdictMs), unit: 'ms' },
  { name: 'deposit-prove', value: median(depositMs), unit: 'ms' },
  { name: 'checkpoint-size-after-1000x50', value: memoryAt.at(-1)! / 1e6, unit: 'MB' },
  {
    name: 'restart-after-1000x50-snapshot',
    value: restored.seconds,
    unit: 's',
    baseline: 'restart-after-1000x50-replay',
    baselineValue: rebuildSeconds,
  },
  {
    name: 'restart-after-10000-blocks-snapshot (extrapolated)',
    value: restore10k,
    unit: 's',
    baseline: 'restart-after-10000-blocks-replay (extrapolated)',
    baselineValue: replay10k,
  },
]);
