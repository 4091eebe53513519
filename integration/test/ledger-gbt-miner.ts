// A getblocktemplate miner written from the BIP texts alone (BIP22/BIP23 for the template and
// submission, BIP34 for the coinbase height, BIP141 for the witness commitment), with node:crypto
// for SHA-256: it shares no code with the node, so a node bug cannot cancel itself out here.

import { createHash } from 'node:crypto';

export interface BlockTemplateJson {
  version: number;
  previousblockhash: string;
  transactions: {
    data: string;
    txid: string;
    hash: string;
    depends: number[];
    fee: number;
    weight: number;
  }[];
  coinbasevalue: number;
  target: string;
  mintime: number;
  curtime: number;
  bits: string;
  height: number;
  default_witness_commitment?: string;
  longpollid: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
export const sha256d = (b: Buffer) => sha256(sha256(b));

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function i64le(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(n);
  return b;
}

/** Bitcoin's CompactSize. */
function compactSize(n: number): Buffer {
  if (n < 0xfd) return Buffer.of(n);
  if (n <= 0xffff) return Buffer.concat([Buffer.of(0xfd), Buffer.from(Uint16Array.of(n).buffer)]);
  return Buffer.concat([Buffer.of(0xfe), u32le(n)]);
}

function varBytes(b: Buffer): Buffer {
  return Buffer.concat([compactSize(b.length), b]);
}

/** A minimal script push of a little-endian, sign-magnitude number (CScriptNum), as BIP34 asks. */
export function pushScriptNumber(n: number): Buffer {
  if (n === 0) return Buffer.of(0x00);
  if (n >= 1 && n <= 16) return Buffer.of(0x50 + n);
  const bytes: number[] = [];
  let v = n;
  while (v > 0) {
    bytes.push(v & 0xff);
    v = Math.floor(v / 256);
  }
  if (bytes[bytes.length - 1]! & 0x80) bytes.push(0);
  return Buffer.from([bytes.length, ...bytes]);
}

interface CoinbaseTx {
  scriptSig: Buffer;
  outputs: { value: bigint; script: Buffer }[];
  /** The input's witness stack (BIP141: one 32-byte reserved value when committing). */
  witness: Buffer[];
}

function serializeCoinbase(tx: CoinbaseTx, withWitness: boolean): Buffer {
  const parts: Buffer[] = [u32le(2)];
  const segwit = withWitness && tx.witness.length > 0;
  if (segwit) parts.push(Buffer.of(0x00, 0x01));
  parts.push(compactSize(1), Buffer.alloc(32), u32le(0xffffffff), varBytes(tx.scriptSig), u32le(0xffffffff));
  parts.push(compactSize(tx.outputs.length));
  for (const o of tx.outputs) parts.push(i64le(o.value), varBytes(o.script));
  if (segwit) {
    parts.push(compactSize(tx.witness.length));
    for (const w of tx.witness) parts.push(varBytes(w));
  }
  parts.push(u32le(0));
  return Buffer.concat(parts);
}

/** The Merkle root of hashes in internal byte order: pairs hashed, the odd last one paired with itself. */
export function merkleRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return Buffer.alloc(32);
  let level = leaves;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(sha256d(Buffer.concat([level[i]!, level[i + 1] ?? level[i]!])));
    }
    level = next;
  }
  return level[0]!;
}

/** Display hex (byte-reversed) to internal order, and back. */
const internal = (hex: string) => Buffer.from(hex, 'hex').reverse();
const display = (b: Buffer) => Buffer.from(b).reverse().toString('hex');

/**
 * BIP141's commitment from the template's wtxids ("hash"), the coinbase's counted as zero, and a
 * zero reserved value: `OP_RETURN 0x24 aa21a9ed || SHA256d(witness root || reserved)`.
 */
export function witnessCommitmentScript(t: BlockTemplateJson): Buffer {
  const root = merkleRoot([Buffer.alloc(32), ...t.transactions.map((x) => internal(x.hash))]);
  const commitment = sha256d(Buffer.concat([root, Buffer.alloc(32)]));
  return Buffer.concat([Buffer.from('6a24aa21a9ed', 'hex'), commitment]);
}

export interface MinedBlock {
  hex: string;
  hash: string;
  coinbaseTxid: string;
  /** Hashes tried. */
  tries: number;
}

/**
 * Builds a block from a template: a coinbase paying `coinbasevalue` to `payoutScript` (and the
 * witness commitment when the template has one), the template's transactions in order, the
 * Merkle root, and a nonce ground until the header hash is at most `target`.
 */
export function mineTemplate(t: BlockTemplateJson, payoutScript: Buffer, extraNonce = 0): MinedBlock {
  const commit = t.default_witness_commitment !== undefined;
  const outputs = [{ value: BigInt(t.coinbasevalue), script: payoutScript }];
  if (commit) outputs.push({ value: 0n, script: Buffer.from(t.default_witness_commitment!, 'hex') });
  const coinbase: CoinbaseTx = {
    scriptSig: Buffer.concat([pushScriptNumber(t.height), Buffer.of(4), u32le(extraNonce)]),
    outputs,
    witness: commit ? [Buffer.alloc(32)] : [],
  };
  const coinbaseTxid = sha256d(serializeCoinbase(coinbase, false));
  const root = merkleRoot([coinbaseTxid, ...t.transactions.map((x) => internal(x.txid))]);
  const header = Buffer.concat([
    u32le(t.version),
    internal(t.previousblockhash),
    root,
    u32le(t.curtime),
    Buffer.from(t.bits, 'hex').reverse(),
    u32le(0),
  ]);
  const target = t.target.toLowerCase();
  let tries = 0;
  for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
    header.writeUInt32LE(nonce, 76);
    tries++;
    // The hash read as a 256-bit little-endian number, compared as 64 big-endian hex digits.
    const hash = display(sha256d(header));
    if (hash <= target) {
      const body = Buffer.concat([
        header,
        compactSize(1 + t.transactions.length),
        serializeCoinbase(coinbase, true),
        ...t.transactions.map((x) => Buffer.from(x.data, 'hex')),
      ]);
      return { hex: body.toString('hex'), hash, coinbaseTxid: display(coinbaseTxid), tries };
    }
  }
  throw new Error('nonce range exhausted');
}
