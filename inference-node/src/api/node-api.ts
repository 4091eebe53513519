import { join } from 'node:path';
import type { InferenceBackend } from './backend.js';
import { FileKeystore } from './keystore.js';
import { type LocalBackendOptions, LocalInferenceBackend } from './local-backend.js';
import { type ApiServer, type ApiServerOptions, createApiServer } from './server.js';

/** The keystore file of a node, in its (network) data directory. */
export const API_KEYSTORE_FILE = 'api-keys.json';

export interface NodeApiOptions
  extends Omit<ApiServerOptions, 'keystore' | 'backend'>,
    Omit<LocalBackendOptions, 'onSettled'> {
  /** The node's (network) data directory: the keystore is `<dir>/api-keys.json` (`funai api-keys new`). */
  dataDir: string;
  /** The chain backend; default an in-memory `LocalInferenceBackend` from the options above. */
  backend?: InferenceBackend;
  onSettled?: LocalBackendOptions['onSettled'];
}

/**
 * What a daemon mounts: the API server over the node's keystore file and a chain backend (the given one,
 * else the in-memory one, which is then also the lifecycle provider for the `executed` step). The server
 * is returned unbound: the daemon calls `listen` on its API port(s).
 */
export async function createNodeApiServer(
  o: NodeApiOptions,
): Promise<{ server: ApiServer; keystore: FileKeystore; backend: InferenceBackend }> {
  const keystore = await FileKeystore.open(join(o.dataDir, API_KEYSTORE_FILE));
  const backend =
    o.backend ??
    new LocalInferenceBackend({
      chainId: o.chainId,
      executorKey: o.executorKey,
      ledgerHeight: o.ledgerHeight,
      ...(o.gasPrice !== undefined ? { gasPrice: o.gasPrice } : {}),
      ...(o.maxNonceGap !== undefined ? { maxNonceGap: o.maxNonceGap } : {}),
      ...(o.accounts ? { accounts: o.accounts } : {}),
      ...(o.feeBalance ? { feeBalance: o.feeBalance } : {}),
      ...(o.onSettled ? { onSettled: o.onSettled } : {}),
      ...(o.fabricator ? { fabricator: o.fabricator } : {}),
    });
  const server = createApiServer({ ...o, keystore, backend });
  return { server, keystore, backend };
}
