import { describe, expect, it } from 'vitest';
import { coinbaseHeightPrefix } from '../../src/consensus/contextual.js';
import { checkProofOfWork } from '../../src/consensus/pow.js';
import type { Block } from '../../src/wire/block.js';
import { decodeBlock, encodeBlock } from '../../src/wire/block.js';
import { fromHex, hashToHex, hexToHash, toHex } from '../../src/wire/bytes.js';
import { blockHash } from '../../src/wire/header.js';
import { blockMerkleRoot } from '../../src/wire/merkle.js';
import type { Transaction } from '../../src/wire/tx.js';
import { decodeTx } from '../../src/wire/tx.js';
import type { Json } from './harness.js';
import { useTestNode } from './harness.js';

const t = useTestNode();

/** A block from a getblocktemplate answer, paying `value` to OP_TRUE, ground to its target. */
function blockFromTemplate(gbt: Json, opts: { value?: bigint; tag?: number } = {}): Block {
  const coinbase: Transaction = {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: Uint8Array.from([...coinbaseHeightPrefix(gbt.height), 1, opts.tag ?? 0]),
        sequence: 0xffffffff,
        witness: [new Uint8Array(32)],
      },
    ],
    outputs: [
      { value: opts.value ?? BigInt(gbt.coinbasevalue), scriptPubKey: Uint8Array.of(0x51) },
      { value: 0n, scriptPubKey: fromHex(gbt.default_witness_commitment) },
    ],
    locktime: 0,
  };
  const txs = [coinbase, ...gbt.transactions.map((x: { data: string }) => decodeTx(fromHex(x.data)))];
  const header = {
    version: gbt.version,
    prevBlock: hexToHash(gbt.previousblockhash),
    merkleRoot: blockMerkleRoot(txs).root,
    time: gbt.curtime,
    bits: Number.parseInt(gbt.bits, 16),
    nonce: 0,
  };
  while (!checkProofOfWork(blockHash(header), header.bits, t.chain.params.powLimit)) header.nonce++;
  return { header, txs };
}

describe('getblocktemplate', () => {
  it('insists on the segwit rule', async () => {
    const e = await t.fail('getblocktemplate');
    expect(e.code).toBe(-8);
    expect(e.message).toMatch(/segwit rule set/);
  });

  it("describes the next block with BIP22/BIP145's fields", async () => {
    await t.call('generatetoaddress', 101, t.addr);
    const txid = await t.call('sendtoaddress', await t.call('getnewaddress'), 0.3);
    const gbt = await t.call('getblocktemplate', { rules: ['segwit'] });
    expect(gbt.height).toBe(102);
    expect(gbt.previousblockhash).toBe(await t.call('getbestblockhash'));
    expect(gbt.rules).toContain('!segwit');
    expect(gbt.capabilities).toEqual(['proposal']);
    expect(gbt.transactions).toHaveLength(1);
    expect(gbt.transactions[0].txid).toBe(txid);
    expect(gbt.transactions[0].depends).toEqual([]);
    const fee = gbt.transactions[0].fee;
    expect(fee).toBeGreaterThan(0);
    expect(gbt.coinbasevalue).toBe(150_000_000 + fee);
    expect(gbt.target).toBe(`7fffff${'0'.repeat(58)}`);
    expect(gbt.bits).toBe('207fffff');
    expect(gbt.default_witness_commitment).toMatch(/^6a24aa21a9ed[0-9a-f]{64}$/);
    expect(gbt.longpollid.startsWith(gbt.previousblockhash)).toBe(true);
    expect(gbt.mintime).toBeLessThanOrEqual(gbt.curtime);
    expect(gbt.noncerange).toBe('00000000ffffffff');
  });

  it('a block built from the template is accepted by submitblock, once', async () => {
    await t.call('generatetoaddress', 101, t.addr);
    const txid = await t.call('sendtoaddress', await t.call('getnewaddress'), 0.3);
    const gbt = await t.call('getblocktemplate', { rules: ['segwit'] });
    const block = blockFromTemplate(gbt);
    const hex = toHex(encodeBlock(block));
    expect(await t.call('getblocktemplate', { mode: 'proposal', data: hex })).toBeNull();
    expect(await t.call('submitblock', hex)).toBeNull();
    expect(await t.call('getbestblockhash')).toBe(hashToHex(blockHash(block.header)));
    expect(await t.call('getrawmempool')).toEqual([]);
    expect((await t.call('getblock', hashToHex(blockHash(block.header)))).tx).toContain(txid);
    expect(await t.call('submitblock', hex)).toBe('duplicate');
    expect(await t.call('getblocktemplate', { mode: 'proposal', data: hex })).toBe('duplicate');
  });

  it('submitblock answers with the reject reason, and BIP22 strings for stale and orphan blocks', async () => {
    await t.call('generatetoaddress', 1, t.addr);
    const gbt = await t.call('getblocktemplate', { rules: ['segwit'] });
    const greedy = blockFromTemplate(gbt, { value: BigInt(gbt.coinbasevalue) + 1n });
    expect(await t.call('getblocktemplate', { mode: 'proposal', data: toHex(encodeBlock(greedy)) })).toBe(
      'bad-cb-amount',
    );
    expect(await t.call('submitblock', toHex(encodeBlock(greedy)))).toBe('bad-cb-amount');

    const honest = blockFromTemplate(gbt, { tag: 1 });
    const rival = blockFromTemplate(gbt, { tag: 2 });
    expect(await t.call('submitblock', toHex(encodeBlock(honest)))).toBeNull();
    expect(await t.call('submitblock', toHex(encodeBlock(rival)))).toBe('inconclusive');
    const stale = await t.call('getblocktemplate', { mode: 'proposal', data: toHex(encodeBlock(rival)) });
    expect(stale).toBe('duplicate');

    const orphan = blockFromTemplate({ ...gbt, previousblockhash: '22'.repeat(32) });
    expect(await t.call('submitblock', toHex(encodeBlock(orphan)))).toBe('prev-blk-not-found');
    const e = await t.fail('submitblock', 'beef');
    expect([e.code, e.message]).toEqual([-22, 'Block decode failed']);
  });

  it('submitblock fills in the zero witness reserved value a template leaves out', async () => {
    await t.call('generatetoaddress', 1, t.addr);
    const gbt = await t.call('getblocktemplate', { rules: ['segwit'] });
    const block = blockFromTemplate(gbt);
    block.txs[0]!.inputs[0]!.witness = [];
    expect(await t.call('submitblock', toHex(encodeBlock(block)))).toBeNull();
    expect(await t.call('getblockcount')).toBe(2);
  });

  it('a long poll returns when a block arrives', async () => {
    const gbt = await t.call('getblocktemplate', { rules: ['segwit'] });
    let done = false;
    const waiting = t
      .call('getblocktemplate', { rules: ['segwit'], longpollid: gbt.longpollid })
      .then((r) => {
        done = true;
        return r;
      });
    // The poll is parked on the notifier (not merely slow): only a change can release it.
    await t.node.notifier.whenWaiting();
    expect(t.node.notifier.waiting).toBe(1);
    expect(done).toBe(false);
    const [hash] = await t.call('generatetoaddress', 1, t.addr);
    const next = await waiting;
    expect(next.previousblockhash).toBe(hash);
    expect(next.longpollid).not.toBe(gbt.longpollid);
  });
});

describe('generateblock and mining info', () => {
  it('mines the given transactions (by txid or raw) and returns or submits the block', async () => {
    await t.call('generatetoaddress', 102, t.addr);
    const [a, b] = await t.call('listunspent');
    const dest = await t.call('getnewaddress');
    const viaPool = await t.call('sendtoaddress', dest, 0.1);
    const raw = await t.call('createrawtransaction', [{ txid: b.txid, vout: b.vout }], { [dest]: 1.4 });
    const signed = (await t.call('signrawtransactionwithwallet', raw)).hex;
    const unsubmitted = await t.call('generateblock', t.addr, [viaPool, signed], false);
    const block = decodeBlock(fromHex(unsubmitted.hex));
    expect(hashToHex(blockHash(block.header))).toBe(unsubmitted.hash);
    expect(block.txs).toHaveLength(3);
    expect(await t.call('getblockcount')).toBe(102);

    const { hash } = await t.call('generateblock', t.addr, [viaPool, signed]);
    expect(await t.call('getbestblockhash')).toBe(hash);
    expect(a).toBeDefined();
    const e = await t.fail('generateblock', t.addr, ['33'.repeat(32)]);
    expect([e.code, e.message]).toEqual([-5, `Transaction ${'33'.repeat(32)} not in mempool.`]);
    const bad = await t.fail('generateblock', 'nonsense', []);
    expect(bad.code).toBe(-5);
  });

  it('generatetoaddress refuses an invalid address and stops at maxtries', async () => {
    const e = await t.fail('generatetoaddress', 1, 'nonsense');
    expect([e.code, e.message]).toEqual([-5, 'Error: Invalid address']);
    // Each regtest hash succeeds with probability 1/2: 1 try mines at most one block.
    const mined = await t.call('generatetoaddress', 20, t.addr, 1);
    expect(mined.length).toBeLessThanOrEqual(1);
  });

  it('getmininginfo and getnetworkhashps', async () => {
    await t.call('generatetoaddress', 5, t.addr);
    const info = await t.call('getmininginfo');
    expect(info).toMatchObject({
      blocks: 5,
      chain: 'regtest',
      pooledtx: 0,
      generate: false,
      genproclimit: 0,
    });
    expect(info.next.height).toBe(6);
    expect(await t.call('getnetworkhashps')).toBeGreaterThanOrEqual(0);
  });
});
