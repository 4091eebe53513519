// Executed records over gossip between funai-inference processes (docs/protocol.md §16.6): an executor
// that is not a producer runs a chat request; the producer it is connected to receives the record on the
// records topic, puts it in its next elected block; two receipts of the executor with different outputs for one
// transaction make an equivocation proof; a peer gossiping a forged record is banned. The
// producer, killed and restarted, opens its consensus state without replaying the chain, same tip.

import { join } from 'node:path';
import { fromHex, publicKeyFromPrivate, toHex } from '@funai/ledger-node';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { InferenceNet } from '../../src/net/index.js';
import { encodeRecordMessage } from '../../src/net/records.js';
import { INFERENCE_CHAIN_IDS } from '../../src/node/config.js';
import { loadOrCreateNodeKeys, NODE_KEYS_FILE } from '../../src/node/keys.js';
import { encodeSignedReceipt, receiptFor, signReceipt } from '../../src/tx/receipt.js';
import { encodeTx, signTx, txId } from '../../src/tx/transaction.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { InferenceProcess, LogLine } from '../node/inference-process.js';
import { useNetwork } from '../node/network-fixture.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

const net = useNetwork('funai-records-gossip-');
const tmp = net.tmp;
const nodeDir = (name: string) => net.nodeDir(name);
const start = (datadir: string, extra: string[]) => net.start(datadir, null, extra);

describe('executed records over gossip', () => {
  it("a producer includes another node's record, proves an equivocation, bans a forger, restarts cheaply", async () => {
    const model = await writeTinyModel({ seed: 'alpha' });
    const p2pPort = await freePort();
    const producerDir = nodeDir('producer');
    // bob is an API account of the producer (its own executions wait for its own blocks, §16.7).
    const bob = await net.apiAccount(producerDir, 'bob');
    const producerApi = await freePort();
    const producerArgs = [
      `--api-port=${producerApi}`,
      `--p2p-port=${p2pPort}`,
      '--producer',
      '--bid=0.001',
      '--budget=1',
      `--model=${model}`,
    ];
    const producer = start(producerDir, producerArgs);
    const executorDir = nodeDir('executor');
    const { apiKey, account } = await net.apiAccount(executorDir, 'alice');
    const apiPort = await freePort();
    const executor = start(executorDir, [
      `--api-port=${apiPort}`,
      '--p2p-port=0',
      `--connect=127.0.0.1:${p2pPort}`,
      `--model=${model}`,
    ]);
    await producer.waitForLog((l) => l.msg === 'ready');
    await executor.waitForLog((l) => l.msg === 'ready');
    await executor.waitForLog((l) => l.msg === 'connected to peer');

    // A deposit pays alice's request on the executor (credited at 6 confirmations).
    await net.deposit(account.publicKey);
    await net.deposit(bob.account.publicKey);
    await net.ledger.call('generatetoaddress', 6, net.addr);
    await executor.waitForLog((l) => l.msg === 'deposit credited');
    const modelId = String(executor.logs.find((l) => l.msg === 'model ready')!.modelId);
    const res = await net.chat(apiPort, apiKey, { model: modelId, content: 'hi', max_tokens: 6 });
    expect(res.status).toBe(200);
    const tx = ((await res.json()) as { funai: { tx: string } }).funai.tx;
    await executor.waitForLog((l) => l.msg === 'executed' && l.tx === tx);
    // The producer, which executed nothing itself, hears of the record.
    await producer.waitForLog((l) => l.msg === 'record from peer' && l.tx === tx, 'record');
    expect(producer.logs.some((l) => l.msg === 'executed')).toBe(false);

    let included: LogLine | undefined;
    for (let i = 0; i < 8 && !included; i++) {
      await net.mineOne(producer);
      included = producer.logs.find((l) => l.msg === 'inference block accepted' && Number(l.records) > 0);
    }
    expect(included).toMatchObject({ records: 1 });
    // The executor accepts the same block (gossiped back).
    await executor.waitForLog((l) => l.msg === 'inference block accepted' && l.hash === included!.hash);

    const rogue = await InferenceNet.start({
      network: 'regtest',
      dir: join(tmp, 'rogue'),
      listen: { hosts: ['127.0.0.1'], port: 0 },
      connect: [`127.0.0.1:${p2pPort}`],
      log: pino({ level: 'silent' }),
      onBlock: () => 'ignore',
      getBlock: () => undefined,
    });

    // The executor's key signs two receipts with different outputs for one transaction (relayed by another
    // peer): valid records, so the relay is not banned, and the producer makes an equivocation proof.
    const execKeys = loadOrCreateNodeKeys(join(executorDir, 'regtest', NODE_KEYS_FILE));
    const client = new Uint8Array(32).fill(7);
    const twice = signTx(
      {
        version: 1,
        chainId: INFERENCE_CHAIN_IDS.regtest,
        sender: publicKeyFromPrivate(client, true),
        nonce: 1n,
        modelId: fromHex(modelId),
        gasLimit: 100n,
        gasPrice: 1n,
        system: '',
        context: [],
        input: 'twice',
        sampling: { mode: 'greedy' },
        seed: 1,
        maxTokens: 8,
        stop: [],
      },
      client,
    );
    const tipHeight = await net.ledger.call<number>('getblockcount');
    let n = 0;
    const claim = () => {
      // Alternately output A and B; the receipt's ledger height varies so each message is new.
      const tokens = n % 2 === 0 ? [3, 4] : [5];
      const receipt = signReceipt(
        receiptFor(
          twice,
          txId(twice),
          { tokens, finishReason: 'stop-token' },
          execKeys.executorPublicKey,
          tipHeight - (n++ % 50),
        ),
        execKeys.executorKey,
      );
      return encodeRecordMessage({
        tx: encodeTx(twice),
        receipt: encodeSignedReceipt(receipt),
        output: { tokens, finishReason: 'stop-token' },
      });
    };
    const proof = producer.waitForLog(
      (l) => l.msg === 'equivocation' && l.tx === toHex(txId(twice)),
      'equivocation',
    );
    const claims = setInterval(() => rogue.publishRecord(claim()), 200);
    try {
      expect(await proof).toMatchObject({ executor: toHex(execKeys.executorPublicKey) });
    } finally {
      clearInterval(claims);
    }
    expect(producer.logs.some((l) => l.msg === 'peer banned' && l.peer === rogue.peerId)).toBe(false);

    /** Mines one ledger block after the producer's commit for it. */
    const mineOne = (p: InferenceProcess) => net.mineOne(p);
    // The producer's next candidates carry the proof as a staking.report-equivocation call (§13.8, §16.5):
    // once a block carrying it is accepted the proof leaves the queue; the executor accepts that block too.
    let reported: LogLine | undefined;
    for (let i = 0; i < 4 && !reported; i++) {
      await mineOne(producer);
      reported = producer.logs.find((l) => l.msg === 'equivocation report included');
    }
    expect(reported).toBeDefined();
    await executor.waitForLog((l) => l.msg === 'inference block accepted' && l.hash === reported!.hash);

    // A peer gossiping a record whose receipt signature is forged is banned; the producer carries on.
    const banned = producer.waitForLog((l) => l.msg === 'peer banned' && l.peer === rogue.peerId);
    let k = 0;
    const forged = () => {
      const receipt = new Uint8Array(207).fill(2);
      receipt[0] = 1;
      receipt[105] = 0;
      receipt[106] = 2;
      receipt[200] = k++ & 0xff; // distinct messages (gossipsub drops repeated ids)
      return encodeRecordMessage({
        tx: new Uint8Array(10),
        receipt,
        output: { tokens: [1], finishReason: 'stop-token' },
      });
    };
    const timer = setInterval(() => rogue.publishRecord(forged()), 200);
    try {
      await banned;
    } finally {
      clearInterval(timer);
      await rogue.stop();
    }
    expect(producer.logs.some((l) => l.msg === 'invalid record from peer' && l.peer === rogue.peerId)).toBe(
      true,
    );
    // kill -9 and restart: the accepted blocks come back from their stored (ledger block, block) pairs,
    // the consensus state opens without replaying the ledger chain, the inference tip is the same.
    const statusOf = async () => (await net.status(producerApi)).inference;
    // bob's request runs on the producer just before it is killed: the record waits for a block.
    const bobRes = await fetch(`http://127.0.0.1:${producerApi}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bob.apiKey}` },
      body: JSON.stringify({ model: modelId, messages: [{ role: 'user', content: 'bob' }], max_tokens: 6 }),
    });
    expect(bobRes.status).toBe(200);
    const bobTx = ((await bobRes.json()) as { funai: { tx: string } }).funai.tx;
    await producer.waitForLog((l) => l.msg === 'executed' && l.tx === bobTx);
    const before = await statusOf();
    expect(before.height).toBeGreaterThanOrEqual(0);
    expect((await producer.stop('SIGKILL')).signal).toBe('SIGKILL');
    const again = start(producerDir, producerArgs);
    const opened = await again.waitForLog(
      (l) => l.msg === 'consensus state opened',
      'consensus state opened',
    );
    expect(Number(opened.accepted)).toBeGreaterThanOrEqual(before.height + 1);
    expect(again.logs.some((l) => l.msg === 'consensus state rebuilt from the store')).toBe(false);
    await again.waitForLog((l) => l.msg === 'ready');
    expect(await statusOf()).toEqual(before);
    // The record executed before the kill is waiting again and enters the restarted producer's next blocks.
    expect(
      Number(again.logs.find((l) => l.msg === 'waiting records reloaded')?.reloaded),
    ).toBeGreaterThanOrEqual(1);
    const lifecycle = async () =>
      (
        (await (await fetch(`http://127.0.0.1:${producerApi}/funai/v1/tx/${bobTx}`)).json()) as {
          status: string;
        }
      ).status;
    expect(await lifecycle()).toBe('executed');
    for (let i = 0; i < 6 && (await lifecycle()) === 'executed'; i++) await mineOne(again);
    expect(await lifecycle()).not.toBe('executed');
    for (const p of [again, executor]) expect((await p.stop()).code).toBe(0);
  });
});
