import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkBlock } from '../../src/consensus/check-block.js';
import { chainParams } from '../../src/consensus/params.js';
import { checkProofOfWork, decodeCompact } from '../../src/consensus/pow.js';
import { minerTemplate } from '../../src/mining/miner/block-template.js';
import type { FoundBlock, MinerTemplate } from '../../src/mining/miner/cpu-miner.js';
import { CpuMiner } from '../../src/mining/miner/cpu-miner.js';
import { coinbaseScriptSig } from '../../src/mining/template/coinbase.js';
import { createBlockTemplate } from '../../src/mining/template/template.js';
import { blockHash } from '../../src/wire/header.js';
import { blockMerkleRoot } from '../../src/wire/merkle.js';
import type { Transaction } from '../../src/wire/tx.js';
import { randomTestBytes } from '../support/rng.js';
import { waitFor } from '../support/wait.js';
import { buildKernel } from './build-kernel.js';

/** About 2^16 hashes a block: quick on one core. */
const EASY_BITS = 0x1f00ffff;
/** About 2^48 hashes: never found in a test. */
const HARD_BITS = 0x1900ffff;

function coinbaseWith(extraNonce: number): Transaction {
  const script = new Uint8Array(9);
  script[0] = 0x03; // a height push, as BIP34 would put first
  script.set([1, 0, 0], 1);
  script[4] = 0x04;
  new DataView(script.buffer).setUint32(5, extraNonce, true);
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: script,
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value: 150_000_000n, scriptPubKey: Uint8Array.of(0x51) }],
    locktime: 0,
  };
}

function otherTx(i: number): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: randomTestBytes(32, 'bytes'), vout: i },
        scriptSig: Uint8Array.of(0x51),
        sequence: 0,
        witness: [],
      },
    ],
    outputs: [{ value: BigInt(1000 + i), scriptPubKey: Uint8Array.of(0x51) }],
    locktime: 0,
  };
}

function template(bits: number, opts: { txs?: number; calls?: number[] } = {}): MinerTemplate {
  return {
    version: 0x20000000,
    prevBlock: randomTestBytes(32, 'bytes'),
    time: 1_800_000_000,
    bits,
    txs: Array.from({ length: opts.txs ?? 0 }, (_, i) => otherTx(i)),
    coinbase: (n) => {
      opts.calls?.push(n);
      return coinbaseWith(n);
    },
  };
}

function nextFound(miner: CpuMiner, timeoutMs = 30_000): Promise<FoundBlock> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no block found in time')), timeoutMs);
    miner.once('found', (f) => {
      clearTimeout(t);
      resolve(f);
    });
  });
}

function expectValidBlock(f: FoundBlock, t: MinerTemplate): void {
  const limit = decodeCompact(0x207fffff).target;
  expect(blockHash(f.header)).toEqual(f.hash);
  expect(checkProofOfWork(f.hash, t.bits, limit)).toBe(true);
  expect(f.header.nonce).toBe(f.nonce);
  expect(f.header.prevBlock).toEqual(t.prevBlock);
  expect(f.header.bits).toBe(t.bits);
  expect(f.block.txs.length).toBe(t.txs.length + 1);
  expect(blockMerkleRoot(f.block.txs).root).toEqual(f.header.merkleRoot);
  expect(new DataView(f.block.txs[0]!.inputs[0]!.scriptSig.buffer).getUint32(5, true)).toBe(f.extraNonce);
}

let miner: CpuMiner | undefined;
beforeAll(() => buildKernel());
afterEach(async () => {
  await miner?.stop();
  miner = undefined;
});

describe('CpuMiner', () => {
  for (const threads of [1, 2]) {
    it(`finds a valid block on ${threads} worker(s)`, async () => {
      miner = new CpuMiner({ threads, refreshMs: 0 });
      const t = template(EASY_BITS, { txs: 3 });
      const found = nextFound(miner);
      await miner.start(() => t);
      const f = await found;
      expectValidBlock(f, t);
      expect(f.block.txs.slice(1)).toEqual(t.txs);
      expect(miner.hashesDone()).toBeGreaterThan(0);
      expect(miner.kernel).toEqual({ name: 'wasm-simd', revectorized: expect.any(Boolean) });
    });
  }

  it('mines with the JavaScript scanner when asked to', async () => {
    miner = new CpuMiner({ threads: 1, refreshMs: 0, kernel: 'js' });
    expect(miner.kernel).toEqual({ name: 'js' });
    const t = template(EASY_BITS);
    const found = nextFound(miner);
    await miner.start(() => t);
    expectValidBlock(await found, t);
  });

  it('gives each worker its own extra nonce and rolls it when the nonce range runs out', async () => {
    const calls: number[] = [];
    miner = new CpuMiner({ threads: 2, noncesPerJob: 2000, chunk: 500, refreshMs: 0 });
    await miner.start(() => template(HARD_BITS, { calls }));
    await waitFor('eight found blocks reported', () => calls.length >= 8, 20_000);
    expect(new Set(calls).size).toBe(calls.length);
    expect(miner.hashesDone()).toBeGreaterThanOrEqual(2000 * 6);
  });

  it('asks the source for the next template after a find', async () => {
    let served = 0;
    miner = new CpuMiner({ threads: 1, refreshMs: 0 });
    const blocks: FoundBlock[] = [];
    miner.on('found', (f) => blocks.push(f));
    await miner.start(() => {
      served++;
      return template(EASY_BITS);
    });
    await waitFor('two blocks found', () => blocks.length >= 2, 20_000);
    expect(served).toBeGreaterThanOrEqual(2);
    expect(blocks[0]!.header.prevBlock).not.toEqual(blocks[1]!.header.prevBlock);
  });

  it('switches to a new template promptly', async () => {
    miner = new CpuMiner({ threads: 2, refreshMs: 0 });
    await miner.start(() => template(HARD_BITS));
    await waitFor('first hashes', () => miner!.hashesDone() > 0, 20_000);
    const easy = template(EASY_BITS);
    const found = nextFound(miner);
    miner.updateTemplate(easy);
    const f = await found;
    expectValidBlock(f, easy);
  });

  it('stops on request and reports a hashrate while running', async () => {
    miner = new CpuMiner({ threads: 2, refreshMs: 0 });
    await miner.start(() => template(HARD_BITS));
    await waitFor('100,000 hashes', () => miner!.hashesDone() > 100_000, 20_000);
    // The hashrate is reported once its first measuring window closes: wait for that, not a fixed time.
    await waitFor('a hashrate', () => miner!.hashrate() > 0, 20_000);
    expect(miner.hashrate()).toBeGreaterThan(0);
    const started = Date.now();
    await miner.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(miner.isRunning).toBe(false);
    // stop() resolves once the workers have exited: no count can arrive after it.
    const after = miner.hashesDone();
    await new Promise((r) => setImmediate(r));
    expect(miner.hashesDone()).toBe(after);
  });

  it('reports a source failure and rejects invalid bits', async () => {
    miner = new CpuMiner({ threads: 1, refreshMs: 0 });
    const errors: Error[] = [];
    miner.on('error', (e) => errors.push(e));
    await miner.start(() => {
      throw new Error('no tip yet');
    });
    expect(errors.map((e) => e.message)).toContain('no tip yet');
    expect(() => miner!.updateTemplate(template(0x00000000))).toThrow(RangeError);
    expect(() => new CpuMiner({ threads: 0 })).toThrow(RangeError);
  });
});

describe('CpuMiner on a block template', () => {
  it.each(['wasm-simd', 'js'] as const)(
    'mines a regtest template (%s) into a block that passes the context-free block checks',
    async (kernel) => {
      const params = chainParams('regtest');
      const g = params.genesis.header;
      const t = createBlockTemplate({
        tip: { hash: params.genesisHash, height: 0, time: g.time, bits: g.bits, medianTimePast: g.time },
        params,
        mempool: { entries: () => [] },
        payout: Uint8Array.of(0x51),
        time: g.time + 30,
      });
      miner = new CpuMiner({ threads: 1, refreshMs: 0, kernel });
      expect(miner.kernel.name).toBe(kernel);
      const found = nextFound(miner);
      await miner.start(() => minerTemplate(t));
      const f = await found;
      expect(f.header.prevBlock).toEqual(params.genesisHash);
      expect(f.block.txs[0]!.inputs[0]!.scriptSig).toEqual(coinbaseScriptSig(1, f.extraNonce));
      expect(f.block.txs[0]!.outputs).toEqual(t.block.txs[0]!.outputs);
      expect(() => checkBlock(f.block, params)).not.toThrow();
    },
  );
});
