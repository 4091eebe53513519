// Initial block download over the P2P layer on loopback: a pre-generated 2,000-block regtest chain
// (after 110 coinbase-only blocks, every block carries 10 signed P2WPKH spends) synced by a fresh
// node from one peer and from three peers (each serving node in its own process), against connecting the same blocks read from disk by the
// chain state with no networking at all, in the same run. The ratio is the share of the chain
// state's own speed that headers-first download keeps (goal: at least 85 %).
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from '../../tools/bench-report.mjs';
import type { ChainState, ProcessBlockResult } from '../dist/chain/chain-state.js';
import { coinbaseHeightPrefix } from '../dist/consensus/contextual.js';
import { REGTEST_PARAMS } from '../dist/consensus/params.js';
import { checkProofOfWork } from '../dist/consensus/pow.js';
import { blockSubsidy } from '../dist/consensus/subsidy.js';
import { hash160, sha256 } from '../dist/crypto/hash.js';
import { publicKeyFromPrivate, signEcdsaDer } from '../dist/crypto/secp256k1.js';
import { P2PNode } from '../dist/net/p2p-node.js';
import { openChainStateDir } from '../dist/node/chainstate-dir.js';
import { witnessV0SignatureHash } from '../dist/script/sighash.js';
import { scriptForP2PKH, scriptForP2WPKH } from '../dist/script/standard.js';
import type { Block } from '../dist/wire/block.js';
import { decodeBlock, encodeBlock } from '../dist/wire/block.js';
import { concatBytes } from '../dist/wire/bytes.js';
import { blockHash } from '../dist/wire/header.js';
import { blockMerkleRoot } from '../dist/wire/merkle.js';
import type { OutPoint, Transaction, TxOut } from '../dist/wire/tx.js';
import { NULL_TXID, SEQUENCE_FINAL, txid } from '../dist/wire/tx.js';
import { addWitnessCommitment } from '../dist/wire/witness-commitment.js';

const params = REGTEST_PARAMS;
const BLOCKS = 2000;
const FUNDING_BLOCKS = 110;
const SPENDS_PER_BLOCK = 10;
const FEE = 1000n;
/** Measurement rounds (interleaved); each figure is its best round. */
const ROUNDS = 3;

interface Key {
  priv: Uint8Array;
  pub: Uint8Array;
  script: Uint8Array;
}

interface Coin {
  outpoint: OutPoint;
  value: bigint;
  key: Key;
  height: number;
}

const keys: Key[] = Array.from({ length: 16 }, (_, i) => {
  const priv = sha256(new TextEncoder().encode(`ibd-bench key ${i}`));
  const pub = publicKeyFromPrivate(priv, true);
  return { priv, pub, script: scriptForP2WPKH(hash160(pub)) };
});

function spend(coin: Coin, to: Key[]): Transaction {
  const half = (coin.value - FEE) / 2n;
  const tx: Transaction = {
    version: 2,
    inputs: [{ prevout: coin.outpoint, scriptSig: new Uint8Array(0), sequence: SEQUENCE_FINAL, witness: [] }],
    outputs: [
      { value: half, scriptPubKey: to[0]!.script },
      { value: coin.value - FEE - half, scriptPubKey: to[1]!.script },
    ],
    locktime: 0,
  };
  const sighash = witnessV0SignatureHash(scriptForP2PKH(hash160(coin.key.pub)), tx, 0, 1, coin.value);
  tx.inputs[0]!.witness = [concatBytes(signEcdsaDer(sighash, coin.key.priv), Uint8Array.of(1)), coin.key.pub];
  return tx;
}

/** The benchmark chain, serialized. */
function generate(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const wallet: Coin[] = [];
  let prev = params.genesisHash;
  let k = 0;
  for (let h = 1; h <= BLOCKS; h++) {
    const txs: Transaction[] = [];
    const mature = wallet.filter((c) => h - c.height >= params.coinbaseMaturity || c.height < 0);
    if (h > FUNDING_BLOCKS) {
      for (const coin of mature.slice(0, SPENDS_PER_BLOCK)) {
        wallet.splice(wallet.indexOf(coin), 1);
        const to = [keys[k++ % keys.length]!, keys[k++ % keys.length]!];
        const tx = spend(coin, to);
        txs.push(tx);
        const id = txid(tx);
        // Unconfirmed-in-block outputs are marked spendable from the next block on.
        tx.outputs.forEach((o, vout) => {
          wallet.push({ outpoint: { txid: id, vout }, value: o.value, key: to[vout]!, height: -1 });
        });
      }
    }
    const reward = blockSubsidy(h, params.subsidyHalvingInterval) + FEE * BigInt(txs.length);
    const outs: TxOut[] = [];
    const perBlock = h <= FUNDING_BLOCKS ? 20 : 1;
    for (let i = 0; i < perBlock; i++)
      outs.push({ value: reward / BigInt(perBlock), scriptPubKey: keys[i % keys.length]!.script });
    const cb: Transaction = {
      version: 1,
      inputs: [
        {
          prevout: { txid: NULL_TXID.slice(), vout: 0xffffffff },
          scriptSig: concatBytes(coinbaseHeightPrefix(h), Uint8Array.of(0x00)),
          sequence: SEQUENCE_FINAL,
          witness: [],
        },
      ],
      outputs: outs,
      locktime: 0,
    };
    let block: Block = {
      header: {
        version: 0x20000000,
        prevBlock: prev,
        merkleRoot: new Uint8Array(32),
        time: params.genesis.header.time + h,
        bits: params.powLimitBits,
        nonce: 0,
      },
      txs: [cb, ...txs],
    };
    if (txs.length > 0) block = { ...block, txs: [addWitnessCommitment(block), ...txs] };
    block.header.merkleRoot = blockMerkleRoot(block.txs).root;
    while (!checkProofOfWork(blockHash(block.header), block.header.bits, params.powLimit))
      block.header.nonce++;
    const id = txid(block.txs[0]!);
    block.txs[0]!.outputs.forEach((o, vout) => {
      if (o.value > 0n && vout < perBlock)
        wallet.push({
          outpoint: { txid: id, vout },
          value: o.value,
          key: keys[vout % keys.length]!,
          height: h,
        });
    });
    for (const c of wallet) if (c.height < 0) c.height = -2;
    out.push(encodeBlock(block));
    prev = blockHash(block.header);
  }
  return out;
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'funai-ibd-bench-'));
  dirs.push(d);
  return d;
}

async function openChain(): Promise<{ dir: string; chain: ChainState }> {
  const dir = tempDir();
  return { dir, chain: await openChainStateDir(dir, params, undefined, { checkBlocks: 0 }) };
}

async function startP2P(dir: string, chain: ChainState, connect: string[] = []): Promise<P2PNode> {
  return P2PNode.start({
    params,
    datadir: join(dir, params.name),
    listen: ['127.0.0.1:0'],
    connect,
    chain,
    discover: false,
  });
}

async function waitForHeight(chain: ChainState, height: number, timeoutMs = 600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (chain.getTip().height < height) {
    if (Date.now() > end) throw new Error(`sync stalled at ${chain.getTip().height}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A serving node in a child process (bench/ibd-peer.ts) over a copy of the loaded chain. */
async function spawnPeer(dir: string): Promise<{ addr: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [fileURLToPath(new URL('./ibd-peer.ts', import.meta.url)), dir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const addr = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    proc.once('exit', (code) => reject(new Error(`serving node exited with ${code}`)));
  });
  return { addr, proc };
}

async function stopPeer(p: { proc: ChildProcess }): Promise<void> {
  const exited = new Promise((r) => p.proc.once('exit', r));
  p.proc.stdin!.end();
  await exited;
}

/** Blocks per second of a fresh node syncing the whole chain from peers at `addrs`. */
async function ibd(addrs: string[]): Promise<number> {
  const { dir, chain } = await openChain();
  const start = performance.now();
  const node = await startP2P(dir, chain, addrs);
  await waitForHeight(chain, BLOCKS);
  const seconds = (performance.now() - start) / 1000;
  await node.stop();
  await chain.close();
  rmSync(dir, { recursive: true, force: true });
  return BLOCKS / seconds;
}

export async function benchIbd(): Promise<Figure[]> {
  const raw = generate();
  try {
    // One chain state loaded without timing, then copied for the three serving peers.
    const loaded = await openChain();
    for (const r of raw) await loaded.chain.processBlock(decodeBlock(r), r);
    await loaded.chain.close();
    const peerDirs = [tempDir(), tempDir(), tempDir()];
    for (const d of peerDirs) cpSync(loaded.dir, d, { recursive: true });
    const source = await openChainStateDir(loaded.dir, params, undefined, { checkBlocks: 0 });

    // Baseline: the same blocks read back from the store and connected by a fresh chain state,
    // with no networking.
    const baselineRun = async (): Promise<number> => {
      const fresh = await openChain();
      // As the connect benchmark and a download: the next block is passed while one connects.
      const connected = (h: number, r: ProcessBlockResult) => {
        if (r.status !== 'connected') throw new Error(`baseline: block ${h} ${r.status} ${r.reason ?? ''}`);
      };
      const t0 = performance.now();
      let previous: Promise<ProcessBlockResult> | undefined;
      for (let h = 1; h <= BLOCKS; h++) {
        const bytes = source.getRawBlock(source.getBlockHash(h)!)!;
        const next = fresh.chain.processBlock(decodeBlock(bytes), bytes);
        if (previous !== undefined) connected(h - 1, await previous);
        previous = next;
      }
      if (previous !== undefined) connected(BLOCKS, await previous);
      const rate = BLOCKS / ((performance.now() - t0) / 1000);
      await fresh.chain.close();
      rmSync(fresh.dir, { recursive: true, force: true });
      return rate;
    };

    const peers = await Promise.all(peerDirs.map((d) => spawnPeer(d)));
    // Interleaved rounds, best of each: the figures are throughputs, and on a shared machine the
    // slow outliers measure the neighbours, not the code.
    const baselines: number[] = [];
    const ones: number[] = [];
    const threes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      baselines.push(await baselineRun());
      ones.push(await ibd(peers.slice(0, 1).map((p) => p.addr)));
      threes.push(await ibd(peers.map((p) => p.addr)));
    }
    for (const p of peers) await stopPeer(p);
    await source.close();
    const baseline = Math.max(...baselines);
    const one = Math.max(...ones);
    const three = Math.max(...threes);

    const base = { baseline: 'connect-from-disk', baselineValue: baseline };
    return [
      { name: 'ibd-1peer', value: one, unit: 'blocks/s', ...base },
      { name: 'ibd-3peers', value: three, unit: 'blocks/s', ...base },
    ];
  } finally {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { writeBenchReport } = await import('../../tools/bench-report.mjs');
  const figures = await benchIbd();
  console.table(figures);
  if (process.argv.includes('--write')) writeBenchReport('ledger-node', figures);
}
