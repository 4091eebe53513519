import { blockProof, encodeTx, hashToHex, sha256d, toHex, txid } from '@funai/ledger-node';
import { Cl, type ClarityValue } from '@stacks/transactions';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HARDER_BITS,
  type MinedBlock,
  makeCoinbase,
  makeTx,
  mineBlock,
  mineChain,
  mineGenesis,
  mineRoot,
  REGTEST_BITS,
  type TxProof,
  txProof,
} from './support/ledger.js';
import { account, type Env, headersArg, openEnv, SYSTEM, show } from './support/simnet.js';

const LC = 'ledger-light-client';

function tuple(v: ClarityValue): Record<string, ClarityValue> {
  if (v.type !== 'ok' && v.type !== 'tuple') throw new Error(`not a tuple: ${show(v)}`);
  const inner = v.type === 'ok' ? v.value : v;
  if (inner.type !== 'tuple') throw new Error(`not a tuple: ${show(v)}`);
  return inner.value;
}

function uintOf(v: ClarityValue | undefined): bigint {
  if (v?.type !== 'uint') throw new Error(`not a uint: ${v && show(v)}`);
  return BigInt(v.value);
}

function hashAt(env: Env, height: number): string | null {
  const v = env.read(LC, 'get-ledger-header-hash', [Cl.uint(height)]);
  if (v.type === 'none') return null;
  if (v.type !== 'some' || v.value.type !== 'buffer') throw new Error(show(v));
  return v.value.value;
}

function submit(env: Env, blocks: MinedBlock[]) {
  return env.call(LC, 'submit-headers', [headersArg(blocks)], SYSTEM);
}

function initialize(env: Env, b: MinedBlock, height = 0) {
  return env.call(LC, 'initialize', [Cl.buffer(b.bytes), Cl.uint(height)], SYSTEM);
}

const genesis = mineGenesis();
const chainA = mineChain(genesis.hash, 140, 10);

describe('ledger-light-client: initialize', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv();
  });

  it('refuses anyone but the system principal', () => {
    const r = env.call(LC, 'initialize', [Cl.buffer(genesis.bytes), Cl.uint(0)], account(0));
    expect(r.result).toEqual(Cl.error(Cl.uint(100)));
  });

  it('refuses a header that is not 80 bytes, a height past 2^32, bad bits and a high hash', () => {
    expect(
      env.call(LC, 'initialize', [Cl.buffer(genesis.bytes.slice(0, 79)), Cl.uint(0)], SYSTEM).result,
    ).toEqual(Cl.error(Cl.uint(103)));
    expect(initialize(env, genesis, 2 ** 32).result).toEqual(Cl.error(Cl.uint(109)));
    const negative = { ...genesis.header, bits: 0x20ffffff };
    const bytes = Uint8Array.from(genesis.bytes);
    new DataView(bytes.buffer).setUint32(72, negative.bits, true);
    expect(env.call(LC, 'initialize', [Cl.buffer(bytes), Cl.uint(0)], SYSTEM).result).toEqual(
      Cl.error(Cl.uint(105)),
    );
    // Bitcoin's mainnet difficulty: a regtest nonce almost surely misses it.
    new DataView(bytes.buffer).setUint32(72, 0x1d00ffff, true);
    expect(env.call(LC, 'initialize', [Cl.buffer(bytes), Cl.uint(0)], SYSTEM).result).toEqual(
      Cl.error(Cl.uint(106)),
    );
    expect(env.read(LC, 'get-ledger-tip')).toEqual(
      Cl.tuple({
        hash: Cl.buffer(new Uint8Array(32)),
        height: Cl.uint(0),
        work: Cl.uint(0),
        initialized: Cl.bool(false),
      }),
    );
  });

  it('refuses headers before initialization', () => {
    expect(submit(env, chainA.slice(0, 1)).result).toEqual(Cl.error(Cl.uint(102)));
  });

  it('accepts the checkpoint once, with its own work', () => {
    const r = initialize(env, genesis);
    expect(r.result).toEqual(
      Cl.ok(
        Cl.tuple({
          hash: Cl.buffer(genesis.hash),
          height: Cl.uint(0),
          work: Cl.uint(blockProof(REGTEST_BITS)),
          reorg: Cl.bool(false),
        }),
      ),
    );
    expect(initialize(env, genesis).result).toEqual(Cl.error(Cl.uint(101)));
    expect(hashAt(env, 0)).toBe(toHex(genesis.hash));
    expect(env.read(LC, 'get-ledger-height')).toEqual(Cl.uint(0));
  });
});

describe('ledger-light-client: chain work', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv({ accounts: 0 });
  });

  it('equals the ledger library blockProof for valid bits', () => {
    const validBits = fc
      .tuple(fc.integer({ min: 17, max: 34 }), fc.integer({ min: 1, max: 0x7fffff }))
      .map(([size, mantissa]) => ((size << 24) | mantissa) >>> 0);
    fc.assert(
      fc.property(validBits, (bits) => {
        const proof = blockProof(bits);
        const work = env.read(LC, 'get-block-work', [Cl.uint(bits)]);
        // The contract refuses targets below 2^128 (their work overflows 128 bits) and at or above 2^255.
        if (proof < 1n << 128n && proof >= 2n) expect(work).toEqual(Cl.some(Cl.uint(proof)));
        else expect(work).toEqual(Cl.none());
      }),
      { numRuns: 60 },
    );
  });

  it('refuses zero, negative and overflowing targets', () => {
    for (const bits of [0x20000000, 0x20800001, 0x22ffffff, 0x23000001, 0x03000001, 0x01003456]) {
      expect(env.read(LC, 'get-block-work', [Cl.uint(bits)])).toEqual(Cl.none());
    }
  });
});

describe('ledger-light-client: headers', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv({ accounts: 1 });
    initialize(env, genesis);
  });

  it('refuses anyone but the system principal, an empty batch and a header of the wrong length', () => {
    expect(env.call(LC, 'submit-headers', [headersArg(chainA.slice(0, 1))], account(0)).result).toEqual(
      Cl.error(Cl.uint(100)),
    );
    expect(submit(env, []).result).toEqual(Cl.error(Cl.uint(108)));
    const short = Cl.list([Cl.buffer(chainA[0]!.bytes.slice(0, 79))]);
    expect(env.call(LC, 'submit-headers', [short], SYSTEM).result).toEqual(Cl.error(Cl.uint(103)));
  });

  it('refuses a header whose parent is unknown, and a batch out of order', () => {
    expect(submit(env, [chainA[1]!]).result).toEqual(Cl.error(Cl.uint(104)));
    expect(submit(env, [chainA[1]!, chainA[0]!]).result).toEqual(Cl.error(Cl.uint(104)));
    expect(hashAt(env, 1)).toBeNull();
  });

  it('refuses a header above its target, and rolls the whole batch back', () => {
    const bad = Uint8Array.from(chainA[1]!.bytes);
    new DataView(bad.buffer).setUint32(72, 0x1d00ffff, true);
    const r = env.call(
      LC,
      'submit-headers',
      [Cl.list([Cl.buffer(chainA[0]!.bytes), Cl.buffer(bad)])],
      SYSTEM,
    );
    expect(r.result).toEqual(Cl.error(Cl.uint(106)));
    expect(env.read(LC, 'get-ledger-header', [Cl.buffer(chainA[0]!.hash)])).toEqual(Cl.none());
  });

  it('extends the chain, indexing heights by the ledger block hashes', () => {
    const r = submit(env, chainA.slice(0, 64));
    const t = tuple(r.result);
    expect(t.height).toEqual(Cl.uint(64));
    expect(t.hash).toEqual(Cl.buffer(chainA[63]!.hash));
    expect(t.reorg).toEqual(Cl.bool(false));
    expect(uintOf(t.work)).toBe(65n * blockProof(REGTEST_BITS));
    for (const h of [1, 32, 64]) expect(hashAt(env, h)).toBe(toHex(chainA[h - 1]!.hash));
    expect(hashAt(env, 65)).toBeNull();
    expect(r.events.some((e) => e.event === 'print_event')).toBe(true);
    // The stored header: height, cumulative work, parent and Merkle root as the ledger computed them.
    const stored = env.read(LC, 'get-ledger-header', [Cl.buffer(chainA[9]!.hash)]);
    expect(stored).toEqual(
      Cl.some(
        Cl.tuple({
          height: Cl.uint(10),
          work: Cl.uint(11n * blockProof(REGTEST_BITS)),
          prev: Cl.buffer(chainA[8]!.hash),
          'merkle-root': Cl.buffer(chainA[9]!.header.merkleRoot),
        }),
      ),
    );
  });

  it('accepts a resubmitted header as a no-op', () => {
    const r = submit(env, chainA.slice(60, 64));
    expect(tuple(r.result).height).toEqual(Cl.uint(64));
    expect(tuple(r.result).reorg).toEqual(Cl.bool(false));
  });

  it('keeps a maximal batch of 64 headers well within the VM cost limits', () => {
    const r = submit(env, chainA.slice(64, 128));
    expect(tuple(r.result).height).toEqual(Cl.uint(128));
    const c = r.costs!;
    expect(c.total.runtime).toBeLessThan(c.limit.runtime / 10);
    expect(c.total.readCount).toBeLessThan(c.limit.readCount / 10);
    expect(c.total.writeCount).toBeLessThan(c.limit.writeCount / 10);
  });

  it('fails cleanly on too many headers at once: the VM refuses a 65-header list, state unchanged', () => {
    expect(() => submit(env, chainA.slice(128, 140).concat(chainA.slice(0, 53)))).toThrow(
      /TypeValueError|max_len/,
    );
    expect(env.read(LC, 'get-ledger-height')).toEqual(Cl.uint(128));
    // The same headers in bounded batches go through.
    expect(tuple(submit(env, chainA.slice(128, 140)).result).height).toEqual(Cl.uint(140));
  });
});

describe('ledger-light-client: reorgs', () => {
  let env: Env;
  const base = mineChain(genesis.hash, 10, 20);
  const fork = mineChain(base[4]!.hash, 7, 21); // heights 6..12, heavier than base's 10
  const light = mineChain(base[6]!.hash, 2, 22); // heights 8..9, lighter
  const hard = mineChain(fork[6]!.hash, 2, 23, 1, HARDER_BITS); // heights 13..14, twice the work each

  beforeAll(async () => {
    env = await openEnv({ accounts: 0 });
    initialize(env, genesis);
    submit(env, base);
  });

  it('stores a lighter branch without moving the tip', () => {
    const r = submit(env, light);
    expect(tuple(r.result).hash).toEqual(Cl.buffer(base[9]!.hash));
    expect(hashAt(env, 8)).toBe(toHex(base[7]!.hash));
    expect(env.read(LC, 'get-ledger-header', [Cl.buffer(light[1]!.hash)]).type).toBe('some');
  });

  it('keeps the first-seen tip on equal work', () => {
    const tie = mineChain(base[7]!.hash, 2, 24); // heights 9..10, same work as base
    const r = submit(env, tie);
    expect(tuple(r.result).hash).toEqual(Cl.buffer(base[9]!.hash));
    expect(tuple(r.result).reorg).toEqual(Cl.bool(false));
  });

  it('switches to a heavier branch and re-points every height above the fork', () => {
    // The branch arrives in two batches: the first leaves it lighter, the second makes it heavier.
    expect(tuple(submit(env, fork.slice(0, 4)).result).hash).toEqual(Cl.buffer(base[9]!.hash));
    const r = submit(env, fork.slice(4));
    const t = tuple(r.result);
    expect(t.hash).toEqual(Cl.buffer(fork[6]!.hash));
    expect(t.height).toEqual(Cl.uint(12));
    expect(t.reorg).toEqual(Cl.bool(true));
    for (let h = 1; h <= 5; h++) expect(hashAt(env, h)).toBe(toHex(base[h - 1]!.hash));
    for (let h = 6; h <= 12; h++) expect(hashAt(env, h)).toBe(toHex(fork[h - 6]!.hash));
  });

  it('follows the heaviest chain, not the longest', () => {
    // A longer branch with less work than the fork plus the hard blocks: fork work 13 blocks + 2 × 2.
    submit(env, hard);
    expect(env.read(LC, 'get-ledger-height')).toEqual(Cl.uint(14));
    // In regtest blocks of work: the tip holds 13 + 2 × 2 = 17. A branch of 7 on base's height 10
    // (11 blocks) ties at its 6th block and passes at its 7th.
    const longer = mineChain(base[9]!.hash, 7, 25);
    expect(tuple(submit(env, longer.slice(0, 6)).result).hash).toEqual(Cl.buffer(hard[1]!.hash));
    const r2 = submit(env, longer.slice(6));
    expect(tuple(r2.result).hash).toEqual(Cl.buffer(longer[6]!.hash));
    expect(tuple(r2.result).reorg).toEqual(Cl.bool(true));
    expect(hashAt(env, 6)).toBe(toHex(base[5]!.hash));
    expect(hashAt(env, 17)).toBe(toHex(longer[6]!.hash));
  });

  it('moves the tip down when a heavier branch is shorter', () => {
    const tip = env.read(LC, 'get-ledger-height');
    expect(tip).toEqual(Cl.uint(17));
    // Hard blocks on base's height 10 (11 blocks of work): three give 17 < 18, four 19 > 18 at height 14.
    const shortHeavy = mineChain(base[9]!.hash, 4, 26, 1, HARDER_BITS);
    const t = tuple(submit(env, shortHeavy).result);
    expect(t.height).toEqual(Cl.uint(14));
    expect(t.reorg).toEqual(Cl.bool(true));
    expect(hashAt(env, 14)).toBe(toHex(shortHeavy[3]!.hash));
    expect(hashAt(env, 15)).toBeNull();
  });

  it('re-points every height after A -> heavier shorter B -> A again (stale entries above B are no fork point)', () => {
    // The tip is shortHeavy's (height 14, fork at 10); `longer` (heights 11..17) holds stale entries
    // at 15..17. Two more blocks on `longer` make it heavier again (17 + 2 > 19 regtest blocks).
    const longer = mineChain(base[9]!.hash, 7, 25);
    const more = mineChain(longer[6]!.hash, 2, 28);
    const t = tuple(submit(env, more).result);
    expect(t.height).toEqual(Cl.uint(19));
    expect(t.reorg).toEqual(Cl.bool(true));
    for (let h = 1; h <= 10; h++) expect(hashAt(env, h)).toBe(toHex(base[h - 1]!.hash));
    for (let h = 11; h <= 17; h++) expect(hashAt(env, h)).toBe(toHex(longer[h - 11]!.hash));
    for (let h = 18; h <= 19; h++) expect(hashAt(env, h)).toBe(toHex(more[h - 18]!.hash));
  });

  it('follows a heavier branch forking 140 blocks back (within the 1024-block bound)', async () => {
    const deepEnv = await openEnv({ accounts: 0 });
    initialize(deepEnv, genesis);
    for (let i = 0; i < 140; i += 64) submit(deepEnv, chainA.slice(i, i + 64));
    const rival = mineChain(genesis.hash, 141, 27);
    expect(tuple(submit(deepEnv, rival.slice(0, 64)).result).height).toEqual(Cl.uint(140));
    expect(tuple(submit(deepEnv, rival.slice(64, 128)).result).height).toEqual(Cl.uint(140));
    const r = submit(deepEnv, rival.slice(128));
    expect(tuple(r.result).reorg).toEqual(Cl.bool(true));
    for (const h of [1, 70, 140, 141]) expect(hashAt(deepEnv, h)).toBe(toHex(rival[h - 1]!.hash));
    const c = r.costs!;
    expect(c.total.runtime).toBeLessThan(c.limit.runtime / 10);
  });
});

describe('ledger-light-client: verify-ledger-tx', () => {
  let env: Env;
  const block = mineBlock(
    genesis.hash,
    [makeCoinbase(30), ...Array.from({ length: 6 }, (_, i) => makeTx(30, i + 1, i % 3))],
    1_800_000_000,
  );
  const single = mineBlock(block.hash, [makeCoinbase(31)], 1_800_000_030);
  const segwit = makeTx(32, 0);
  segwit.inputs[0]!.witness = [Uint8Array.of(1, 2, 3)];
  const withSegwit = mineBlock(single.hash, [makeCoinbase(32), segwit], 1_800_000_060);
  // A block whose second leaf stands for a 64-byte transaction X = fake txid || S: a proof of the
  // fake transaction one level deeper than the tree reaches the root unless the depth is bound.
  const fake = makeTx(33, 0);
  const fakeId = txid(fake);
  const S = new Uint8Array(32).fill(0x5a);
  const cb = makeCoinbase(33);
  const inner = sha256d(Uint8Array.from([...fakeId, ...S]));
  const forged = mineRoot(withSegwit.hash, sha256d(Uint8Array.from([...txid(cb), ...inner])), 1_800_000_090);

  beforeAll(async () => {
    env = await openEnv({ accounts: 0 });
    initialize(env, genesis);
    submit(env, [block, single, withSegwit, forged]);
  });

  function verify(height: number, p: TxProof) {
    return env.read(LC, 'verify-ledger-tx', [
      Cl.uint(height),
      Cl.buffer(p.tx),
      Cl.uint(p.index),
      Cl.list(p.siblings.map((s) => Cl.buffer(s))),
      Cl.buffer(p.coinbase),
      Cl.list(p.coinbaseSiblings.map((s) => Cl.buffer(s))),
    ]);
  }

  it('proves every transaction of a block with the ledger library branches, returning its txid', () => {
    for (let i = 0; i < 7; i++) {
      const p = txProof(block, i);
      expect(verify(1, p)).toEqual(Cl.ok(Cl.buffer(p.txid)));
    }
    const only = txProof(single, 0);
    expect(only.siblings).toHaveLength(0);
    expect(verify(2, only)).toEqual(Cl.ok(Cl.buffer(only.txid)));
    expect(hashToHex(only.txid)).toHaveLength(64);
  });

  it('proves a segwit transaction by its stripped serialization only', () => {
    const p = txProof(withSegwit, 1);
    expect(verify(3, p)).toEqual(Cl.ok(Cl.buffer(p.txid)));
    expect(verify(3, { ...p, tx: encodeTx(segwit, true) })).toEqual(Cl.error(Cl.uint(113)));
  });

  it('refuses a proof at the wrong index, height or with a changed sibling', () => {
    const p = txProof(block, 2);
    expect(verify(1, { ...p, index: 3 })).toEqual(Cl.error(Cl.uint(113)));
    expect(verify(2, p)).toEqual(Cl.error(Cl.uint(113)));
    const tampered = p.siblings.map((s, i) =>
      i === 1 ? Uint8Array.from(s, (b, k) => (k === 0 ? b ^ 1 : b)) : s,
    );
    expect(verify(1, { ...p, siblings: tampered })).toEqual(Cl.error(Cl.uint(113)));
    expect(verify(1, { ...p, siblings: p.siblings.map((s, i) => (i === 0 ? s.slice(0, 31) : s)) })).toEqual(
      Cl.error(Cl.uint(113)),
    );
  });

  it('refuses an index beyond the tree depth and a block above the tip', () => {
    const p = txProof(block, 2);
    expect(verify(1, { ...p, index: 2 + 8 })).toEqual(Cl.error(Cl.uint(112)));
    expect(verify(5, p)).toEqual(Cl.error(Cl.uint(110)));
  });

  it("refuses the odd level's phantom duplicate (CVE-2012-2459)", () => {
    // Seven leaves: index 7 does not exist, its "proof" pairs tx 6 with itself at the first level.
    const p6 = txProof(block, 6);
    expect(p6.siblings[0]).toEqual(p6.txid);
    expect(verify(1, { ...p6, index: 7 })).toEqual(Cl.error(Cl.uint(113)));
  });

  it('refuses a 64-byte transaction, which could pose as an inner node', () => {
    const p = txProof(block, 0);
    expect(verify(1, { ...p, tx: new Uint8Array(64) })).toEqual(Cl.error(Cl.uint(111)));
    expect(verify(1, { ...p, coinbase: new Uint8Array(64) })).toEqual(Cl.error(Cl.uint(111)));
  });

  it("binds the tree depth with the coinbase's branch: a proof through a 64-byte leaf is refused", () => {
    const cbProof = { coinbase: encodeTx(cb, false), coinbaseSiblings: [inner] };
    // The coinbase itself proves at depth 1.
    expect(
      verify(4, { tx: encodeTx(cb, false), index: 0, siblings: [inner], txid: txid(cb), ...cbProof }),
    ).toEqual(Cl.ok(Cl.buffer(txid(cb))));
    // The fake transaction, left child of the 64-byte leaf X, at depth 2: the branch reaches the
    // root, but the tree is one level deep.
    const attack = { tx: encodeTx(fake, false), index: 2, siblings: [S, txid(cb)], txid: fakeId, ...cbProof };
    expect(verify(4, attack)).toEqual(Cl.error(Cl.uint(115)));
    // A coinbase that is not one, or whose branch does not reach the root, proves nothing.
    const notCoinbase = encodeTx(makeTx(34, 0), false);
    expect(verify(1, { ...txProof(block, 2), coinbase: notCoinbase })).toEqual(Cl.error(Cl.uint(114)));
    expect(verify(1, { ...txProof(block, 2), coinbaseSiblings: txProof(block, 1).siblings })).toEqual(
      Cl.error(Cl.uint(114)),
    );
  });
});
