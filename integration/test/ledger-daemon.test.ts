// funai-ledger as a process: mining with generatetoaddress, the wallet, a getblocktemplate round trip
// with a miner written from the BIPs, long polling, authentication, and malformed requests the
// daemon must answer with JSON-RPC errors and survive.

import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockTemplateJson } from './ledger-gbt-miner.js';
import { mineTemplate, witnessCommitmentScript } from './ledger-gbt-miner.js';
import type { LedgerProcess } from './ledger-node-process.js';
import { CLI_BIN, post, RpcCallError, startLedger } from './ledger-node-process.js';

const run = promisify(execFile);

let node: LedgerProcess;
let addr: string;

beforeAll(async () => {
  node = await startLedger();
  addr = await node.call('getnewaddress');
  await node.call('generatetoaddress', 101, addr);
});
afterAll(async () => {
  await node?.stop();
});

/** The daemon still answers. */
async function alive(): Promise<void> {
  expect(await node.call<number>('getblockcount')).toBeGreaterThanOrEqual(101);
}

describe('funai-ledger process', () => {
  it('logs its ports when ready and writes an owner-only cookie', () => {
    const ready = node.logs.find((l) => l.msg === 'ready')!;
    expect(ready.rpcPort).toBe(node.rpcPort);
    expect(node.cookie()).toMatch(/^__cookie__:[0-9a-f]{64}$/);
    expect(statSync(join(node.datadir, 'regtest', '.cookie')).mode & 0o777).toBe(0o600);
  });

  it('funai-cli reads the cookie and prints getblockchaininfo', async () => {
    const { stdout } = await run(process.execPath, [
      CLI_BIN,
      '-regtest',
      `-datadir=${node.datadir}`,
      `-rpcport=${node.rpcPort}`,
      'getblockchaininfo',
    ]);
    const info = JSON.parse(stdout);
    expect(info.chain).toBe('regtest');
    expect(info.blocks).toBeGreaterThanOrEqual(101);
    expect(info.bestblockhash).toBe(await node.call('getbestblockhash'));
  });

  it('mines a wallet transaction', async () => {
    expect(await node.call('getbalance')).toBeGreaterThanOrEqual(1.5);
    const dest = await node.call<string>('getnewaddress');
    const txid = await node.call<string>('sendtoaddress', dest, 1);
    expect(await node.call('getrawmempool')).toContain(txid);
    const [hash] = await node.call<string[]>('generatetoaddress', 1, addr);
    expect((await node.call('getblock', hash)).tx).toContain(txid);
    const tx = await node.call('gettransaction', txid);
    expect(tx.confirmations).toBe(1);
    expect(tx.blockhash).toBe(hash);
    expect(await node.call('getrawmempool')).toEqual([]);
  });

  it('a block built by an independent getblocktemplate miner is accepted by submitblock', async () => {
    const txid = await node.call<string>('sendtoaddress', await node.call('getnewaddress'), 0.5);
    const gbt = await node.call<BlockTemplateJson>('getblocktemplate', { rules: ['segwit'] });
    expect(gbt.previousblockhash).toBe(await node.call('getbestblockhash'));
    expect(gbt.transactions.map((x) => x.txid)).toEqual([txid]);
    expect(gbt.default_witness_commitment).toBe(witnessCommitmentScript(gbt).toString('hex'));
    const payout = Buffer.from((await node.call('validateaddress', addr)).scriptPubKey, 'hex');
    const mined = mineTemplate(gbt, payout, 7);
    expect(await node.call('getblocktemplate', { mode: 'proposal', data: mined.hex })).toBeNull();
    expect(await node.call('submitblock', mined.hex)).toBeNull();
    expect(await node.call('getbestblockhash')).toBe(mined.hash);
    const block = await node.call('getblock', mined.hash, 2);
    expect(block.tx.map((x: { txid: string }) => x.txid)).toEqual([mined.coinbaseTxid, txid]);
    expect(block.tx[0].vout[0].value * 1e8).toBeCloseTo(gbt.coinbasevalue, 0);
    expect(await node.call('submitblock', mined.hex)).toBe('duplicate');
    // A block paying one base unit too much is refused with Core's reason.
    const next = await node.call<BlockTemplateJson>('getblocktemplate', { rules: ['segwit'] });
    const greedy = mineTemplate({ ...next, coinbasevalue: next.coinbasevalue + 1 }, payout);
    expect(await node.call('submitblock', greedy.hex)).toBe('bad-cb-amount');
  });

  it('getblocktemplate long polling returns when the tip changes', async () => {
    const gbt = await node.call<BlockTemplateJson>('getblocktemplate', { rules: ['segwit'] });
    const height = await node.call<number>('getblockcount');
    // Both waits are relative to state fixed before the block: the long poll to the tip its id names
    // (it answers at once if the tip has already moved), the height wait to height + 1. So whether
    // the block is mined before or after they park, they return the new tip; parking itself is
    // observed in process (test/daemon/mining-rpc.test.ts, ChainNotifier.whenWaiting).
    const poll = node.call<BlockTemplateJson>('getblocktemplate', {
      rules: ['segwit'],
      longpollid: gbt.longpollid,
    });
    const wait = node.call('waitforblockheight', height + 1, 30_000);
    const [hash] = await node.call<string[]>('generatetoaddress', 1, addr);
    expect((await poll).previousblockhash).toBe(hash);
    expect((await wait).hash).toBe(hash);
  });

  it('carries a FUN AI op for the inference node and reports it with getfunaiops', async () => {
    const payee = await node.call<string>('getnewaddress');
    const txid = await node.call<string>(
      'sendfunaiop',
      { op: 0x80, version: 1, body: 'c0ffee' },
      { [payee]: 0.01 },
    );
    await node.call('generatetoaddress', 1, addr);
    const height = await node.call<number>('getblockcount');
    const { ops } = await node.call('getfunaiops', height);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ txid, op: 0x80, version: 1, body: 'c0ffee' });
    expect(ops[0].payments[0]).toMatchObject({ address: payee, value: 0.01 });
  });
});

describe('authentication', () => {
  it('answers a request without credentials 401 with a Basic challenge', async () => {
    const r = await post(node.rpcPort, '{"method":"getblockcount","id":1}');
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Basic realm="jsonrpc"');
    await alive();
  });

  it('answers wrong credentials 401 after a delay', async () => {
    const wrong = `__cookie__:${'0'.repeat(64)}`;
    const r = await post(node.rpcPort, '{"method":"getblockcount","id":1}', { auth: wrong });
    expect(r.status).toBe(401);
    expect(r.ms).toBeGreaterThanOrEqual(200);
    expect(r.text).toBe('');
    await alive();
  });
});

describe('malformed requests get JSON-RPC errors and the daemon stays up', () => {
  const send = (body: string | Buffer, headers?: Record<string, string>) =>
    post(node.rpcPort, body, { auth: node.cookie(), ...(headers ? { headers } : {}) });

  it('unparsable JSON: -32700', async () => {
    const r = await send('{"method": "getblockcount", ');
    expect(r.status).toBe(500);
    expect(JSON.parse(r.text)).toEqual({
      result: null,
      error: { code: -32700, message: 'Parse error' },
      id: null,
    });
    await alive();
  });

  it('unknown method: -32601 (HTTP 404 for JSON-RPC 1.0, 200 for 2.0)', async () => {
    const r1 = await send('{"method":"nosuchmethod","id":7}');
    expect(r1.status).toBe(404);
    expect(JSON.parse(r1.text).error).toEqual({ code: -32601, message: 'Method not found' });
    const r2 = await send('{"jsonrpc":"2.0","method":"nosuchmethod","id":8}');
    expect(r2.status).toBe(200);
    expect(JSON.parse(r2.text)).toEqual({
      jsonrpc: '2.0',
      error: { code: -32601, message: 'Method not found' },
      id: 8,
    });
    await alive();
  });

  it('wrong parameter types: -3; invalid values: -8; wrong counts: -1 with the help text', async () => {
    await expect(node.call('getblockhash', 'one')).rejects.toMatchObject({ code: -3 });
    await expect(node.call('getblockhash', 99_999)).rejects.toMatchObject({
      code: -8,
      message: 'Block height out of range',
    });
    await expect(node.call('getblock', 'xyz')).rejects.toMatchObject({ code: -8 });
    const e = await node.call('getblockhash').catch((x: RpcCallError) => x);
    expect(e).toBeInstanceOf(RpcCallError);
    expect((e as RpcCallError).code).toBe(-1);
    expect((e as RpcCallError).message).toMatch(/^getblockhash height/);
    await alive();
  });

  it('an invalid request object: -32600; a batch answers each member', async () => {
    const r = await send(
      '[1, {"method":"getblockcount","id":2}, {"jsonrpc":"2.0","method":"nosuch","id":3}]',
    );
    expect(r.status).toBe(200);
    const replies = JSON.parse(r.text);
    expect(replies).toHaveLength(3);
    expect(replies[0].error.code).toBe(-32600);
    expect(replies[1].result).toBe(await node.call('getblockcount'));
    expect(replies[2].error.code).toBe(-32601);
    await alive();
  });

  it('an oversized body: HTTP 413, unread', async () => {
    const r = await send(Buffer.from('{}'), { 'Content-Length': String(64 * 1024 * 1024) }).catch(
      (e: Error) => e,
    );
    // The server answers 413 and closes; a client may see the close before the status.
    if (!(r instanceof Error)) expect(r.status).toBe(413);
    const big = Buffer.alloc(33 * 1024 * 1024, 0x20);
    const r2 = await send(big).catch((e: Error) => e);
    if (!(r2 instanceof Error)) expect(r2.status).toBe(413);
    await alive();
  });

  it('a bad raw transaction: -22; a rejected one: -26 or -25', async () => {
    await expect(node.call('sendrawtransaction', 'deadbeef')).rejects.toMatchObject({ code: -22 });
    const raw = await node.call('createrawtransaction', [{ txid: '55'.repeat(32), vout: 0 }], { [addr]: 1 });
    await expect(node.call('sendrawtransaction', raw)).rejects.toMatchObject({ code: -25 });
    await alive();
  });
});

describe('-txindex', () => {
  it('indexes in the background, survives kill -9, and finds spent confirmed transactions', async () => {
    const n = await startLedger(['-txindex']);
    let restarted: LedgerProcess | undefined;
    try {
      const a = await n.call<string>('getnewaddress');
      await n.call('generatetoaddress', 101, a);
      // Block 1's coinbase spent whole: no unspent output is left to find it by.
      const cbid = (await n.call('getblock', await n.call('getblockhash', 1))).tx[0] as string;
      const coin = await n.call('gettxout', cbid, 0);
      const raw = await n.call('createrawtransaction', [{ txid: cbid, vout: 0 }], {
        [a]: Number((coin.value - 0.001).toFixed(8)),
      });
      await n.call('sendrawtransaction', (await n.call('signrawtransactionwithwallet', raw)).hex);
      await n.call('generatetoaddress', 1, a);
      await n.waitForLog((l) => l.msg === 'txindex is enabled and synced');
      expect(typeof (await n.call('getrawtransaction', cbid))).toBe('string');
      n.child.kill('SIGKILL');
      await n.exited;
      restarted = await startLedger(['-txindex'], n.datadir);
      await restarted.waitForLog((l) => l.msg === 'txindex is enabled and synced');
      expect(await restarted.call('getindexinfo')).toEqual({
        txindex: { synced: true, best_block_height: 102 },
      });
      const verbose = await restarted.call('getrawtransaction', cbid, true);
      expect(verbose.blockhash).toBe(await restarted.call('getblockhash', 1));
      expect(verbose.confirmations).toBe(102);
      const proof = await restarted.call<string>('gettxoutproof', [cbid]);
      expect(await restarted.call('verifytxoutproof', proof)).toEqual([cbid]);
    } finally {
      await restarted?.stop();
      await n.stop();
    }
  });
});

describe('shutdown', () => {
  it('SIGTERM stops the daemon cleanly: exit 0, cookie removed, lock released', async () => {
    const other = await startLedger(['--mine']);
    // --mine on regtest mines its first block at once (the genesis block is old).
    const tip = await other.call('waitforblockheight', 1, 20_000);
    expect(tip.height).toBe(1);
    expect((await other.call('getmininginfo')).generate).toBe(true);
    const cookie = join(other.datadir, 'regtest', '.cookie');
    const code = await other.stop({ keep: true });
    expect(code).toBe(0);
    expect(existsSync(cookie)).toBe(false);
    expect(other.logs.some((l) => l.msg === 'shutdown done')).toBe(true);
    // Restarting on the same directory finds the mined block.
    const again = await startLedger([], other.datadir);
    try {
      expect(await again.call('getblockcount')).toBe(1);
    } finally {
      expect(await again.call('stop')).toBe('FUN AI ledger stopping');
      expect(await again.exited).toBe(0);
      await again.stop();
    }
  });
});
