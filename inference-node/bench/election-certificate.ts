// The time from an election to its block's certificate, with real processes on loopback (issue 21):
//   election-to-certificate  ms from the moment the electing ledger block is mined (the generatetoaddress
//                            call that mines it starts) to the producer's first quorum certificate (3 of 5
//                            votes) of the block that ledger block elected: a funai-ledger (regtest), one
//                            producer and five verifier daemons (funai-inference, the generated tiny model,
//                            the five verifiers' keys as the -verifierset), each block carrying one chat
//                            record executed through the producer's API; median of 3 blocks.
//                            vs the verifiers' own time to verify the block (the `ms` of their `voted` log
//                            lines: contents fetched, replayed, vote signed), median.
// Processes run from the built dist (npm run bench builds first); synchronisation is by log lines.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bls from '@chainsafe/bls/herumi';
import { FUNAI_OP, hash160, toHex } from '@funai/ledger-node';
import { freePort, type LedgerProcess, startLedger } from '../../integration/test/ledger-node-process.ts';
import type { Figure } from '../../tools/bench-report.mjs';
import { FileKeystore } from '../dist/api/keystore.js';
import { writeTinyModel } from '../dist/index.js';
import { loadOrCreateNodeKeys, NODE_KEYS_FILE } from '../dist/node/keys.js';
import { type InferenceProcess, type LogLine, spawnInference } from '../test/node/inference-process.ts';

const ROUNDS = 3;
/** The longest wait for one log line (a busy machine), after which the bench fails with the logs. */
const WAIT_MS = 600_000;

function waitLog(p: InferenceProcess, match: (l: LogLine) => boolean, what: string): Promise<LogLine> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const tail = p.logs.slice(-30).map((l) => JSON.stringify(l));
      reject(new Error(`no ${what} within ${WAIT_MS} ms:\n${tail.join('\n')}`));
    }, WAIT_MS);
  });
  return Promise.race([p.waitForLog(match, what), timeout]).finally(() => clearTimeout(timer));
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function benchElectionCertificate(): Promise<Figure[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'funai-bench-e2c-'));
  const running: InferenceProcess[] = [];
  let ledger: LedgerProcess | undefined;
  try {
    ledger = await startLedger();
    const l = ledger;
    const addr = await l.call<string>('getnewaddress');
    await l.call('generatetoaddress', 103, addr);
    const model = await writeTinyModel({ seed: 'alpha' });
    const nodeDir = (name: string): string => {
      const d = join(tmp, name);
      mkdirSync(join(d, 'regtest'), { recursive: true });
      writeFileSync(
        join(d, 'funai-inference.conf'),
        `regtest=1\n[regtest]\nledger-rpc=http://127.0.0.1:${l.rpcPort}\n`,
      );
      return d;
    };
    const start = (datadir: string, extra: string[]): InferenceProcess => {
      const p = spawnInference([
        `--datadir=${datadir}`,
        `--ledger-rpccookiefile=${join(l.datadir, 'regtest', '.cookie')}`,
        '--bind=127.0.0.1',
        ...extra,
      ]);
      running.push(p);
      return p;
    };

    const producerDir = nodeDir('producer');
    const keystore = await FileKeystore.open(join(producerDir, 'regtest', 'api-keys.json'));
    const { apiKey, account } = await keystore.add('bench');
    const verifierDirs = [0, 1, 2, 3, 4].map((i) => nodeDir(`v${i}`));
    const setFile = join(tmp, 'verifierset.json');
    writeFileSync(
      setFile,
      JSON.stringify(
        verifierDirs.map((d) => ({
          blsPublicKey: toHex(
            bls.secretKeyToPublicKey(loadOrCreateNodeKeys(join(d, 'regtest', NODE_KEYS_FILE)).blsKey),
          ),
          // A P2WPKH script per verifier (the producer pays its bid to them, so each needs an address).
          rewardScript: `0014${toHex(hash160(new TextEncoder().encode(d)))}`,
        })),
      ),
    );
    const p2pPort = await freePort();
    const apiPort = await freePort();
    const producer = start(producerDir, [
      `--api-port=${apiPort}`,
      `--p2p-port=${p2pPort}`,
      `--model=${model}`,
      '--producer',
      '--bid=0.001',
      '--budget=10',
      `--verifierset=${setFile}`,
    ]);
    const verifiers: InferenceProcess[] = [];
    for (const d of verifierDirs)
      verifiers.push(
        start(d, [
          `--api-port=${await freePort()}`,
          '--p2p-port=0',
          `--connect=127.0.0.1:${p2pPort}`,
          `--model=${model}`,
          `--verifierset=${setFile}`,
        ]),
      );
    for (const p of [producer, ...verifiers]) await waitLog(p, (x) => x.msg === 'ready', 'ready');
    for (const v of verifiers) await waitLog(v, (x) => x.msg === 'connected to peer', 'connected');

    await l.call(
      'sendfunaiop',
      { op: FUNAI_OP.DEPOSIT, version: 1, body: `1a${toHex(hash160(account.publicKey))}` },
      {},
      null,
      null,
      1,
    );
    await l.call('generatetoaddress', 6, addr);
    await waitLog(producer, (x) => x.msg === 'deposit credited', 'deposit');
    console.log('election-to-certificate: 6 processes ready, deposit credited');
    const modelId = String(producer.logs.find((x) => x.msg === 'model ready')!.modelId);

    const times: number[] = [];
    const voteMs: number[] = [];
    for (let round = 0, tries = 0; times.length < ROUNDS && tries < 12; round++, tries++) {
      const res = await fetch(`http://127.0.0.1:${apiPort}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({
          model: modelId,
          messages: [{ role: 'user', content: `question ${round}` }],
          max_tokens: 16,
          seed: round,
        }),
      });
      if (res.status !== 200) throw new Error(`chat request failed: ${res.status} ${await res.text()}`);
      const L = (await l.call<number>('getblockcount')) + 1;
      await waitLog(producer, (x) => x.msg === 'commit sent' && x.ledgerHeight === L, 'commit');
      const t0 = Date.now();
      await l.call('generatetoaddress', 1, addr);
      const election = await waitLog(producer, (x) => x.msg === 'election' && x.height === L, 'election');
      if (Number(election.winner) < 0) continue; // an empty tenure (the producer's first blocks are damped)
      const accepted = await waitLog(
        producer,
        (x: LogLine) => x.msg === 'inference block accepted' && x.ledgerHeight === L,
        'accepted',
      );
      if (Number(accepted.records) === 0) continue;
      const cert = await waitLog(
        producer,
        (x) => x.msg === 'certificate' && x.hash === accepted.hash,
        'certificate',
      );
      times.push(Number(cert.time) - t0);
      console.log(`election-to-certificate: ledger block ${L}, ${times.at(-1)} ms`);
      for (const v of verifiers) {
        const voted = v.logs.find((x) => x.msg === 'voted' && x.hash === accepted.hash);
        if (voted) voteMs.push(Number(voted.ms));
      }
    }
    if (times.length < ROUNDS) throw new Error(`only ${times.length} certified blocks`);
    return [
      {
        name: 'election-to-certificate',
        value: median(times),
        unit: 'ms',
        baseline: "a verifier's verification of the block (contents, replay, vote)",
        baselineValue: median(voteMs),
      },
    ];
  } finally {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await ledger?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchElectionCertificate());
