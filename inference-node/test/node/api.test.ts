// The daemon's HTTP API end to end: a ledger DEPOSIT to an API account's principal is credited after 6
// confirmations, and an OpenAI-style chat completion against the daemon's API port is then executed and
// paid from it, with the executor's receipt; the status route is the daemon's.

import { describe, expect, it, vi } from 'vitest';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { LogLine } from './inference-process.js';
import { getJson } from './inference-process.js';
import { useNetwork } from './network-fixture.js';

vi.setConfig({ testTimeout: 180_000 });

const net = useNetwork('funai-inference-api-');

describe('daemon API', () => {
  it('a deposit is credited at 6 confirmations and pays an OpenAI chat completion', async () => {
    const datadir = net.nodeDir('node');
    const { apiKey, account } = await net.apiAccount(datadir, 'alice');
    const model = await writeTinyModel({ seed: 'alpha' });
    const apiPort = await freePort();
    const node = net.start(datadir, apiPort, [
      '--p2p-port=0',
      `--model=${model}`,
      '--producer',
      '--bid=0.001',
      '--budget=1',
    ]);
    await node.waitForLog((l) => l.msg === 'ready');

    // DEPOSIT (0x05) of 1 FAI to alice's principal (version 26, hash160 of her key), burned on the envelope.
    const txid = await net.deposit(account.publicKey);
    const addr = await net.ledger.call<string>('getnewaddress');
    await net.ledger.call('generatetoaddress', 5, addr);
    const height = await net.ledger.call<number>('getblockcount');
    await node.waitForLog((l) => l.msg === 'ledger block connected' && l.height === height);
    expect(node.logs.some((l) => l.msg === 'deposit credited')).toBe(false);
    await net.ledger.call('generatetoaddress', 1, addr);
    const credited = await node.waitForLog((l) => l.msg === 'deposit credited');
    expect(credited).toMatchObject({ txid, principal: account.principal, amount: '100000000' });
    const before = (await getJson<{ balance: string }>(apiPort, `/funai/v1/accounts/${account.principal}`))
      .body;
    expect(BigInt(before.balance)).toBe(100_000_000n);

    const res = await net.chat(apiPort, apiKey, { model: 'ignored', content: 'hello', max_tokens: 8 });
    // The model is named by its file name or its id: an unknown name is a 404.
    expect(res.status).toBe(404);
    const list = await fetch(`http://127.0.0.1:${apiPort}/v1/models`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    const models = ((await list.json()) as { data: { id: string }[] }).data;
    // Listed by its name (the file name); the model id (hex Merkle root) is accepted as well.
    expect(models.map((m) => m.id)).toEqual([
      model
        .split('/')
        .at(-1)!
        .replace(/\.gguf$/, ''),
    ]);
    const modelId = String(node.logs.find((l) => l.msg === 'model ready')!.modelId);
    const ok = await net.chat(apiPort, apiKey, { model: modelId, content: 'hello', max_tokens: 8, seed: 7 });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as {
      funai: { tx: string; receipt: string };
      usage: { total_tokens: number };
    };
    expect(body.funai.tx).toMatch(/^[0-9a-f]{64}$/);
    expect(body.funai.receipt).toMatch(/^[0-9a-f]{414}$/);
    const after = (await getJson<{ balance: string }>(apiPort, `/funai/v1/accounts/${account.principal}`))
      .body;
    expect(BigInt(after.balance)).toBeLessThan(100_000_000n);

    // The record goes into the producer's next block (the producer has been committing since its
    // registration, so after the damping window it wins every draw).
    await node.waitForLog((l) => l.msg === 'executed' && l.tx === body.funai.tx);
    let included: LogLine | undefined;
    for (let i = 0; i < 8 && !included; i++) {
      // Mine only once the producer's commit for the next ledger block is in the mempool.
      await net.mineOne(node);
      included = node.logs.find((l) => l.msg === 'inference block accepted' && Number(l.records) > 0);
    }
    expect(included).toMatchObject({ records: 1 });
    const status = await net.status(apiPort);
    expect(status.state).toBe('ready');
    expect(status.inference.height).toBeGreaterThanOrEqual(Number(included!.height));
    expect((await node.stop()).code).toBe(0);
  });
});
