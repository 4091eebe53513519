import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { hash160, toHex } from '@funai/ledger-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TxLifecycle } from '../../src/api/lifecycle.js';
import { runCli } from '../../src/client/cli.js';
import {
  CHAIN_ID,
  type Harness,
  KEY_A,
  MODEL,
  type RecordingBackend,
  sharedEngine,
  startApi,
} from '../api/harness.js';
import { buildLifecycle } from './lifecycle-fixture.js';

let h: Harness;
let home: string;
/** Lifecycles the test publishes (a daemon's chain provider in a real node), else the backend's. */
const published = new Map<string, TxLifecycle>();
beforeAll(async () => {
  h = await startApi({
    lifecycle: { get: async (id) => published.get(id) ?? (await (h.backend as RecordingBackend).get(id)) },
  });
  home = await mkdtemp(join(tmpdir(), 'funai-cli-'));
});
afterAll(async () => {
  await h?.close();
  await (await sharedEngine()).engine.close();
});

async function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--url', h.origin, '--chain-id', String(CHAIN_ID), '--home', home], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: Readable.from([stdin]),
    env: {},
    interactive: false,
  });
  return { code, out, err };
}

describe('funai CLI', () => {
  let principal: string;

  it('keys new and list: a key file with the account principal', async () => {
    const made = await cli(['keys', 'new', '--name', 'me']);
    expect(made.code).toBe(0);
    principal = made.out.trim().split('\t')[1]!;
    expect(principal).toMatch(/^ST[0-9A-Z]+$/);
    expect((await cli(['keys', 'new', '--name', 'me'])).code).toBe(1); // exists
    await cli(['keys', 'new', '--name', 'other']);
    expect(
      (await cli(['keys', 'list'])).out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['me', 'other']);
  });

  it('balance, chat (one turn from --message and from stdin), tx with --follow and --verify', async () => {
    (h.backend as RecordingBackend).credit(principal, 123_456_789n);
    expect((await cli(['balance'])).out).toContain('balance 1.23456789 FAI\tnext nonce 0');
    const turn = await cli(['chat', '--model', MODEL, '--message', 'hello world', '--seed', '3']);
    expect(turn.code).toBe(0);
    const id = /\[tx ([0-9a-f]{64})/.exec(turn.err)![1]!;
    const piped = await cli(['chat', '--model', MODEL, '--seed', '3'], 'hello world\n');
    expect(piped.out).toBe(turn.out);
    // Through the OpenAI API with a node API key: the node's account signs; same request and seed, same text.
    const viaKey = await cli([
      'chat',
      '--model',
      MODEL,
      '--message',
      'hello world',
      '--seed',
      '3',
      '--api-key',
      KEY_A,
    ]);
    expect(viaKey.code).toBe(0);
    expect(viaKey.out).toBe(turn.out);
    expect(viaKey.err).toMatch(/^\[tx [0-9a-f]{64} · \d+ tokens · (stop|length)\]/);
    const shown = await cli(['tx', id]);
    expect(shown.out).toContain('executed');
    const followed = await cli([
      'tx',
      id,
      '--follow',
      '--until',
      'executed',
      '--verify',
      '--interval-ms',
      '1',
    ]);
    expect(followed.code).toBe(0);
    expect(followed.out).toContain('verified: tx, receipt');
    expect((await cli(['balance'])).out).toContain('next nonce 2');
  });

  it('tx --verify --ledger-rpc: the anchor must be the ledger node’s block at its height', async () => {
    const turn = await cli(['chat', '--model', MODEL, '--message', 'anchor me', '--seed', '4']);
    const id = /\[tx ([0-9a-f]{64})/.exec(turn.err)![1]!;
    const executed = (await (h.backend as RecordingBackend).get(id))!;
    const lc = buildLifecycle({ id, tx: executed.tx!, receipt: executed.receipt! }, CHAIN_ID);
    published.set(id, lc);
    let best = lc.anchor!.ledgerBlockHash;
    const asked: unknown[] = [];
    const rpc = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const { method, params } = JSON.parse(body) as { method: string; params: unknown[] };
        asked.push([method, ...params]);
        res.end(JSON.stringify({ result: best, error: null, id: 'funai' }));
      });
    });
    await new Promise<void>((r) => rpc.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(rpc.address() as AddressInfo).port}`;
      const ok = await cli(['tx', id, '--verify', '--ledger-rpc', url]);
      expect(ok.out).toContain('verified: tx, receipt, block, certificate, anchor');
      expect(ok.code).toBe(0);
      expect(asked).toEqual([['getblockhash', 42]]);
      best = '00'.repeat(32); // the ledger node's best chain has another block at 42
      const reorged = await cli(['tx', id, '--verify', '--ledger-rpc', url]);
      expect(reorged.out).toContain('NOT verified: anchor: the ledger block is not on the best chain');
      expect(reorged.code).toBe(1);
    } finally {
      rpc.close();
    }
  });

  it('deposit sends a DEPOSIT op burning the amount to the ledger wallet through sendfunaiop', async () => {
    let got: { method: string; params: { op: { op: number; body: string }; burn: number } } | null = null;
    let auth = '';
    const rpc = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got = JSON.parse(body);
        auth = req.headers.authorization ?? '';
        res.end(JSON.stringify({ result: 'ab'.repeat(32), error: null, id: 'funai' }));
      });
    });
    await new Promise<void>((r) => rpc.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(rpc.address() as AddressInfo).port}`;
      const r = await cli([
        'deposit',
        '2.5',
        '--key',
        'me',
        '--ledger-rpc',
        url,
        '--rpc-user',
        'u',
        '--rpc-password',
        'p',
      ]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`ledger tx ${'ab'.repeat(32)}`);
      const me = (await cli(['keys', 'list'])).out.split('\n')[0]!.split('\t')[1]!;
      expect(me).toBe(principal);
      expect(got!.method).toBe('sendfunaiop');
      expect(got!.params.burn).toBe(2.5);
      expect(got!.params.op.op).toBe(5);
      expect(got!.params.op.body.slice(0, 2)).toBe('1a');
      expect(auth).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
      // The body names the key's hash160 (the principal's): checked against the key file's account.
      const { KeyFile } = await import('../../src/client/keyfile.js');
      const k = (await KeyFile.open(join(home, 'keys.json'))).get('me')!;
      expect(got!.params.op.body).toBe(`1a${toHex(hash160(k.publicKey))}`);
    } finally {
      rpc.close();
    }
  });

  it('api-keys new writes the node keystore; the key then authenticates against a server using that file', async () => {
    const file = join(home, 'node', 'api-keys.json');
    const made = await cli(['api-keys', 'new', '--keystore', file, '--name', 'app']);
    expect(made.code).toBe(0);
    const [name, principal, apiKey] = made.out.trim().split('\t');
    expect([name, principal?.startsWith('ST'), apiKey?.startsWith('funai-')]).toEqual(['app', true, true]);
    expect((await cli(['api-keys', 'list', '--keystore', file])).out).toBe(`app\t${principal}\n`);
    const { FileKeystore } = await import('../../src/api/keystore.js');
    const store = await FileKeystore.open(file);
    expect(store.lookup(apiKey!)?.principal).toBe(principal);
    expect(store.lookup(`${apiKey}x`)).toBeNull();
    const { readFile, stat } = await import('node:fs/promises');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).not.toContain(apiKey!);
  });

  it('usage errors exit 2, node errors exit 1 with the API error', async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['deposit', 'lots'])).code).toBe(2);
    const missing = await cli(['tx', '00'.repeat(32)]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('404 tx_not_found');
    expect((await cli(['chat', '--model', 'nope', '--message', 'x'])).code).toBe(1);
  });
});
