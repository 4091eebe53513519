// A network of funai-inference processes over real regtest ledger nodes, for the process tests: a temp
// directory, the ledger(s) (the first one mined past coinbase maturity), node data directories configured
// for the first ledger's RPC, spawned daemons (SIGKILLed at the end), their status, and the two ways a test
// gives the nodes a verifier set (a `-verifierset` file or a staked `-genesis` file).
//
// `DUMP_LOGS=1` prints each process's last log lines after the tests (what a failed wait was waiting
// for); `DEBUG_LOGS=1` prints all of them.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bls from '@chainsafe/bls/herumi';
import { FUNAI_OP, hash160, toHex } from '@funai/ledger-node';
import { afterAll, beforeAll } from 'vitest';
import { FileKeystore } from '../../src/api/keystore.js';
import { type GenesisFileJson, type StakerGenesis, stakerGenesis } from '../../src/clarity/genesis-staker.js';
import { loadOrCreateNodeKeys, NODE_KEYS_FILE } from '../../src/node/keys.js';
import type { NodeStatus } from '../../src/node/status.js';
import type { LedgerProcess } from '../ledger/ledger-fixture.js';
import { copyBlocks, startLedger } from '../ledger/ledger-fixture.js';
import type { InferenceProcess, LogLine } from './inference-process.js';
import { getJson, spawnInference } from './inference-process.js';

export interface NetworkOptions {
  /** Ledger nodes to start (the nodes are configured for the first); 1 unless given. */
  ledgers?: number;
  /** Blocks mined on the first ledger before the tests; 103 unless given. */
  blocks?: number;
}

export class InferenceNetwork {
  readonly tmp: string;
  readonly running: InferenceProcess[] = [];
  /** The ledger nodes, started by `setup`; `ledger` is the first, the one the nodes use. */
  ledgers: LedgerProcess[] = [];
  /** A wallet address of the first ledger (the setup's blocks were mined to it). */
  addr = '';

  constructor(prefix: string) {
    this.tmp = mkdtempSync(join(tmpdir(), prefix));
  }

  get ledger(): LedgerProcess {
    return this.ledgers[0]!;
  }

  async setup(opts: NetworkOptions = {}): Promise<void> {
    this.ledgers = await Promise.all(Array.from({ length: opts.ledgers ?? 1 }, () => startLedger()));
    this.addr = await this.ledger.call<string>('getnewaddress');
    await this.ledger.call('generatetoaddress', opts.blocks ?? 103, this.addr);
  }

  async teardown(): Promise<void> {
    if (process.env.DEBUG_LOGS)
      for (const p of this.running) console.log(p.logs.map((l) => JSON.stringify(l)).join('\n'));
    else if (process.env.DUMP_LOGS)
      for (const p of this.running)
        console.log(
          p.logs
            .slice(-25)
            .map((l) => JSON.stringify(l).slice(0, 300))
            .join('\n'),
          p.stderrText(),
        );
    await Promise.all(this.running.map((p) => p.stop('SIGKILL')));
    await Promise.all(this.ledgers.map((l) => l.stop()));
    rmSync(this.tmp, { recursive: true, force: true });
  }

  /** A node data directory `<tmp>/<name>` whose funai-inference.conf points at the first ledger's RPC. */
  nodeDir(name: string): string {
    const datadir = join(this.tmp, name);
    mkdirSync(join(datadir, 'regtest'), { recursive: true });
    writeFileSync(
      join(datadir, 'funai-inference.conf'),
      `regtest=1\n[regtest]\nledger-rpc=http://127.0.0.1:${this.ledger.rpcPort}\n`,
    );
    return datadir;
  }

  /** Adds an API account `name` to the keystore of the node on `datadir` (before its first start). */
  async apiAccount(datadir: string, name: string): ReturnType<FileKeystore['add']> {
    return (await FileKeystore.open(join(datadir, 'regtest', 'api-keys.json'))).add(name);
  }

  /** Spawns funai-inference on `datadir` (API on `apiPort` unless null), bound to 127.0.0.1. */
  start(datadir: string, apiPort: number | null, extra: string[]): InferenceProcess {
    const p = spawnInference([
      `--datadir=${datadir}`,
      `--ledger-rpccookiefile=${join(this.ledger.datadir, 'regtest', '.cookie')}`,
      ...(apiPort === null ? [] : [`--api-port=${apiPort}`]),
      '--bind=127.0.0.1',
      ...extra,
    ]);
    this.running.push(p);
    return p;
  }

  async status(port: number): Promise<NodeStatus> {
    return (await getJson<NodeStatus>(port, '/funai/v1/status')).body;
  }

  /** Sends a ledger DEPOSIT (1 FAI) to the principal of `publicKey` (version 26); returns its txid. */
  deposit(publicKey: Uint8Array): Promise<string> {
    return this.ledger.call<string>(
      'sendfunaiop',
      { op: FUNAI_OP.DEPOSIT, version: 1, body: `1a${toHex(hash160(publicKey))}` },
      {},
      null,
      null,
      1,
    );
  }

  /** POSTs an OpenAI-style chat completion of one user message to the API on `port`. */
  chat(
    port: number,
    apiKey: string,
    body: { model: string; content: string; max_tokens: number; seed?: number },
  ): Promise<Response> {
    const { content, ...rest } = body;
    return fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ ...rest, messages: [{ role: 'user', content }] }),
    });
  }

  /**
   * Mines one ledger block once `producer` has sent its commit for it and waits for the producer's
   * election at that height; returns the commit line.
   */
  async mineOne(producer: InferenceProcess): Promise<LogLine> {
    const L = (await this.ledger.call<number>('getblockcount')) + 1;
    const commit = await producer.waitForLog(
      (l) => l.msg === 'commit sent' && l.ledgerHeight === L,
      `commit at ${L}`,
    );
    await this.ledger.call('generatetoaddress', 1, this.addr);
    await producer.waitForLog((l) => l.msg === 'election' && l.height === L, `election at ${L}`);
    return commit;
  }

  /**
   * A ledger reorg of the first ledger (the network needs two): the second takes its chain up to `fork`,
   * mines `blocks` apart, and the first gets that branch. Returns the branch's block hashes.
   */
  async reorgLedger(fork: number, blocks: number): Promise<string[]> {
    const [a, b] = this.ledgers as [LedgerProcess, LedgerProcess];
    await copyBlocks(a, b, 1, fork);
    const branch = await b.call<string[]>('generatetoaddress', blocks, await b.call<string>('getnewaddress'));
    await copyBlocks(b, a, fork + 1, fork + branch.length);
    return branch;
  }

  /**
   * A five-key `-verifierset` file: the BLS keys of the three nodes of `dirs` (created in their data
   * directories ahead of their first start) interleaved with two keys that run no node,
   * `[n0, absent, n1, absent, n2]`.
   */
  verifierSet(
    dirs: string[],
    rewardScript: (blsKey: string) => string,
  ): { file: string; set: string[]; keys: string[] } {
    const keys = dirs.map((d) =>
      toHex(bls.secretKeyToPublicKey(loadOrCreateNodeKeys(join(d, 'regtest', NODE_KEYS_FILE)).blsKey)),
    );
    const absent = [0, 1].map(() => toHex(bls.SecretKey.fromKeygen().toPublicKey().toBytes()));
    const file = join(this.tmp, 'verifierset.json');
    const set = [keys[0]!, absent[0]!, keys[1]!, absent[1]!, keys[2]!];
    writeFileSync(file, JSON.stringify(set.map((k) => ({ blsPublicKey: k, rewardScript: rewardScript(k) }))));
    return { file, set, keys };
  }

  /**
   * A `-genesis` file: the producer and the stakers of `stakers` (data directories, in that order, each
   * with its balance and stake) registered and staked, and an optional fee account (a principal allocated
   * `amount` that deposits `fees` into poi's fee account).
   */
  async stakedGenesis(opts: {
    producer: { dir: string; balance: bigint; stake: bigint };
    stakers: { dir: string; balance: bigint; stake: bigint }[];
    feeAccount?: { principal: string; amount: bigint; fees: bigint };
  }): Promise<{ file: string; producer: StakerGenesis; stakers: StakerGenesis[] }> {
    const { producer: p, stakers: s, feeAccount: fee } = opts;
    const producer = await stakerGenesis(join(p.dir, 'regtest'), { balance: p.balance, stake: p.stake });
    const stakers = await Promise.all(
      s.map((x) => stakerGenesis(join(x.dir, 'regtest'), { balance: x.balance, stake: x.stake })),
    );
    const genesis: GenesisFileJson = {
      version: 1,
      allocations: [
        ...producer.allocations,
        ...stakers.flatMap((x) => x.allocations),
        ...(fee ? [{ principal: fee.principal, amount: String(fee.amount) }] : []),
      ],
      calls: [
        ...producer.calls,
        ...stakers.flatMap((x) => x.calls),
        ...(fee
          ? [
              {
                sender: fee.principal,
                contract: 'poi',
                fn: 'deposit-fees',
                args: [{ uint: String(fee.fees) }],
              },
            ]
          : []),
      ],
    };
    const file = join(this.tmp, 'genesis.json');
    writeFileSync(file, JSON.stringify(genesis, null, 2));
    return { file, producer, stakers };
  }
}

/** An `InferenceNetwork` set up in a `beforeAll` and torn down in an `afterAll` of the calling test file. */
export function useNetwork(prefix: string, opts: NetworkOptions = {}): InferenceNetwork {
  const net = new InferenceNetwork(prefix);
  beforeAll(() => net.setup(opts));
  afterAll(() => net.teardown());
  return net;
}
