// Waiting records across a restart (docs/protocol.md §16.7, records.ts restoreWaiting): a record executed
// just before the node stopped waits for a block again after it starts, with its contents served; one a
// restored block carries does not, nor one too old for any block.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '@funai/ledger-node';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { RECEIPT_MAX_AGE } from '../../src/block/limits.js';
import { ExecutedRecords } from '../../src/net/records.js';
import type { RecordContents } from '../../src/roles/verifier.js';
import { InferenceStore } from '../../src/store/index.js';
import { decodeSignedReceipt, encodeSignedReceipt, receiptFor, signReceipt } from '../../src/tx/receipt.js';
import { encodeTx, type SignedInferenceTx, txId } from '../../src/tx/transaction.js';
import { CHAIN_ID, executor, inferenceTx } from '../consensus/block-fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'funai-records-restart-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const log = pino({ level: 'silent' });

function contents(tx: SignedInferenceTx, ledgerHeight: number, tokens = [7, 8, 9]): RecordContents {
  const output = { tokens, finishReason: 'stop-token' as const };
  const receipt = signReceipt(receiptFor(tx, txId(tx), output, executor.pub, ledgerHeight), executor.priv);
  return { tx: encodeTx(tx), receipt: encodeSignedReceipt(receipt), output };
}

describe('waiting records across a restart', () => {
  it('reloads the records not in a block and not too old, with their contents', async () => {
    const dir = join(tmp, 'a');
    let tip = 500;
    let store = await InferenceStore.open(dir);
    const before = new ExecutedRecords({ chainId: CHAIN_ID, tipHeight: () => tip, store, log });
    const waiting = contents(inferenceTx(11), 500);
    const included = contents(inferenceTx(12), 500);
    const old = contents(inferenceTx(13), 480);
    for (const c of [waiting, included, old]) before.addOwn(c);
    expect(before.pending()).toHaveLength(3);
    await store.close();

    // Restart: 30 ledger blocks later, the `old` record's receipt is beyond RECEIPT_MAX_AGE.
    tip = 480 + RECEIPT_MAX_AGE + 1;
    store = await InferenceStore.open(dir);
    const after = new ExecutedRecords({ chainId: CHAIN_ID, tipHeight: () => tip, store, log });
    expect(after.pending()).toHaveLength(0);
    expect(after.restoreWaiting(tip)).toBe(2);
    // The restored chain's blocks carry `included`.
    after.markIncluded([decodeSignedReceipt(included.receipt)]);
    expect(after.pending()).toEqual([waiting.receipt]);
    const served = after.contents(toHex(txId(inferenceTx(11))));
    expect(served).toEqual(waiting);
    // Heard again (gossip of the same record): still one waiting record, not a second.
    after.addOwn(waiting);
    expect(after.pending()).toHaveLength(1);
    await store.close();
  });
});
