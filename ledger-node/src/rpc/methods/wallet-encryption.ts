// Core's wallet/rpc/encrypt.cpp: encrypting, unlocking and locking the wallet.
import type { Wallet } from '../../wallet/wallet.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import type { RpcMethodDef } from '../registry.js';
import { withWalletErrors } from './wallet-send.js';

/** Core's cap on walletpassphrase's timeout. */
const MAX_UNLOCK_SECONDS = 100_000_000;

/** Until when (UNIX seconds) the wallet was unlocked by walletpassphrase; 0 when locked. */
export interface UnlockTime {
  until: number;
}

/** The `passphrase` argument of encryptwallet and walletpassphrase, which may not be empty. */
function passphraseOf(args: Record<string, unknown>): string {
  const pass = args.passphrase as string;
  if (pass === '') throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'passphrase cannot be empty');
  return pass;
}

/**
 * encryptwallet, walletpassphrase, walletlock. `unlock` records until when the wallet is unlocked
 * (getwalletinfo's unlocked_until).
 */
export function walletEncryptionMethods(node: RpcNode, wallet: Wallet, unlock: UnlockTime): RpcMethodDef[] {
  return [
    {
      name: 'encryptwallet',
      category: 'wallet',
      params: [
        {
          name: 'passphrase',
          type: 'string',
          help: 'The pass phrase to encrypt the wallet with. It must be at least 1 character, but should be long.',
        },
      ],
      help: "Encrypts the wallet's seed with the passphrase (scrypt + AES-256-GCM). After this, any call that signs needs walletpassphrase first.",
      handler: async (args) => {
        const pass = passphraseOf(args);
        await withWalletErrors(() => wallet.encrypt(pass));
        return 'wallet encrypted; the wallet is locked: unlock it with walletpassphrase to sign';
      },
    },
    {
      name: 'walletpassphrase',
      category: 'wallet',
      params: [
        { name: 'passphrase', type: 'string', help: 'The wallet passphrase' },
        {
          name: 'timeout',
          type: 'int',
          help: 'The time to keep the decryption key in seconds; capped at 100000000 (~3 years).',
        },
      ],
      help: "Stores the wallet decryption key in memory for 'timeout' seconds. This is needed prior to performing transactions related to private keys such as sending FAI.",
      result: 'null',
      handler: async (args) => {
        const timeout = Math.min(args.timeout as number, MAX_UNLOCK_SECONDS);
        if (timeout < 0) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Timeout cannot be negative.');
        const pass = passphraseOf(args);
        await withWalletErrors(() => wallet.unlock(pass, timeout));
        unlock.until = node.now() + timeout;
        return null;
      },
    },
    {
      name: 'walletlock',
      category: 'wallet',
      help: 'Removes the wallet encryption key from memory, locking the wallet.',
      result: 'null',
      handler: () => {
        withWalletErrors(() => wallet.lock());
        unlock.until = 0;
        return null;
      },
    },
  ];
}
