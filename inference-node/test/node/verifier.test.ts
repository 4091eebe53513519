// The verifier role wired into the daemon (docs/protocol.md §16.9) with real processes: one producer and
// three verifier daemons of a five-key verifier set (`-verifierset`, the interim source; the other two
// keys are not running). A record executed through the producer's API goes into a block; the verifiers
// fetch its contents from the producer over the contents protocol, replay it, gossip their BLS votes, and
// the producer's collector aggregates 3 of 5 into a certificate: `inference.certified` ≥ 1; the producer's
// next block carries the certificate in its header and the verifiers accept it.

import { describe, expect, it, vi } from 'vitest';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { InferenceProcess, LogLine } from './inference-process.js';
import { useNetwork } from './network-fixture.js';

// Five processes on a shared 2-core machine: generous limits; synchronisation is by log lines.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const net = useNetwork('funai-inference-verifier-');

describe('verifier daemons', () => {
  it('a record executed through the API gets a 3-of-5 certificate from three verifier daemons', async () => {
    const model = await writeTinyModel({ seed: 'alpha' });
    const producerDir = net.nodeDir('producer');
    const { apiKey, account } = await net.apiAccount(producerDir, 'alice');

    // The verifier set: the BLS keys of three verifier daemons (created in their data directories ahead
    // of their first start) and two stakers that are not running.
    const verifierDirs = ['v0', 'v1', 'v2'].map((n) => net.nodeDir(n));
    const { file: setFile, set, keys: running3 } = net.verifierSet(verifierDirs, () => '51');

    const p2pPort = await freePort();
    const apiPort = await freePort();
    const producer = net.start(producerDir, apiPort, [
      `--p2p-port=${p2pPort}`,
      `--model=${model}`,
      '--producer',
      '--bid=0.001',
      '--budget=1',
      `--verifierset=${setFile}`,
    ]);
    expect(await producer.waitForLog((l) => l.msg === 'verifier set loaded')).toMatchObject({ index: null });
    const verifiers: InferenceProcess[] = [];
    const verifierArgs = [
      '--p2p-port=0',
      `--connect=127.0.0.1:${p2pPort}`,
      `--model=${model}`,
      `--verifierset=${setFile}`,
    ];
    for (const d of verifierDirs) verifiers.push(net.start(d, await freePort(), verifierArgs));
    await producer.waitForLog((l) => l.msg === 'ready');
    for (const [i, v] of verifiers.entries()) {
      expect(await v.waitForLog((l) => l.msg === 'verifier set loaded')).toMatchObject({
        index: set.indexOf(running3[i]!),
      });
      await v.waitForLog((l) => l.msg === 'ready');
    }

    // A deposit to alice, credited at 6 confirmations, pays a chat completion on the producer.
    await net.deposit(account.publicKey);
    const addr = await net.ledger.call<string>('getnewaddress');
    await net.ledger.call('generatetoaddress', 6, addr);
    await producer.waitForLog((l) => l.msg === 'deposit credited');
    const modelId = String(producer.logs.find((l) => l.msg === 'model ready')!.modelId);
    const res = await net.chat(apiPort, apiKey, { model: modelId, content: 'hello', max_tokens: 8, seed: 7 });
    expect(res.status).toBe(200);
    const tx = ((await res.json()) as { funai: { tx: string } }).funai.tx;
    await producer.waitForLog((l) => l.msg === 'executed' && l.tx === tx);

    let included: LogLine | undefined;
    for (let i = 0; i < 8 && !included; i++) {
      await net.mineOne(producer);
      included = producer.logs.find((l) => l.msg === 'inference block accepted' && Number(l.records) > 0);
    }
    expect(included).toMatchObject({ records: 1 });
    const hash = String(included!.hash);

    // Each verifier replays the record and votes; the producer's collector certifies the block.
    for (const v of verifiers) await v.waitForLog((l) => l.msg === 'voted' && l.hash === hash, 'vote');
    const cert = await producer.waitForLog(
      (l) => l.msg === 'certificate' && l.hash === hash && Number(l.certified) >= 1,
      'certificate',
    );
    expect(cert).toMatchObject({ records: 1, certified: 1, penalised: 0, split: false });
    expect(Number(cert.signers)).toBe(0b10101);
    const status = await net.status(apiPort);
    expect(status.inference.certified).toBeGreaterThanOrEqual(1);
    expect(status.inference.penalised).toBe(0);
    const vstatus = await net.status(Number(verifiers[0]!.logs.find((l) => l.msg === 'ready')!.apiPort));
    expect(vstatus.roles.verifier).toBe(true);
    expect(vstatus.inference.certified).toBeGreaterThanOrEqual(1);

    // The producer's next blocks carry the certificate in their header (§15.9), once per branch; the
    // verifiers accept that block (they check the certificate against the set).
    let carrier: LogLine | undefined;
    for (let i = 0; i < 8 && !carrier; i++) {
      await net.mineOne(producer);
      carrier = producer.logs.find((l) => l.msg === 'inference block accepted' && l.certifies === hash);
    }
    expect(carrier).toBeDefined();
    for (const v of verifiers)
      await v.waitForLog((l) => l.msg === 'inference block accepted' && l.hash === carrier!.hash, 'carrier');
    expect(
      producer.logs.filter((l) => l.msg === 'inference block accepted' && l.certifies === hash),
    ).toHaveLength(1);

    // kill -9 of a verifier and its restart (§16.2): the block is still in its window, so it goes back to the
    // collector with the stored votes — the same certificate again, counted once — and the node does not
    // replay it (its own vote is stored); the status counts are those before the kill.
    const v0Port = Number(verifiers[0]!.logs.find((l) => l.msg === 'ready')!.apiPort);
    const counts = async (port: number) => {
      const { certified, penalised } = (await net.status(port)).inference;
      return { certified, penalised };
    };
    const v0Counts = await counts(v0Port);
    await verifiers[0]!.stop('SIGKILL');
    verifiers[0] = net.start(verifierDirs[0]!, v0Port, verifierArgs);
    await verifiers[0].waitForLog((l) => l.msg === 'ready');
    expect(
      await verifiers[0].waitForLog(
        (l) => l.msg === 'certificate' && l.hash === hash,
        'restored certificate',
      ),
    ).toMatchObject({ signers: 0b10101, certified: 1 });
    expect(await counts(v0Port)).toEqual(v0Counts);
    expect(verifiers[0].logs.some((l) => l.msg === 'voted' && l.hash === hash)).toBe(false);

    for (const p of [producer, ...verifiers]) expect((await p.stop()).code).toBe(0);
  });
});
