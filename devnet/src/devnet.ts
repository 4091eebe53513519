import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { computeModelFileId, writeTinyModel } from '@funai/inference-node';
import type { Logger } from 'pino';
import type { DevnetOptions } from './cli/options.js';
import { ExplorerServer } from './explorer/server.js';
import { IntervalMiner } from './ledger/miner.js';
import { LedgerRpc } from './ledger/rpc.js';
import { type DevnetManifest, MANIFEST_FILE, writeManifest } from './manifest/manifest.js';
import { NodeProcess } from './process/node-process.js';
import { freePort } from './process/ports.js';

const REPO = resolve(import.meta.dirname, '../..');
export const LEDGER_BIN = join(REPO, 'ledger-node/bin/funai-ledger.js');

/** Coinbases mature after 100 blocks: a new devnet mines this many at once so test accounts can spend. */
export const BOOTSTRAP_BLOCKS = 101;

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
  | { stage: 'ready'; manifest: string };

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
    const ledger = await this.startLedger();
    const explorer = await this.startExplorer();
    const manifest: DevnetManifest = {
      version: 1,
      ledger,
      openai: { baseURL: null, apiKey: null },
      explorer,
      nodes: this.processes.map((p) => ({
        role: p.spec.role,
        name: p.spec.name,
        api: null,
        p2p: null,
        datadir: join(datadir, p.spec.name),
        pid: p.pid ?? null,
      })),
      models,
    };
    const file = writeManifest(datadir, manifest);
    this.manifest = manifest;
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
      const path = await writeTinyModel({ seed: m.seed }, dir);
      const { id } = await computeModelFileId(path);
      out.push({ name: m.name, id, path });
      this.progress({ stage: 'models', done: out.length, total: DEVNET_MODELS.length, name: m.name, id });
    }
    return out;
  }

  private async startLedger(): Promise<DevnetManifest['ledger']> {
    const dir = join(this.options.datadir, 'ledger');
    mkdirSync(dir, { recursive: true });
    const rpcPort = await freePort();
    const p2pPort = await freePort();
    const proc = new NodeProcess({
      name: 'ledger',
      role: 'ledger',
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
      ],
      logFile: join(this.options.datadir, 'logs', 'ledger.log'),
      isReady: (e) => e.msg === 'ready',
      readyTimeoutMs: 120_000,
    });
    await proc.start();
    this.processes.push(proc);
    const rpc = new LedgerRpc(`http://127.0.0.1:${rpcPort}/`, join(dir, 'regtest', '.cookie'));
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
    this.miner = new IntervalMiner(rpc, address, this.options.blockIntervalMs, this.log);
    this.miner.start();
    return { rpc: rpc.url, cookie: rpc.cookieFile };
  }

  private async startExplorer(): Promise<string> {
    const ledger = this.ledgerRpc;
    if (!ledger) throw new DevnetError('the explorer needs the ledger node');
    this.explorer = new ExplorerServer({ ledger, inferenceApis: () => this.inferenceApis }, this.log);
    const url = await this.explorer.listen(await freePort());
    this.progress({ stage: 'explorer', url });
    return url;
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
    await this.miner?.stop();
    await this.explorer?.close();
    for (const p of [...this.processes].reverse()) {
      const code = await p.stop();
      if (code !== 0 && code !== null)
        this.log.warn({ name: p.spec.name, code }, 'devnet process exited with an error');
    }
    rmSync(join(this.options.datadir, MANIFEST_FILE), { force: true });
    rmSync(this.lockFile, { force: true });
  }
}
