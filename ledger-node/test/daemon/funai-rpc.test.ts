import { describe, expect, it } from 'vitest';
import { decodeFunaiOpScript } from '../../src/funai/envelope.js';
import { FUNAI_OP } from '../../src/funai/ops.js';
import { fromHex } from '../../src/wire/bytes.js';
import { useTestNode } from './harness.js';

const t = useTestNode({ blocks: 102 });

describe('sendfunaiop and getfunaiops', () => {
  it('carries an op given as fields, with its payments, and reports it once mined', async () => {
    const payee = await t.call('getnewaddress');
    const txid = await t.call(
      'sendfunaiop',
      { op: FUNAI_OP.REGISTER_VRF_KEY, version: 1, body: '02'.repeat(33) },
      { [payee]: 0.2 },
    );
    const tx = await t.call('getrawtransaction', txid, true);
    // Output 0 is the envelope, then the payment, then the change.
    const op = decodeFunaiOpScript(fromHex(tx.vout[0].scriptPubKey.hex));
    expect(op).toEqual({ op: 1, version: 1, body: fromHex('02'.repeat(33)) });
    expect(tx.vout[0].value).toBe(0);
    expect(tx.vout[1]).toMatchObject({ value: 0.2, scriptPubKey: { address: payee } });
    expect(tx.vout).toHaveLength(3);

    const [block] = await t.call('generatetoaddress', 1, t.addr);
    const ops = await t.call('getfunaiops', 103);
    expect(ops.height).toBe(103);
    expect(ops.hash).toBe(block);
    expect(ops.ops).toHaveLength(1);
    const o = ops.ops[0];
    expect(o).toMatchObject({
      txid,
      txindex: 1,
      vout: 0,
      op: 1,
      name: 'REGISTER_VRF_KEY',
      version: 1,
      body: '02'.repeat(33),
    });
    expect(o.burn).toBe(0);
    expect(o.payments).toHaveLength(2);
    expect(o.payments[0]).toMatchObject({ n: 1, value: 0.2, address: payee });

    // Input 0's prevout: the outpoint the transaction spends, value and script from the undo data.
    const vin0 = tx.vin[0];
    const { blockhash } = await t.call('gettransaction', vin0.txid);
    const funding = await t.call('getrawtransaction', vin0.txid, true, blockhash);
    const spent = funding.vout[vin0.vout];
    expect(o.prevout).toEqual({
      txid: vin0.txid,
      vout: vin0.vout,
      value: spent.value,
      scriptPubKey: spent.scriptPubKey.hex,
    });
  });

  it('reports input 0 of every op transaction of a block, each from its own spent output', async () => {
    // Two op transactions in one block, each funded from a coin sent to its own address first.
    const a = await t.call('getnewaddress');
    const b = await t.call('getnewaddress');
    await t.call('sendtoaddress', a, 0.3);
    await t.call('sendtoaddress', b, 0.4);
    await t.call('generatetoaddress', 1, t.addr);
    const unspent: { txid: string; vout: number; address: string; amount: number; scriptPubKey: string }[] =
      await t.call('listunspent', 1, 9999999, [a, b]);
    const coinA = unspent.find((u) => u.address === a)!;
    const coinB = unspent.find((u) => u.address === b)!;
    const send = async (coin: typeof coinA, body: string) => {
      const raw = await t.call(
        'createrawtransaction',
        [{ txid: coin.txid, vout: coin.vout }],
        [{ data: `464149${'01'}${'01'}${body}` }, { [t.addr]: coin.amount - 0.001 }],
      );
      const signed = await t.call('signrawtransactionwithwallet', raw);
      return t.call('sendrawtransaction', signed.hex);
    };
    const txA = await send(coinA, '02'.repeat(54));
    const txB = await send(coinB, '03'.repeat(54));
    await t.call('generatetoaddress', 1, t.addr);
    const { ops } = await t.call('getfunaiops', 104);
    const byTx = new Map(ops.map((o: { txid: string }) => [o.txid, o]));
    expect(byTx.get(txA)).toMatchObject({
      prevout: { txid: coinA.txid, vout: coinA.vout, value: 0.3, scriptPubKey: coinA.scriptPubKey },
    });
    expect(byTx.get(txB)).toMatchObject({
      prevout: { txid: coinB.txid, vout: coinB.vout, value: 0.4, scriptPubKey: coinB.scriptPubKey },
    });
  });

  it('sends from one address when asked: every input spends its coins, the change returns to it', async () => {
    const sender = await t.call('getnewaddress');
    await t.call('sendtoaddress', sender, 0.7);
    await t.call('sendtoaddress', sender, 0.6);
    await t.call('generatetoaddress', 1, t.addr);
    const { scriptPubKey } = await t.call('getaddressinfo', sender);
    const payee = await t.call('getnewaddress');
    const txid = await t.call(
      'sendfunaiop',
      { op: FUNAI_OP.COMMIT, version: 1, body: 'ab'.repeat(75) },
      { [payee]: 0.3 },
      null,
      null,
      0.001,
      sender,
    );
    const tx = await t.call('getrawtransaction', txid, true);
    await t.call('generatetoaddress', 1, t.addr);
    const [o] = (await t.call('getfunaiops', 104)).ops;
    expect(o).toMatchObject({ txid, prevout: { scriptPubKey } });
    expect(tx.vout.map((v: { scriptPubKey: { address?: string } }) => v.scriptPubKey.address)).toEqual([
      undefined,
      payee,
      sender,
    ]);
    // Its second op spends the change, still from the same script.
    const again = await t.call('sendfunaiop', { op: 1, body: '02'.repeat(54) }, {}, null, null, 0, sender);
    await t.call('generatetoaddress', 1, t.addr);
    expect((await t.call('getfunaiops', 105)).ops[0]).toMatchObject({
      txid: again,
      prevout: { scriptPubKey },
    });
    // An address without coins cannot send.
    const empty = await t.call('getnewaddress');
    expect(
      (await t.fail('sendfunaiop', { op: 1, body: '02'.repeat(54) }, {}, null, null, 0, empty)).code,
    ).toBe(-6);
    expect((await t.fail('sendfunaiop', { op: 1 }, {}, null, null, 0, 'nonsense')).code).toBe(-5);
  });

  it('takes the op as payload hex, and an empty block has no ops', async () => {
    const payload = `464149${'80'}${'02'}${'ab'.repeat(40)}`;
    const txid = await t.call('sendfunaiop', payload);
    await t.call('generatetoaddress', 1, t.addr);
    const { ops } = await t.call('getfunaiops', 103);
    expect(
      ops.map((o: { txid: string; op: number; version: number; body: string; name?: string }) => [
        o.txid,
        o.op,
        o.version,
        o.body,
        o.name,
      ]),
    ).toEqual([[txid, 0x80, 2, 'ab'.repeat(40), undefined]]);
    expect((await t.call('getfunaiops', 102)).ops).toEqual([]);
  });

  it('burns an amount on the envelope itself (a DEPOSIT) and reports it', async () => {
    const txid = await t.call(
      'sendfunaiop',
      { op: 0x05, version: 1, body: '1a'.repeat(21) },
      {},
      null,
      null,
      1.25,
    );
    const tx = await t.call('getrawtransaction', txid, true);
    expect(tx.vout[0].value).toBe(1.25);
    expect(tx.vout[0].scriptPubKey.type).toBe('nulldata');
    await t.call('generatetoaddress', 1, t.addr);
    const { ops } = await t.call('getfunaiops', 103);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ txid, op: 5, burn: 1.25 });
    expect((await t.fail('sendfunaiop', { op: 5, body: '00' }, {}, null, null, -1)).code).toBe(-3);
  });

  it('refuses malformed ops and heights', async () => {
    const bad = await t.fail('sendfunaiop', '0041490102');
    expect(bad.code).toBe(-8);
    expect(bad.message).toMatch(/^Invalid FUN AI op: funai-bad-magic/);
    expect((await t.fail('sendfunaiop', { op: 0, version: 1 })).code).toBe(-8);
    expect((await t.fail('sendfunaiop', { op: 1, body: 'ab'.repeat(76) })).code).toBe(-8);
    expect((await t.fail('sendfunaiop', { op: 1 }, { data: 'ab' })).code).toBe(-8);
    expect((await t.fail('sendfunaiop', 5)).code).toBe(-3);
    const e = await t.fail('getfunaiops', 500);
    expect([e.code, e.message]).toEqual([-8, 'Block height out of range']);
  });
});
