// The lifecycle of an API request on real daemons (docs/protocol.md §17.5, issue 17): a producer and three
// verifier daemons of a five-key verifier set over a real ledger node. A chat completion on the producer
// goes executed → included → certified → anchored, and at each step `verifyLifecycle` checks the node's
// answer locally (the anchor against the ledger node's own best chain); it fails for a tampered receipt,
// a wrong block path and a forged certificate. The producer is then restarted: the lifecycle is still
// anchored and verifies (its anchor read back from the ledger node), and the account's balance and nonce
// are what they were (the API's accounts persist in the store).

import { fromHex, hash160, toHex } from '@funai/ledger-node';
import { describe, expect, it, vi } from 'vitest';
import type { TxLifecycle } from '../../src/api/lifecycle.js';
import { FunaiClient } from '../../src/client/client.js';
import { verifyLifecycle } from '../../src/client/verify.js';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { INFERENCE_CHAIN_IDS } from '../../src/node/config.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { LogLine } from '../node/inference-process.js';
import { useNetwork } from '../node/network-fixture.js';
import { tamper } from './lifecycle-fixture.js';

// Five processes on a shared 2-core machine: generous limits; synchronisation is by log lines.
vi.setConfig({ testTimeout: 400_000, hookTimeout: 120_000 });

const CHAIN_ID = INFERENCE_CHAIN_IDS.regtest;
const net = useNetwork('funai-lifecycle-');

describe('lifecycle on a running daemon', () => {
  it('a chat request goes executed → included → certified → anchored, each answer verified locally', async () => {
    const model = await writeTinyModel({ seed: 'alpha' });
    const producerDir = net.nodeDir('producer');
    const { apiKey, account } = await net.apiAccount(producerDir, 'alice');
    const verifierDirs = ['v0', 'v1', 'v2'].map((n) => net.nodeDir(n));
    // Reward scripts the producer's commits pay (§14.3): a P2WPKH per verifier.
    const { file: setFile, set } = net.verifierSet(verifierDirs, (k) => `0014${toHex(hash160(fromHex(k)))}`);

    const p2pPort = await freePort();
    const apiPort = await freePort();
    const producerArgs = [
      `--p2p-port=${p2pPort}`,
      `--model=${model}`,
      '--producer',
      '--bid=0.001',
      '--budget=1',
      `--verifierset=${setFile}`,
    ];
    let producer = net.start(producerDir, apiPort, producerArgs);
    await producer.waitForLog((l) => l.msg === 'ready');
    const verifiers = [];
    for (const d of verifierDirs)
      verifiers.push(
        net.start(d, await freePort(), [
          '--p2p-port=0',
          `--connect=127.0.0.1:${p2pPort}`,
          `--model=${model}`,
          `--verifierset=${setFile}`,
        ]),
      );
    for (const v of verifiers) await v.waitForLog((l) => l.msg === 'ready');

    await net.deposit(account.publicKey);
    const addr = await net.ledger.call<string>('getnewaddress');
    await net.ledger.call('generatetoaddress', 6, addr);
    await producer.waitForLog((l) => l.msg === 'deposit credited');

    const client = new FunaiClient({ url: `http://127.0.0.1:${apiPort}`, chainId: CHAIN_ID });
    const ledgerHashAt = (h: number) => net.ledger.call<string>('getblockhash', h);
    const check = (lc: TxLifecycle) => verifyLifecycle(lc, { chainId: CHAIN_ID, ledgerHashAt });
    const modelId = String(producer.logs.find((l) => l.msg === 'model ready')!.modelId);
    const res = await net.chat(apiPort, apiKey, { model: modelId, content: 'hello', max_tokens: 8, seed: 7 });
    expect(res.status).toBe(200);
    const id = ((await res.json()) as { funai: { tx: string } }).funai.tx;

    // executed: the transaction and the executor's receipt.
    const executed = await client.lifecycle(id);
    expect(executed.status).toBe('executed');
    expect(await check(executed)).toEqual({ ok: true, status: 'executed', verified: ['tx', 'receipt'] });

    // included: a producer block elected in ledger block L carries the record.
    let included: LogLine | undefined;
    for (let i = 0; i < 8 && !included; i++) {
      await net.mineOne(producer);
      included = producer.logs.find((l) => l.msg === 'inference block accepted' && Number(l.records) > 0);
    }
    expect(included).toMatchObject({ records: 1 });
    const hash = String(included!.hash);
    const L = Number(included!.ledgerHeight);
    const atInclusion = await client.lifecycle(id);
    // The verifiers may already have certified it (they run on their own): either step verifies in full.
    expect(['included', 'certified']).toContain(atInclusion.status);
    expect(await check(atInclusion)).toMatchObject({ ok: true, status: atInclusion.status });
    expect((await check(tamper.blockPath(atInclusion))).failure).toEqual({
      step: 'block',
      reason: 'the tx path does not lead to txRoot',
    });

    // certified: 3 of 5 verifiers signed; the ledger has not buried the commit under 7 confirmations yet.
    await producer.waitForLog((l) => l.msg === 'certificate' && l.hash === hash && Number(l.certified) >= 1);
    const certified = await client.lifecycle(id);
    expect(certified.status).toBe('certified');
    expect(await check(certified)).toEqual({
      ok: true,
      status: 'certified',
      verified: ['tx', 'receipt', 'block', 'certificate'],
    });
    expect(certified.certificate!.verifierKeys).toEqual(set);
    expect((await check(tamper.certificate(certified))).failure).toEqual({
      step: 'certificate',
      reason: 'qc-bad-signature',
    });

    // A clean restart while the certificate is known only to the producer's collector (no header carries it
    // yet): it was stored (§16.2), so the lifecycle stays certified and the status counts are unchanged.
    const counts = async () => {
      const { certified, penalised } = (await net.status(apiPort)).inference;
      return { certified, penalised };
    };
    const countsBefore = await counts();
    expect(countsBefore).toEqual({ certified: 1, penalised: 0 });
    expect((await producer.stop()).code).toBe(0);
    producer = net.start(producerDir, apiPort, producerArgs);
    await producer.waitForLog((l) => l.msg === 'ready');
    expect((await client.lifecycle(id)).status).toBe('certified');
    expect(await counts()).toEqual(countsBefore);

    // The producer's next block carries the certificate in its header (§15.9), so it outlives a restart.
    let carrier: LogLine | undefined;
    for (let i = 0; i < 4 && !carrier; i++) {
      await net.mineOne(producer);
      carrier = producer.logs.find((l) => l.msg === 'inference block accepted' && l.certifies === hash);
    }
    expect(carrier).toBeDefined();
    expect(await net.ledger.call<number>('getblockcount')).toBeLessThan(L + 6);
    expect((await client.lifecycle(id)).status).toBe('certified');

    // anchored: the commit of the block in ledger block L has 7 confirmations (tip L + 6).
    const more = L + 6 - (await net.ledger.call<number>('getblockcount'));
    if (more > 0) await net.ledger.call('generatetoaddress', more, addr);
    await producer.waitForLog((l) => l.msg === 'ledger block connected' && l.height === L + 6);
    const anchored = await client.lifecycle(id);
    expect(anchored.status).toBe('anchored');
    expect(anchored.anchor).toMatchObject({ ledgerHeight: L, ledgerBlockHash: await ledgerHashAt(L) });
    const full = {
      ok: true,
      status: 'anchored',
      verified: ['tx', 'receipt', 'block', 'certificate', 'anchor'],
    };
    expect(await check(anchored)).toEqual(full);
    expect((await check(tamper.receipt(anchored))).failure).toEqual({
      step: 'receipt',
      reason: 'bad executor signature',
    });
    expect((await check(tamper.blockPath(anchored))).failure).toMatchObject({ step: 'block' });
    expect((await check(tamper.certificate(anchored))).failure).toMatchObject({ step: 'certificate' });
    expect((await check({ ...anchored, anchor: { ...anchored.anchor!, txIndex: 0 } })).failure).toMatchObject(
      {
        step: 'anchor',
      },
    );
    expect(
      (await verifyLifecycle(anchored, { chainId: CHAIN_ID, ledgerHashAt: () => '00'.repeat(32) })).failure,
    ).toEqual({ step: 'anchor', reason: 'the ledger block is not on the best chain' });

    // A restart: the accounts come back from the store, the lifecycle from the chain state and the ledger.
    const before = await client.account(account.principal);
    expect(before.nonce).toBe(1n);
    expect((await producer.stop()).code).toBe(0);
    producer = net.start(producerDir, apiPort, producerArgs);
    await producer.waitForLog((l) => l.msg === 'ready');
    expect(producer.logs.some((l) => l.msg === 'deposit credited')).toBe(false);
    expect(await client.account(account.principal)).toEqual(before);
    const again = await client.lifecycle(id);
    expect(again.status).toBe('anchored');
    expect(again.anchor).toEqual(anchored.anchor);
    expect(await check(again)).toEqual(full);
    expect(await counts()).toEqual(countsBefore);

    for (const p of [producer, ...verifiers]) expect((await p.stop()).code).toBe(0);
  });
});
