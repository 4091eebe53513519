import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RpcError, RpcErrorCode } from '../../src/rpc/errors.js';
import { valueFromAmount } from '../../src/rpc/json.js';
import type { RpcContext } from '../../src/rpc/registry.js';
import { registerRpcMethods } from '../../src/rpc/registry.js';
import type { RpcLogger, RpcServerOptions } from '../../src/rpc/server.js';
import { RpcServer } from '../../src/rpc/server.js';
import { httpRequest } from './http.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'funai-rpc-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Captured {
  level: string;
  msg: string | undefined;
  obj: object;
}

function captureLogger(): { logger: RpcLogger; lines: Captured[] } {
  const lines: Captured[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, msg, obj });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** A server with a few methods such as the chain and wallet modules would register. */
function makeServer(opts: Partial<RpcServerOptions> = {}) {
  const events: string[] = [];
  const server = new RpcServer({ port: 0, cookieFile: join(tmp(), '.cookie'), ...opts });
  registerRpcMethods(
    server,
    {
      name: 'getblockhash',
      category: 'blockchain',
      params: [{ name: 'height', type: 'int', help: 'The height index' }],
      help: 'Returns hash of block in best-block-chain at height provided.',
      handler: (args: { height: number }) => {
        if (args.height < 0 || args.height > 10)
          throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Block height out of range');
        return args.height.toString(16).padStart(64, '0');
      },
    },
    {
      name: 'getblockcount',
      category: 'blockchain',
      help: 'Returns the height of the most-work fully-validated chain.',
      handler: () => 10,
    },
    {
      name: 'echo',
      category: 'util',
      params: [
        { name: 'a', type: 'any', optional: true },
        { name: 'b', type: 'any', optional: true },
        { name: 'c', type: 'any', optional: true },
      ],
      help: 'Echo back the arguments.',
      handler: (args) => [args.a ?? null, args.b ?? null, args.c ?? null],
    },
    {
      name: 'typed',
      category: 'util',
      params: [
        { name: 'count', type: 'number' },
        { name: 'label', type: 'string', default: 'none' },
        { name: 'flag', type: 'boolean', optional: true },
      ],
      help: 'Checks parameter types.',
      handler: (args) => ({ count: args.count, label: args.label, flag: args.flag ?? null }),
    },
    {
      name: 'send',
      category: 'wallet',
      params: [
        { name: 'amount', type: 'amount' },
        { name: 'data', type: 'hex', optional: true },
        { name: 'txid', type: 'hash', optional: true },
      ],
      help: 'Converts an amount, hex data and a hash.',
      handler: (args: { amount: bigint; data?: Uint8Array; txid?: Uint8Array }) => ({
        base: args.amount,
        amount: valueFromAmount(args.amount),
        data: args.data ? Buffer.from(args.data).toString('hex') : null,
        txidInternal: args.txid ? Buffer.from(args.txid).toString('hex') : null,
      }),
    },
    {
      name: 'fail',
      category: 'util',
      help: 'Throws a plain exception.',
      handler: () => {
        throw new Error('something broke');
      },
    },
    {
      name: 'mark',
      category: 'util',
      params: [{ name: 'tag', type: 'string' }],
      help: 'Records a side effect.',
      handler: (args: { tag: string }, ctx: RpcContext) => {
        events.push(`${args.tag}@${ctx.uri}@v${ctx.jsonVersion}@${ctx.user}`);
        return args.tag;
      },
    },
  );
  return { server, events };
}

async function started(opts: Partial<RpcServerOptions> = {}) {
  const made = makeServer(opts);
  await made.server.start();
  const cookie = readFileSync(opts.cookieFile ?? join(dirs[dirs.length - 1]!, '.cookie'), 'utf8');
  const port = made.server.port;
  const call = (body: unknown, o: { path?: string; auth?: string } = {}) =>
    httpRequest(port, typeof body === 'string' ? body : JSON.stringify(body), { auth: cookie, ...o });
  const json = async (body: unknown, o: { path?: string; auth?: string } = {}) => {
    const r = await call(body, o);
    return { status: r.status, body: r.text ? JSON.parse(r.text) : null, text: r.text };
  };
  return { ...made, cookie, port, call, json };
}

let current: RpcServer | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function fixture(opts: Partial<RpcServerOptions> = {}) {
  const f = await started(opts);
  current = f.server;
  return f;
}

describe('JSON-RPC 1.0', () => {
  it('answers a call with result, error: null and the id', async () => {
    const f = await fixture();
    const r = await f.json({ method: 'getblockhash', params: [3], id: 'x1' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ result: `${'0'.repeat(63)}3`, error: null, id: 'x1' });
    const legacy = await f.json({ jsonrpc: '1.0', method: 'getblockcount', id: 7 });
    expect(legacy.body).toEqual({ result: 10, error: null, id: 7 });
  });

  it('answers errors with HTTP 404 (method not found) or 500 (others)', async () => {
    const f = await fixture();
    const notFound = await f.json({ method: 'nosuchmethod', params: [], id: 1 });
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({
      result: null,
      error: { code: -32601, message: 'Method not found' },
      id: 1,
    });
    const invalid = await f.json({ method: 'getblockhash', params: [42], id: 2 });
    expect(invalid.status).toBe(500);
    expect(invalid.body.error).toEqual({ code: -8, message: 'Block height out of range' });
    const thrown = await f.json({ method: 'fail', id: 3 });
    expect(thrown.status).toBe(500);
    expect(thrown.body.error).toEqual({ code: -1, message: 'something broke' });
  });

  it('leaves the id out of the reply when the request has none, and runs the call', async () => {
    const f = await fixture();
    const r = await f.json({ method: 'mark', params: ['n1'] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ result: 'n1', error: null });
    expect(f.events).toEqual(['n1@/@v1@__cookie__']);
  });
});

describe('JSON-RPC 2.0', () => {
  it('answers with jsonrpc "2.0" and only one of result and error, errors with HTTP 200', async () => {
    const f = await fixture();
    const ok = await f.json({ jsonrpc: '2.0', method: 'getblockcount', id: 0 });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ jsonrpc: '2.0', result: 10, id: 0 });
    const notFound = await f.json({ jsonrpc: '2.0', method: 'nosuchmethod', id: 1 });
    expect(notFound.status).toBe(200);
    expect(notFound.body).toEqual({
      jsonrpc: '2.0',
      error: { code: -32601, message: 'Method not found' },
      id: 1,
    });
    const invalid = await f.json({ jsonrpc: '2.0', method: 'getblockhash', params: [42], id: 2 });
    expect(invalid.status).toBe(200);
    expect(invalid.body.error.code).toBe(-8);
  });

  it('an id of null is still an id', async () => {
    const f = await fixture();
    const r = await f.json({ jsonrpc: '2.0', method: 'getblockcount', id: null });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ jsonrpc: '2.0', result: 10, id: null });
  });

  it('runs a notification and answers 204 with no body, even when it fails', async () => {
    const f = await fixture();
    const r = await f.call({ jsonrpc: '2.0', method: 'mark', params: ['note'] });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect(f.events).toEqual(['note@/@v2@__cookie__']);
    const failed = await f.call({ jsonrpc: '2.0', method: 'getblockhash', params: [42] });
    expect(failed.status).toBe(204);
    expect(failed.text).toBe('');
  });

  it('refuses a jsonrpc field that is no string or no known version with HTTP 400', async () => {
    const f = await fixture();
    const num = await f.json({ jsonrpc: 2, method: 'getblockcount' });
    expect(num.status).toBe(400);
    expect(num.body).toEqual({
      result: null,
      error: { code: -32600, message: 'jsonrpc field must be a string' },
    });
    const v3 = await f.json({ jsonrpc: '3.0', method: 'getblockcount' });
    expect(v3.status).toBe(400);
    expect(v3.body).toEqual({
      result: null,
      error: { code: -32600, message: 'JSON-RPC version not supported' },
    });
  });
});

describe('batches', () => {
  const calls = [
    { method: 'getblockcount' },
    { method: 'invalidmethod' },
    { method: 'getblockhash', params: [0] },
    { pizza: 'sausage' },
  ];

  it('answers each member in order, errors included, with HTTP 200', async () => {
    const f = await fixture();
    const r = await f.json(calls.map((c, i) => ({ jsonrpc: '2.0', id: i + 1, ...c })));
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      { jsonrpc: '2.0', id: 1, result: 10 },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } },
      { jsonrpc: '2.0', id: 3, result: '0'.repeat(64) },
      { jsonrpc: '2.0', id: 4, error: { code: -32600, message: 'Missing method' } },
    ]);
  });

  it('leaves notifications out, and answers 204 when all are notifications', async () => {
    const f = await fixture();
    const mixed = await f.json(
      calls.map((c, i) => ({ jsonrpc: '2.0', ...(i < 2 ? {} : { id: i + 1 }), ...c })),
    );
    expect(mixed.body).toEqual([
      { jsonrpc: '2.0', id: 3, result: '0'.repeat(64) },
      { jsonrpc: '2.0', id: 4, error: { code: -32600, message: 'Missing method' } },
    ]);
    const all = await f.call(calls.map((c) => ({ jsonrpc: '2.0', ...c })));
    expect(all.status).toBe(204);
    expect(all.text).toBe('');
  });

  it('answers 1.0 members in 1.0 form and an empty batch with an empty array', async () => {
    const f = await fixture();
    const v1 = await f.json([
      { method: 'getblockcount', id: 1 },
      { jsonrpc: '2.1', method: 'getblockcount', id: 2 },
    ]);
    expect(v1.body).toEqual([
      { result: 10, error: null, id: 1 },
      { result: null, error: { code: -32600, message: 'JSON-RPC version not supported' }, id: 2 },
    ]);
    const empty = await f.json([]);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);
  });
});

describe('malformed requests', () => {
  it('answers unparsable JSON and an empty body with a parse error, HTTP 500, id null', async () => {
    const f = await fixture();
    for (const body of ['this is bad', '', '{"method":', '[1,2']) {
      const r = await f.json(body);
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ result: null, error: { code: -32700, message: 'Parse error' }, id: null });
    }
  });

  it('answers a top level that is no object or array, and invalid members', async () => {
    const f = await fixture();
    const top = await f.json('42');
    expect(top.status).toBe(500);
    expect(top.body.error).toEqual({ code: -32700, message: 'Top-level object parse error' });
    const cases: [unknown, string][] = [
      [{ id: 1 }, 'Missing method'],
      [{ id: 1, method: 5 }, 'Method must be a string'],
      [{ id: 1, method: 'echo', params: 'x' }, 'Params must be an array or object'],
    ];
    for (const [body, message] of cases) {
      const r = await f.json(body);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ result: null, error: { code: -32600, message }, id: 1 });
    }
  });
});

describe('parameters', () => {
  it("rejects wrong types with RPC_TYPE_ERROR and bitcoind's message", async () => {
    const f = await fixture();
    const r = await f.json({ method: 'typed', params: ['seven', 3], id: 1 });
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe(-3);
    expect(r.body.error.message).toBe(
      'Wrong type passed:\n{\n    "Position 1 (count)": "JSON value of type string is not of expected type number",\n    "Position 2 (label)": "JSON value of type number is not of expected type string"\n}',
    );
    const flag = await f.json({ method: 'typed', params: [1, 'x', 'yes'], id: 2 });
    expect(flag.body.error.message).toContain(
      '"Position 3 (flag)": "JSON value of type string is not of expected type bool"',
    );
  });

  it('answers a wrong argument count with the help text as RPC_MISC_ERROR', async () => {
    const f = await fixture();
    for (const params of [[], [1, 2, 3, 4]]) {
      const r = await f.json({ method: 'typed', params, id: 1 });
      expect(r.body.error.code).toBe(-1);
      expect(r.body.error.message).toMatch(/^typed count \( "label" flag \)\n\nChecks parameter types\./);
    }
  });

  it('applies defaults and accepts null for optional parameters', async () => {
    const f = await fixture();
    expect((await f.json({ method: 'typed', params: [5], id: 1 })).body.result).toEqual({
      count: 5,
      label: 'none',
      flag: null,
    });
    expect((await f.json({ method: 'typed', params: [5, null, true], id: 1 })).body.result).toEqual({
      count: 5,
      label: 'none',
      flag: true,
    });
  });

  it('takes named parameters as -named sends them', async () => {
    const f = await fixture();
    const r = await f.json({ method: 'typed', params: { flag: false, count: 2 }, id: 1 });
    expect(r.body.result).toEqual({ count: 2, label: 'none', flag: false });
    const unknown = await f.json({ method: 'typed', params: { count: 2, colour: 'red' }, id: 1 });
    expect(unknown.body.error).toEqual({ code: -8, message: 'Unknown named parameter colour' });
    const hole = await f.json({ method: 'echo', params: { c: 3 }, id: 1 });
    expect(hole.body.result).toEqual([null, null, 3]);
    const mixed = await f.json({ method: 'echo', params: { args: [1], c: 3 }, id: 1 });
    expect(mixed.body.result).toEqual([1, null, 3]);
    const twice = await f.json({ method: 'echo', params: { args: [1, 2], b: 3 }, id: 1 });
    expect(twice.body.error).toEqual({
      code: -8,
      message: 'Parameter b specified twice both as positional and named argument.',
    });
  });

  it("reads integers as bitcoind's getInt does", async () => {
    const f = await fixture();
    expect((await f.json('{"method":"getblockhash","params":[1.5],"id":1}')).body.error).toEqual({
      code: -1,
      message: 'JSON integer out of range',
    });
    expect((await f.json('{"method":"getblockhash","params":[1.0],"id":1}')).body.error.message).toBe(
      'JSON integer out of range',
    );
    expect((await f.json('{"method":"getblockhash","params":[2],"id":1}')).body.result).toBe(
      `${'0'.repeat(63)}2`,
    );
  });

  it('converts amounts from their literal text, and writes them with eight decimals', async () => {
    const f = await fixture();
    const r = await f.json('{"method":"send","params":[0.1],"id":1}');
    expect(r.body.result.base).toBe(10_000_000);
    expect(r.text).toContain('"amount":0.10000000');
    expect((await f.json('{"method":"send","params":[1e-8],"id":1}')).body.result.base).toBe(1);
    expect((await f.json('{"method":"send","params":["20999999.99999999"],"id":1}')).text).toContain(
      '"base":2099999999999999',
    );
    expect((await f.json('{"method":"send","params":[0.123456789],"id":1}')).body.error).toEqual({
      code: -3,
      message: 'Invalid amount',
    });
    expect((await f.json('{"method":"send","params":[-1],"id":1}')).body.error.message).toBe(
      'Amount out of range',
    );
    expect((await f.json('{"method":"send","params":[true],"id":1}')).body.error.message).toBe(
      'Amount is not a number or string',
    );
    expect((await f.json('{"method":"send","params":{"amount":0.5},"id":1}')).body.result.base).toBe(
      50_000_000,
    );
  });

  it("checks hex and hash parameters with bitcoind's messages", async () => {
    const f = await fixture();
    const hash = `${'00'.repeat(31)}ff`;
    const ok = await f.json({ method: 'send', params: [1, 'abCD', hash], id: 1 });
    expect(ok.body.result.data).toBe('abcd');
    expect(ok.body.result.txidInternal).toBe(`ff${'00'.repeat(31)}`);
    expect((await f.json({ method: 'send', params: [1, 'xyz'], id: 1 })).body.error).toEqual({
      code: -8,
      message: "data must be hexadecimal string (not 'xyz')",
    });
    expect((await f.json({ method: 'send', params: [1, null, 'abc'], id: 1 })).body.error).toEqual({
      code: -8,
      message: "txid must be of length 64 (not 3, for 'abc')",
    });
    expect(
      (await f.json({ method: 'send', params: [1, null, 'g'.repeat(64)], id: 1 })).body.error.message,
    ).toBe(`txid must be hexadecimal string (not '${'g'.repeat(64)}')`);
  });
});

describe('help, uptime, stop', () => {
  it("lists methods by category and shows one method's help", async () => {
    const f = await fixture();
    const index = (await f.json({ method: 'help', id: 1 })).body.result as string;
    expect(index).toContain('== Blockchain ==\ngetblockcount\ngetblockhash height');
    expect(index).toContain('== Control ==\nhelp ( "command" )\nstop\nuptime');
    expect(index.indexOf('== Blockchain ==')).toBeLessThan(index.indexOf('== Control =='));
    const one = (await f.json({ method: 'help', params: ['getblockhash'], id: 1 })).body.result as string;
    expect(one).toBe(
      'getblockhash height\n\nReturns hash of block in best-block-chain at height provided.\n\nArguments:\n1. height    (numeric, required) The height index',
    );
    expect((await f.json({ method: 'help', params: ['nope'], id: 1 })).body.result).toBe(
      'help: unknown command: nope',
    );
  });

  it('uptime counts seconds from the start time', async () => {
    const f = await fixture({ startTime: Date.now() - 42_500 });
    const up = (await f.json({ method: 'uptime', id: 1 })).body.result;
    expect(up).toBeGreaterThanOrEqual(42);
    expect(up).toBeLessThan(60);
  });

  it('stop answers, then calls onStop', async () => {
    let stopped = 0;
    let onStopCalled!: () => void;
    const called = new Promise<void>((res) => {
      onStopCalled = res;
    });
    const f = await fixture({
      onStop: () => {
        stopped++;
        onStopCalled();
      },
    });
    const r = await f.json({ method: 'stop', id: 1 });
    expect(r.body.result).toBe('FUN AI ledger stopping');
    await called;
    expect(stopped).toBe(1);
  });

  it('answers RPC_IN_WARMUP while warming up, except help, stop and uptime', async () => {
    const f = await fixture();
    f.server.setWarmup('Loading block index…');
    expect((await f.json({ method: 'getblockcount', id: 1 })).body.error).toEqual({
      code: -28,
      message: 'Loading block index…',
    });
    expect((await f.json({ method: 'uptime', id: 1 })).body.error).toBeNull();
    f.server.setWarmup(null);
    expect((await f.json({ method: 'getblockcount', id: 1 })).body.result).toBe(10);
  });
});

describe('authentication', () => {
  it('writes a 0600 cookie of __cookie__ and 64 hex digits, and deletes it on close', async () => {
    const dir = tmp();
    const file = join(dir, '.cookie');
    const f = await fixture({ cookieFile: file });
    expect(f.cookie).toMatch(/^__cookie__:[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await f.json({ method: 'getblockcount', id: 1 })).body.result).toBe(10);
    await f.server.close();
    expect(() => statSync(file)).toThrow();
  });

  it('answers a request without credentials 401 with a Basic challenge', async () => {
    const f = await fixture();
    const r = await httpRequest(f.port, '{"method":"getblockcount"}');
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Basic realm="jsonrpc"');
  });

  it('answers wrong credentials 401 after a delay, and logs the attempt', async () => {
    const { logger, lines } = captureLogger();
    const f = await fixture({ logger });
    for (const auth of ['__cookie__:wrong', 'nobody', `${f.cookie}x`]) {
      const t0 = Date.now();
      const r = await f.call({ method: 'getblockcount', id: 1 }, { auth });
      expect(r.status).toBe(401);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    }
    const bearer = await httpRequest(f.port, '{}', { headers: { Authorization: 'Bearer abc' } });
    expect(bearer.status).toBe(401);
    expect(lines.filter((l) => l.msg === 'ThreadRPCServer incorrect password attempt')).toHaveLength(4);
    expect(JSON.stringify(lines)).toContain('127.0.0.1');
  });

  it('accepts rpcuser/rpcpassword and rpcauth besides the cookie', async () => {
    const salt = 'cb77f0957de88ff388cf817ddbc7273';
    const hash = createHmac('sha256', salt).update('s3cret').digest('hex');
    const f = await fixture({
      users: [{ user: 'alice', password: 'pa:ss' }],
      rpcauth: [{ user: 'bob', salt, hash }],
    });
    expect(
      (await f.json({ method: 'mark', params: ['a'], id: 1 }, { auth: 'alice:pa:ss' })).body.result,
    ).toBe('a');
    expect((await f.json({ method: 'mark', params: ['b'], id: 1 }, { auth: 'bob:s3cret' })).body.result).toBe(
      'b',
    );
    expect(f.events).toEqual(['a@/@v1@alice', 'b@/@v1@bob']);
    expect((await f.call({ method: 'getblockcount' }, { auth: 'bob:wrong' })).status).toBe(401);
    expect((await f.call({ method: 'getblockcount' }, { auth: 'alice:pa' })).status).toBe(401);
  });
});

describe('HTTP', () => {
  it('answers GET 405, unknown paths 404, and passes /wallet/<name> to handlers', async () => {
    const f = await fixture();
    const get = await httpRequest(f.port, '', { method: 'GET', auth: f.cookie });
    expect(get.status).toBe(405);
    expect(get.text).toBe('JSONRPC server handles only POST requests');
    expect((await f.call({ method: 'getblockcount' }, { path: '/rest/chaininfo.json' })).status).toBe(404);
    await f.json({ method: 'mark', params: ['w'], id: 1 }, { path: '/wallet/main' });
    expect(f.events).toEqual(['w@/wallet/main@v1@__cookie__']);
  });

  it('answers an oversized Content-Length 413 without reading the body', async () => {
    const f = await fixture({ maxBodyBytes: 1024 });
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = connect(f.port, '127.0.0.1', () => {
        sock.write(
          `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${Buffer.from(f.cookie).toString('base64')}\r\nContent-Length: 100000000\r\n\r\n`,
        );
      });
      let data = '';
      sock.on('data', (d) => (data += d.toString()));
      sock.on('close', () => resolve(data));
      sock.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('stops reading a chunked body once it passes the limit', async () => {
    const f = await fixture({ maxBodyBytes: 1024 });
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = connect(f.port, '127.0.0.1', () => {
        sock.write(
          `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${Buffer.from(f.cookie).toString('base64')}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        );
        // 2 KiB, then wait: the answer must come before the body ends.
        sock.write(`800\r\n${'a'.repeat(0x800)}\r\n`);
      });
      let data = '';
      sock.on('data', (d) => {
        data += d.toString();
        if (data.includes('\r\n\r\n')) resolve(data);
      });
      sock.on('error', reject);
      sock.on('close', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('accepts a body just under the limit', async () => {
    const f = await fixture({ maxBodyBytes: 1024 });
    const body = JSON.stringify({ method: 'echo', params: ['x'.repeat(900)], id: 1 });
    expect(body.length).toBeLessThan(1024);
    expect((await f.json(body)).status).toBe(200);
  });

  it('answers 503 beyond the concurrent request limit', async () => {
    const f = await fixture({ maxConcurrentRequests: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const inFlight = handlerEntered();
    registerRpcMethods(f.server, {
      name: 'block',
      help: 'Waits.',
      handler: () => {
        inFlight.enter();
        return gate.then(() => 'done');
      },
    });
    const first = f.json({ method: 'block', id: 1 });
    await inFlight.entered;
    const second = await f.call({ method: 'getblockcount', id: 2 });
    expect(second.status).toBe(503);
    expect(second.text).toBe('Work queue depth exceeded');
    release();
    expect((await first).body.result).toBe('done');
  });

  it('serializes bigint results as integers', async () => {
    const f = await fixture();
    registerRpcMethods(f.server, { name: 'big', help: 'A bigint.', handler: () => ({ n: 2n ** 70n }) });
    expect((await f.call({ method: 'big', id: 1 })).text).toBe(
      '{"result":{"n":1180591620717411303424},"error":null,"id":1}\n',
    );
  });
});

describe('long polls', () => {
  it("aborts the handler's signal when the client disconnects", async () => {
    const f = await fixture();
    let aborted!: (reason: unknown) => void;
    const sawAbort = new Promise((r) => {
      aborted = r;
    });
    const inFlight = handlerEntered();
    registerRpcMethods(f.server, {
      name: 'waitforever',
      help: 'Waits until cancelled.',
      handler: (_args, ctx) =>
        new Promise((_, reject) => {
          inFlight.enter();
          ctx.signal.addEventListener('abort', () => {
            aborted(ctx.signal.reason);
            reject(ctx.signal.reason);
          });
        }),
    });
    const sock = connect(f.port, '127.0.0.1', () => {
      const body = '{"method":"waitforever","id":1}';
      sock.write(
        `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${Buffer.from(f.cookie).toString('base64')}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      void inFlight.entered.then(() => sock.destroy());
    });
    const reason = await sawAbort;
    expect(String(reason)).toContain('client disconnected');
  });

  it('close() ends running handlers and answers them before closing', async () => {
    const f = await fixture();
    const inFlight = handlerEntered();
    registerRpcMethods(f.server, {
      name: 'waitfornewblock',
      help: 'Waits until cancelled.',
      handler: (_args, ctx) =>
        new Promise((resolve) => {
          inFlight.enter();
          ctx.signal.addEventListener('abort', () => resolve('interrupted'));
        }),
    });
    const pending = f.json({ method: 'waitfornewblock', id: 1 });
    await inFlight.entered;
    await f.server.close();
    expect((await pending).body.result).toBe('interrupted');
  });
});

describe('bind', () => {
  let server: RpcServer | undefined;
  beforeAll(() => undefined);
  afterEach(async () => {
    await server?.close();
  });

  it('refuses a non-loopback bind without -rpcallowip and listens on 127.0.0.1', async () => {
    const { logger, lines } = captureLogger();
    server = new RpcServer({ port: 0, bind: ['0.0.0.0'], logger });
    await server.start();
    expect(server.addresses()).toEqual([{ host: '127.0.0.1', port: server.port }]);
    expect(lines.some((l) => l.level === 'warn' && /rpcbind was ignored/.test(l.msg ?? ''))).toBe(true);
  });

  it('listens where told when -rpcallowip is set', async () => {
    server = new RpcServer({ port: 0, bind: ['127.0.0.1', '[::1]'], allowIp: ['10.0.0.0/8'] });
    try {
      await server.start();
    } catch (e) {
      // A host without IPv6 loopback cannot run this case.
      if ((e as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') return;
      throw e;
    }
    expect(server.addresses().map((a) => a.host)).toEqual(['127.0.0.1', '::1']);
  });
});

/** A promise that a test's RPC handler resolves when it starts: "the request is in flight". */
function handlerEntered(): { entered: Promise<void>; enter: () => void } {
  let enter!: () => void;
  const entered = new Promise<void>((r) => {
    enter = r;
  });
  return { entered, enter };
}
