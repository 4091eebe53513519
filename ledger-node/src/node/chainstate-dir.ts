import type { Logger } from 'pino';
import type { ChainStateOptions } from '../chain/chain-state.js';
import { ChainState } from '../chain/chain-state.js';
import type { ChainParams } from '../params/chain-params.js';
import type { KVStore } from '../store/kv-store.js';
import { RocksStore } from '../store/rocks-store.js';
import { hashToHex } from '../wire/bytes.js';
import { DataDir } from './datadir.js';

/**
 * Opens (creating if needed) the chain state of a network on disk: `<root>/<network>/chainstate`,
 * RocksDB, with the data directory locked against other daemons (btcd's chainio kept apart from the
 * chain logic: the chain state itself only sees a store). `dir` is the data directory root, or a
 * DataDir the caller already holds (the caller then keeps and releases it); an owned one is released
 * when the chain state closes, or here when opening fails.
 */
export async function openChainStateDir(
  dir: string | DataDir,
  params: ChainParams,
  logger?: Logger,
  options: ChainStateOptions = {},
): Promise<ChainState> {
  const owned = typeof dir === 'string';
  const dataDir = owned ? DataDir.open(dir, params.name, hashToHex(params.genesisHash)) : dir;
  let store: KVStore | undefined;
  try {
    store = await RocksStore.open(dataDir.chainstatePath);
    const opts = { ...options, ...(logger ? { logger } : {}) };
    return await ChainState.openStore(store, params, opts, owned ? () => dataDir.release() : undefined);
  } catch (e) {
    await store?.close().catch(() => {});
    if (owned) dataDir.release();
    throw e;
  }
}
