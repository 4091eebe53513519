/**
 * Builders for consensus tests: real coinbases, blocks (with Merkle roots, witness commitments and
 * proof of work), P2PKH/P2WPKH spends with real signatures, an in-memory UTXO view and a regtest chain
 * that connects every block it mines.
 */

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
import { checkProofOfWork } from '../../src/consensus/pow.js';
import { blockSubsidy } from '../../src/consensus/subsidy.js';
import { hash160 } from '../../src/crypto/hash.js';
import { publicKeyFromPrivate, signEcdsaDer } from '../../src/crypto/secp256k1.js';
import { ScriptBuilder } from '../../src/script/build.js';
import { OP_0, OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160, OP_TRUE } from '../../src/script/opcodes.js';
import { legacySignatureHash, SIGHASH_ALL, witnessV0SignatureHash } from '../../src/script/sighash.js';
import type { Block } from '../../src/wire/block.js';
import { concatBytes } from '../../src/wire/bytes.js';
import type { BlockHeader } from '../../src/wire/header.js';
import { blockHash } from '../../src/wire/header.js';
import { blockMerkleRoot } from '../../src/wire/merkle.js';
import type { OutPoint, Transaction, TxOut } from '../../src/wire/tx.js';
import { hasWitness, NULL_TXID, SEQUENCE_FINAL, txid } from '../../src/wire/tx.js';
import { addWitnessCommitment } from '../../src/wire/witness-commitment.js';

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

/** A transaction spending `inputs` (signed when they carry a key) to `outputs`. */
export function spend(
  inputs: SpendInput[],
  outputs: TxOut[],
  opts: { version?: number; locktime?: number } = {},
): Transaction {
  const tx: Transaction = {
    version: opts.version ?? 2,
    inputs: inputs.map((i) => ({
      prevout: i.outpoint,
      scriptSig: new Uint8Array(0),
      sequence: i.sequence ?? SEQUENCE_FINAL,
      witness: [],
    })),
    outputs,
    locktime: opts.locktime ?? 0,
  };
  inputs.forEach((i, k) => {
    if (i.key) signInput(tx, k, i.coin.output, i.key);
  });
  return tx;
}

/** A coinbase for `height`: BIP34 height push, then an extra push so the scriptSig is 2+ bytes. */
export function coinbaseTx(
  height: number,
  outputs: TxOut[],
  extra = Uint8Array.of(0x46, 0x41, 0x49),
): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: NULL_TXID.slice(), vout: 0xffffffff },
        scriptSig: new ScriptBuilder().pushInt(height).push(extra).build(),
        sequence: SEQUENCE_FINAL,
        witness: [],
      },
    ],
    outputs,
    locktime: 0,
  };
}

/** Recomputes the Merkle root after the transaction list changed. */
export function withMerkleRoot(block: Block): Block {
  return { header: { ...block.header, merkleRoot: blockMerkleRoot(block.txs).root }, txs: block.txs };
}

/** Adds the BIP141 commitment when any transaction has a witness, then sets the Merkle root. */
export function finishBlock(block: Block): Block {
  if (block.txs.slice(1).some(hasWitness)) {
    block = { header: block.header, txs: [addWitnessCommitment(block), ...block.txs.slice(1)] };
  }
  return withMerkleRoot(block);
}

/** Finds a nonce meeting the header's own bits (cheap at regtest's limit). */
export function mineHeader(header: BlockHeader, powLimit: bigint): BlockHeader {
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

/** An anyone-can-spend output script (OP_TRUE), for outputs whose spending is not under test. */
export const ANYONE = Uint8Array.of(OP_TRUE);
