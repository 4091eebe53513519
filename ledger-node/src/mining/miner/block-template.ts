import { withCoinbaseScriptSig } from '../template/coinbase.js';
import type { BlockTemplate } from '../template/template.js';
import type { MinerTemplate } from './cpu-miner.js';

/**
 * What the CPU miner needs of a block template: the header fields, the transactions after the
 * coinbase, and the coinbase rebuilt for each extra nonce (BIP34 height push, then the extra
 * nonce as a script number, as bitcoind's IncrementExtraNonce). The coinbase's outputs and witness
 * reserved value are kept: the witness commitment does not cover the coinbase. Never 64 bytes (BIP54).
 */
export function minerTemplate(t: BlockTemplate): MinerTemplate {
  const [coinbase, ...txs] = t.block.txs;
  if (!coinbase) throw new TypeError('a block template has a coinbase');
  const h = t.block.header;
  return {
    version: h.version,
    prevBlock: h.prevBlock,
    time: h.time,
    bits: h.bits,
    txs,
    coinbase: (extraNonce) => withCoinbaseScriptSig(coinbase, t.height, extraNonce),
  };
}
