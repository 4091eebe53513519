// The wallet's RPC methods (Core's wallet/rpc/): getwalletinfo here, the rest by concern in
// wallet-addresses.ts, wallet-coins.ts, wallet-transactions.ts, wallet-spend.ts, wallet-encryption.ts.
import type { Wallet } from '../../wallet/wallet.js';
import type { RpcNode } from '../context.js';
import { valueFromAmount } from '../json.js';
import type { RpcMethodDef } from '../registry.js';
import { walletAddressMethods } from './wallet-addresses.js';
import { walletCoinMethods } from './wallet-coins.js';
import type { UnlockTime } from './wallet-encryption.js';
import { walletEncryptionMethods } from './wallet-encryption.js';
import { walletSpendMethods } from './wallet-spend.js';
import { walletTransactionMethods } from './wallet-transactions.js';

/** Keys derived ahead of the last used one (the wallet's lookahead), reported as the keypool size. */
const KEYPOOL_SIZE = 20;

export function walletMethods(node: RpcNode, wallet: Wallet): RpcMethodDef[] {
  const maturity = node.params.coinbaseMaturity;
  const tipHeight = () => node.chain.getTip().height;
  const unlock: UnlockTime = { until: 0 };
  return [
    ...walletAddressMethods(node, wallet),
    ...walletCoinMethods(node, wallet),
    ...walletTransactionMethods(node, wallet),
    {
      name: 'getwalletinfo',
      category: 'wallet',
      help: 'Returns an object containing various wallet state info.',
      handler: () => {
        const b = wallet.balances(tipHeight(), maturity);
        return {
          walletname: '',
          walletversion: 169900,
          format: 'funai-json',
          balance: valueFromAmount(b.trusted),
          unconfirmed_balance: valueFromAmount(b.untrustedPending),
          immature_balance: valueFromAmount(b.immature),
          txcount: wallet.listTransactions().length,
          keypoolsize: KEYPOOL_SIZE,
          ...(wallet.isEncrypted ? { unlocked_until: wallet.isLocked ? 0 : unlock.until } : {}),
          paytxfee: valueFromAmount(0n),
          private_keys_enabled: true,
          avoid_reuse: false,
          scanning: false,
          descriptors: true,
          external_signer: false,
          ...(wallet.bestBlock ? { lastprocessedblock: wallet.bestBlock } : {}),
        };
      },
    },
    ...walletSpendMethods(node, wallet),
    ...walletEncryptionMethods(node, wallet, unlock),
  ];
}
