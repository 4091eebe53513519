/** Answers to peers' headers requests, from the active chain. */
import type { ChainState } from '../chain/chain-state.js';
import { equalBytes } from '../wire/bytes.js';
import type { BlockHeader } from '../wire/header.js';
import type { GetHeadersMessage } from './messages.js';
import { MAX_HEADERS_RESULTS } from './protocols.js';

export type ServedChain = Pick<ChainState, 'findFork' | 'getBlockHash' | 'getHeader' | 'getRawBlock'>;

/**
 * Core's getheaders: the active-chain headers after the last locator hash we share, up to the
 * limit or the stop hash.
 */
export function headersAfter(chain: ServedChain, req: GetHeadersMessage): BlockHeader[] {
  const fork = chain.findFork(req.locator);
  const out: BlockHeader[] = [];
  for (let h = fork.height + 1; out.length < MAX_HEADERS_RESULTS; h++) {
    const hash = chain.getBlockHash(h);
    if (hash === undefined) break;
    const info = chain.getHeader(hash);
    if (info === undefined) break;
    out.push(info.header);
    if (equalBytes(hash, req.stop)) break;
  }
  return out;
}
