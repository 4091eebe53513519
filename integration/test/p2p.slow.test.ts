// The ledger's P2P network with real funai-ledger processes on 127.0.0.1, driven over RPC: four nodes
// relay blocks and transactions; two halves of a partition mine separately and converge on the
// most-work chain with identical UTXO set hashes; a fresh node syncs 2,000 blocks from three peers;
// a peer that serves an invalid block (a scripted libp2p node in this process) is banned while the
// honest nodes carry on.

import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coinbaseHeightPrefix } from '../../ledger-node/dist/consensus/contextual.js';
import { REGTEST_PARAMS } from '../../ledger-node/dist/consensus/params.js';
import { checkProofOfWork } from '../../ledger-node/dist/consensus/pow.js';
import { blockSubsidy } from '../../ledger-node/dist/consensus/subsidy.js';
import {
  decodeGetBlocks,
  decodeGetHeaders,
  encodeBlockResponse,
  encodeHeaders,
  encodeStatus,
} from '../../ledger-node/dist/net/messages.js';
import { networkProtocols } from '../../ledger-node/dist/net/protocols.js';
import { requestOne, serve } from '../../ledger-node/dist/net/request.js';
import type { Block } from '../../ledger-node/dist/wire/block.js';
import { decodeBlock, encodeBlock } from '../../ledger-node/dist/wire/block.js';
import { concatBytes, fromHex, toHex } from '../../ledger-node/dist/wire/bytes.js';
import { blockHash } from '../../ledger-node/dist/wire/header.js';
import { blockMerkleRoot } from '../../ledger-node/dist/wire/merkle.js';
import { NULL_TXID, SEQUENCE_FINAL } from '../../ledger-node/dist/wire/tx.js';
import type { LedgerProcess } from './ledger-node-process.js';
import { startLedger, until } from './ledger-node-process.js';

const running: LedgerProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
  await Promise.all(running.map((p) => p.stop().catch(() => null)));
});

async function node(extra: string[] = []): Promise<LedgerProcess> {
  const p = await startLedger(extra);
  running.push(p);
  return p;
}

const peerAddr = (p: LedgerProcess) => `127.0.0.1:${p.p2pPort}`;
const tipOf = (p: LedgerProcess) => p.call<string>('getbestblockhash');

async function link(from: LedgerProcess, to: LedgerProcess): Promise<void> {
  await from.call('addnode', peerAddr(to), 'onetry');
}

describe('four nodes', () => {
  let nodes: LedgerProcess[];

  // Each test of this group can run alone (-t): the four nodes and their first blocks are set
  // up here, not by the first test.
  beforeAll(async () => {
    const a = await node();
    nodes = [a, ...(await Promise.all([1, 2, 3].map(() => node([`--connect=${peerAddr(a)}`]))))];
    const addr = await a.call<string>('getnewaddress');
    // 102 blocks: the wallet spends a coinbase once it has 101 confirmations.
    await a.call('generatetoaddress', 102, addr);
    for (const n of nodes)
      expect(await n.call('waitforblockheight', 102, 60_000)).toMatchObject({ height: 102 });
  });

  it('relay a block mined on one to all of them', async () => {
    const height = (await nodes[3]!.call<number>('getblockcount')) + 1;
    const [hash] = await nodes[3]!.call<string[]>(
      'generatetoaddress',
      1,
      await nodes[3]!.call<string>('getnewaddress'),
    );
    for (const n of nodes) expect((await n.call('waitforblockheight', height, 60_000)).hash).toBe(hash);
  });

  it("relay a transaction into every node's mempool", async () => {
    const dest = await nodes[2]!.call<string>('getnewaddress');
    const txid = await nodes[0]!.call<string>('sendtoaddress', dest, 2);
    for (const n of nodes) {
      await until(
        `tx in a mempool`,
        () => n.call<string[]>('getrawmempool'),
        (pool) => pool.includes(txid),
      );
    }
  });
});

describe('partition', () => {
  it('two halves mine separately, reconnect, and converge on the most-work chain', async () => {
    const a = await node();
    const addrA = await a.call<string>('getnewaddress');
    await a.call('generatetoaddress', 110, addrA);
    // c takes the common chain from a, then restarts on its own: the two halves never met.
    const first = await node([`--connect=${peerAddr(a)}`]);
    await first.call('waitforblockheight', 110, 60_000);
    running.splice(running.indexOf(first), 1);
    await first.stop({ keep: true });
    const c = await startLedger([], first.datadir);
    running.push(c);
    expect(await c.call('getconnectioncount')).toBe(0);
    const b = await node([`--connect=${peerAddr(a)}`]);
    const d = await node([`--connect=${peerAddr(c)}`]);
    const all = [a, b, c, d];
    await until(
      'common chain',
      () => Promise.all(all.map(tipOf)),
      (t) => new Set(t).size === 1,
    );
    await a.call('sendtoaddress', await b.call<string>('getnewaddress'), 1);
    await a.call('generatetoaddress', 5, addrA);
    const addrD = await d.call<string>('getnewaddress');
    await d.call('generatetoaddress', 8, addrD);
    await until(
      'left at 115',
      () => b.call<number>('getblockcount'),
      (h) => h === 115,
    );
    await until(
      'right at 118',
      () => c.call<number>('getblockcount'),
      (h) => h === 118,
    );
    expect(await tipOf(a)).not.toBe(await tipOf(d));

    await link(b, c);
    const rightTip = await tipOf(d);
    await until(
      'converged',
      () => Promise.all(all.map(tipOf)),
      (t) => t.every((h) => h === rightTip),
    );
    const sets = await Promise.all(all.map((n) => n.call('gettxoutsetinfo')));
    for (const s of sets) {
      expect(s.height).toBe(118);
      expect(s.muhash).toBe(sets[3].muhash);
      expect(s.txouts).toBe(sets[3].txouts);
    }
    const tips = await a.call<{ status: string; height: number }[]>('getchaintips');
    expect(tips.some((t) => t.status === 'valid-fork' && t.height === 115)).toBe(true);
  });
});

describe('initial block download', () => {
  it('a fresh node syncs 2,000 blocks from three peers', async () => {
    const a = await node();
    await a.call('generatetoaddress', 2000, await a.call<string>('getnewaddress'));
    // -connect turns listening off unless -listen says otherwise, as in bitcoind.
    const b = await node([`--connect=${peerAddr(a)}`, '--listen=1']);
    const c = await node([`--connect=${peerAddr(a)}`, '--listen=1']);
    await b.call('waitforblockheight', 2000, 300_000);
    await c.call('waitforblockheight', 2000, 300_000);
    const fresh = await node([
      `--connect=${peerAddr(a)}`,
      `--connect=${peerAddr(b)}`,
      `--connect=${peerAddr(c)}`,
    ]);
    expect(await fresh.call('waitforblockheight', 2000, 300_000)).toMatchObject({
      height: 2000,
      hash: await tipOf(a),
    });
    const [u1, u2] = await Promise.all([fresh.call('gettxoutsetinfo'), a.call('gettxoutsetinfo')]);
    expect(u1.muhash).toBe(u2.muhash);
    const peers = await fresh.call<{ synced_blocks: number }[]>('getpeerinfo');
    expect(peers).toHaveLength(3);
    expect(peers.filter((p) => p.synced_blocks > 0).length).toBeGreaterThanOrEqual(2);
    const progress = fresh.logs.filter((l) => String(l.msg).startsWith('sync: '));
    expect(progress.some((l) => String(l.msg).startsWith('sync: caught up at height 2000'))).toBe(true);
  });
});

/** A scripted peer serving a chain it is given, in this process. */
async function scriptedPeer(blocks: Block[]) {
  const protocols = networkProtocols(REGTEST_PARAMS.genesisHash);
  const lp = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() },
  });
  cleanups.push(async () => {
    await lp.stop();
  });
  const hashes = [REGTEST_PARAMS.genesisHash, ...blocks.map((b) => blockHash(b.header))];
  const keys = hashes.map((h) => toHex(h));
  const raw = new Map(blocks.map((b, i) => [keys[i + 1]!, encodeBlock(b)]));
  const status = {
    version: 1,
    height: blocks.length,
    tipHash: hashes[hashes.length - 1]!,
    chainWork: 0n,
    userAgent: '/scripted/',
  };
  const none = { onBytesIn: () => {}, onBytesOut: () => {} };
  const hooks = { ...none, allow: () => true, onViolation: () => {}, onError: () => {} };
  const opts = { requestLimit: 1 << 20, timeoutMs: 10_000, maxInboundStreams: 32 };
  await serve(lp, protocols.ids.status, opts, hooks, async (_q, _p, reply) => reply(encodeStatus(status)));
  await serve(lp, protocols.ids.headers, opts, hooks, async (q, _p, reply) => {
    const from = Math.max(0, ...decodeGetHeaders(q).locator.map((h) => keys.indexOf(toHex(h))));
    await reply(encodeHeaders(blocks.slice(from, from + 2000).map((b) => b.header)));
  });
  await serve(lp, protocols.ids.blocks, opts, hooks, async (q, _p, reply) => {
    for (const h of decodeGetBlocks(q)) await reply(encodeBlockResponse(raw.get(toHex(h))));
  });
  return {
    peerId: lp.peerId.toString(),
    async connectTo(p: LedgerProcess): Promise<string> {
      const conn = await lp.dial(multiaddr(`/ip4/127.0.0.1/tcp/${p.p2pPort}`) as never);
      const id = conn.remotePeer.toString();
      await requestOne(
        lp,
        id,
        protocols.ids.status,
        encodeStatus(status),
        { timeoutMs: 5_000, frameLimit: 1 << 16 },
        none,
      );
      return id;
    },
    connected: () => lp.getConnections().filter((c) => c.status === 'open').length,
  };
}

/** A mined regtest block on `parent` whose coinbase claims `overpay` more than it may. */
function blockOn(parent: Block, height: number, overpay: bigint, tag: number): Block {
  const cb = {
    version: 1,
    inputs: [
      {
        prevout: { txid: NULL_TXID.slice(), vout: 0xffffffff },
        scriptSig: concatBytes(coinbaseHeightPrefix(height), Uint8Array.of(0x01, tag)),
        sequence: SEQUENCE_FINAL,
        witness: [],
      },
    ],
    outputs: [{ value: blockSubsidy(height) + overpay, scriptPubKey: Uint8Array.of(0x51) }],
    locktime: 0,
  };
  const block: Block = {
    header: {
      version: 0x20000000,
      prevBlock: blockHash(parent.header),
      merkleRoot: blockMerkleRoot([cb]).root,
      time: parent.header.time + 1,
      bits: REGTEST_PARAMS.powLimitBits,
      nonce: 0,
    },
    txs: [cb],
  };
  while (!checkProofOfWork(blockHash(block.header), block.header.bits, REGTEST_PARAMS.powLimit))
    block.header.nonce++;
  return block;
}

describe('misbehaviour', () => {
  it('a peer that serves an invalid block is banned while the honest nodes carry on', async () => {
    const honest = await node();
    await honest.call('generatetoaddress', 30, await honest.call<string>('getnewaddress'));
    const victim = await node([`--connect=${peerAddr(honest)}`, '--listen=1']);
    await victim.call('waitforblockheight', 30, 60_000);

    // The honest chain up to 20, then a longer branch whose first block overpays its coinbase.
    const chain: Block[] = [];
    for (let h = 1; h <= 20; h++) {
      chain.push(
        decodeBlock(
          fromHex(await honest.call<string>('getblock', await honest.call<string>('getblockhash', h), 0)),
        ),
      );
    }
    let parent = chain[19]!;
    for (let h = 21; h <= 45; h++) {
      parent = blockOn(parent, h, h === 21 ? 1n : 0n, 7);
      chain.push(parent);
    }
    const fake = await scriptedPeer(chain);
    await fake.connectTo(victim);

    await until(
      'fake banned',
      async () => victim.logs,
      (logs) => logs.some((l) => l.msg === 'peer banned' && l.peer === fake.peerId),
      60_000,
    );
    await until(
      'fake disconnected',
      async () => fake.connected(),
      (n) => n === 0,
      30_000,
    );
    const peers = await victim.call<{ peerid: string }[]>('getpeerinfo');
    expect(peers.map((p) => p.peerid)).not.toContain(fake.peerId);
    await expect(fake.connectTo(victim)).rejects.toThrow();
    expect(await tipOf(victim)).toBe(await tipOf(honest));

    // The honest node carries on, and its next block reaches the victim.
    const [hash] = await honest.call<string[]>(
      'generatetoaddress',
      1,
      await honest.call<string>('getnewaddress'),
    );
    expect((await victim.call('waitforblockheight', 31, 60_000)).hash).toBe(hash);
  });
});
