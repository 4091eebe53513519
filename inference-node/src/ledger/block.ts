import type { BlockHeader, FunaiOp, MerkleBranch, Transaction } from '@funai/ledger-node';
import {
  blockHash,
  DecodeError,
  decodeBlock,
  decodeFunaiOpScript,
  encodeHeader,
  encodeTx,
  equalBytes,
  findFunaiOp,
  fromHex,
  hashToHex,
  isOpReturnScript,
  merkleBranch,
  txid,
} from '@funai/ledger-node';
import type { FunaiOpsInfo } from './rpc-client.js';

/**
 * One FUN AI op transaction of a ledger block, with everything a consumer needs to act on it and to
 * prove it later without asking the ledger again: the raw transaction (witness stripped, the bytes
 * its txid hashes), the op's output index and value (a DEPOSIT burns that value), and the Merkle
 * branch of the txid under the block header's Merkle root.
 */
export interface LedgerOpTx {
  txid: Uint8Array;
  txIndex: number;
  /** Output index of the OP_RETURN envelope. */
  vout: number;
  op: FunaiOp;
  /** Value of the envelope output itself, base units. */
  opValue: bigint;
  tx: Transaction;
  /**
   * The scriptPubKey of the output input 0 spends (the op's sender, docs/protocol.md §14.2), as the
   * ledger's `getfunaiops` reports it from its undo data; null until `attachSenders` set it (a block
   * read only to be disconnected has none).
   */
  senderScript: Uint8Array | null;
  /** The transaction without witness: SHA-256d of these bytes is `txid`. */
  raw: Uint8Array;
  branch: MerkleBranch;
}

/** A ledger block as the inference node sees it: its header and its FUN AI op transactions. */
export interface LedgerBlock {
  height: number;
  /** Internal byte order (as in headers); `hashHex` is the display order RPC uses. */
  hash: Uint8Array;
  hashHex: string;
  header: BlockHeader;
  /** The 80 serialized header bytes (what the light-client contract is fed). */
  headerBytes: Uint8Array;
  ops: LedgerOpTx[];
  /**
   * The coinbase without witness and its Merkle branch (index 0): with an op's branch, what proves the op
   * to the light-client contract (a DEPOSIT's credit, docs/protocol.md §13.7).
   */
  coinbase: { raw: Uint8Array; branch: MerkleBranch };
}

export class LedgerBlockError extends Error {
  override readonly name = 'LedgerBlockError';
  constructor(
    readonly reason: 'bad-block-encoding' | 'block-hash-mismatch' | 'ops-mismatch',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Decodes a block as `getblock <hash> 0` returns it and extracts its FUN AI ops (the rule of
 * `findFunaiOp`: exactly one OP_RETURN output, a well-formed envelope, not a coinbase). The block's
 * hash must be `expectedHashHex`: the ledger is trusted for which blocks are on its best chain, not
 * for their bytes.
 */
export function decodeLedgerBlock(height: number, expectedHashHex: string, hex: string): LedgerBlock {
  let bytes: Uint8Array;
  let block: ReturnType<typeof decodeBlock>;
  try {
    bytes = fromHex(hex);
    block = decodeBlock(bytes);
  } catch (e) {
    if (e instanceof DecodeError || e instanceof TypeError) {
      throw new LedgerBlockError('bad-block-encoding', `block ${expectedHashHex}: ${e.message}`);
    }
    throw e;
  }
  const hash = blockHash(block.header);
  const hashHex = hashToHex(hash);
  if (hashHex !== expectedHashHex) {
    throw new LedgerBlockError('block-hash-mismatch', `asked for ${expectedHashHex}, got ${hashHex}`);
  }
  const txids = block.txs.map((t) => txid(t));
  const ops: LedgerOpTx[] = [];
  block.txs.forEach((tx, i) => {
    const op = findFunaiOp(tx);
    if (op === null) return;
    const vout = tx.outputs.findIndex((o) => isOpReturnScript(o.scriptPubKey));
    const out = tx.outputs[vout]!;
    ops.push({
      txid: txids[i]!,
      txIndex: i,
      vout,
      op: decodeFunaiOpScript(out.scriptPubKey),
      opValue: out.value,
      tx,
      senderScript: null,
      raw: encodeTx(tx, false),
      branch: merkleBranch(txids, i),
    });
  });
  const coinbase = { raw: encodeTx(block.txs[0]!, false), branch: merkleBranch(txids, 0) };
  return {
    height,
    hash,
    hashHex,
    header: block.header,
    headerBytes: encodeHeader(block.header),
    ops,
    coinbase,
  };
}

/**
 * Sets each op's `senderScript` from the ledger's `getfunaiops` answer for the block's height. The
 * answer must be for this block (hash) and list the same op transactions, each with the outpoint the
 * transaction's input 0 actually spends; otherwise the ledger's chain moved between the two calls
 * (`block-hash-mismatch`, look again) or it answered inconsistently (`ops-mismatch`).
 */
export function attachSenders(block: LedgerBlock, info: FunaiOpsInfo): void {
  if (info.hash !== block.hashHex) {
    throw new LedgerBlockError('block-hash-mismatch', `getfunaiops ${block.height}: ${info.hash}`);
  }
  const byIndex = new Map(info.ops.map((o) => [o.txindex, o]));
  for (const op of block.ops) {
    const o = byIndex.get(op.txIndex);
    const input = op.tx.inputs[0];
    if (
      o === undefined ||
      input === undefined ||
      o.txid !== hashToHex(op.txid) ||
      o.prevout.txid !== hashToHex(input.prevout.txid) ||
      o.prevout.vout !== input.prevout.vout
    ) {
      throw new LedgerBlockError('ops-mismatch', `block ${block.hashHex} tx ${op.txIndex}`);
    }
    op.senderScript = fromHex(o.prevout.scriptPubKey);
  }
}

/** True when `child` names `parent` as its previous block. */
export function extendsBlock(child: LedgerBlock, parentHash: Uint8Array): boolean {
  return equalBytes(child.header.prevBlock, parentHash);
}
