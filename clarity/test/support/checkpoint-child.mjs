// Runs in its own process (a restore needs a process whose only VM session is the restored one),
// against the built package: `node checkpoint-child.mjs save|restore|restore-second <file>`.
// Prints one JSON line: the receipts roots of blocks `from`..`to` and the state root after them.
import { readFileSync, writeFileSync } from 'node:fs';
import { ClarityHost, decodeCheckpoint, encodeCheckpoint, principalFromHash160 } from '../../dist/index.js';

const [mode, file] = process.argv.slice(2);
const users = Array.from({ length: 8 }, (_, i) => principalFromHash160(new Uint8Array(20).fill(i + 1)));
const genesis = { allocations: users.map((principal) => ({ principal, amount: 1_000_000_000n })) };
const block = (n) => [
  ...Array.from({ length: 10 }, (_, k) => ({
    type: 'transfer',
    sender: users[(n + k) % 8],
    recipient: users[(n + k + 3) % 8],
    amount: BigInt(1 + k + n),
  })),
  { type: 'call', sender: users[n % 8], contract: 'poi', fn: 'deposit-fees', args: [] },
];
const hex = (b) => Buffer.from(b).toString('hex');
const SAVED_AT = 25;
const run = (host, from, to) => {
  const roots = [];
  for (let n = from; n < to; n++) roots.push(hex(host.executeBlock(block(n)).receiptsRoot));
  return roots;
};

if (mode === 'save') {
  const host = await ClarityHost.create(genesis);
  run(host, 0, SAVED_AT);
  const t0 = performance.now();
  const bytes = encodeCheckpoint(host.checkpoint());
  writeFileSync(file, bytes);
  const saveMs = performance.now() - t0;
  const roots = run(host, SAVED_AT, SAVED_AT + 10);
  console.log(JSON.stringify({ roots, state: hex(host.stateRoot()), bytes: bytes.length, saveMs }));
} else {
  if (mode === 'restore-second') await ClarityHost.create(genesis);
  const t0 = performance.now();
  let host;
  try {
    host = await ClarityHost.restore(decodeCheckpoint(readFileSync(file)), genesis);
  } catch (e) {
    console.log(JSON.stringify({ error: e.name }));
    process.exit(0);
  }
  const restoreMs = performance.now() - t0;
  const height = host.height;
  const roots = run(host, SAVED_AT, SAVED_AT + 10);
  console.log(JSON.stringify({ roots, state: hex(host.stateRoot()), restoreMs, height }));
}
