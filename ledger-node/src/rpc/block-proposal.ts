import type { ChainState } from '../chain/chain-state.js';
import { checkBlock } from '../consensus/check-block.js';
import { connectBlock } from '../consensus/connect-block.js';
import { contextualCheckBlock, contextualCheckBlockHeader } from '../consensus/contextual.js';
import { ValidationError } from '../consensus/errors.js';
import { runScriptChecks } from '../consensus/script-check.js';
import type { Block } from '../wire/block.js';
import { equalBytes } from '../wire/bytes.js';
import { blockHash } from '../wire/header.js';

/**
 * Core's TestBlockValidity for getblocktemplate's proposal mode (BIP23): every rule a block on the
 * current tip must pass, proof of work excepted, without storing anything. Returns null for a
 * valid block, else BIP22's reason: "duplicate", "duplicate-invalid", "inconclusive-not-best-prevblk"
 * or the first failing rule's reject reason.
 */
export function checkBlockProposal(chain: ChainState, block: Block, now: number): string | null {
  const hash = blockHash(block.header);
  const known = chain.getHeader(hash);
  if (known !== undefined) {
    if (known.failed) return 'duplicate-invalid';
    if (known.haveData) return 'duplicate';
  }
  const tip = chain.getTip();
  if (!equalBytes(block.header.prevBlock, tip.hash)) return 'inconclusive-not-best-prevblk';
  const params = chain.params;
  const height = tip.height + 1;
  try {
    const parent = {
      height: tip.height,
      time: tip.header.time,
      bits: tip.header.bits,
      medianTimePast: tip.medianTimePast,
    };
    contextualCheckBlockHeader(block.header, parent, params, now);
    checkBlock(block, params, { checkPow: false, hash });
    contextualCheckBlock(block, height, tip.medianTimePast, params);
    const ancestry = {
      medianTimePast: (h: number) => {
        const ancestor = chain.getBlockHash(h);
        const info = ancestor === undefined ? undefined : chain.getHeader(ancestor);
        if (info === undefined) throw new RangeError(`no ancestor at height ${h}`);
        return info.medianTimePast;
      },
    };
    const conn = connectBlock(block, height, chain, ancestry, params);
    runScriptChecks(conn.scriptChecks);
  } catch (e) {
    if (e instanceof ValidationError) return e.reason;
    throw e;
  }
  return null;
}
