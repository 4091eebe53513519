// Which blocks' records Clarity has settled once it executed a block (docs/protocol.md §16.7,
// charge-settlement.ts): the block its certificate certifies, and its ancestor QC_WINDOW below (certified
// before, or expired); and this executor's records among them with their requesters.
import { hash160, toHex } from '@funai/ledger-node';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/block/body.js';
import { QC_WINDOW } from '../../src/block/limits.js';
import { blocksSettledBy, ownCharges } from '../../src/node/charge-settlement.js';
import { principalString } from '../../src/node/consensus-sink.js';
import { receiptFor, signReceipt } from '../../src/tx/receipt.js';
import { encodeTx, txId } from '../../src/tx/transaction.js';
import { client, executor, inferenceTx } from '../consensus/block-fixtures.js';
import { testKey } from '../consensus/tx-fixtures.js';

const hashOf = (h: number) => new Uint8Array(32).fill(h + 1);

/** A chain 0…n, block h certifying block `certifies[h]` when given. */
function chain(n: number, certifies: Record<number, number> = {}): Map<string, Block> {
  const m = new Map<string, Block>();
  for (let h = 0; h <= n; h++) {
    const c = certifies[h];
    const header = {
      height: h,
      parentHash: h === 0 ? new Uint8Array(32) : hashOf(h - 1),
      qc: c === undefined ? null : { blockHash: hashOf(c) },
    };
    m.set(toHex(hashOf(h)), { header, body: { receipts: [], stacksTxs: [] } } as unknown as Block);
  }
  return m;
}

describe('charge settlement', () => {
  it('a certificate settles its block; the window settles the block QC_WINDOW below', () => {
    const m = chain(40, { 5: 3, 20: 4 });
    const get = (h: string) => m.get(h);
    const heights = (h: number) => blocksSettledBy(toHex(hashOf(h)), get).map((b) => b.header.height);
    expect(heights(5)).toEqual([3]);
    expect(heights(3)).toEqual([]);
    expect(heights(QC_WINDOW + 2)).toEqual([2]);
    // Block 20 carries the certificate of 4, which is also QC_WINDOW below it: once.
    expect(heights(20)).toEqual([4]);
    expect(heights(QC_WINDOW - 1)).toEqual([]);
    expect(blocksSettledBy('00'.repeat(32), get)).toEqual([]);
  });

  it("lists this executor's records with their requesters, skipping others' and missing transactions", () => {
    const txs = [inferenceTx(1), inferenceTx(2), inferenceTx(3)];
    const other = testKey(9);
    const out = { tokens: [1], finishReason: 'stop-token' as const };
    const receipts = [
      signReceipt(receiptFor(txs[0]!, txId(txs[0]!), out, executor.pub, 10), executor.priv),
      signReceipt(receiptFor(txs[1]!, txId(txs[1]!), out, other.pub, 10), other.priv),
      signReceipt(receiptFor(txs[2]!, txId(txs[2]!), out, executor.pub, 10), executor.priv),
    ];
    const block = { body: { receipts, stacksTxs: [] } } as unknown as Block;
    const stored = new Map([[toHex(txId(txs[0]!)), encodeTx(txs[0]!)]]);
    const charges = ownCharges([block], executor.pub, (id) => stored.get(toHex(id)));
    expect(charges).toEqual([
      {
        principal: principalString({ version: 26, hash160: hash160(client.pub) }),
        txId: toHex(txId(txs[0]!)),
      },
    ]);
  });
});
