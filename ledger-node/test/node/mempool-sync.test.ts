import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeaderInfo } from '../../src/chain/chain-state.js';
import { ChainState } from '../../src/chain/chain-state.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import type { MempoolEntry } from '../../src/mempool/entry.js';
import type { Mempool, RemovalReason } from '../../src/mempool/mempool.js';
import { createBlockTemplate } from '../../src/mining/template/template.js';
import { MempoolSync } from '../../src/node/mempool-sync.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Block } from '../../src/wire/block.js';
import { toHex } from '../../src/wire/bytes.js';
import { blockHash } from '../../src/wire/header.js';
import { txid } from '../../src/wire/tx.js';
import { Key, mineHeader, spend, templateTip } from '../support/chain-builder.js';

const params = REGTEST_PARAMS;
const alice = Key.fromSeed(2);
const NOW = params.genesis.header.time + 1_000_000;
const EMPTY = { entries: (): MempoolEntry[] => [] };

let cs: ChainState;
let pool: Mempool;
const removed: [string, RemovalReason][] = [];

/** A mined block on `parent` holding what `from` offers (the pool, or nothing). */
function mineOn(parent: HeaderInfo, from: { entries(): Iterable<MempoolEntry> }, extraNonce: number): Block {
  const t = createBlockTemplate({
    tip: templateTip(parent),
    params,
    mempool: from,
    payout: alice.p2wpkh,
    extraNonce,
    time: parent.header.time + params.targetSpacing,
  });
  return { header: mineHeader(t.block.header, params.powLimit), txs: t.block.txs };
}

async function connect(block: Block): Promise<string> {
  return (await cs.processBlock(block)).status;
}

beforeAll(async () => {
  cs = await ChainState.openStore(new MemoryStore(), params, { scriptThreads: 0, now: () => NOW });
  pool = new MempoolSync(cs, {}, () => NOW, pino({ level: 'silent' })).mempool;
  pool.on('removed', (e, why) => removed.push([e.key, why]));
  for (let i = 0; i < 101; i++) expect(await connect(mineOn(cs.getTip(), EMPTY, 0))).toBe('connected');
});

afterAll(async () => {
  await cs.close();
});

describe('MempoolSync: the mempool follows the chain state', () => {
  it('drops mined transactions on connect and takes them back when a reorg disconnects their block', async () => {
    const cb = cs.getBlock(cs.getBlockHash(1)!)!.txs[0]!;
    const coin = { output: cb.outputs[0]!, height: 1, isCoinbase: true };
    const tx = spend(
      [{ outpoint: { txid: txid(cb), vout: 0 }, coin, key: alice }],
      [{ value: coin.output.value - 10_000n, scriptPubKey: alice.p2pkh }],
    );
    pool.accept(tx, NOW);
    expect(pool.size).toBe(1);

    const forkPoint = cs.getTip();
    const withTx = mineOn(forkPoint, pool, 1);
    expect(withTx.txs.map((t) => toHex(txid(t)))).toContain(toHex(txid(tx)));
    expect(await connect(withTx)).toBe('connected');
    expect(pool.size).toBe(0);
    expect(removed).toEqual([[toHex(txid(tx)), 'block']]);

    // A longer branch without it from the same parent: the node reorganizes onto it.
    const a = mineOn(forkPoint, EMPTY, 2);
    expect(await connect(a)).toBe('side-chain');
    const b = mineOn(cs.getHeader(blockHash(a.header))!, EMPTY, 3);
    expect(await connect(b)).toBe('connected');
    expect(cs.getTip().height).toBe(forkPoint.height + 2);

    const back = pool.get(txid(tx));
    expect(back).toBeDefined();
    expect(back!.height).toBe(forkPoint.height + 2);
    expect(back!.fee).toBe(10_000n);
  });
});
