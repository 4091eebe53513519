// Writes test/vectors/consensus/{ops,election}.json: FUN AI's vectors for the ledger op bodies
// (docs/protocol.md §14.2–14.4) and the election arithmetic (§14.5–14.6). Run after
// `npx tsc -b inference-node`:   node inference-node/scripts/generate-consensus-vectors.ts
// The tests re-derive every field by an independent step-by-step computation, so a vector written
// here is only trusted once test/consensus/ops-vectors.test.ts and election-vectors.test.ts pass.
import { writeFileSync } from 'node:fs';
import {
  encodeFunaiOpScript,
  encodeTx,
  type FunaiOp,
  hash160,
  sha256,
  type Transaction,
  toHex,
} from '@funai/ledger-node';
import {
  type CommitOp,
  drawSample,
  drawWinner,
  encodeCommit,
  encodeDeposit,
  encodeRegisterVrfKey,
  ForkChoice,
  GENESIS_ELECTION_SEED,
  INITIAL_SORTITION_HASH,
  type LedgerBlockEvent,
  nextSortitionHash,
} from '../dist/index.js';

const dir = new URL('../test/vectors/consensus/', import.meta.url);
const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const tagged = (s: string): Uint8Array => sha256(new TextEncoder().encode(s));
const opFields = (op: FunaiOp) => ({
  op: op.op,
  version: op.version,
  body: toHex(op.body),
  script: toHex(encodeFunaiOpScript(op)),
});

// The SECP256K1_SHA256_TAI public key of ecvrf's first vector (docs/protocol.md §11.2).
const vrfKey = hex('032c8c31fc9f990c6b55e3865a184a4ce50e09481f2eaeb3e60ec1cea13a6ae645');
const principalHash = hash160(hex('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'));

const registers = [
  {
    description: 'testnet single-sig principal (version 26)',
    vrfKey,
    principal: { version: 26, hash160: principalHash },
  },
  {
    description: 'mainnet single-sig principal (version 22), key prefix 02',
    vrfKey: hex(`02${'11'.repeat(32)}`),
    principal: { version: 22, hash160: new Uint8Array(20).fill(0xab) },
  },
];
const commits: (CommitOp & { description: string })[] = [
  {
    description: 'builds on the winner one block back, registration 1234 blocks back',
    blockHash: tagged('inference block 1'),
    newSeed: tagged('seed 1'),
    keyDelta: 1234,
    keyTxIndex: 7,
    parentDelta: 1,
    parentTxIndex: 3,
    ledgerCheck: 0xab,
  },
  {
    description: 'builds on genesis (parent pointer 0, 0)',
    blockHash: tagged('inference block 0'),
    newSeed: tagged('seed 0'),
    keyDelta: 1,
    keyTxIndex: 1,
    parentDelta: 0,
    parentTxIndex: 0,
    ledgerCheck: 0x00,
  },
  {
    description: 'largest pointers (2^24 - 1 blocks back, tx index 65535)',
    blockHash: new Uint8Array(32).fill(0xff),
    newSeed: new Uint8Array(32).fill(0xee),
    keyDelta: 0xffffff,
    keyTxIndex: 0xffff,
    parentDelta: 0xffffff,
    parentTxIndex: 0xffff,
    ledgerCheck: 0xff,
  },
  {
    description: 'byte-order witness: every multi-byte field distinct',
    blockHash: tagged('order'),
    newSeed: tagged('order seed'),
    keyDelta: 0x030201,
    keyTxIndex: 0x0504,
    parentDelta: 0x080706,
    parentTxIndex: 0x0a09,
    ledgerCheck: 0x0b,
  },
];
const deposits = [
  { description: 'testnet principal', recipient: { version: 26, hash160: principalHash } },
  { description: 'mainnet principal', recipient: { version: 22, hash160: new Uint8Array(20).fill(0x5a) } },
];

// Sender binding (§14.3): a registration at height 100 sent from script A; at 101 a stranger (script
// B) copies the producer's commit and is mined first, then the producer's own commit and a second one
// of its own. Only the producer's first counts. No verifiers: each commit burns its bid on the envelope.
const senderA = hex(`0014${toHex(principalHash)}`);
const senderB = hex(`76a914${toHex(hash160(hex(`02${'22'.repeat(32)}`)))}88ac`);
const opTx = (op: FunaiOp, envelopeValue: bigint, salt: string): Transaction => ({
  version: 2,
  inputs: [
    {
      prevout: { txid: tagged(`prevout ${salt}`), vout: 0 },
      scriptSig: new Uint8Array(0),
      sequence: 0xffffffff,
      witness: [],
    },
  ],
  outputs: [{ value: envelopeValue, scriptPubKey: encodeFunaiOpScript(op) }],
  locktime: 0,
});
const ledger100 = tagged('sender ledger 100');
const ledger101 = tagged('sender ledger 101');
const producerCommit = encodeCommit({
  blockHash: tagged('sender block'),
  newSeed: tagged('sender seed'),
  keyDelta: 1,
  keyTxIndex: 1,
  parentDelta: 0,
  parentTxIndex: 0,
  ledgerCheck: ledger100[0]!,
});
const registrationEvent: LedgerBlockEvent = {
  hash: ledger100,
  height: 100,
  parentHash: tagged('sender ledger 99'),
  ops: [{ txIndex: 1, tx: opTx(encodeRegisterVrfKey(registers[0]!), 0n, 'reg'), senderScript: senderA }],
  verifierScripts: [],
};
const commitEvent: LedgerBlockEvent = {
  hash: ledger101,
  height: 101,
  parentHash: ledger100,
  ops: [
    { txIndex: 1, tx: opTx(producerCommit, 1_000n, 'stranger'), senderScript: senderB },
    { txIndex: 2, tx: opTx(producerCommit, 5_000n, 'own'), senderScript: senderA },
    { txIndex: 3, tx: opTx(producerCommit, 9_000n, 'own again'), senderScript: senderA },
  ],
  verifierScripts: [],
};
const senderNode = new ForkChoice({ startHeight: 100 });
senderNode.connect(registrationEvent);
const senderSnap = senderNode.connect(commitEvent)!;
const eventJson = (e: LedgerBlockEvent) => ({
  height: e.height,
  hash: toHex(e.hash),
  parentHash: toHex(e.parentHash),
  ops: e.ops.map((o) => ({
    txIndex: o.txIndex,
    tx: toHex(encodeTx(o.tx, false)),
    senderScript: toHex(o.senderScript),
  })),
});
const senderBinding = [
  {
    description:
      "a stranger's copy of the producer's commit mined first is commit-wrong-sender; the producer's own counts, its second is commit-duplicate-key",
    startHeight: 100,
    verifierScripts: [],
    blocks: [eventJson(registrationEvent), eventJson(commitEvent)],
    valid: senderSnap.commits.map((c) => ({ txIndex: c.txIndex, bid: String(c.bid) })),
    rejected: senderSnap.rejected,
  },
];

const ops = {
  source: 'FUN AI, generated by inference-node/scripts/generate-consensus-vectors.ts (docs/protocol.md §14)',
  register_vrf_key: registers.map((r) => ({
    description: r.description,
    vrfKey: toHex(r.vrfKey),
    principal: { version: r.principal.version, hash160: toHex(r.principal.hash160) },
    ...opFields(encodeRegisterVrfKey(r)),
  })),
  commit: commits.map((c) => ({
    description: c.description,
    blockHash: toHex(c.blockHash),
    newSeed: toHex(c.newSeed),
    keyDelta: c.keyDelta,
    keyTxIndex: c.keyTxIndex,
    parentDelta: c.parentDelta,
    parentTxIndex: c.parentTxIndex,
    ledgerCheck: c.ledgerCheck,
    ...opFields(encodeCommit(c)),
  })),
  deposit: deposits.map((d) => ({
    description: d.description,
    recipient: { version: d.recipient.version, hash160: toHex(d.recipient.hash160) },
    ...opFields(encodeDeposit(d)),
  })),
  sender_binding: senderBinding,
};

// Sortition chain over five ledger hashes from the initial (zero) hash.
const ledgerHashes = [0, 1, 2, 3, 4].map((i) => tagged(`ledger block ${i}`));
const chain: { ledgerHash: string; sortitionHash: string }[] = [];
let prev = INITIAL_SORTITION_HASH;
for (const h of ledgerHashes) {
  prev = nextSortitionHash(prev, h);
  chain.push({ ledgerHash: toHex(h), sortitionHash: toHex(prev) });
}

const drawCases: { description: string; weights: bigint[] }[] = [
  { description: 'two equal weights', weights: [1n, 1n] },
  { description: 'zero weights own nothing', weights: [0n, 5n, 0n, 7n] },
  { description: 'a single commit always wins', weights: [2730n] },
  { description: 'no commit: empty tenure', weights: [] },
  { description: 'only zero weights: empty tenure', weights: [0n, 0n] },
  {
    description: 'realistic bids (base units)',
    weights: [2_730n, 100_000_000n, 55_000n, 1_000_000_000n, 2_731n],
  },
  { description: 'one dominant weight', weights: [1n, 10n ** 15n, 1n] },
];
const draws = drawCases.flatMap((c, i) =>
  [0, 1].map((j) => {
    const sortitionHash = tagged(`sortition ${i}.${j}`);
    const lastSeed = j === 0 ? GENESIS_ELECTION_SEED : tagged(`seed ${i}`);
    const s = drawSample(sortitionHash, lastSeed);
    const total = c.weights.reduce((a, b) => a + b, 0n);
    return {
      description: c.description,
      sortitionHash: toHex(sortitionHash),
      lastSeed: toHex(lastSeed),
      weights: c.weights.map(String),
      sample: s.toString(16).padStart(64, '0'),
      total: String(total),
      t: total === 0n ? null : String((s * total) >> 256n),
      winner: drawWinner(sortitionHash, lastSeed, c.weights),
    };
  }),
);

const election = {
  source:
    'FUN AI, generated by inference-node/scripts/generate-consensus-vectors.ts (docs/protocol.md §14.5-14.6)',
  genesisElectionSeed: toHex(GENESIS_ELECTION_SEED),
  initialSortitionHash: toHex(INITIAL_SORTITION_HASH),
  sortitionChain: chain,
  draws,
};

writeFileSync(new URL('ops.json', dir), `${JSON.stringify(ops, null, 2)}\n`);
writeFileSync(new URL('election.json', dir), `${JSON.stringify(election, null, 2)}\n`);
console.log(`wrote ${new URL('ops.json', dir).pathname} and election.json`);
