/**
 * P2P test harness: real ChainState instances (RocksDB in temp directories) behind real P2PNode
 * instances listening on 127.0.0.1, all in this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { ChainState } from '../../src/chain/chain-state.js';
import type { ChainParams } from '../../src/consensus/params.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import type { MempoolChain } from '../../src/mempool/accept.js';
import { Mempool } from '../../src/mempool/mempool.js';
import type { NetLimits } from '../../src/net/limits.js';
import type { P2PNodeOptions } from '../../src/net/p2p-node.js';
import { P2PNode } from '../../src/net/p2p-node.js';
import { openChainStateDir } from '../../src/node/chainstate-dir.js';
import type { Block } from '../../src/wire/block.js';
import { waitFor } from '../support/wait.js';

/** Limits that make a test network react in milliseconds rather than minutes. */
export const TEST_LIMITS: Partial<NetLimits> = {
  requestTimeoutMs: 5_000,
  blockRequestTimeoutMs: 10_000,
  stallTimeoutMs: 1_000,
  progressIntervalMs: 250,
  headersPollMs: 2_000,
  reconnectMs: 500,
  inboundConnectionsPerSecond: 100,
};

/** Log lines captured from a node (pino JSON objects). */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly logger: Logger;

  constructor(level: pino.Level = 'info') {
    this.logger = pino(
      { level },
      { write: (s: string) => this.lines.push(JSON.parse(s) as Record<string, unknown>) },
    );
  }

  messages(): string[] {
    return this.lines.map((l) => String(l.msg));
  }
}

export function chainView(chain: ChainState): MempoolChain {
  return {
    getCoin: (o) => chain.getCoin(o),
    tipHeight: () => chain.getTip().height,
    medianTimePast: (h) => {
      const hash = chain.getBlockHash(h);
      const info = hash && chain.getHeader(hash);
      if (!info) throw new RangeError(`no block at ${h}`);
      return info.medianTimePast;
    },
  };
}

export interface TestNode {
  dir: string;
  chain: ChainState;
  mempool: Mempool;
  p2p: P2PNode;
  log: LogCapture;
  /** Listen address with /p2p/ id. */
  addr: string;
}

export interface NodeOptions {
  params?: ChainParams;
  limits?: Partial<NetLimits>;
  /** Reuse a directory (restart). */
  dir?: string;
  withMempool?: boolean;
  p2p?: Partial<P2PNodeOptions>;
  logLevel?: pino.Level;
}

const opened: TestNode[] = [];
const dirs: string[] = [];

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'funai-net-'));
  dirs.push(d);
  return d;
}

export async function startNode(o: NodeOptions = {}): Promise<TestNode> {
  const params = o.params ?? REGTEST_PARAMS;
  const dir = o.dir ?? tempDir();
  const log = new LogCapture(o.logLevel ?? 'info');
  const chain = await openChainStateDir(dir, params, undefined, { scriptThreads: 0, checkBlocks: 0 });
  const mempool = new Mempool({ chain: chainView(chain), params });
  chain.on('connected', ({ block }) => mempool.removeForBlock(block, Math.floor(Date.now() / 1000)));
  const p2p = await P2PNode.start({
    params,
    datadir: join(dir, params.name),
    listen: ['127.0.0.1:0'],
    chain,
    ...(o.withMempool === false ? {} : { mempool }),
    logger: log.logger,
    limits: { ...TEST_LIMITS, ...o.limits },
    ...o.p2p,
  });
  const addr = p2p.listenAddresses()[0]!;
  const n = { dir, chain, mempool, p2p, log, addr };
  opened.push(n);
  return n;
}

export async function stopNode(n: TestNode): Promise<void> {
  const i = opened.indexOf(n);
  if (i >= 0) opened.splice(i, 1);
  await n.p2p.stop();
  await n.chain.close();
}

export async function stopAll(): Promise<void> {
  for (const n of [...opened]) await stopNode(n);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export { waitFor };

export async function connect(a: TestNode, b: TestNode): Promise<void> {
  await a.p2p.addNode(b.addr, 'onetry');
  await waitFor(
    `${a.p2p.peerId} ready with ${b.p2p.peerId}`,
    () =>
      a.p2p.peers().some((p) => p.peerId === b.p2p.peerId && p.version !== undefined) &&
      b.p2p.peers().some((p) => p.peerId === a.p2p.peerId && p.version !== undefined),
    10_000,
  );
}

/** Feeds blocks to a node's chain directly (as if mined or read from disk). */
export async function feed(n: TestNode, blocks: readonly Block[]): Promise<void> {
  for (const b of blocks) {
    const r = await n.chain.processBlock(b);
    if (r.status !== 'connected' && r.status !== 'side-chain' && r.status !== 'duplicate') {
      throw new Error(`block ${r.hash} not accepted: ${r.status} ${r.reason ?? ''}`);
    }
  }
}

export function tipHeight(n: TestNode): number {
  return n.chain.getTip().height;
}
