import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { LedgerRpc } from '../ledger/rpc.js';

/** The page and its script: plain files, no build step (devnet/explorer/). */
const STATIC_DIR = resolve(import.meta.dirname, '../../explorer');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/explorer.js': { file: 'explorer.js', type: 'text/javascript; charset=utf-8' },
  '/explorer.css': { file: 'explorer.css', type: 'text/css; charset=utf-8' },
};

/** How many recent ledger blocks the page may ask for at once (each costs the ledger two calls). */
export const MAX_BLOCKS_PER_REQUEST = 50;

export interface ExplorerSources {
  ledger: LedgerRpc;
  /** Base URLs of inference nodes' APIs (status, lifecycle), tried in order; empty until nodes run. */
  inferenceApis: () => string[];
}

export interface LedgerBlockView {
  height: number;
  hash: string;
  time: number;
  txs: number;
  ops: Array<{ txid: string; op: number; name: string | null; body: string; paid: number }>;
}

/**
 * The explorer: serves the page and a small JSON API the page reads. The API goes to the nodes'
 * own public interfaces (the ledger's JSON-RPC, the inference nodes' HTTP API) so the browser never
 * holds the ledger cookie and the page shows exactly what the nodes say.
 */
export class ExplorerServer {
  private server: Server | undefined;

  constructor(
    private readonly sources: ExplorerSources,
    private readonly log: Logger,
  ) {}

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: Error) => {
        this.log.warn({ err: e.message, url: req.url }, 'explorer request failed');
        if (!res.headersSent) json(res, 502, { error: e.message });
        else res.end();
      });
    });
    this.server = server;
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(port, host, () => res());
    });
    return `http://${host}:${port}/`;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((res) => s.close(() => res()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return json(res, 405, { error: 'GET only' });
    const url = new URL(req.url ?? '/', 'http://explorer');
    const asset = STATIC[url.pathname];
    if (asset) {
      const body = await readFile(join(STATIC_DIR, asset.file));
      res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-store' });
      res.end(body);
      return;
    }
    if (url.pathname === '/api/ledger/blocks') {
      const count = Number(url.searchParams.get('count') ?? '20');
      if (!Number.isInteger(count) || count < 1 || count > MAX_BLOCKS_PER_REQUEST)
        return json(res, 400, { error: `count must be an integer in [1, ${MAX_BLOCKS_PER_REQUEST}]` });
      return json(res, 200, await this.ledgerBlocks(count));
    }
    if (url.pathname === '/api/inference/status') return this.proxy(res, '/funai/v1/status');
    const tx = /^\/api\/tx\/([0-9a-f]{64})$/.exec(url.pathname);
    if (tx) return this.proxy(res, `/funai/v1/tx/${tx[1]}`);
    json(res, 404, { error: 'not found' });
  }

  private async ledgerBlocks(count: number): Promise<{ height: number; blocks: LedgerBlockView[] }> {
    const rpc = this.sources.ledger;
    const height = await rpc.call<number>('getblockcount');
    const blocks: LedgerBlockView[] = [];
    for (let h = height; h >= 0 && h > height - count; h--) {
      const ops = await rpc.call<{
        hash: string;
        ops: Array<{
          txid: string;
          op: number;
          name?: string;
          body: string;
          payments: Array<{ value: number }>;
        }>;
      }>('getfunaiops', h);
      const header = await rpc.call<{ time: number; nTx: number }>('getblockheader', ops.hash);
      blocks.push({
        height: h,
        hash: ops.hash,
        time: header.time,
        txs: header.nTx,
        ops: ops.ops.map((o) => ({
          txid: o.txid,
          op: o.op,
          name: o.name ?? null,
          body: o.body,
          paid: o.payments.reduce((s, p) => s + p.value, 0),
        })),
      });
    }
    return { height, blocks };
  }

  /** The first inference node that answers; 503 while none runs yet. */
  private async proxy(res: ServerResponse, path: string): Promise<void> {
    for (const base of this.sources.inferenceApis()) {
      try {
        const r = await fetch(new URL(path, base), { signal: AbortSignal.timeout(5_000) });
        res.writeHead(r.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(await r.text());
        return;
      } catch {
        // that node is down (restarting, killed in a test): try the next
      }
    }
    json(res, 503, { error: 'no inference node is answering' });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
