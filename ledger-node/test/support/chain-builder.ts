/**
 * Builders of signed regtest transactions, blocks and chains for the tests: keys, P2PKH/P2WPKH spends
 * with real signatures, coinbases, blocks (Merkle root, witness commitment, proof of work), an
 * in-memory UTXO view, and two chains:
 * - TestChain runs every consensus check on each block it adds and connects it to its own UTXO view
 *   (consensus and block-template tests);
 * - ChainBuilder carries a wallet, so that each next block can spend the coins of earlier ones, and
 *   forks at any height (chain state, mempool and network tests, which feed its blocks to a node).
 * Regtest's target (bits 0x207fffff) makes mining a block a couple of hashes.
 */

import type { HeaderInfo } from '../../src/chain/chain-state.js';
import { checkBlock } from '../../src/consensus/check-block.js';
import type { Coin, CoinView, OutPointCoin } from '../../src/consensus/coins.js';
import { outpointKey } from '../../src/consensus/coins.js';
import type { BlockConnection } from '../../src/consensus/connect-block.js';
import { connectBlock } from '../../src/consensus/connect-block.js';
import type { ParentBlock } from '../../src/consensus/contextual.js';
import {
  contextualCheckBlock,
  contextualCheckBlockHeader,
  getNextWorkRequired,
  medianTimePast,
} from '../../src/consensus/contextual.js';
import type { ChainParams } from '../../src/consensus/params.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { checkProofOfWork } from '../../src/consensus/pow.js';
import { blockSubsidy } from '../../src/consensus/subsidy.js';
import { hash160, sha256 } from '../../src/crypto/hash.js';
import { publicKeyFromPrivate, signEcdsaDer } from '../../src/crypto/secp256k1.js';
import { ScriptBuilder } from '../../src/script/build.js';
import { OP_0, OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160, OP_TRUE } from '../../src/script/opcodes.js';
import { legacySignatureHash, SIGHASH_ALL, witnessV0SignatureHash } from '../../src/script/sighash.js';
import { scriptForP2WSH } from '../../src/script/standard.js';
import type { Block } from '../../src/wire/block.js';
import { concatBytes, equalBytes } from '../../src/wire/bytes.js';
import type { BlockHeader } from '../../src/wire/header.js';
import { blockHash } from '../../src/wire/header.js';
import { blockMerkleRoot } from '../../src/wire/merkle.js';
import type { OutPoint, Transaction, TxOut } from '../../src/wire/tx.js';
import { hasWitness, NULL_TXID, SEQUENCE_FINAL, txid } from '../../src/wire/tx.js';
import { addWitnessCommitment } from '../../src/wire/witness-commitment.js';

// ---- Keys and scripts

export class Key {
  readonly publicKey: Uint8Array;
  readonly pubKeyHash: Uint8Array;

  constructor(readonly privateKey: Uint8Array) {
    this.publicKey = publicKeyFromPrivate(privateKey, true);
    this.pubKeyHash = hash160(this.publicKey);
  }

  static fromSeed(n: number): Key {
    const k = new Uint8Array(32);
    k[31] = n;
    k[0] = 0x11;
    return new Key(k);
  }

  get p2pkh(): Uint8Array {
    return new ScriptBuilder()
      .op(OP_DUP, OP_HASH160)
      .push(this.pubKeyHash)
      .op(OP_EQUALVERIFY, OP_CHECKSIG)
      .build();
  }

  get p2wpkh(): Uint8Array {
    return new ScriptBuilder().op(OP_0).push(this.pubKeyHash).build();
  }
}

const testKeys = new Map<number, Key>();

/** Key `i` of ChainBuilder wallets (one key per index, derived from its label). */
export function testKey(i: number): Key {
  let k = testKeys.get(i);
  if (k === undefined) {
    k = new Key(sha256(new TextEncoder().encode(`chain-builder key ${i}`)));
    testKeys.set(i, k);
  }
  return k;
}

/** An anyone-can-spend output script (OP_TRUE), for outputs whose spending is not under test. */
export const ANYONE = Uint8Array.of(OP_TRUE);
/** The witness script `OP_TRUE`: its P2WSH outputs are standard and spent without a signature. */
export const TRUE_SCRIPT = Uint8Array.of(OP_TRUE);
export const P2WSH_TRUE = scriptForP2WSH(sha256(TRUE_SCRIPT));

// ---- Transactions

/** Signs input `i` of `tx` in place, spending `spent` (a P2PKH or P2WPKH output of `key`). */
export function signInput(tx: Transaction, i: number, spent: TxOut, key: Key): void {
  const input = tx.inputs[i]!;
  const script = spent.scriptPubKey;
  if (script.length === 22 && script[0] === OP_0) {
    const hash = witnessV0SignatureHash(key.p2pkh, tx, i, SIGHASH_ALL, spent.value);
    const sig = concatBytes(signEcdsaDer(hash, key.privateKey), Uint8Array.of(SIGHASH_ALL));
    input.scriptSig = new Uint8Array(0);
    input.witness = [sig, key.publicKey];
  } else {
    const hash = legacySignatureHash(script, tx, i, SIGHASH_ALL);
    const sig = concatBytes(signEcdsaDer(hash, key.privateKey), Uint8Array.of(SIGHASH_ALL));
    input.scriptSig = new ScriptBuilder().push(sig).push(key.publicKey).build();
    input.witness = [];
  }
}

export interface SpendInput {
  outpoint: OutPoint;
  coin: Coin;
  key?: Key;
  sequence?: number;
}

export interface SpendOptions {
  version?: number;
  locktime?: number;
  /** The sequence of inputs that do not give their own. */
  sequence?: number;
}

/**
 * A transaction spending `inputs` to `outputs`: inputs with a key are signed (P2WPKH or P2PKH by the
 * coin's script), P2WSH(OP_TRUE) inputs get their one-item witness, others are left empty.
 */
export function spend(inputs: SpendInput[], outputs: TxOut[], opts: SpendOptions = {}): Transaction {
  const tx: Transaction = {
    version: opts.version ?? 2,
    inputs: inputs.map((i) => ({
      prevout: i.outpoint,
      scriptSig: new Uint8Array(0),
      sequence: i.sequence ?? opts.sequence ?? SEQUENCE_FINAL,
      witness: [],
    })),
    outputs,
    locktime: opts.locktime ?? 0,
  };
  inputs.forEach((i, k) => {
    if (i.key) signInput(tx, k, i.coin.output, i.key);
    else if (equalBytes(i.coin.output.scriptPubKey, P2WSH_TRUE)) tx.inputs[k]!.witness = [TRUE_SCRIPT];
  });
  return tx;
}

/** Output `vout` of an unconfirmed `tx` as an input, signed with `key` when given. */
export function outputOf(tx: Transaction, vout: number, key?: Key): SpendInput {
  const output = tx.outputs[vout]!;
  return {
    outpoint: { txid: txid(tx), vout },
    coin: { output, height: 0, isCoinbase: false },
    ...(key ? { key } : {}),
  };
}

/** A coin of a ChainBuilder wallet: a P2WPKH output of `key`. */
export interface Spendable {
  outpoint: OutPoint;
  value: bigint;
  key: Key;
  height: number;
  isCoinbase: boolean;
}

/** A P2WPKH spend of wallet coins, each signed with SIGHASH_ALL. */
export function signedTx(
  inputs: readonly Spendable[],
  outputs: TxOut[],
  locktime = 0,
  sequence = SEQUENCE_FINAL,
): Transaction {
  const spent = inputs.map((s) => ({
    outpoint: s.outpoint,
    coin: {
      output: { value: s.value, scriptPubKey: s.key.p2wpkh },
      height: s.height,
      isCoinbase: s.isCoinbase,
    },
    key: s.key,
  }));
  return spend(spent, outputs, { locktime, sequence });
}

/** The `extra` push of coinbases when none is given: "FAI". */
const FAI_TAG = Uint8Array.of(0x46, 0x41, 0x49);

/**
 * A coinbase for `height`: the BIP34 height, then one push of `tag` (a byte or bytes) so that the
 * scriptSig is 2+ bytes and coinbases of competing blocks at one height differ.
 */
export function coinbaseTx(
  height: number,
  outputs: TxOut[],
  opts: { tag?: number | Uint8Array; version?: number } = {},
): Transaction {
  const tag = typeof opts.tag === 'number' ? Uint8Array.of(opts.tag & 0xff) : (opts.tag ?? FAI_TAG);
  return {
    version: opts.version ?? 2,
    inputs: [
      {
        prevout: { txid: NULL_TXID.slice(), vout: 0xffffffff },
        scriptSig: new ScriptBuilder().pushInt(height).push(tag).build(),
        sequence: SEQUENCE_FINAL,
        witness: [],
      },
    ],
    outputs,
    locktime: 0,
  };
}

// ---- Blocks

/** Recomputes the Merkle root after the transaction list changed. */
export function withMerkleRoot(block: Block): Block {
  return { header: { ...block.header, merkleRoot: blockMerkleRoot(block.txs).root }, txs: block.txs };
}

function withWitnessCommitment(block: Block): Block {
  return { header: block.header, txs: [addWitnessCommitment(block), ...block.txs.slice(1)] };
}

/** Adds the BIP141 commitment when any transaction has a witness, then sets the Merkle root. */
export function finishBlock(block: Block): Block {
  return withMerkleRoot(block.txs.slice(1).some(hasWitness) ? withWitnessCommitment(block) : block);
}

/** Finds a nonce meeting the header's own bits (cheap at regtest's limit). */
export function mineHeader(header: BlockHeader, powLimit = REGTEST_PARAMS.powLimit): BlockHeader {
  const h = { ...header };
  while (!checkProofOfWork(blockHash(h), h.bits, powLimit)) h.nonce++;
  return h;
}

/** A nonce that fails the header's bits: a hash whose top byte is set exceeds any target below 2^248. */
export function unmineHeader(header: BlockHeader): BlockHeader {
  const h = { ...header };
  while (blockHash(h)[31]! < 0x80) h.nonce++;
  return h;
}

/** A mined block of `txs` on `prevBlock`: witness commitment on the coinbase (unless told not), Merkle root. */
export function assemble(
  prevBlock: Uint8Array,
  txs: Transaction[],
  time: number,
  opts: { bits?: number; version?: number; params?: ChainParams; commitment?: boolean } = {},
): Block {
  const params = opts.params ?? REGTEST_PARAMS;
  const header: BlockHeader = {
    version: opts.version ?? 0x20000000,
    prevBlock,
    merkleRoot: new Uint8Array(32),
    time,
    bits: opts.bits ?? params.powLimitBits,
    nonce: 0,
  };
  const block = withMerkleRoot(
    opts.commitment !== false ? withWitnessCommitment({ header, txs }) : { header, txs },
  );
  return { header: mineHeader(block.header, params.powLimit), txs: block.txs };
}

/** The createBlockTemplate `tip` of a chain state's header. */
export function templateTip(info: HeaderInfo) {
  return {
    hash: info.hash,
    height: info.height,
    time: info.header.time,
    bits: info.header.bits,
    medianTimePast: info.medianTimePast,
  };
}

/** A fixed clock a little after regtest's genesis, so the future-time rule is deterministic. */
export function testClock(params: ChainParams = REGTEST_PARAMS): () => number {
  return () => params.genesis.header.time + 100_000;
}

// ---- TestChain: consensus-checked, in memory

export class MemoryCoinView implements CoinView {
  readonly coins = new Map<string, OutPointCoin>();

  getCoin(outpoint: OutPoint): Coin | undefined {
    return this.coins.get(outpointKey(outpoint))?.coin;
  }

  add(outpoint: OutPoint, coin: Coin): void {
    this.coins.set(outpointKey(outpoint), { outpoint, coin });
  }

  apply(c: BlockConnection): void {
    for (const o of c.spent) this.coins.delete(outpointKey(o));
    for (const { outpoint, coin } of c.created) this.add(outpoint, coin);
  }

  clone(): MemoryCoinView {
    const v = new MemoryCoinView();
    for (const [k, e] of this.coins) v.coins.set(k, e);
    return v;
  }
}

export interface ChainBlock {
  block: Block;
  hash: Uint8Array;
  height: number;
  connection: BlockConnection;
}

/**
 * A regtest chain in memory: every block it adds passes all of the consensus checks and is connected
 * to its UTXO view. Block k is timed genesis + 30 k seconds unless told otherwise.
 */
export class TestChain {
  readonly view = new MemoryCoinView();
  readonly blocks: ChainBlock[] = [];
  readonly times: number[] = [];
  readonly key = Key.fromSeed(1);

  constructor(readonly params: ChainParams) {
    const g = params.genesis;
    this.times.push(g.header.time);
    this.blocks.push({
      block: g,
      hash: params.genesisHash,
      height: 0,
      connection: connectBlock(g, 0, this.view, this, params),
    });
  }

  get height(): number {
    return this.blocks.length - 1;
  }

  get tip(): ChainBlock {
    return this.blocks[this.height]!;
  }

  medianTimePast(height: number): number {
    if (height < 0 || height > this.height) throw new RangeError(`no block at ${height}`);
    return medianTimePast(this.times.slice(0, height + 1));
  }

  parent(): ParentBlock {
    const h = this.tip.block.header;
    return {
      height: this.height,
      time: h.time,
      bits: h.bits,
      medianTimePast: this.medianTimePast(this.height),
    };
  }

  /** `now` for the checks: the block times are ahead of the wall clock, so the clock follows them. */
  get now(): number {
    return this.tip.block.header.time + this.params.targetSpacing;
  }

  /** An unmined template on the tip: coinbase paying subsidy + `fees` to the chain's key, then `txs`. */
  template(txs: Transaction[] = [], opts: { fees?: bigint; time?: number; version?: number } = {}): Block {
    const height = this.height + 1;
    const value = blockSubsidy(height) + (opts.fees ?? 0n);
    const header: BlockHeader = {
      version: opts.version ?? 0x20000000,
      prevBlock: this.tip.hash,
      merkleRoot: new Uint8Array(32),
      time: opts.time ?? this.tip.block.header.time + this.params.targetSpacing,
      bits: getNextWorkRequired(this.parent(), this.params),
      nonce: 0,
    };
    return finishBlock({
      header,
      txs: [coinbaseTx(height, [{ value, scriptPubKey: this.key.p2pkh }]), ...txs],
    });
  }

  mine(block: Block): Block {
    return { header: mineHeader(block.header, this.params.powLimit), txs: block.txs };
  }

  /** Every consensus check of a block on the tip, in the order a node runs them. */
  check(block: Block, view: CoinView = this.view): BlockConnection {
    const height = this.height + 1;
    checkBlock(block, this.params);
    contextualCheckBlockHeader(block.header, this.parent(), this.params, this.now);
    contextualCheckBlock(block, height, this.medianTimePast(this.height), this.params);
    return connectBlock(block, height, view, this, this.params);
  }

  /** Checks and connects a (mined) block. */
  add(block: Block): ChainBlock {
    const connection = this.check(block);
    this.view.apply(connection);
    const entry = { block, hash: blockHash(block.header), height: this.height + 1, connection };
    this.blocks.push(entry);
    this.times.push(block.header.time);
    return entry;
  }

  /** Mines and connects `n` blocks of coinbase only. */
  extend(n: number): void {
    for (let i = 0; i < n; i++) this.add(this.mine(this.template()));
  }

  /** The coinbase output of the block at `height`, as a spendable input of the chain's key. */
  coinbaseInput(height: number): SpendInput {
    const cb = this.blocks[height]!.block.txs[0]!;
    const outpoint = { txid: txid(cb), vout: 0 };
    const coin = this.view.getCoin(outpoint);
    if (!coin) throw new Error(`coinbase of ${height} is spent or missing`);
    return { outpoint, coin, key: this.key };
  }
}

// ---- ChainBuilder: blocks with a wallet, for a node to process

interface Tip {
  hash: Uint8Array;
  height: number;
  times: number[];
}

export interface NextBlockOptions {
  /** Non-coinbase transactions; default: `spends` fresh spends of the builder's wallet. */
  txs?: Transaction[];
  /** How many wallet coins to spend when `txs` is not given (each into two outputs). */
  spends?: number;
  time?: number;
  /** Extra value the coinbase claims (beyond subsidy + fees): makes the block invalid. */
  overpay?: bigint;
  /** Coinbase outputs: how many equal outputs pay the block reward to the builder's wallet. */
  coinbaseOutputs?: number;
  tag?: number;
  /** Fee per spend. */
  fee?: bigint;
}

/**
 * A chain of regtest blocks with a wallet: it tracks its tip, its timestamps and the coins it can
 * spend (coinbase outputs once mature), so each next block can carry signed transactions. fork()
 * gives an independent builder continuing from any of its blocks.
 */
export class ChainBuilder {
  readonly blocks: Block[] = [];
  private tip: Tip;
  /** Spendable coins by outpoint key, in creation order. */
  private wallet = new Map<string, Spendable>();
  private keyCounter = 0;

  constructor(
    readonly params: ChainParams = REGTEST_PARAMS,
    private readonly walletKeys = 4,
  ) {
    const g = params.genesis;
    this.tip = { hash: blockHash(g.header), height: 0, times: [g.header.time] };
  }

  get height(): number {
    return this.tip.height;
  }

  get tipHash(): Uint8Array {
    return this.tip.hash;
  }

  get medianTimePast(): number {
    return medianTimePast(this.tip.times);
  }

  get nextTime(): number {
    return this.tip.times[this.tip.times.length - 1]! + 1;
  }

  /** Every coin of the wallet, mature or not, oldest first. */
  coins(): Spendable[] {
    return [...this.wallet.values()];
  }

  /** Coins spendable in the next block (coinbases past maturity), oldest first. */
  spendable(): Spendable[] {
    const h = this.tip.height + 1;
    return [...this.wallet.values()].filter(
      (s) => !s.isCoinbase || h - s.height >= this.params.coinbaseMaturity,
    );
  }

  private key(): Key {
    return testKey(this.keyCounter++ % this.walletKeys);
  }

  /** Spends a coin into two outputs to the wallet (fee deducted); the coin leaves the wallet. */
  spend(coin: Spendable, fee = 1000n): Transaction {
    const half = (coin.value - fee) / 2n;
    const outs: TxOut[] = [
      { value: half, scriptPubKey: this.key().p2wpkh },
      { value: coin.value - fee - half, scriptPubKey: this.key().p2wpkh },
    ];
    return signedTx([coin], outs);
  }

  /** The next block on this builder's tip (not applied: see add). */
  build(opts: NextBlockOptions = {}): Block {
    const height = this.tip.height + 1;
    let txs = opts.txs;
    let fees = 0n;
    if (txs === undefined) {
      txs = [];
      const coins = this.spendable().slice(0, opts.spends ?? 0);
      for (const c of coins) {
        txs.push(this.spend(c, opts.fee ?? 1000n));
        fees += opts.fee ?? 1000n;
      }
    } else {
      fees = this.feesOf(txs);
    }
    const reward = blockSubsidy(height, this.params.subsidyHalvingInterval) + fees + (opts.overpay ?? 0n);
    const n = opts.coinbaseOutputs ?? 1;
    const outs: TxOut[] = [];
    for (let i = 0; i < n; i++) {
      const value = i === n - 1 ? reward - (reward / BigInt(n)) * BigInt(n - 1) : reward / BigInt(n);
      outs.push({ value, scriptPubKey: this.key().p2wpkh });
    }
    const cb = coinbaseTx(height, outs, { tag: opts.tag ?? 0, version: 1 });
    return assemble(this.tip.hash, [cb, ...txs], opts.time ?? this.nextTime);
  }

  private feesOf(txs: readonly Transaction[]): bigint {
    const created = new Map<string, bigint>();
    let fees = 0n;
    for (const tx of txs) {
      const id = txid(tx);
      let inSum = 0n;
      for (const i of tx.inputs) {
        const k = outpointKey(i.prevout);
        inSum += this.wallet.get(k)?.value ?? created.get(k) ?? 0n;
      }
      let outSum = 0n;
      tx.outputs.forEach((o, vout) => {
        outSum += o.value;
        created.set(outpointKey({ txid: id, vout }), o.value);
      });
      fees += inSum - outSum;
    }
    return fees < 0n ? 0n : fees;
  }

  /** Applies a block to the builder's view (tip, wallet); the block must extend its tip. */
  add(block: Block): Block {
    const height = this.tip.height + 1;
    block.txs.forEach((tx, i) => {
      const id = txid(tx);
      if (i > 0) for (const input of tx.inputs) this.wallet.delete(outpointKey(input.prevout));
      tx.outputs.forEach((o, vout) => {
        const key = this.walletKeyOf(o.scriptPubKey);
        if (key === undefined || o.value <= 0n) return;
        const outpoint = { txid: id, vout };
        this.wallet.set(outpointKey(outpoint), {
          outpoint,
          value: o.value,
          key,
          height,
          isCoinbase: i === 0,
        });
      });
    });
    this.blocks.push(block);
    this.tip = {
      hash: blockHash(block.header),
      height,
      times: [...this.tip.times.slice(-10), block.header.time],
    };
    return block;
  }

  /** Builds and applies the next block. */
  next(opts: NextBlockOptions = {}): Block {
    return this.add(this.build(opts));
  }

  /** An independent builder whose tip is this builder's block at `height` (its wallet replayed). */
  fork(height: number): ChainBuilder {
    const b = new ChainBuilder(this.params, this.walletKeys);
    for (const block of this.blocks.slice(0, height)) b.add(block);
    b.keyCounter = this.keyCounter + 1000;
    return b;
  }

  private walletKeyOf(script: Uint8Array): Key | undefined {
    for (let i = 0; i < this.walletKeys; i++) {
      const k = testKey(i);
      if (equalBytes(k.p2wpkh, script)) return k;
    }
    return undefined;
  }
}
