import { beforeEach, describe, expect, it } from 'vitest';
import { startTestNode, useTestNode } from './harness.js';

const t = useTestNode();

describe('addresses and balances', () => {
  it('hands out fresh P2WPKH addresses it recognizes as its own', async () => {
    const other = await t.call('getnewaddress');
    expect(other).not.toBe(t.addr);
    const info = await t.call('getaddressinfo', t.addr);
    expect(info).toMatchObject({
      address: t.addr,
      ismine: true,
      iswitness: true,
      witness_version: 0,
      isscript: false,
    });
    const change = await t.call('getrawchangeaddress');
    expect((await t.call('getaddressinfo', change)).ismine).toBe(true);
    expect((await t.fail('getnewaddress', '', 'legacy')).code).toBe(-5);
    expect((await t.fail('getaddressinfo', 'nonsense')).code).toBe(-5);
  });

  it('moves coinbase rewards from immature to trusted after 100 confirmations', async () => {
    await t.call('generatetoaddress', 1, t.addr);
    expect((await t.call('getbalances')).mine).toEqual({ trusted: 0, untrusted_pending: 0, immature: 1.5 });
    await t.call('generatetoaddress', 100, t.addr);
    const b = await t.call('getbalances');
    expect(b.mine).toEqual({ trusted: 1.5, untrusted_pending: 0, immature: 150 });
    expect(b.lastprocessedblock.height).toBe(101);
    expect(await t.call('getbalance')).toBe(1.5);
    const utxos = await t.call('listunspent');
    expect(utxos).toHaveLength(1);
    expect(utxos[0]).toMatchObject({ address: t.addr, amount: 1.5, confirmations: 101, spendable: true });
    expect(await t.call('listunspent', 1, 9999999, [await t.call('getnewaddress')])).toEqual([]);
    const info = await t.call('getwalletinfo');
    expect(info).toMatchObject({ balance: 1.5, immature_balance: 150, txcount: 101, descriptors: true });
    expect(info.unlocked_until).toBeUndefined();
  });
});

describe('sending', () => {
  beforeEach(async () => {
    await t.call('generatetoaddress', 103, t.addr);
  });

  it('sendtoaddress pays, changes back to itself, and sees its transaction mined', async () => {
    const dest = await t.call('getnewaddress');
    const txid = await t.call('sendtoaddress', dest, 1.25);
    expect(await t.call('getrawmempool')).toEqual([txid]);
    const pending = await t.call('gettransaction', txid);
    expect(pending.confirmations).toBe(0);
    expect(pending.fee).toBeLessThan(0);
    // Paid to itself: the net amount is minus the fee.
    expect(pending.amount).toBeCloseTo(pending.fee, 8);
    const [block] = await t.call('generatetoaddress', 1, t.addr);
    const mined = await t.call('gettransaction', txid);
    expect(mined).toMatchObject({ confirmations: 1, blockhash: block, blockheight: 104 });
    expect(mined.hex).toBe(await t.call('getrawtransaction', txid, false, block));
    const utxo = (await t.call('listunspent')).find(
      (u: { txid: string; address: string }) => u.txid === txid && u.address === dest,
    );
    expect(utxo.amount).toBe(1.25);
  });

  it('sendmany pays several addresses in one transaction; listtransactions lists it', async () => {
    const to = await t.call('getnewaddress');
    const second = await t.call('getnewaddress');
    const txid = await t.call('sendmany', '', { [to]: 0.5, [second]: 0.25 });
    const decoded = await t.call('getrawtransaction', txid, true);
    const values = decoded.vout.map((o: { value: number }) => o.value);
    expect(values).toEqual(expect.arrayContaining([0.5, 0.25]));
    const list = await t.call('listtransactions', '*', 200);
    expect(list[list.length - 1].txid).toBe(txid);
    expect(list.filter((e: { category: string }) => e.category === 'generate').length).toBeGreaterThan(0);
    expect((await t.call('listtransactions', '*', 2, 1)).map((e: { txid: string }) => e.txid)).not.toContain(
      txid,
    );
  });

  it('fails with the wallet error codes: insufficient funds, bad address, bad arguments', async () => {
    const dest = await t.call('getnewaddress');
    expect((await t.fail('sendtoaddress', dest, 1000)).code).toBe(-6);
    expect((await t.fail('sendtoaddress', 'nonsense', 1)).code).toBe(-5);
    expect((await t.fail('sendtoaddress', dest, 0)).code).toBe(-3);
    expect((await t.fail('sendtoaddress', dest, 1, '', '', true)).code).toBe(-8);
    const both = await t.failNamed('sendtoaddress', {
      address: dest,
      amount: 1,
      conf_target: 2,
      fee_rate: 5,
    });
    expect(both.code).toBe(-8);
    expect((await t.fail('sendmany', 'x', { [dest]: 1 })).code).toBe(-8);
  });

  it('an explicit fee_rate sets the fee (base units per vbyte)', async () => {
    const dest = await t.call('getnewaddress');
    const txid = await t.callNamed('sendtoaddress', { address: dest, amount: 0.1, fee_rate: 25 });
    const entry = await t.call('getmempoolentry', txid);
    const rate = Math.round(entry.fees.base * 1e8) / entry.vsize;
    expect(rate).toBeGreaterThanOrEqual(24);
    expect(rate).toBeLessThan(27);
  });
});

describe('encryption', () => {
  it('encryptwallet locks signing behind walletpassphrase; walletlock locks it again', async () => {
    await t.call('generatetoaddress', 101, t.addr);
    const dest = await t.call('getnewaddress');
    expect((await t.fail('walletlock')).code).toBe(-15);
    expect(await t.call('encryptwallet', 'correct horse')).toMatch(/^wallet encrypted/);
    expect((await t.fail('encryptwallet', 'again')).code).toBe(-15);
    expect((await t.call('getwalletinfo')).unlocked_until).toBe(0);
    expect((await t.fail('sendtoaddress', dest, 0.1)).code).toBe(-13);
    // Receiving still works: addresses come from the public key.
    expect(await t.call('getnewaddress')).toMatch(/^fairt1/);
    expect((await t.fail('walletpassphrase', 'wrong', 60)).code).toBe(-14);
    expect(await t.call('walletpassphrase', 'correct horse', 60)).toBeNull();
    expect((await t.call('getwalletinfo')).unlocked_until).toBeGreaterThan(0);
    const txid = await t.call('sendtoaddress', dest, 0.1);
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.call('walletlock')).toBeNull();
    expect((await t.fail('sendtoaddress', dest, 0.1)).code).toBe(-13);
    expect((await t.fail('walletpassphrase', 'correct horse', -1)).code).toBe(-8);
  });
});

describe('signrawtransactionwithwallet', () => {
  it('signs the inputs it owns and lists the others as errors', async () => {
    await t.call('generatetoaddress', 101, t.addr);
    const [coin] = await t.call('listunspent');
    const raw = await t.call(
      'createrawtransaction',
      [
        { txid: coin.txid, vout: coin.vout },
        { txid: '44'.repeat(32), vout: 1 },
      ],
      { [t.addr]: 1 },
    );
    const partial = await t.call('signrawtransactionwithwallet', raw);
    expect(partial.complete).toBe(false);
    expect(partial.errors).toHaveLength(1);
    expect(partial.errors[0]).toMatchObject({ txid: '44'.repeat(32), vout: 1 });
    expect((await t.fail('signrawtransactionwithwallet', raw, [], 'NONE')).code).toBe(-8);
  });
});

describe('with -disablewallet', () => {
  it('wallet methods are not found, the rest is there', async () => {
    const bare = await startTestNode({ wallet: false });
    try {
      const e = await bare.fail('getnewaddress');
      expect([e.code, e.message]).toEqual([-32601, 'Method not found']);
      expect(await bare.call('getblockcount')).toBe(0);
    } finally {
      await bare.close();
    }
  });
});
