import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadNodeConfig } from '../../src/node/config.js';
import { Daemon } from '../../src/node/daemon.js';
import { runDaemon } from '../../src/node/main.js';
import { decodeMempoolDump } from '../../src/node/mempool-persist.js';
import { hashToHex } from '../../src/wire/bytes.js';
import { txid as txid_ } from '../../src/wire/tx.js';
import { httpRequest } from '../rpc/http.js';
import type { Json } from './harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'funai-daemon-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A logger that keeps its JSON lines. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

function config(...extra: string[]) {
  return loadNodeConfig([
    '-regtest',
    `-datadir=${dir}`,
    '-rpcport=0',
    '-port=0',
    '-bind=127.0.0.1',
    ...extra,
  ]);
}

async function rpc(port: number, method: string, params: unknown[] = []) {
  const cookie = readFileSync(join(dir, 'regtest', '.cookie'), 'utf8');
  const r = await httpRequest(port, JSON.stringify({ method, params, id: 1 }), { auth: cookie });
  return JSON.parse(r.text) as { result: Json; error: { code: number; message: string } | null };
}

describe('funai-ledger command line', () => {
  it('prints help and version, and refuses unknown flags with exit status 1', async () => {
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s), onSignal: () => {} };
    expect(await runDaemon(['-help'], io)).toBe(0);
    expect(out.join('')).toMatch(/Usage: {2}funai-ledger \[options\]/);
    expect(out.join('')).toMatch(/-mineaddress=<addr>/);
    out.length = 0;
    expect(await runDaemon(['-version'], io)).toBe(0);
    expect(out.join('')).toMatch(/^FUN AI ledger daemon version v\d+\.\d+\.\d+\n$/);
    out.length = 0;
    expect(await runDaemon(['-nosuchflag=1'], io)).toBe(1);
    expect(out.join('')).toBe('Error: Invalid parameter -nosuchflag\n');
  });
});

describe('Daemon', () => {
  it('starts, logs ready with its ports, answers RPC with the cookie, and stops on RPC stop', async () => {
    const { lines, logger } = capture();
    const d = await Daemon.start({ config: config(), logger });
    const ready = lines.find((l) => l.msg === 'ready');
    expect(ready).toMatchObject({ rpcPort: d.rpcPort });
    expect(d.rpcPort).toBeGreaterThan(0);
    const cookie = join(dir, 'regtest', '.cookie');
    expect(readFileSync(cookie, 'utf8')).toMatch(/^__cookie__:[0-9a-f]{64}$/);
    expect((await rpc(d.rpcPort, 'getblockcount')).result).toBe(0);
    expect((await rpc(d.rpcPort, 'stop')).result).toBe('FUN AI ledger stopping');
    await d.stopped;
    expect(existsSync(cookie)).toBe(false);
    expect(lines.some((l) => l.msg === 'shutdown done')).toBe(true);
  });

  it('keeps the chain and the wallet across a restart', async () => {
    const first = await Daemon.start({ config: config(), logger: capture().logger });
    const addr = (await rpc(first.rpcPort, 'getnewaddress')).result;
    await rpc(first.rpcPort, 'generatetoaddress', [101, addr]);
    const best = (await rpc(first.rpcPort, 'getbestblockhash')).result;
    first.requestStop('test');
    await first.stopped;

    const second = await Daemon.start({ config: config(), logger: capture().logger });
    try {
      expect((await rpc(second.rpcPort, 'getbestblockhash')).result).toBe(best);
      expect((await rpc(second.rpcPort, 'getbalance')).result).toBe(1.5);
      expect((await rpc(second.rpcPort, 'getaddressinfo', [addr])).result.ismine).toBe(true);
    } finally {
      second.requestStop('test');
      await second.stopped;
    }
  });

  /** Starts a daemon, runs `body` against its RPC port, and stops it. */
  async function withDaemon<T>(
    extra: string[],
    body: (call: (method: string, params?: unknown[]) => ReturnType<typeof rpc>) => Promise<T>,
  ): Promise<T> {
    const d = await Daemon.start({ config: config(...extra), logger: capture().logger });
    try {
      return await body((method, params) => rpc(d.rpcPort, method, params));
    } finally {
      d.requestStop('test');
      await d.stopped;
    }
  }

  it('offers the wallet transactions back to the mempool after a restart, so the next send can spend their change', async () => {
    // One mature coin: the first send spends it, the second can only spend the first one's outputs.
    // -persistmempool=0: only the wallet's resubmission can bring the transaction back.
    const sent = await withDaemon(['-persistmempool=0'], async (call) => {
      const addr = (await call('getnewaddress')).result;
      await call('generatetoaddress', [101, addr]);
      const txid = (await call('sendtoaddress', [(await call('getnewaddress')).result, 0.5])).result;
      expect((await call('getrawmempool')).result).toEqual([txid]);
      return txid as string;
    });
    await withDaemon(['-persistmempool=0'], async (call) => {
      expect((await call('getrawmempool')).result).toEqual([sent]);
      const next = await call('sendtoaddress', [(await call('getnewaddress')).result, 1]);
      expect(next.error).toBeNull();
      const addr = (await call('getnewaddress')).result;
      await call('generatetoaddress', [1, addr]);
      for (const id of [sent, next.result]) {
        expect((await call('gettransaction', [id])).result.confirmations).toBe(1);
      }
      expect((await call('getrawmempool')).result).toEqual([]);
    });
  });

  it('forgets a wallet transaction whose input a block spent while it was in no mempool; its coins are spendable again', async () => {
    const { addr, conflict } = await withDaemon(['-persistmempool=0'], async (call) => {
      const addr = (await call('getnewaddress')).result as string;
      await call('generatetoaddress', [101, addr]);
      const [coin] = (await call('listunspent')).result;
      // A transaction spending the only mature coin, signed but kept back.
      const raw = (
        await call('createrawtransaction', [[{ txid: coin.txid, vout: coin.vout }], { [addr]: 1.4 }])
      ).result;
      const conflict = (await call('signrawtransactionwithwallet', [raw])).result.hex as string;
      await call('sendtoaddress', [(await call('getnewaddress')).result, 0.5]);
      return { addr, conflict };
    });
    // Mined by a node without the wallet, so the wallet's transaction is in no mempool meanwhile.
    await withDaemon(['-disablewallet', '-persistmempool=0'], async (call) => {
      expect((await call('generateblock', [addr, [conflict]])).error).toBeNull();
    });
    await withDaemon(['-persistmempool=0'], async (call) => {
      expect((await call('getrawmempool')).result).toEqual([]);
      // The coinbase of block 2 (now mature) and the conflict's 1.4; not the forgotten send's change.
      expect((await call('getbalance')).result).toBe(2.9);
      const next = await call('sendtoaddress', [(await call('getnewaddress')).result, 2.5]);
      expect(next.error).toBeNull();
      await call('generatetoaddress', [1, addr]);
      expect((await call('gettransaction', [next.result])).result.confirmations).toBe(1);
    });
  });

  it('-persistmempool: saves the mempool to mempool.dat at shutdown and loads it (re-validated) at start', async () => {
    const file = join(dir, 'regtest', 'mempool.dat');
    const txid = await withDaemon([], async (call) => {
      await call('generatetoaddress', [101, (await call('getnewaddress')).result]);
      return (await call('sendtoaddress', [(await call('getnewaddress')).result, 0.5])).result as string;
    });
    expect(decodeMempoolDump(readFileSync(file)).map((e) => hashToHex(txid_(e.tx)))).toEqual([txid]);
    // Without the wallet: the transaction comes back from mempool.dat alone, with its entry time.
    const hex = await withDaemon(['-disablewallet'], async (call) => {
      expect((await call('getrawmempool')).result).toEqual([txid]);
      const entry = (await call('getmempoolentry', [txid])).result;
      expect(entry.time).toBe(decodeMempoolDump(readFileSync(file))[0]!.time);
      return (await call('getrawtransaction', [txid])).result as string;
    });
    // -persistmempool=0 neither loads nor writes the file; the transaction is mined meanwhile.
    await withDaemon(['-disablewallet', '-persistmempool=0'], async (call) => {
      expect((await call('getrawmempool')).result).toEqual([]);
      expect((await call('sendrawtransaction', [hex])).result).toBe(txid);
      await call('generatetoaddress', [1, 'fairt1qkqn00zunsxd83j5vttfa8vn4wvxw8lgeqskpfg']);
    });
    expect(decodeMempoolDump(readFileSync(file))).toHaveLength(1);
    // Loaded again, the mined transaction is refused: the pool and the new file are empty.
    await withDaemon(['-disablewallet'], async (call) => {
      expect((await call('getrawmempool')).result).toEqual([]);
    });
    expect(decodeMempoolDump(readFileSync(file))).toEqual([]);
  });

  it('refuses a data directory another daemon holds, and leaves that daemon alone', async () => {
    const first = await Daemon.start({ config: config(), logger: capture().logger });
    try {
      const cookie = readFileSync(join(dir, 'regtest', '.cookie'), 'utf8');
      await expect(Daemon.start({ config: config(), logger: capture().logger })).rejects.toThrow(/held by/);
      expect(readFileSync(join(dir, 'regtest', '.cookie'), 'utf8')).toBe(cookie);
      expect((await rpc(first.rpcPort, 'getblockcount')).result).toBe(0);
    } finally {
      first.requestStop('test');
      await first.stopped;
    }
  });

  it('with -mine and -disablewallet mines to -mineaddress; wallet methods are absent', async () => {
    const addr = 'fairt1qkqn00zunsxd83j5vttfa8vn4wvxw8lgeqskpfg';
    const { lines, logger } = capture();
    const d = await Daemon.start({
      config: config('-mine', '-disablewallet', `-mineaddress=${addr}`),
      logger,
    });
    try {
      // The hasher is chosen, and the miner kernel compiled, before the chain state loads.
      const at = (msg: string) => lines.findIndex((l) => l.msg === msg);
      expect(lines[at('SHA-256d hasher')]).toMatchObject({ hasher: 'wasm-simd' });
      expect(at('SHA-256d hasher')).toBeLessThan(at('chain state loaded'));
      expect(lines[at('CPU miner started')]).toMatchObject({
        kernel: 'wasm-simd',
        revectorized: expect.any(Boolean),
      });
      const tip = (await rpc(d.rpcPort, 'waitforblockheight', [1, 20_000])).result;
      expect(tip.height).toBe(1);
      const block = (await rpc(d.rpcPort, 'getblock', [tip.hash, 2])).result;
      expect(block.tx[0].vout[0].scriptPubKey.address).toBe(addr);
      expect((await rpc(d.rpcPort, 'getmininginfo')).result.generate).toBe(true);
      expect((await rpc(d.rpcPort, 'getbalance')).error?.code).toBe(-32601);
    } finally {
      d.requestStop('test');
      await d.stopped;
    }
  });
});
