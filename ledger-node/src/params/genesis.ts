/**
 * The genesis blocks. Every network's genesis holds the same coinbase, as Bitcoin's do: its
 * scriptSig carries a dated FUN AI message and its single output pays nothing to an OP_RETURN, so
 * there is no premine (and the genesis coinbase is never added to the UTXO set anyway). The
 * networks differ by time, bits and nonce; the nonces were found by scripts/mine-genesis.ts.
 */

import { OP_RETURN } from '../script/opcodes.js';
import type { Block } from '../wire/block.js';
import { concatBytes } from '../wire/bytes.js';
import { blockMerkleRoot } from '../wire/merkle.js';
import type { Transaction } from '../wire/tx.js';
import { NULL_TXID, SEQUENCE_FINAL } from '../wire/tx.js';
import type { ChainName } from './chain-params.js';

export const GENESIS_MESSAGE = 'FUN AI 24/Nov/2026 Open models on open hardware, no central provider';

export interface GenesisSpec {
  version: number;
  time: number;
  bits: number;
  nonce: number;
}

/**
 * The scriptSig: as Bitcoin's, a push of 0x1d00ffff (little-endian), a push of the number 4, then
 * the message (under 76 bytes, so one direct push).
 */
function genesisScriptSig(): Uint8Array {
  const message = new TextEncoder().encode(GENESIS_MESSAGE);
  if (message.length >= 0x4c) throw new Error('genesis message must fit a direct push');
  return concatBytes(Uint8Array.of(0x04, 0xff, 0xff, 0x00, 0x1d, 0x01, 0x04, message.length), message);
}

export function genesisCoinbase(): Transaction {
  return {
    version: 1,
    inputs: [
      {
        prevout: { txid: NULL_TXID.slice(), vout: 0xffffffff },
        scriptSig: genesisScriptSig(),
        sequence: SEQUENCE_FINAL,
        witness: [],
      },
    ],
    outputs: [{ value: 0n, scriptPubKey: Uint8Array.of(OP_RETURN) }],
    locktime: 0,
  };
}

export function buildGenesisBlock(spec: GenesisSpec): Block {
  const txs = [genesisCoinbase()];
  return {
    header: {
      version: spec.version,
      prevBlock: new Uint8Array(32),
      // A plain Uint8Array (the hash is a Node Buffer), so the block compares equal to a decoded copy.
      merkleRoot: Uint8Array.from(blockMerkleRoot(txs).root),
      time: spec.time,
      bits: spec.bits,
      nonce: spec.nonce,
    },
    txs,
  };
}

export const GENESIS_SPECS: Readonly<Record<ChainName, GenesisSpec>> = Object.freeze({
  // 2026-11-24 00:00:00 UTC, at the mainnet POW limit.
  main: { version: 1, time: 1_795_478_400, bits: 0x1e00ffff, nonce: 30_274_287 },
  // 2026-11-24 12:00:00 UTC, at the testnet POW limit.
  test: { version: 1, time: 1_795_521_600, bits: 0x1e00ffff, nonce: 6_497_975 },
  regtest: { version: 1, time: 1_795_478_400, bits: 0x207fffff, nonce: 0 },
});
