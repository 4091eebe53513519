// Blocks named in RPC arguments: by hash or height of the active chain, with bitcoind's errors.
import type { HeaderInfo } from '../../chain/chain-state.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';

export function headerOrThrow(node: RpcNode, hash: Uint8Array): HeaderInfo {
  const info = node.chain.getHeader(hash);
  if (info === undefined) throw new RpcError(RpcErrorCode.INVALID_ADDRESS_OR_KEY, 'Block not found');
  return info;
}

/** The active chain's next block after `info`, for `nextblockhash`. */
export function nextHash(node: RpcNode, info: HeaderInfo): Uint8Array | undefined {
  return info.inActiveChain ? node.chain.getBlockHash(info.height + 1) : undefined;
}

/** What `lookup` finds at a height of the active chain; bitcoind's "Block height out of range" otherwise. */
export function atHeight<T>(height: number, lookup: (height: number) => T | undefined): T {
  const found = height >= 0 ? lookup(height) : undefined;
  if (found === undefined) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Block height out of range');
  return found;
}
