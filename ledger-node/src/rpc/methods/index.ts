import type { RpcNode } from '../context.js';
import type { RpcMethodRegistrar } from '../registry.js';
import { registerRpcMethods } from '../registry.js';
import { blockchainMethods } from './blockchain.js';
import { funaiMethods, funaiWalletMethods } from './funai.js';
import { mempoolMethods } from './mempool.js';
import { miningMethods } from './mining.js';
import { networkMethods } from './network.js';
import { rawTransactionMethods } from './rawtransactions.js';
import { txOutProofMethods } from './txoutproof.js';
import { utilMethods } from './util-methods.js';
import { walletMethods } from './wallet.js';

/**
 * Registers every node method (bitcoind's names, parameters and result shapes, and FUN AI's own)
 * on a server or registry. Wallet methods are registered only when the node has a wallet, so that
 * with -disablewallet they answer "Method not found", as bitcoind's.
 */
export function registerNodeMethods(target: RpcMethodRegistrar, node: RpcNode): void {
  registerRpcMethods(
    target,
    ...blockchainMethods(node),
    ...mempoolMethods(node),
    ...rawTransactionMethods(node),
    ...txOutProofMethods(node),
    ...miningMethods(node),
    ...networkMethods(node),
    ...utilMethods(node),
    ...funaiMethods(node),
  );
  if (node.wallet !== null) {
    registerRpcMethods(target, ...walletMethods(node, node.wallet), ...funaiWalletMethods(node, node.wallet));
  }
}
