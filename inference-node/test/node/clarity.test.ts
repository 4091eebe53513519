// Clarity at depth in the daemon (docs/protocol.md §13.11, §16.10) with real processes: a producer and
// three verifier daemons of a five-staker set written in the Clarity genesis (`-genesis`: keys, stakes, the
// API account's fee balance). The set comes from the staking contract (status `verifiers`); the commits
// pay the bid to the five reward scripts on the ledger; a record executed through the API is certified,
// the block carrying the certificate is executed at 7 confirmations, and its verdict pays the producer
// the block reward (3.5 FAI) and the executor (the producer) the record's gas in Clarity.

import { COIN, hash160 } from '@funai/ledger-node';
import { describe, expect, it, vi } from 'vitest';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { principalString } from '../../src/node/consensus-sink.js';
import { freePort } from '../ledger/ledger-fixture.js';
import type { LogLine } from './inference-process.js';
import { getJson } from './inference-process.js';
import { useNetwork } from './network-fixture.js';

vi.setConfig({ testTimeout: 420_000, hookTimeout: 120_000 });

const FAI = COIN;
const net = useNetwork('funai-inference-clarity-');

describe('Clarity in the daemon', () => {
  it('pays a certified block at depth: 3.5 FAI to the producer, the gas to the executor, bids to the staked set', async () => {
    const model = await writeTinyModel({ seed: 'alpha' });
    const producerDir = net.nodeDir('producer');
    const { apiKey, account } = await net.apiAccount(producerDir, 'alice');
    const alice = principalString({ version: 26, hash160: hash160(account.publicKey) });

    // Genesis: the producer bonded with 10 FAI; five stakers (three running verifiers, two keys only)
    // outranking it; alice's fee account for the record's gas.
    const verifierDirs = ['v0', 'v1', 'v2'].map((n) => net.nodeDir(n));
    const absentDirs = ['a0', 'a1'].map((n) => net.nodeDir(n));
    const {
      file: genesisFile,
      producer: producer0,
      stakers,
    } = await net.stakedGenesis({
      producer: { dir: producerDir, balance: 50n * FAI, stake: 10n * FAI },
      stakers: [verifierDirs[0]!, absentDirs[0]!, verifierDirs[1]!, absentDirs[1]!, verifierDirs[2]!].map(
        (d, i) => ({
          dir: d,
          balance: 100n * FAI,
          stake: BigInt(20 - i) * FAI,
        }),
      ),
      feeAccount: { principal: alice, amount: 5n * FAI, fees: 2n * FAI },
    });

    const p2pPort = await freePort();
    const apiPort = await freePort();
    const producer = net.start(producerDir, apiPort, [
      `--p2p-port=${p2pPort}`,
      `--model=${model}`,
      '--producer',
      '--bid=0.001',
      '--budget=1',
      `--genesis=${genesisFile}`,
    ]);
    const verifiers = verifierDirs.map((d) =>
      net.start(d, 0, [
        '--p2p-port=0',
        `--connect=127.0.0.1:${p2pPort}`,
        `--model=${model}`,
        `--genesis=${genesisFile}`,
      ]),
    );
    await producer.waitForLog((l) => l.msg === 'ready');
    for (const v of verifiers) await v.waitForLog((l) => l.msg === 'ready');

    // The verifier set is staking's top five, in ranking order (status: principal and stake).
    const status0 = await net.status(apiPort);
    expect(status0.verifiers).toEqual(
      stakers.map((s, i) => ({ principal: s.principal, stake: String(BigInt(20 - i) * FAI) })),
    );
    expect(status0.principal).toBe(producer0.principal);
    expect(status0.balances).toMatchObject({ fai: '40', bond: '10' });

    // A deposit (for the API's balance), then a chat completion.
    await net.deposit(account.publicKey);
    const addr = await net.ledger.call<string>('getnewaddress');
    await net.ledger.call('generatetoaddress', 6, addr);
    await producer.waitForLog((l) => l.msg === 'deposit credited');
    // With -genesis the API's fee balance is poi's fee account (2 FAI at genesis), not the deposit (§17.4).
    const spendable = async (port: number) =>
      BigInt((await getJson<{ balance: string }>(port, `/funai/v1/accounts/${alice}`)).body.balance);
    expect(await spendable(apiPort)).toBe(2n * FAI);
    const modelId = String(producer.logs.find((l) => l.msg === 'model ready')!.modelId);
    const res = await net.chat(apiPort, apiKey, { model: modelId, content: 'hello', max_tokens: 8, seed: 7 });
    expect(res.status).toBe(200);
    const tx = ((await res.json()) as { funai: { tx: string } }).funai.tx;
    const executed = await producer.waitForLog((l) => l.msg === 'executed' && l.tx === tx);
    const fee = BigInt(String(executed.fee));
    expect(fee).toBeGreaterThan(0n);
    // The charge counts at once, before Clarity applies it.
    expect(await spendable(apiPort)).toBe(2n * FAI - fee);

    /** Mines one ledger block after the producer's commit for it; returns the commit line. */
    const mineOne = () => net.mineOne(producer);

    // The commit pays the bid to the five reward scripts (§14.3), 1/5 each.
    const commit = await mineOne();
    const raw = await net.ledger.call<{ vout: { value: number; scriptPubKey: { hex: string } }[] }>(
      'getrawtransaction',
      String(commit.txid),
      1,
      await net.ledger.call<string>('getbestblockhash'),
    );
    for (const s of stakers) {
      const out = raw.vout.find((o) => o.scriptPubKey.hex === s.rewardScript);
      expect(out?.value).toBeCloseTo(0.001 / 5, 8);
    }

    let included: LogLine | undefined;
    for (let i = 0; i < 8 && !included; i++) {
      if (i > 0) await mineOne();
      included = producer.logs.find((l) => l.msg === 'inference block accepted' && Number(l.records) > 0);
    }
    expect(included).toMatchObject({ records: 1 });
    const hash = String(included!.hash);
    await producer.waitForLog((l) => l.msg === 'certificate' && l.hash === hash && Number(l.certified) === 1);

    let carrier: LogLine | undefined;
    for (let i = 0; i < 8 && !carrier; i++) {
      await mineOne();
      carrier = producer.logs.find((l) => l.msg === 'inference block accepted' && l.certifies === hash);
    }
    expect(carrier).toBeDefined();
    // Executed once the ledger tip is 6 past the carrier's ledger height (7 confirmations).
    let executedCarrier: LogLine | undefined;
    for (let i = 0; i < 9 && !executedCarrier; i++) {
      await mineOne();
      executedCarrier = producer.logs.find(
        (l) => l.msg === 'clarity block executed' && l.hash === carrier!.hash,
      );
    }
    expect(executedCarrier).toBeDefined();
    expect(Number(executedCarrier!.ledgerHeight)).toBe(Number(carrier!.ledgerHeight));
    expect(String(executedCarrier!.verdict)).toMatch(
      new RegExp(
        `^\\(ok \\(tuple \\(burned u\\d+\\) \\(gas-paid u${fee}\\) \\(reward u350000000\\) \\(slashed u0\\)\\)\\)$`,
      ),
    );
    // The verdict charged poi's fee account: the local charge is dropped, not counted twice.
    await producer.waitForLog((l) => l.msg === 'charge applied in clarity' && l.tx === tx);
    expect(await spendable(apiPort)).toBe(2n * FAI - fee);
    // The verifiers executed the same Clarity block with the same roots (they accepted blocks carrying them).
    for (const v of verifiers)
      await v.waitForLog(
        (l) => l.msg === 'clarity block executed' && l.hash === carrier!.hash,
        'carrier executed',
      );

    // Every system call and user op of every executed block succeeded; the DEPOSIT was credited with its proof.
    const executedBlocks = producer.logs.filter((l) => l.msg === 'clarity block executed');
    expect(executedBlocks.every((l) => Number(l.failed) === 0)).toBe(true);
    expect(executedBlocks.reduce((n, l) => n + Number(l.deposits), 0)).toBe(1);

    // The producer's balance: genesis 50 − 10 staked, + 3.5 FAI per verdict paid to it, + the record's gas.
    await mineOne();
    const verdicts = producer.logs.filter(
      (l) => l.msg === 'clarity block executed' && /\(reward u350000000\)/.test(String(l.verdict ?? '')),
    );
    const expected = 40n * FAI + BigInt(verdicts.length) * 350_000_000n + fee;
    const status = await net.status(apiPort);
    const faiUnits = (s: string) => {
      const [w, f = ''] = s.split('.');
      return BigInt(w!) * FAI + BigInt(f.padEnd(8, '0'));
    };
    expect(faiUnits(status.balances.fai!)).toBe(expected);
    expect(status.balances.bond).toBe('10');

    for (const p of [producer, ...verifiers]) expect((await p.stop()).code).toBe(0);
    // A graceful stop leaves a checkpoint; the next start restores it.
    const againPort = await freePort();
    const again = net.start(producerDir, againPort, ['--p2p-port=0', `--genesis=${genesisFile}`]);
    const restored = await again.waitForLog((l) => l.msg === 'clarity state restored');
    expect(Number(restored.blocks)).toBeGreaterThan(0);
    await again.waitForLog((l) => l.msg === 'ready');
    expect(await spendable(againPort)).toBe(2n * FAI - fee);
    expect((await again.stop()).code).toBe(0);
  });
});
