import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  API_KEYSTORE_FILE,
  computeModelFileId,
  encodeDeposit,
  FileKeystore,
  VERIFIER_SET_SIZE,
  writeTinyModel,
} from '@funai/inference-node';
import { hash160, toHex } from '@funai/ledger-node';
import type { Logger } from 'pino';
import type { DevnetOptions } from './cli/options.js';
import { ExplorerServer } from './explorer/server.js';
import { devnetGenesis, GENESIS_FILE, writeGenesis } from './genesis/genesis.js';
import { IntervalMiner } from './ledger/miner.js';
import { LedgerRpc } from './ledger/rpc.js';
import { type DevnetManifest, MANIFEST_FILE, writeManifest } from './manifest/manifest.js';
import { NodeProcess } from './process/node-process.js';
import { freePort } from './process/ports.js';
import { DemoTraffic } from './traffic/traffic.js';

const REPO = resolve(import.meta.dirname, '../..');
export const LEDGER_BIN = join(REPO, 'ledger-node/bin/funai-ledger.js');
export const INFERENCE_BIN = join(REPO, 'inference-node/bin/funai-inference.js');

/**
 * Coinbases mature after 100 blocks and pay 1.5 FAI: a new devnet mines this many at once so that the
 * mining wallet can fund every producer's wallet and the API account's deposit.
 */
export const BOOTSTRAP_BLOCKS = 120;
/** FAI sent to each producer's own ledger wallet (its bids come from there). */
export const PRODUCER_FUNDING = 2;
/** Each producer's bid per ledger block and total budget, FAI. */
export const PRODUCER_BID = '0.001';
export const PRODUCER_BUDGET = '1';
/** FAI the devnet deposits (burns on the ledger) to the test API account, for gas. */
export const API_ACCOUNT_DEPOSIT = 5;

/** The devnet's generated models: name → generator seed (deterministic, so every devnet has the same ids). */
export const DEVNET_MODELS: ReadonlyArray<{ name: string; seed: string }> = [
  { name: 'funai-tiny', seed: 'devnet-alpha' },
];

/** Progress events while starting, for the terminal view and for tests. */
export type DevnetProgress =
  | { stage: 'datadir'; datadir: string; resumed: boolean }
  | { stage: 'models'; done: number; total: number; name?: string; id?: string }
  | { stage: 'ledger'; rpc: string; height: number }
  | { stage: 'bootstrap'; height: number; target: number }
  | { stage: 'explorer'; url: string }
  | { stage: 'node'; name: string; role: string; api: string | null }
  | { stage: 'first-election'; ledgerHeight: number; winner: string | null }
  | { stage: 'first-block'; height: number; hash: string }
  | { stage: 'traffic'; intervalMs: number }
  | { stage: 'ready'; manifest: string };

/** `<datadir>/devnet-secrets.json`: what no node keeps (API keys are shown once). */
interface DevnetSecrets {
  apiKey?: string;
  principal?: string;
  testKeys?: Record<string, { apiKey: string; principal: string }>;
}

export class DevnetError extends Error {
  override readonly name = 'DevnetError';
}

/**
 * One local FUN AI network: processes on 127.0.0.1 (ports chosen free at every start), data under
 * `datadir` so a restart resumes the same chains. `start()` brings everything up and writes devnet.json;
 * `stop()` stops everything in reverse order and removes devnet.json.
 */
export class Devnet {
  readonly options: DevnetOptions;
  private readonly log: Logger;
  private readonly progress: (p: DevnetProgress) => void;
  readonly processes: NodeProcess[] = [];
  ledgerRpc: LedgerRpc | undefined;
  private miner: IntervalMiner | undefined;
  manifest: DevnetManifest | undefined;
  private lockFile: string;
  private explorer: ExplorerServer | undefined;
  /** Base URLs of the inference nodes' APIs, for the explorer and the status view. */
  readonly inferenceApis: string[] = [];
  private readonly nodes: Array<Omit<DevnetManifest['nodes'][number], 'pid'> & { process: NodeProcess }> = [];
  private minerAddr: string | undefined;
  /** The producers' ledger wallet nodes. */
  private readonly walletRpcs: LedgerRpc[] = [];
  /** TEST ONLY: funded API keys of other producers (options.testFabricateOutputs), by node name. */
  testKeys: Record<string, { apiKey: string; principal: string }> = {};
  /** The demo chat requests of --traffic, once the network is up. */
  traffic: DemoTraffic | undefined;

  constructor(options: DevnetOptions, log: Logger, progress: (p: DevnetProgress) => void = () => {}) {
    this.options = options;
    this.log = log;
    this.progress = progress;
    this.lockFile = join(options.datadir, 'devnet.lock');
  }

  async start(): Promise<DevnetManifest> {
    const { datadir } = this.options;
    if (this.options.reset) rmSync(datadir, { recursive: true, force: true });
    const resumed = existsSync(join(datadir, 'ledger'));
    mkdirSync(datadir, { recursive: true });
    this.lock();
    this.progress({ stage: 'datadir', datadir, resumed });

    const models = await this.prepareModels();
    const ledger = await this.startMiningLedger();
    const explorer = await this.startExplorer();
    const openai = await this.startInferenceLayer(models);
    const manifest: DevnetManifest = {
      version: 1,
      ledger: { rpc: ledger.url, cookie: ledger.cookieFile },
      openai,
      explorer,
      nodes: this.nodes.map(({ process: p, ...n }) => ({ ...n, pid: p.pid ?? null })),
      models,
    };
    const file = writeManifest(datadir, manifest);
    this.manifest = manifest;
    if (this.options.traffic && openai.baseURL && openai.apiKey) {
      const intervalMs = this.options.trafficIntervalMs ?? 10_000;
      this.traffic = new DemoTraffic({
        baseURL: openai.baseURL,
        apiKey: openai.apiKey,
        model: models[0]!.name,
        intervalMs,
        log: this.log,
      });
      this.traffic.start();
      this.progress({ stage: 'traffic', intervalMs });
    }
    this.progress({ stage: 'ready', manifest: file });
    return manifest;
  }

  private lock(): void {
    if (existsSync(this.lockFile)) {
      const pid = Number(readFileSync(this.lockFile, 'utf8'));
      // A lock left by a killed devnet names a dead pid and is taken over.
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (alive) throw new DevnetError(`a devnet (pid ${pid}) is already running in ${this.options.datadir}`);
    }
    writeFileSync(this.lockFile, String(process.pid));
  }

  private async prepareModels(): Promise<DevnetManifest['models']> {
    const dir = join(this.options.datadir, 'models');
    const out: DevnetManifest['models'] = [];
    this.progress({ stage: 'models', done: 0, total: DEVNET_MODELS.length });
    for (const m of DEVNET_MODELS) {
      // Nodes name a model after its file (the registry contract is not consulted yet): one file per name.
      const generated = await writeTinyModel({ seed: m.seed }, join(dir, 'generated'));
      const path = join(dir, `${m.name}.gguf`);
      if (!existsSync(path)) renameSync(generated, path);
      const { id } = await computeModelFileId(path);
      out.push({ name: m.name, id, path });
      this.progress({ stage: 'models', done: out.length, total: DEVNET_MODELS.length, name: m.name, id });
    }
    return out;
  }

  /** Starts one funai-ledger (regtest) in `<datadir>/<name>`; `connect` = a peer's P2P address. */
  private async startLedgerNode(name: string, connect?: string): Promise<LedgerRpc> {
    const dir = join(this.options.datadir, name);
    mkdirSync(dir, { recursive: true });
    const rpcPort = await freePort();
    const p2pPort = await freePort();
    const proc = new NodeProcess({
      name,
      role: connect ? 'ledger-wallet' : 'ledger',
      bin: LEDGER_BIN,
      args: [
        '--network',
        'regtest',
        '--datadir',
        dir,
        '--rpcport',
        String(rpcPort),
        '--port',
        String(p2pPort),
        '--bind',
        '127.0.0.1',
        ...(connect ? ['--connect', connect] : []),
      ],
      logFile: join(this.options.datadir, 'logs', `${name}.log`),
      isReady: (e) => e.msg === 'ready',
      readyTimeoutMs: 120_000,
    });
    await proc.start();
    this.processes.push(proc);
    const rpc = new LedgerRpc(`http://127.0.0.1:${rpcPort}/`, join(dir, 'regtest', '.cookie'));
    this.nodes.push({
      role: proc.spec.role,
      name,
      api: rpc.url,
      p2p: `127.0.0.1:${p2pPort}`,
      datadir: dir,
      process: proc,
    });
    return rpc;
  }

  /** The mining ledger node: bootstrap blocks on a new devnet, then one block per --block-interval. */
  private async startMiningLedger(): Promise<LedgerRpc> {
    const rpc = await this.startLedgerNode('ledger');
    this.ledgerRpc = rpc;
    let height = await rpc.call<number>('getblockcount');
    this.progress({ stage: 'ledger', rpc: rpc.url, height });
    const address = await this.minerAddress(rpc);
    // Mined in small steps so the progress line moves on a slow machine.
    while (height < BOOTSTRAP_BLOCKS) {
      await rpc.call('generatetoaddress', Math.min(20, BOOTSTRAP_BLOCKS - height), address);
      height = await rpc.call<number>('getblockcount');
      this.progress({ stage: 'bootstrap', height, target: BOOTSTRAP_BLOCKS });
    }
    this.minerAddr = address;
    return rpc;
  }

  /**
   * The inference layer: per producer its own ledger wallet node (a producer's registration and
   * commits must all spend from one address of its own, docs §14.3) funded once by the mining wallet,
   * the producers and verifiers, a funded API account on producer-1, then the interval miner; resolves
   * once the first inference block is accepted.
   */
  private async startInferenceLayer(models: DevnetManifest['models']): Promise<DevnetManifest['openai']> {
    const mining = this.ledgerRpc!;
    const miningP2p = this.nodes.find((n) => n.name === 'ledger')!.p2p!;
    const secrets = this.loadSecrets();
    const fresh = secrets.apiKey === undefined;
    const producerLedgers: LedgerRpc[] = [];
    for (let i = 1; i <= this.options.producers; i++) {
      const name = `ledger-p${i}`;
      const rpc = await this.startLedgerNode(name, miningP2p);
      const tip = await mining.call<number>('getblockcount');
      await rpc.call('waitforblockheight', tip, 60_000);
      if (fresh)
        await mining.call('sendtoaddress', await rpc.call<string>('getnewaddress'), PRODUCER_FUNDING);
      producerLedgers.push(rpc);
      this.walletRpcs.push(rpc);
    }
    /** A funded API key in a producer's keystore: a DEPOSIT on the ledger (and a fee balance at genesis). */
    const fundedKey = async (producer: string, label: string) => {
      const dir = join(this.options.datadir, producer, 'regtest');
      mkdirSync(dir, { recursive: true });
      const keystore = await FileKeystore.open(join(dir, API_KEYSTORE_FILE));
      const { apiKey, account } = await keystore.add(label);
      const op = encodeDeposit({ recipient: { version: 26, hash160: hash160(account.publicKey) } });
      await mining.call(
        'sendfunaiop',
        { op: op.op, version: op.version, body: toHex(op.body) },
        {},
        null,
        null,
        API_ACCOUNT_DEPOSIT,
      );
      return { apiKey, principal: account.principal };
    };
    const dishonest = this.options.testFabricateOutputs;
    if (fresh) {
      const k = await fundedKey('producer-1', 'devnet');
      secrets.apiKey = k.apiKey;
      secrets.principal = k.principal;
      if (dishonest) {
        const d = await fundedKey(`producer-${dishonest.producer}`, 'devnet-dishonest');
        secrets.testKeys = { [`producer-${dishonest.producer}`]: d };
      }
      this.saveSecrets(secrets);
    }
    this.testKeys = secrets.testKeys ?? {};
    // Confirm the funding before the producers look for coins.
    await mining.call('generatetoaddress', 1, this.minerAddr!);

    const model = models[0]!;
    const p2pPorts: number[] = [];
    const inference: Array<{ name: string; role: string; ledger: LedgerRpc; args: string[] }> = [];
    for (let i = 1; i <= this.options.producers; i++)
      inference.push({
        name: `producer-${i}`,
        role: 'producer',
        ledger: producerLedgers[i - 1]!,
        args: [
          '-producer',
          `-bid=${PRODUCER_BID}`,
          `-budget=${PRODUCER_BUDGET}`,
          ...(dishonest?.producer === i ? [`-test-fabricate-outputs=${dishonest.everyNth}`] : []),
        ],
      });
    for (let i = 1; i <= this.options.verifiers; i++)
      inference.push({ name: `verifier-${i}`, role: 'verifier', ledger: mining, args: ['-verifier'] });
    // The Clarity genesis (docs/node.md "Clarity genesis file"), the same file for every node: the five
    // genesis stakers = the verifiers' node keys (created in their data dirs ahead of their first start),
    // padded with stakers that run no node when there are fewer than five; the producers bonded; the API
    // account's fee balance. Written once: a resumed devnet keeps its genesis.
    const genesisFile = join(this.options.datadir, GENESIS_FILE);
    if (!existsSync(genesisFile)) {
      const stakerDirs = inference.filter((n) => n.role === 'verifier').map((n) => n.name);
      for (let k = 1; stakerDirs.length < VERIFIER_SET_SIZE; k++)
        stakerDirs.push(join('stakers', `staker-${k}`));
      const networkDir = (name: string) => join(this.options.datadir, name, 'regtest');
      writeGenesis(
        this.options.datadir,
        await devnetGenesis({
          verifiers: stakerDirs.map(networkDir),
          producers: inference.filter((n) => n.role === 'producer').map((n) => networkDir(n.name)),
          apiPrincipal: secrets.principal ?? null,
          feeAccounts: Object.values(secrets.testKeys ?? {}).map((k) => k.principal),
        }),
      );
    }
    for (const n of inference) n.args.push(`-genesis=${genesisFile}`);
    for (const n of inference) {
      const dir = join(this.options.datadir, n.name);
      mkdirSync(dir, { recursive: true });
      const p2pPort = await freePort();
      const apiPort = await freePort();
      const proc = new NodeProcess({
        name: n.name,
        role: n.role,
        bin: INFERENCE_BIN,
        args: [
          '-regtest',
          `-datadir=${dir}`,
          `-ledger-rpc=${n.ledger.url}`,
          `-ledger-rpccookiefile=${n.ledger.cookieFile}`,
          `-model=${model.path}`,
          '-threads=1',
          `-p2p-port=${p2pPort}`,
          '-bind=127.0.0.1',
          `-api-port=${apiPort}`,
          ...p2pPorts.map((p) => `-connect=127.0.0.1:${p}`),
          ...n.args,
        ],
        logFile: join(this.options.datadir, 'logs', `${n.name}.log`),
        isReady: (e) => e.msg === 'ready',
        readyTimeoutMs: 300_000,
      });
      await proc.start();
      this.processes.push(proc);
      p2pPorts.push(p2pPort);
      const api = `http://127.0.0.1:${apiPort}/`;
      this.inferenceApis.push(api);
      this.nodes.push({
        role: n.role,
        name: n.name,
        api,
        p2p: `127.0.0.1:${p2pPort}`,
        datadir: dir,
        process: proc,
      });
      this.progress({ stage: 'node', name: n.name, role: n.role, api });
    }

    this.miner = new IntervalMiner(mining, this.minerAddr!, this.options.blockIntervalMs, this.log);
    this.miner.start();
    await this.waitForFirstBlock();
    const baseURL = this.options.producers > 0 ? `${this.inferenceApis[0]}v1` : null;
    return { baseURL, apiKey: secrets.apiKey ?? null };
  }

  /** Polls producer-1's status until an election has a winner and an inference block is accepted. */
  private async waitForFirstBlock(timeoutMs = 600_000): Promise<void> {
    if (this.options.producers === 0) return;
    const status = new URL('/funai/v1/status', this.inferenceApis[0]);
    const deadline = Date.now() + timeoutMs;
    let electionSeen = false;
    const stopped = this.processes[this.processes.length - 1]!.exited.then(() => 'exited' as const);
    while (Date.now() < deadline) {
      const s = (await fetch(status)
        .then((r) => r.json())
        .catch(() => null)) as {
        inference?: { height: number; hash: string };
        election?: { ledgerHeight: number; winner: string | null } | null;
      } | null;
      if (s?.election?.winner && !electionSeen) {
        electionSeen = true;
        this.progress({
          stage: 'first-election',
          ledgerHeight: s.election.ledgerHeight,
          winner: s.election.winner,
        });
      }
      if (s?.inference && s.inference.height >= 1) {
        this.progress({ stage: 'first-block', height: s.inference.height, hash: s.inference.hash });
        return;
      }
      // The status changes at most once per ledger block.
      const r = await Promise.race([new Promise((res) => setTimeout(res, 500, 'tick')), stopped]);
      if (r === 'exited') throw new DevnetError('an inference node exited while waiting for the first block');
    }
    throw new DevnetError(`no inference block was accepted within ${timeoutMs / 1000} s`);
  }

  /** What the devnet must remember across restarts that no node keeps: the test API key (shown once). */
  private loadSecrets(): DevnetSecrets {
    const file = join(this.options.datadir, 'devnet-secrets.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  }

  private saveSecrets(s: DevnetSecrets): void {
    writeFileSync(join(this.options.datadir, 'devnet-secrets.json'), JSON.stringify(s, null, 2), {
      mode: 0o600,
    });
  }

  private async startExplorer(): Promise<string> {
    const ledger = this.ledgerRpc;
    if (!ledger) throw new DevnetError('the explorer needs the ledger node');
    this.explorer = new ExplorerServer({ ledger, inferenceApis: () => this.inferenceApis }, this.log);
    const url = await this.explorer.listen(await freePort());
    this.progress({ stage: 'explorer', url });
    return url;
  }

  /**
   * Mines one block once the inference nodes are stopped, so that the producers' last commits (sent for a
   * block the interval miner will not mine) are confirmed before the ledger nodes stop: a ledger node does
   * not keep its mempool across a restart, and a restarted wallet would build its next commit on the change
   * of a transaction no node has any more (`missing-inputs`). Best effort: a devnet stopping because a
   * node failed may not be able to.
   */
  private async confirmPending(): Promise<void> {
    const mining = this.ledgerRpc;
    if (!mining || !this.minerAddr || this.walletRpcs.length === 0) return;
    try {
      // The wallets' last transactions reach the mining node's mempool first.
      const pending = new Set<string>();
      for (const w of this.walletRpcs)
        for (const id of await w.call<string[]>('getrawmempool')) pending.add(id);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const pool = new Set(await mining.call<string[]>('getrawmempool'));
        if ([...pending].every((id) => pool.has(id)) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const [hash] = await mining.call<string[]>('generatetoaddress', 1, this.minerAddr);
      const height = await mining.call<number>('getblockcount');
      for (const w of this.walletRpcs) await w.call('waitforblockheight', height, 10_000);
      this.log.info(
        { hash, pending: pending.size },
        'devnet: pending transactions confirmed before the ledger nodes stop',
      );
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'devnet: pending transactions not confirmed at stop');
    }
  }

  /** The devnet's mining address, kept in the data dir so a resumed devnet pays the same wallet key. */
  private async minerAddress(rpc: LedgerRpc): Promise<string> {
    const file = join(this.options.datadir, 'miner-address');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    const address = await rpc.call<string>('getnewaddress');
    writeFileSync(file, address);
    return address;
  }

  async stop(): Promise<void> {
    await this.traffic?.stop();
    await this.miner?.stop();
    await this.explorer?.close();
    const isLedger = (p: NodeProcess) => p.spec.role === 'ledger' || p.spec.role === 'ledger-wallet';
    const stopAll = async (which: NodeProcess[]) => {
      for (const p of which.reverse()) {
        const code = await p.stop();
        if (code !== 0 && code !== null)
          this.log.warn({ name: p.spec.name, code }, 'devnet process exited with an error');
      }
    };
    await stopAll(this.processes.filter((p) => !isLedger(p)));
    await this.confirmPending();
    await stopAll(this.processes.filter(isLedger));
    rmSync(join(this.options.datadir, MANIFEST_FILE), { force: true });
    rmSync(this.lockFile, { force: true });
  }
}
