import { describe, expect, it } from 'vitest';
import type { HeaderInfo } from '../../src/chain/chain-state.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { createBlockTemplate } from '../../src/mining/template/template.js';
import { hexToHash } from '../../src/wire/bytes.js';
import { templateTip } from '../support/chain-builder.js';
import { startTestNode, useTestNode } from './harness.js';

const t = useTestNode();

/** Mines an empty block on `parent` (not necessarily the tip) and submits it. */
async function mineOn(parent: HeaderInfo, tag: number): Promise<HeaderInfo> {
  const template = createBlockTemplate({
    tip: templateTip(parent),
    params: t.chain.params,
    mempool: { entries: () => [] },
    payout: Uint8Array.of(0x51),
    extraNonce: 1000 + tag,
    time: parent.header.time + 1,
  });
  const { block } = await t.node.mining.grind(template.block, 1_000_000);
  const r = await t.node.submitBlock(block!);
  expect(['connected', 'side-chain']).toContain(r.status);
  return t.chain.getHeader(hexToHash(r.hash))!;
}

describe('following the chain', () => {
  it('a reorganization returns the disconnected transactions to the mempool and the wallet', async () => {
    await t.call('generatetoaddress', 101, t.addr);
    const parent = t.chain.getTip();
    const txid = await t.call('sendtoaddress', await t.call('getnewaddress'), 0.5);
    await t.call('generatetoaddress', 1, t.addr);
    expect((await t.call('gettransaction', txid)).confirmations).toBe(1);
    expect(await t.call('getrawmempool')).toEqual([]);

    // A longer branch from the parent, without the transaction.
    const a = await mineOn(parent, 1);
    const b = await mineOn(a, 2);
    expect(t.chain.getTip().hashHex).toBe(b.hashHex);
    expect(await t.call('getrawmempool')).toEqual([txid]);
    const tx = await t.call('gettransaction', txid);
    expect(tx.confirmations).toBe(0);
    expect(tx.blockhash).toBeUndefined();
    const tips = await t.call('getchaintips');
    expect(tips.map((x: { status: string }) => x.status).sort()).toEqual(['active', 'valid-fork']);
    // The coinbase of the abandoned block is no longer the wallet's.
    expect((await t.call('getwalletinfo')).txcount).toBe(102 + 1 - 1);
  });
});

describe('network and utility methods without a P2P layer', () => {
  it('reports no peers and keeps the addnode list with bitcoind errors', async () => {
    const info = await t.call('getnetworkinfo');
    expect(info).toMatchObject({ connections: 0, networkactive: false, relayfee: 0.00001, localrelay: true });
    expect(info.subversion).toMatch(/^\/funai-ledger:/);
    expect(await t.call('getpeerinfo')).toEqual([]);
    expect(await t.call('getconnectioncount')).toBe(0);
    expect(await t.call('addnode', '127.0.0.1:1', 'add')).toBeNull();
    expect((await t.fail('addnode', '127.0.0.1:1', 'add')).code).toBe(-23);
    expect(await t.call('getaddednodeinfo')).toEqual([
      { addednode: '127.0.0.1:1', connected: false, addresses: [] },
    ]);
    expect(await t.call('addnode', '127.0.0.1:1', 'remove')).toBeNull();
    expect((await t.fail('addnode', '127.0.0.1:1', 'remove')).code).toBe(-24);
    expect((await t.fail('addnode', '127.0.0.1:1', 'sometimes')).code).toBe(-1);
  });

  it('validateaddress', async () => {
    const ok = await t.call('validateaddress', t.addr);
    expect(ok).toMatchObject({ isvalid: true, address: t.addr, iswitness: true, witness_version: 0 });
    expect(ok.scriptPubKey).toMatch(/^0014[0-9a-f]{40}$/);
    const bad = await t.call('validateaddress', 'fai1qnotanaddress');
    expect(bad.isvalid).toBe(false);
    expect(typeof bad.error).toBe('string');
  });
});

describe('the built-in CPU miner', () => {
  it('mines to its payout script and reports itself in getmininginfo', async () => {
    const payout = (await t.call('validateaddress', t.addr)).scriptPubKey;
    const found = new Promise<HeaderInfo>((resolve) => t.chain.once('tip', resolve));
    await t.node.mining.startMiner(1, Uint8Array.from(Buffer.from(payout, 'hex')));
    const tip = await found;
    const info = await t.call('getmininginfo');
    expect(info.generate).toBe(true);
    expect(info.genproclimit).toBe(1);
    const block = await t.call('getblock', tip.hashHex, 2);
    expect(block.tx[0].vout[0].scriptPubKey.address).toBe(t.addr);
    await t.node.mining.stopMiner();
    expect((await t.call('getmininginfo')).generate).toBe(false);
  });

  it('on regtest waits until the tip is one target spacing old', async () => {
    await t.call('generatetoaddress', 1, t.addr);
    // The clock stands still at the tip's time: the next block is 30 s away.
    const tipTime = t.chain.getTip().header.time;
    const paced = await startTestNode({ now: () => tipTime });
    try {
      await paced.call('submitblock', await t.call('getblock', await t.call('getbestblockhash'), 0));
      expect(await paced.call('getblockcount')).toBe(1);
      const payout = Uint8Array.of(0x51);
      const pacing = paced.node.mining.whenPacing();
      await paced.node.mining.startMiner(1, payout);
      // The miner holds back until the tip is one spacing old: it says so instead of mining.
      expect(await pacing).toBe((tipTime + REGTEST_PARAMS.targetSpacing) * 1000);
      expect(await paced.call('getblockcount')).toBe(1);
      expect(paced.node.mining.isMining).toBe(true);
      await paced.node.mining.stopMiner();
    } finally {
      await paced.close();
    }
  });
});
