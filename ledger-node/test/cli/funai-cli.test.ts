import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError, RpcErrorCode } from '../../src/rpc/errors.js';
import { valueFromAmount } from '../../src/rpc/json.js';
import { registerRpcMethods } from '../../src/rpc/registry.js';
import { RpcServer } from '../../src/rpc/server.js';

const BIN = fileURLToPath(new URL('../../src/bin/funai-cli.ts', import.meta.url));
const HOOKS = new URL('./ts-source-hooks.mjs', import.meta.url).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** funai-cli as a child process, from its TypeScript source. */
function cli(args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    // The sources use parameter properties, which plain type stripping does not accept.
    const node = [
      '--experimental-transform-types',
      '--disable-warning=ExperimentalWarning',
      '--import',
      HOOKS,
    ];
    const child = spawn(process.execPath, [...node, BIN, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'funai-cli-'));
  dirs.push(d);
  return d;
}

let datadir: string;
let server: RpcServer;
let port: number;
const seenUris: string[] = [];
/** Resolvers waiting for the server to be asked a method (it logs each call before running it). */
const callWaiters: { method: string; resolve: () => void }[] = [];

/** Resolves when the server is next asked `method` (answered or refused). */
function nextCall(method: string): Promise<void> {
  return new Promise((resolve) => callWaiters.push({ method, resolve }));
}

const callLogger = {
  debug(obj: object) {
    const method = (obj as { method?: unknown }).method;
    for (let i = callWaiters.length - 1; i >= 0; i--) {
      if (callWaiters[i]!.method !== method) continue;
      callWaiters[i]!.resolve();
      callWaiters.splice(i, 1);
    }
  },
  info() {},
  warn() {},
  error() {},
};

function methods(target: RpcServer): void {
  registerRpcMethods(
    target,
    {
      name: 'getblockcount',
      category: 'blockchain',
      help: 'Returns the height of the most-work fully-validated chain.',
      handler: () => 10,
    },
    {
      name: 'getblockhash',
      category: 'blockchain',
      params: [{ name: 'height', type: 'int' }],
      help: 'Returns hash of block in best-block-chain at height provided.',
      handler: (a: { height: number }) => {
        if (a.height > 10) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Block height out of range');
        return a.height.toString(16).padStart(64, '0');
      },
    },
    {
      name: 'echo',
      category: 'util',
      params: [
        { name: 'arg0', type: 'any', optional: true },
        { name: 'arg1', type: 'any', optional: true },
        { name: 'arg2', type: 'any', optional: true },
      ],
      help: 'Echoes its arguments.',
      handler: (a) => [a.arg0 ?? null, a.arg1 ?? null, a.arg2 ?? null],
    },
    {
      name: 'getbalances',
      category: 'wallet',
      params: [
        { name: 'minconf', type: 'int', default: 1 },
        { name: 'label', type: 'string', optional: true },
      ],
      help: 'Balances.',
      handler: (a: { minconf: number; label?: string }, ctx) => {
        seenUris.push(ctx.uri);
        return { trusted: valueFromAmount(10_000_000n), minconf: a.minconf, label: a.label ?? null };
      },
    },
    { name: 'nothing', category: 'util', help: 'Returns null.', handler: () => null },
  );
}

beforeAll(async () => {
  datadir = tmp();
  mkdirSync(join(datadir, 'regtest'));
  server = new RpcServer({
    port: 0,
    cookieFile: join(datadir, 'regtest', '.cookie'),
    users: [{ user: 'alice', password: 'secret' }],
    logger: callLogger,
  });
  methods(server);
  await server.start();
  port = server.port;
});

afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const base = () => [`-datadir=${datadir}`, '-regtest', `-rpcport=${port}`];

describe('funai-cli', () => {
  it('authenticates with the cookie and prints a number', async () => {
    const r = await cli([...base(), 'getblockcount']);
    expect(r).toEqual({ code: 0, stdout: '10\n', stderr: '' });
  });

  it('prints strings raw, objects as indented JSON with amounts as sent, null as nothing', async () => {
    expect((await cli([...base(), 'getblockhash', '2'])).stdout).toBe(`${'0'.repeat(63)}2\n`);
    const obj = await cli([...base(), 'getbalances']);
    expect(obj.stdout).toBe('{\n  "trusted": 0.10000000,\n  "minconf": 1,\n  "label": null\n}\n');
    expect(await cli([...base(), 'nothing'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('sends arguments that parse as JSON as JSON, others as strings', async () => {
    const r = await cli([...base(), 'echo', '[1,{"a":0.5}]', 'hello', '"10"']);
    expect(JSON.parse(r.stdout)).toEqual([[1, { a: 0.5 }], 'hello', '10']);
  });

  it('sends -named arguments as an object, bare ones as "args"', async () => {
    const r = await cli([...base(), '-named', 'getbalances', 'label=savings']);
    expect(JSON.parse(r.stdout)).toEqual({ trusted: 0.1, minconf: 1, label: 'savings' });
    const mixed = await cli([...base(), '-named', 'echo', 'x', 'arg2=true']);
    expect(JSON.parse(mixed.stdout)).toEqual(['x', null, true]);
    const bad = await cli([...base(), '-named', 'getbalances', 'colour=red']);
    expect(bad.code).toBe(8);
    expect(bad.stderr).toBe('error code: -8\nerror message:\nUnknown named parameter colour\n');
  });

  it("prints RPC errors as bitcoin-cli does and exits with the code's absolute value", async () => {
    const r = await cli([...base(), 'getblockhash', '42']);
    expect(r).toEqual({
      code: 8,
      stdout: '',
      stderr: 'error code: -8\nerror message:\nBlock height out of range\n',
    });
    const missing = await cli([...base(), 'nosuchmethod']);
    expect(missing.stderr).toBe('error code: -32601\nerror message:\nMethod not found\n');
    expect(missing.code).toBe(32601 & 0xff);
    const type = await cli([...base(), 'getblockhash', 'abc']);
    expect(type.code).toBe(3);
    expect(type.stderr).toContain('JSON value of type string is not of expected type number');
  });

  it('reads extra arguments from standard input with -stdin', async () => {
    const r = await cli([...base(), '-stdin', 'echo', 'first'], '2\nthird line\n');
    expect(JSON.parse(r.stdout)).toEqual(['first', 2, 'third line']);
  });

  it('uses -rpcuser/-rpcpassword, and -stdinrpcpass', async () => {
    expect((await cli([...base(), '-rpcuser=alice', '-rpcpassword=secret', 'getblockcount'])).stdout).toBe(
      '10\n',
    );
    expect(
      (await cli([...base(), '-rpcuser=alice', '-stdinrpcpass', 'getblockcount'], 'secret\n')).stdout,
    ).toBe('10\n');
    const wrong = await cli([...base(), '-rpcuser=alice', '-rpcpassword=nope', 'getblockcount']);
    expect(wrong).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Authorization failed: Incorrect rpcuser or rpcpassword\n',
    });
  });

  it('says so when no cookie can be found', async () => {
    const empty = tmp();
    const r = await cli([`-datadir=${empty}`, '-regtest', `-rpcport=${port}`, 'getblockcount']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: Could not locate RPC credentials. No authentication cookie could be found, and RPC password is not set.  See -rpcpassword and -stdinrpcpass.  Configuration file: (${join(empty, 'funai.conf')})\n`,
    );
  });

  it('explains a refused connection', async () => {
    const closed = new RpcServer({ port: 0 });
    await closed.start();
    const deadPort = closed.port;
    await closed.close();
    const r = await cli([`-datadir=${datadir}`, '-regtest', `-rpcport=${deadPort}`, 'getblockcount']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: Could not connect to the server 127.0.0.1:${deadPort}\n\nMake sure the funai-ledger server is running and that you are connecting to the correct RPC port.\nUse "funai-cli -help" for more info.\n`,
    );
  });

  it('rejects unknown options and a missing command', async () => {
    expect(await cli(['-frobnicate', 'getblockcount'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error parsing command line arguments: Invalid parameter -frobnicate\n',
    });
    expect(await cli([...base()])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: too few parameters (need at least command)\n',
    });
  });

  it('reads the network and port from the config file', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'regtest'));
    writeFileSync(join(dir, 'regtest', '.cookie'), readFileSync(join(datadir, 'regtest', '.cookie')));
    writeFileSync(
      join(dir, 'funai.conf'),
      `regtest=1\ntxindex=1\n[regtest]\nrpcport=${port}\n[main]\nrpcport=1\n`,
    );
    const r = await cli([`-datadir=${dir}`, 'getblockcount']);
    expect(r).toEqual({ code: 0, stdout: '10\n', stderr: '' });
  });

  it('sends -rpcwallet calls to /wallet/<name>', async () => {
    seenUris.length = 0;
    await cli([...base(), '-rpcwallet=my wallet', 'getbalances']);
    expect(seenUris).toEqual(['/wallet/my%20wallet']);
  });

  it('prints usage with -help and exits 0', async () => {
    const r = await cli(['-help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage:  funai-cli [options] <command> [params]');
    expect(r.stdout).toContain('-rpcwait');
  });

  it('waits through warmup with -rpcwait', async () => {
    server.setWarmup('Loading block index…');
    const warm = await cli([...base(), 'getblockcount']);
    expect(warm).toEqual({
      code: 28,
      stdout: '',
      stderr: 'error code: -28\nerror message:\nLoading block index…\n',
    });
    // The warmup ends once the waiting client has been refused at least once.
    const refused = nextCall('getblockcount');
    const waiting = cli([...base(), '-rpcwait', 'getblockcount']);
    await refused;
    server.setWarmup(null);
    expect(await waiting).toEqual({ code: 0, stdout: '10\n', stderr: '' });
  });
});
