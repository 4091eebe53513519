import { beforeEach, describe, expect, it } from 'vitest';
import { fromHex } from '../../src/wire/bytes.js';
import { decodeTx } from '../../src/wire/tx.js';
import { useTestNode } from './harness.js';

const t = useTestNode({ blocks: 101 });
/** A mature coin of the wallet: txid, vout, amount (FAI). */
let coin: { txid: string; vout: number; amount: number };

beforeEach(async () => {
  [coin] = await t.call('listunspent');
});

/** A signed transaction spending `coin` to a fresh wallet address, paying `fee` FAI. */
async function signedSpend(fee: number): Promise<string> {
  const dest = await t.call('getnewaddress');
  const raw = await t.call('createrawtransaction', [{ txid: coin.txid, vout: coin.vout }], {
    [dest]: Number((coin.amount - fee).toFixed(8)),
  });
  const signed = await t.call('signrawtransactionwithwallet', raw);
  expect(signed.complete).toBe(true);
  return signed.hex;
}

describe('createrawtransaction / decoderawtransaction / decodescript', () => {
  it('builds the transaction it was asked for', async () => {
    const raw: string = await t.call(
      'createrawtransaction',
      [{ txid: coin.txid, vout: coin.vout, sequence: 7 }],
      [{ [t.addr]: 0.25 }, { data: 'cafebabe00' }],
      99,
    );
    const decoded = await t.call('decoderawtransaction', raw);
    expect(decoded.version).toBe(2);
    expect(decoded.locktime).toBe(99);
    expect(decoded.vin).toEqual([
      { txid: coin.txid, vout: coin.vout, scriptSig: { asm: '', hex: '' }, sequence: 7 },
    ]);
    expect(decoded.vout[0].value).toBe(0.25);
    expect(decoded.vout[0].scriptPubKey.address).toBe(t.addr);
    expect(decoded.vout[1].scriptPubKey).toMatchObject({ asm: 'OP_RETURN cafebabe00', type: 'nulldata' });
    const tx = decodeTx(fromHex(raw));
    expect(tx.outputs[0]!.value).toBe(25_000_000n);
  });

  it("refuses malformed arguments with bitcoind's errors", async () => {
    const e1 = await t.fail('createrawtransaction', [{ txid: coin.txid }], {});
    expect([e1.code, e1.message]).toEqual([-8, 'Invalid parameter, missing vout key']);
    const e2 = await t.fail('createrawtransaction', [], { nonsense: 1 });
    expect([e2.code, e2.message]).toEqual([-5, 'Invalid FUN AI address: nonsense']);
    const e3 = await t.fail('createrawtransaction', [], [{ [t.addr]: 1 }, { [t.addr]: 2 }]);
    expect(e3.message).toBe(`Invalid parameter, duplicated address: ${t.addr}`);
    const e4 = await t.fail('createrawtransaction', [{ txid: 'xx', vout: 0 }], {});
    expect(e4.code).toBe(-8);
    const e5 = await t.fail('decoderawtransaction', 'zz');
    expect(e5.code).toBe(-22);
  });

  it('decodes a script with its P2SH and segwit wrappings', async () => {
    const info = await t.call('validateaddress', t.addr);
    const d = await t.call('decodescript', info.scriptPubKey);
    expect(d.type).toBe('witness_v0_keyhash');
    expect(d.address).toBe(t.addr);
    expect((await t.call('validateaddress', d.p2sh)).isscript).toBe(true);
    expect(d.segwit).toBeUndefined();
    const bare = await t.call('decodescript', '51');
    expect(bare.type).toBe('nonstandard');
    expect(bare.segwit.type).toBe('witness_v0_scripthash');
    expect((await t.call('validateaddress', bare.segwit['p2sh-segwit'])).isscript).toBe(true);
    expect((await t.call('validateaddress', bare.segwit.address)).iswitness).toBe(true);
    expect((await t.call('decodescript', '6a02abcd')).p2sh).toBeUndefined();
  });
});

describe('sendrawtransaction and testmempoolaccept', () => {
  it('accepts a signed transaction, and answers a resend with its txid', async () => {
    const hex = await signedSpend(0.0001);
    const [test] = await t.call('testmempoolaccept', [hex]);
    expect(test.allowed).toBe(true);
    expect(test.fees.base).toBe(0.0001);
    expect(test.vsize).toBeGreaterThan(100);
    const txid = await t.call('sendrawtransaction', hex);
    expect(txid).toBe(test.txid);
    expect(await t.call('getrawmempool')).toEqual([txid]);
    expect(await t.call('sendrawtransaction', hex)).toBe(txid);
    expect(await t.call('getrawtransaction', txid)).toBe(hex);
    const entry = await t.call('getmempoolentry', txid);
    expect(entry.fees.base).toBe(0.0001);
    expect(entry['bip125-replaceable']).toBe(false);
    expect((await t.call('getmempoolinfo')).size).toBe(1);
  });

  it('reports policy rejections as RPC_VERIFY_REJECTED with the reason', async () => {
    const hex = await signedSpend(0);
    const [test] = await t.call('testmempoolaccept', [hex]);
    expect(test).toMatchObject({ allowed: false, 'reject-reason': 'min relay fee not met' });
    const e = await t.fail('sendrawtransaction', hex);
    expect(e.code).toBe(-26);
    expect(e.message).toMatch(/^min relay fee not met, 0 < \d+$/);
    expect(await t.call('getrawmempool')).toEqual([]);
  });

  it('refuses missing inputs, confirmed transactions and excessive fees', async () => {
    const missing = await t.call('createrawtransaction', [{ txid: '11'.repeat(32), vout: 0 }], {
      [t.addr]: 1,
    });
    const e1 = await t.fail('sendrawtransaction', missing);
    expect([e1.code, e1.message]).toEqual([-25, 'bad-txns-inputs-missingorspent']);
    expect((await t.call('testmempoolaccept', [missing]))[0]['reject-reason']).toBe('missing-inputs');

    const pricey = await signedSpend(0.5);
    const e2 = await t.fail('sendrawtransaction', pricey);
    expect(e2.code).toBe(-25);
    expect(e2.message).toMatch(/^Fee exceeds maximum/);
    expect((await t.call('testmempoolaccept', [pricey]))[0]['reject-reason']).toBe('max-fee-exceeded');
    const txid = await t.call('sendrawtransaction', pricey, 0);
    await t.call('generatetoaddress', 1, t.addr);
    const e3 = await t.fail('sendrawtransaction', pricey, 0);
    expect([e3.code, e3.message]).toEqual([-27, 'Transaction outputs already in utxo set']);
    expect((await t.fail('getrawtransaction', txid)).code).toBe(-5);
    const best = await t.call('getbestblockhash');
    const found = await t.call('getrawtransaction', txid, 2, best);
    expect(found.blockhash).toBe(best);
    expect(found.confirmations).toBe(1);
    expect(found.fee).toBe(0.5);
    expect(found.in_active_chain).toBe(true);
  });

  it('refuses to burn more than maxburnamount', async () => {
    const raw = await t.call('createrawtransaction', [{ txid: coin.txid, vout: coin.vout }], {
      data: '00',
      [t.addr]: 1,
    });
    const withBurn = raw.replace(/0000000000000000(03)6a0100/, '0100000000000000$16a0100');
    expect(withBurn).not.toBe(raw);
    const e = await t.fail('sendrawtransaction', withBurn);
    expect(e.message).toBe('Unspendable output exceeds maximum configured by user (maxburnamount)');
  });
});
