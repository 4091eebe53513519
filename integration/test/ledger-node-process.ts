// Runs funai-ledger as a real process (the built ledger-node/dist through its bin launcher) and
// talks to it over HTTP, as an operator's tools would.

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const LEDGER_BIN = resolve(import.meta.dirname, '../../ledger-node/bin/funai-ledger.js');
export const CLI_BIN = resolve(import.meta.dirname, '../../ledger-node/bin/funai-cli.js');

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

export function post(
  port: number,
  body: string | Buffer,
  opts: { auth?: string; headers?: Record<string, string>; method?: string } = {},
): Promise<HttpReply> {
  const started = Date.now();
  return new Promise((res, rej) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...opts.headers };
    if (opts.auth !== undefined) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: '/', headers, agent: false },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () =>
          res({
            status: r.statusCode ?? 0,
            headers: r.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: Date.now() - started,
          }),
        );
        r.on('error', rej);
      },
    );
    req.on('error', rej);
    req.end(body);
  });
}

export class RpcCallError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** A result as a JSON client reads it. */
// biome-ignore lint/suspicious/noExplicitAny: RPC results are untyped JSON
export type Json = any;

export interface LedgerProcess {
  child: ChildProcess;
  datadir: string;
  rpcPort: number;
  p2pPort: number;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the first log line (already written or to come) that `match` accepts. */
  waitForLog(match: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  cookie(): string;
  /** A JSON-RPC 1.0 call with the cookie; throws RpcCallError on an error reply. */
  call<T = Json>(method: string, ...params: unknown[]): Promise<T>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code; the data directory is removed unless `keep`. */
  stop(opts?: { keep?: boolean; signal?: NodeJS.Signals }): Promise<number | null>;
}

/** Starts `funai-ledger --network regtest` in a fresh data directory and waits for its ready line. */
export async function startLedger(extra: string[] = [], datadir?: string): Promise<LedgerProcess> {
  const dir = datadir ?? mkdtempSync(join(tmpdir(), 'funai-ledger-'));
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      LEDGER_BIN,
      '--network',
      'regtest',
      '--datadir',
      dir,
      '--rpcport',
      String(rpcPort),
      '--port',
      String(p2pPort),
      // Tests stay on loopback.
      '--bind',
      '127.0.0.1',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: Record<string, unknown>[] = [];
  const logWaiters: {
    match: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }[] = [];
  let stderrText = '';
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const ready = new Promise<void>((res, rej) => {
    let buf = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      stderrText += chunk.toString('utf8');
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          for (const w of logWaiters.splice(0)) {
            if (w.match(entry)) w.resolve(entry);
            else logWaiters.push(w);
          }
          if (entry.msg === 'ready') res();
        } catch {
          // not a log line (a startup error message)
        }
      }
    });
    void exited.then((code) =>
      rej(new Error(`funai-ledger exited with ${code} before ready:\n${stderrText}`)),
    );
    setTimeout(() => rej(new Error(`funai-ledger not ready in time:\n${stderrText}`)), 60_000).unref();
  });
  await ready;
  const cookie = () => readFileSync(join(dir, 'regtest', '.cookie'), 'utf8');
  let id = 0;
  const p: LedgerProcess = {
    child,
    datadir: dir,
    rpcPort,
    p2pPort,
    logs,
    waitForLog(match) {
      const seen = logs.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        logWaiters.push({ match, resolve });
        void exited.then((code) => reject(new Error(`funai-ledger exited with ${code}:\n${stderrText}`)));
      });
    },
    cookie,
    exited,
    async call(method, ...params) {
      const r = await post(rpcPort, JSON.stringify({ method, params, id: ++id }), { auth: cookie() });
      const reply = JSON.parse(r.text) as {
        result: unknown;
        error: { code: number; message: string } | null;
      };
      if (reply.error) throw new RpcCallError(reply.error.code, reply.error.message);
      return reply.result as never;
    },
    async stop(opts = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill(opts.signal ?? 'SIGTERM');
      const code = await exited;
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
  return p;
}

/**
 * Asks a node `f` until its answer satisfies `ok` (a process's state can only be observed through
 * its RPC), failing with `what` and the last answer after `ms`.
 */
export async function until<T>(
  what: string,
  f: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 120_000,
  everyMs = 200,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
