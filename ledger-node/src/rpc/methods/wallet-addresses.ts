// Core's wallet/rpc/addresses.cpp: new receiving and change addresses, getaddressinfo.
import { destinationToScript, scriptToAddress } from '../../address/address.js';
import type { Wallet } from '../../wallet/wallet.js';
import { toHex } from '../../wire/bytes.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import type { RpcMethodDef } from '../registry.js';
import { addressParam, destinationFields } from './address-args.js';

/** getnewaddress, getrawchangeaddress, getaddressinfo. */
export function walletAddressMethods(node: RpcNode, wallet: Wallet): RpcMethodDef[] {
  const prefixes = node.params.addressPrefixes;

  /** A fresh address of the wallet's receiving (0) or change (1) chain, of `type` bech32 (the only one). */
  const newAddress = (type: unknown, chain: 0 | 1) => {
    if (type !== undefined && type !== 'bech32') {
      throw new RpcError(
        RpcErrorCode.INVALID_ADDRESS_OR_KEY,
        `Unknown address type '${String(type)}' (this wallet makes bech32 addresses only)`,
      );
    }
    return scriptToAddress(wallet.newScript(chain), prefixes);
  };

  return [
    {
      name: 'getnewaddress',
      category: 'wallet',
      params: [
        {
          name: 'label',
          type: 'string',
          default: '',
          help: 'Accepted for compatibility; labels are not kept',
        },
        { name: 'address_type', type: 'string', optional: true, help: 'bech32 (the only type: P2WPKH)' },
      ],
      help: 'Returns a new FUN AI address (P2WPKH, bech32) for receiving payments.',
      result: '"str"    (string) The new address',
      handler: (args) => newAddress(args.address_type, 0),
    },
    {
      name: 'getrawchangeaddress',
      category: 'wallet',
      params: [{ name: 'address_type', type: 'string', optional: true, help: 'bech32 (the only type)' }],
      help: 'Returns a new FUN AI address, for receiving change.',
      handler: (args) => newAddress(args.address_type, 1),
    },
    {
      name: 'getaddressinfo',
      category: 'wallet',
      params: [{ name: 'address', type: 'string', help: 'The FUN AI address for which to get information.' }],
      help: 'Return information about the given FUN AI address.',
      handler: (args) => {
        const dest = addressParam(node, args.address as string, 'Invalid address');
        const script = destinationToScript(dest);
        const mine = wallet.isMine(script);
        return {
          address: args.address,
          scriptPubKey: toHex(script),
          ismine: mine,
          solvable: mine,
          iswatchonly: false,
          ...destinationFields(dest),
          labels: [],
        };
      },
    },
  ];
}
