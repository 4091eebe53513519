// Two funai-ledger processes wired by -connect: blocks and transactions made on one reach the
// other, and the peer RPCs (getpeerinfo, getconnectioncount, addnode) report the connection.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerProcess } from './ledger-node-process.js';
import { startLedger, until } from './ledger-node-process.js';

let a: LedgerProcess;
let b: LedgerProcess;

beforeAll(async () => {
  a = await startLedger();
  b = await startLedger([`--connect=127.0.0.1:${a.p2pPort}`]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

describe('two daemons', () => {
  it('the listening one reports its P2P port when ready', () => {
    expect(a.logs.find((l) => l.msg === 'ready')?.p2pPort).toBe(a.p2pPort);
  });

  it('see each other as peers', async () => {
    expect(
      await until(
        'b connected to a',
        () => b.call<number>('getconnectioncount'),
        (n) => n === 1,
        20_000,
        100,
      ),
    ).toBe(1);
    const [peer] = await b.call('getpeerinfo');
    expect(peer).toMatchObject({ addr: `127.0.0.1:${a.p2pPort}`, inbound: false, connection_type: 'manual' });
    const [back] = await a.call('getpeerinfo');
    expect(back.inbound).toBe(true);
    expect((await a.call('getnetworkinfo')).connections_in).toBe(1);
  });

  it('blocks mined on one reach the other', async () => {
    const addr = await a.call<string>('getnewaddress');
    const hashes = await a.call<string[]>('generatetoaddress', 101, addr);
    const tip = await b.call('waitforblockheight', 101, 30_000);
    expect(tip).toEqual({ hash: hashes[100], height: 101 });
  });

  it("a wallet transaction made on one enters the other's mempool and is mined there", async () => {
    const dest = await b.call<string>('getnewaddress');
    const txid = await a.call<string>('sendtoaddress', dest, 1);
    const pool = await until(
      'the transaction in b’s mempool',
      () => b.call<string[]>('getrawmempool'),
      (p) => p.includes(txid),
      20_000,
      100,
    );
    expect(pool).toContain(txid);
    expect((await b.call('getbalances')).mine.untrusted_pending).toBe(1);
    const [hash] = await b.call<string[]>('generatetoaddress', 1, dest);
    expect((await a.call('waitforblock', hash, 30_000)).hash).toBe(hash);
    expect(await a.call('getrawmempool')).toEqual([]);
    expect((await b.call('gettransaction', txid)).confirmations).toBe(1);
  });

  it('addnode refuses a duplicate with bitcoind error -23', async () => {
    const target = `127.0.0.1:${a.p2pPort}`;
    expect(await b.call('addnode', target, 'add')).toBeNull();
    await expect(b.call('addnode', target, 'add')).rejects.toMatchObject({ code: -23 });
    expect(await b.call('addnode', target, 'remove')).toBeNull();
    await expect(b.call('addnode', target, 'remove')).rejects.toMatchObject({ code: -24 });
  });

  it('counts traffic, manages bans and disconnects peers with bitcoind errors', async () => {
    const totals = await a.call('getnettotals');
    expect(totals.totalbytesrecv).toBeGreaterThan(0);
    expect(totals.totalbytessent).toBeGreaterThan(0);
    expect(await a.call('setban', '127.0.0.2', 'add', 600)).toBeNull();
    const banned = await a.call('listbanned');
    expect(banned).toHaveLength(1);
    expect(banned[0]).toMatchObject({ address: '127.0.0.2/32', ban_duration: 600 });
    await expect(a.call('setban', 'not-an-address', 'add')).rejects.toMatchObject({ code: -30 });
    expect(await a.call('clearbanned')).toBeNull();
    expect(await a.call('listbanned')).toEqual([]);
    await expect(a.call('disconnectnode', '127.0.0.9:1')).rejects.toMatchObject({ code: -29 });
    await expect(a.call('disconnectnode')).rejects.toMatchObject({ code: -32602 });
  });
});
