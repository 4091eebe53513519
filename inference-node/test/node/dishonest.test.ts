// Dishonest parties against real funai-inference processes next to a real funai-ledger (issues 18/21):
// - an executor that fabricates outputs (the test-only -test-fabricate-outputs=2: every second record it
//   executes claims altered tokens under a valid receipt) — the verifiers' replay rejects exactly those
//   records, the certificate judges them invalid (status `penalised`) and its honest records certified;
// - a peer that relays blocks but answers contents requests with garbage is banned by the verifier that
//   asked (v3, which hears the chain only through it), and that verifier keeps following the chain;
// - a peer gossiping malformed votes is banned by the vote collector, which keeps certifying.
// The verdict executed in Clarity at depth slashes 1 FAI of the executor's bond per invalid record and
// pays it the gas of the valid ones only.
// One producer (the executor), three honest verifier daemons and v3, of a five-key verifier set
// (staked in a `-genesis` file); synchronisation by log lines, ledger blocks mined by the test.

import { join } from 'node:path';
import { COIN, hash160, toHex } from '@funai/ledger-node';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeBlock } from '../../src/block/body.js';
import { blockHash } from '../../src/block/header.js';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { InferenceNet } from '../../src/net/index.js';
import { principalString } from '../../src/node/consensus-sink.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { InferenceProcess, LogLine } from './inference-process.js';
import { useNetwork } from './network-fixture.js';

// Six processes on a shared 2-core machine: generous limits; synchronisation is by log lines.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 400_000 });

let addr: string;
let model: string;
let producer: InferenceProcess;
let producerApi: number;
let producerP2p: number;
let apiKey: string;
let modelId: string;
const verifiers: InferenceProcess[] = [];
/** A peer that relays blocks but answers every contents request with garbage; v3 hears only it. */
let rogue: InferenceNet;
let rogueContentsCalls = 0;
let v3: InferenceProcess;
let v3Api: number;
const net = useNetwork('funai-inference-dishonest-');
const tmp = net.tmp;
const nodeDir = (name: string) => net.nodeDir(name);
const start = (datadir: string, apiPort: number, extra: string[]) =>
  net.start(datadir, apiPort, [`--model=${model}`, ...extra]);
const silent = pino({ level: 'silent' });
const t0 = Date.now();

const status = (port: number) => net.status(port);

async function chat(content: string): Promise<string> {
  const res = await net.chat(producerApi, apiKey, { model: modelId, content, max_tokens: 12 });
  expect(res.status).toBe(200);
  return ((await res.json()) as { funai: { tx: string } }).funai.tx;
}

/** Mines one ledger block after the producer's commit for it. */
async function mineOne(): Promise<void> {
  await net.mineOne(producer);
}

/**
 * Mines ledger blocks one commit at a time until the producer has accepted blocks holding `txs` (an
 * elected block is accepted just after the election: it is looked for in the next round too).
 */
async function mineUntilIncluded(txs: string[]): Promise<LogLine[]> {
  const from = (await net.ledger.call<number>('getblockcount')) + 1;
  const blocks = () =>
    producer.logs.filter(
      (l) => l.msg === 'inference block accepted' && Number(l.ledgerHeight) >= from && Number(l.records) > 0,
    );
  for (let i = 0; i < 12; i++) {
    const L = (await net.ledger.call<number>('getblockcount')) + 1;
    await producer.waitForLog((l) => l.msg === 'commit sent' && l.ledgerHeight === L, `commit at ${L}`);
    const included = blocks().reduce((n, b) => n + Number(b.records), 0);
    if (included >= txs.length) return blocks();
    await net.ledger.call('generatetoaddress', 1, addr);
    await producer.waitForLog((l) => l.msg === 'election' && l.height === L, `election at ${L}`);
  }
  throw new Error(`records ${txs.join(', ')} were not included in 12 ledger blocks`);
}

beforeAll(async () => {
  addr = net.addr;
  model = await writeTinyModel({ seed: 'alpha' });

  const producerDir = nodeDir('producer');
  const added = await net.apiAccount(producerDir, 'alice');
  apiKey = added.apiKey;
  // Genesis (docs/node.md): the producer bonded with 15 FAI (two 1-FAI penalties leave it above MIN-BOND,
  // so it stays bonded and its later honest records are paid); five stakers outranking it — three verifier
  // daemons, v3 (which hears the chain only through a rogue peer) and a key that runs no node; alice's
  // fee account for the records' gas.
  const verifierDirs = ['v0', 'v1', 'v2', 'v3', 'absent'].map(nodeDir);
  const alice = principalString({ version: 26, hash160: hash160(added.account.publicKey) });
  const { file: setFile } = await net.stakedGenesis({
    producer: { dir: producerDir, balance: 50n * COIN, stake: 15n * COIN },
    stakers: verifierDirs.map((d, i) => ({ dir: d, balance: 100n * COIN, stake: BigInt(20 - i) * COIN })),
    feeAccount: { principal: alice, amount: 5n * COIN, fees: 2n * COIN },
  });

  producerP2p = await freePort();
  producerApi = await freePort();
  producer = start(producerDir, producerApi, [
    `--p2p-port=${producerP2p}`,
    '--producer',
    '--bid=0.001',
    '--budget=1',
    `--genesis=${setFile}`,
    '--test-fabricate-outputs=2',
  ]);
  for (const d of verifierDirs.slice(0, 3))
    verifiers.push(
      start(d, await freePort(), [
        '--p2p-port=0',
        `--connect=127.0.0.1:${producerP2p}`,
        `--genesis=${setFile}`,
      ]),
    );
  // The rogue relay and v3, before the producer's first block so that v3 gets the whole chain through it.
  const relayed = new Map<string, Uint8Array>();
  rogue = await InferenceNet.start({
    network: 'regtest',
    dir: join(tmp, 'rogue'),
    listen: { hosts: ['127.0.0.1'], port: 0 },
    connect: [`127.0.0.1:${producerP2p}`],
    log: silent,
    onBlock: (bytes) => {
      relayed.set(toHex(blockHash(decodeBlock(bytes).header)), bytes);
      return 'accept';
    },
    getBlock: (hash) => relayed.get(hash),
    serveContents: () => {
      rogueContentsCalls++;
      return Uint8Array.from([0xfd, 0xff, 0xff, 1, 2, 3]);
    },
  });
  v3Api = await freePort();
  v3 = start(verifierDirs[3]!, v3Api, [
    '--p2p-port=0',
    `--connect=127.0.0.1:${/\/tcp\/(\d+)/.exec(rogue.listenAddresses()[0]!)![1]}`,
    `--genesis=${setFile}`,
  ]);
  await producer.waitForLog((l) => l.msg === 'ready');
  await v3.waitForLog((l) => l.msg === 'ready');
  expect(producer.logs.some((l) => l.msg === 'TEST ONLY: this executor fabricates outputs')).toBe(true);
  for (const v of verifiers) await v.waitForLog((l) => l.msg === 'ready');
  await producer.waitForLog((l) => l.msg === 'VRF key registration sent');

  // A deposit to alice, credited at 6 confirmations, pays the chat completions.
  await net.deposit(added.account.publicKey);
  await net.ledger.call('generatetoaddress', 6, addr);
  await producer.waitForLog((l) => l.msg === 'deposit credited');
  modelId = String(producer.logs.find((l) => l.msg === 'model ready')!.modelId);
  console.log(
    `dishonest: ledger, producer, three verifiers, a rogue relay and its verifier up (${Date.now() - t0} ms)`,
  );
});

afterAll(async () => {
  await rogue?.stop();
});

describe('dishonest parties', () => {
  it("an executor's fabricated records are judged invalid, its honest records certified", async () => {
    const t = Date.now();
    // Records 1 and 3 are the model's output, 2 and 4 fabricated (every second one).
    const txs: string[] = [];
    for (const q of ['one', 'two', 'three', 'four']) txs.push(await chat(`count ${q}`));
    const blocks = await mineUntilIncluded(txs);
    const certificates: LogLine[] = [];
    for (const b of blocks)
      certificates.push(
        await producer.waitForLog(
          (l) =>
            l.msg === 'certificate' &&
            l.hash === b.hash &&
            Number(l.certified) + Number(l.penalised) === Number(b.records),
          `certificate of ${String(b.hash)}`,
        ),
      );
    const sum = (k: string) => certificates.reduce((n, c) => n + Number(c[k]), 0);
    expect(sum('records')).toBe(4);
    expect(sum('certified')).toBe(2);
    expect(sum('penalised')).toBe(2);
    // Every verifier replayed the records and voted the two fabricated ones invalid.
    for (const v of verifiers) {
      const verified = v.logs.filter(
        (l) => l.msg === 'block verified: vote signed' && blocks.some((b) => b.hash === l.hash),
      );
      expect(verified.reduce((n, l) => n + Number(l.invalid), 0)).toBe(2);
    }
    const s = await status(producerApi);
    expect(s.inference.certified).toBe(2);
    expect(s.inference.penalised).toBe(2);

    // Clarity at depth: the block carrying each certificate is executed once the ledger tip is 6 past it.
    // The two invalid records cost the executor 1 FAI of its bond each and their gas (forfeited: the
    // requester keeps it); the two honest ones pay it their gas.
    const fee = (tx: string) =>
      BigInt(String(producer.logs.find((l) => l.msg === 'executed' && l.tx === tx)!.fee));
    const verdicts = new Map<string, LogLine>();
    for (let i = 0; i < 24 && verdicts.size < blocks.length; i++) {
      await mineOne();
      for (const b of blocks) {
        const carrier = producer.logs.find(
          (l) => l.msg === 'inference block accepted' && l.certifies === b.hash,
        );
        const done =
          carrier && producer.logs.find((l) => l.msg === 'clarity block executed' && l.hash === carrier.hash);
        if (done) verdicts.set(String(b.hash), done);
      }
    }
    expect(verdicts.size).toBe(blocks.length);
    let gasPaid = 0n;
    let slashed = 0n;
    for (const v of verdicts.values()) {
      const m = /\(gas-paid u(\d+)\).*\(slashed u(\d+)\)/.exec(String(v.verdict));
      expect(m, String(v.verdict)).not.toBeNull();
      gasPaid += BigInt(m![1]!);
      slashed += BigInt(m![2]!);
    }
    expect(slashed).toBe(2n * COIN);
    expect(gasPaid).toBe(fee(txs[0]!) + fee(txs[2]!));
    await mineOne();
    const after = await status(producerApi);
    expect(after.balances.bond).toBe('13');
    console.log(
      `dishonest: 4 records (2 fabricated) in ${blocks.length} block(s): certified 2, penalised 2, by 3 of 5 verifiers; Clarity verdict: 2 FAI of the executor's bond slashed, gas ${gasPaid} paid for the honest records only (${Date.now() - t} ms)`,
    );
  });

  it('a peer answering contents requests with garbage is banned; the verifier that asked carries on', async () => {
    const t = Date.now();
    // v3 got the records' block from the rogue, asked it for the contents first and got bytes that do
    // not decode (while the three honest verifiers certified the block).
    await v3.waitForLog((l) => l.msg === 'peer banned' && l.peer === rogue.peerId, 'ban');
    expect(rogueContentsCalls).toBeGreaterThanOrEqual(1);
    expect(v3.logs.some((l) => l.msg === 'peer misbehaved' && /bad contents/.test(String(l.why)))).toBe(true);
    // v3 is still running and follows the ledger.
    const tx = await chat('are you still there?');
    await mineUntilIncluded([tx]);
    const tip = await net.ledger.call<number>('getblockcount');
    await v3.waitForLog((l) => l.msg === 'ledger block connected' && l.height === tip, 'v3 follows');
    const s = await status(v3Api);
    expect(s.state).toBe('ready');
    expect(s.ledger?.height).toBe(tip);
    console.log(
      `dishonest: garbage contents reply → rogue banned by the verifier that asked, which follows on (${Date.now() - t} ms)`,
    );
  });

  it('a peer gossiping malformed votes is banned; the collector keeps certifying', async () => {
    const t = Date.now();
    const voter = await InferenceNet.start({
      network: 'regtest',
      dir: join(tmp, 'rogue-votes'),
      listen: { hosts: ['127.0.0.1'], port: 0 },
      connect: [`127.0.0.1:${producerP2p}`],
      log: silent,
      onBlock: () => 'ignore',
      getBlock: () => undefined,
    });
    const banned = producer.waitForLog((l) => l.msg === 'peer banned' && l.peer === voter.peerId, 'ban');
    // Published until the rogue has learnt the producer's subscription; each message differs (gossipsub
    // drops a repeated message id).
    let k = 0;
    const timer = setInterval(() => voter.publishVote(Uint8Array.from([9, 9, 9, k++ & 0xff])), 200);
    try {
      await banned;
    } finally {
      clearInterval(timer);
      await voter.stop();
    }
    expect(producer.logs.some((l) => l.msg === 'invalid vote from peer' && l.peer === voter.peerId)).toBe(
      true,
    );
    const tx = await chat('still certified?');
    const [block] = await mineUntilIncluded([tx]);
    await producer.waitForLog(
      (l) =>
        l.msg === 'certificate' &&
        l.hash === block!.hash &&
        Number(l.certified) + Number(l.penalised) === Number(block!.records),
      'certificate after the ban',
    );
    expect((await status(producerApi)).state).toBe('ready');
    console.log(`dishonest: malformed votes → rogue banned, next record certified (${Date.now() - t} ms)`);
  });
});
