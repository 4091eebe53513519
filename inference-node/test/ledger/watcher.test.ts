// The ledger watcher against real funai-ledger processes (regtest, mined on demand): following the
// tip, a reorg fed by submitblock of a competing branch, FUN AI op transactions with their proofs,
// a ledger restart, and a watcher resumed from a persisted tail across a reorg.

import { equalBytes, FUNAI_OP, hexToHash, merkleRootFromBranch, sha256d } from '@funai/ledger-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerBlockRef } from '../../src/ledger/index.js';
import { LedgerWatcher } from '../../src/ledger/index.js';
import type { LedgerProcess } from './ledger-fixture.js';
import {
  copyBlocks,
  ledgerClient,
  memoryLogger,
  RecordingSink,
  startLedger,
  tcpForwarder,
} from './ledger-fixture.js';

let a: LedgerProcess;
let b: LedgerProcess;
let addrA: string;
let addrB: string;

beforeAll(async () => {
  [a, b] = await Promise.all([startLedger(), startLedger()]);
  addrA = await a.call<string>('getnewaddress');
  addrB = await b.call<string>('getnewaddress');
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

/** Resolves when the watcher reports itself synced at `hashHex`. */
function syncedAt(w: LedgerWatcher, hashHex: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (tip: LedgerBlockRef) => {
      if (tip.hashHex === hashHex) {
        w.off('synced', check);
        resolve();
      }
    };
    if (w.synced && w.tip?.hashHex === hashHex) return resolve();
    w.on('synced', check);
    w.stopped.catch(reject);
  });
}

async function ledgerChain(l: LedgerProcess): Promise<LedgerBlockRef[]> {
  const n = await l.call<number>('getblockcount');
  const out: LedgerBlockRef[] = [];
  for (let h = 0; h <= n; h++) out.push({ height: h, hashHex: await l.call<string>('getblockhash', h) });
  return out;
}

describe('ledger watcher', () => {
  it('follows the tip, then a competing branch submitted to the ledger reorganises it', async () => {
    const { log } = memoryLogger();
    const sink = new RecordingSink();
    const w = new LedgerWatcher({ rpc: ledgerClient(a), sink, log, pollMs: 2_000 });
    w.start();
    const first = await a.call<string[]>('generatetoaddress', 3, addrA);
    await syncedAt(w, first[2]!);
    expect(sink.events).toEqual(['+0', '+1', '+2', '+3']);

    // b gets a's first three blocks, then both mine apart: a two blocks, b four.
    await copyBlocks(a, b, 1, 3);
    const aOnly = await a.call<string[]>('generatetoaddress', 2, addrA);
    await syncedAt(w, aOnly[1]!);
    const bOnly = await b.call<string[]>('generatetoaddress', 4, addrB);
    await copyBlocks(b, a, 4, 7);
    expect(await a.call('getbestblockhash')).toBe(bOnly[3]);
    await syncedAt(w, bOnly[3]!);
    await w.stop();

    expect(sink.violations).toEqual([]);
    expect(sink.events.slice(4)).toEqual(['+4', '+5', '-5', '-4', '+4', '+5', '+6', '+7']);
    expect(sink.chain).toEqual(await ledgerChain(a));
  });

  it('delivers FUN AI op transactions with raw bytes and a Merkle branch to the header', async () => {
    await a.call('generatetoaddress', 101, addrA);
    const payTo = await a.call<string>('getnewaddress');
    const txidHex = await a.call<string>(
      'sendfunaiop',
      { op: FUNAI_OP.COMMIT, version: 1, body: 'c0ffee' },
      { [payTo]: 0.5 },
    );
    const [hash] = await a.call<string[]>('generatetoaddress', 1, addrA);
    const { log } = memoryLogger();
    const sink = new RecordingSink();
    const w = new LedgerWatcher({ rpc: ledgerClient(a), sink, log, pollMs: 2_000 });
    w.start();
    await syncedAt(w, hash!);
    await w.stop();
    const block = sink.blocks.get(hash!)!;
    expect(block.ops).toHaveLength(1);
    const [op] = block.ops;
    expect(Buffer.from(op!.txid).reverse().toString('hex')).toBe(txidHex);
    expect(op!.op).toEqual({ op: FUNAI_OP.COMMIT, version: 1, body: Uint8Array.from([0xc0, 0xff, 0xee]) });
    expect(op!.vout).toBe(0);
    expect(op!.opValue).toBe(0n);
    expect(op!.tx.outputs[1]!.value).toBe(50_000_000n);
    expect(equalBytes(sha256d(op!.raw), op!.txid)).toBe(true);
    expect(equalBytes(merkleRootFromBranch(op!.txid, op!.branch), block.header.merkleRoot)).toBe(true);
    expect(equalBytes(block.hash, hexToHash(hash!))).toBe(true);
    // The op's sender (docs/protocol.md §14.1): the script of the output its input 0 spends.
    const vin0 = op!.tx.inputs[0]!.prevout;
    const fundingId = Buffer.from(vin0.txid).reverse().toString('hex');
    const { blockhash } = await a.call<{ blockhash: string }>('gettransaction', fundingId);
    const funding = await a.call<{ vout: { scriptPubKey: { hex: string } }[] }>(
      'getrawtransaction',
      fundingId,
      true,
      blockhash,
    );
    expect(Buffer.from(op!.senderScript!).toString('hex')).toBe(funding.vout[vin0.vout]!.scriptPubKey.hex);
    // Blocks without ops carry none (the coinbase never counts).
    const parent = sink.blocks.get(Buffer.from(block.header.prevBlock).reverse().toString('hex'))!;
    expect(parent.ops).toEqual([]);
  });

  it('survives a ledger restart: logs the outage, retries, and resumes without losing a block', async () => {
    const { log, lines } = memoryLogger();
    const sink = new RecordingSink();
    // The watcher keeps one URL; the restarted ledger listens on a new port behind it.
    const forward = await tcpForwarder(() => a.rpcPort);
    const w = new LedgerWatcher({
      rpc: ledgerClient(a, forward.port),
      sink,
      log,
      pollMs: 2_000,
      retry: { initialMs: 50, maxMs: 400 },
    });
    w.start();
    await syncedAt(w, await a.call<string>('getbestblockhash'));
    const outage = new Promise<void>((resolve) => w.once('unreachable', () => resolve()));
    const dir = a.datadir;
    await a.stop({ keep: true });
    await outage;
    a = await startLedger([], dir);
    const more = await a.call<string[]>('generatetoaddress', 3, addrA);
    await syncedAt(w, more[2]!);
    await w.stop();
    await forward.close();
    expect(sink.violations).toEqual([]);
    expect(sink.chain).toEqual(await ledgerChain(a));
    expect(lines.some((l) => l.msg === 'ledger unreachable, retrying')).toBe(true);
    expect(lines.some((l) => l.msg === 'ledger reachable again')).toBe(true);
  });

  it('resumes from a persisted tail and disconnects what a reorg removed while it was stopped', async () => {
    const { log } = memoryLogger();
    const first = new RecordingSink();
    const w1 = new LedgerWatcher({ rpc: ledgerClient(a), sink: first, log, pollMs: 2_000 });
    w1.start();
    const tipHash = await a.call<string>('getbestblockhash');
    await syncedAt(w1, tipHash);
    await w1.stop();

    // While no watcher runs: b takes a's chain, a mines one block, b mines two, a reorgs to b's.
    const height = await a.call<number>('getblockcount');
    await copyBlocks(a, b, 1, height);
    await a.call('generatetoaddress', 1, addrA);
    const bTip = await b.call<string[]>('generatetoaddress', 2, addrB);
    await copyBlocks(b, a, height + 1, height + 2);
    expect(await a.call('getbestblockhash')).toBe(bTip[1]);

    // The second run knows only the last 10 blocks, as a store would hand them back.
    const tail = first.chain.slice(-10);
    const second = new RecordingSink(tail);
    const w2 = new LedgerWatcher({ rpc: ledgerClient(a), sink: second, log, known: tail, pollMs: 2_000 });
    w2.start();
    await syncedAt(w2, bTip[1]!);
    await w2.stop();
    expect(second.violations).toEqual([]);
    expect(second.events).toEqual([`+${height + 1}`, `+${height + 2}`]);
    expect(second.chain).toEqual((await ledgerChain(a)).slice(-second.chain.length));
  });
});
