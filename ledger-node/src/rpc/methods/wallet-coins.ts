// Core's wallet/rpc/coins.cpp: balances and unspent outputs.
import { scriptToAddress } from '../../address/address.js';
import type { Wallet } from '../../wallet/wallet.js';
import { fromHex, toHex } from '../../wire/bytes.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { expectJsonType, valueFromAmount } from '../json.js';
import type { RpcMethodDef } from '../registry.js';
import { addressScript } from './address-args.js';

/** getbalance, getbalances, listunspent. */
export function walletCoinMethods(node: RpcNode, wallet: Wallet): RpcMethodDef[] {
  const prefixes = node.params.addressPrefixes;
  const maturity = node.params.coinbaseMaturity;
  const tipHeight = () => node.chain.getTip().height;
  return [
    {
      name: 'getbalance',
      category: 'wallet',
      params: [
        {
          name: 'dummy',
          type: 'string',
          optional: true,
          help: 'Remains for backward compatibility. Must be excluded or set to "*".',
        },
        {
          name: 'minconf',
          type: 'int',
          default: 0,
          help: 'Only include transactions confirmed at least this many times.',
        },
        {
          name: 'include_watchonly',
          type: 'boolean',
          default: false,
          help: 'Ignored (no watch-only addresses)',
        },
        { name: 'avoid_reuse', type: 'boolean', default: true, help: 'Ignored' },
      ],
      help: 'Returns the total available balance: confirmed mature coins, and unconfirmed ones the wallet sent itself.',
      result: 'n    (numeric) The total amount in FAI received for this wallet.',
      handler: (args) => {
        if (args.dummy !== undefined && args.dummy !== '*') {
          throw new RpcError(
            RpcErrorCode.METHOD_DEPRECATED,
            'dummy first argument must be excluded or set to "*".',
          );
        }
        const minconf = args.minconf as number;
        if (minconf > 0) {
          const sum = wallet.listUnspent(tipHeight(), maturity, minconf).reduce((s, u) => s + u.amount, 0n);
          return valueFromAmount(sum);
        }
        return valueFromAmount(wallet.balances(tipHeight(), maturity).trusted);
      },
    },
    {
      name: 'getbalances',
      category: 'wallet',
      help: 'Returns an object with all balances in FAI.',
      result:
        '{ "mine": { "trusted", "untrusted_pending", "immature" }, "lastprocessedblock": { "hash", "height" } }',
      handler: () => {
        const b = wallet.balances(tipHeight(), maturity);
        return {
          mine: {
            trusted: valueFromAmount(b.trusted),
            untrusted_pending: valueFromAmount(b.untrustedPending),
            immature: valueFromAmount(b.immature),
          },
          ...(wallet.bestBlock ? { lastprocessedblock: wallet.bestBlock } : {}),
        };
      },
    },
    {
      name: 'listunspent',
      category: 'wallet',
      params: [
        { name: 'minconf', type: 'int', default: 1, help: 'The minimum confirmations to filter' },
        { name: 'maxconf', type: 'int', default: 9_999_999, help: 'The maximum confirmations to filter' },
        { name: 'addresses', type: 'array', default: [], help: 'The FUN AI addresses to filter' },
        { name: 'include_unsafe', type: 'boolean', default: true, help: 'Ignored' },
        { name: 'query_options', type: 'object', optional: true, help: 'Ignored' },
      ],
      help: 'Returns array of unspent transaction outputs with between minconf and maxconf (inclusive) confirmations.',
      handler: (args) => {
        const filter = new Set<string>();
        for (const a of args.addresses as unknown[]) {
          expectJsonType(a, 'string');
          const script = addressScript(node, a as string, `Invalid FUN AI address: ${a as string}`);
          if (filter.has(toHex(script))) {
            throw new RpcError(
              RpcErrorCode.INVALID_PARAMETER,
              `Invalid parameter, duplicated address: ${a as string}`,
            );
          }
          filter.add(toHex(script));
        }
        return wallet
          .listUnspent(tipHeight(), maturity, args.minconf as number, args.maxconf as number)
          .filter((u) => filter.size === 0 || filter.has(u.scriptPubKey))
          .map((u) => {
            const address = scriptToAddress(fromHex(u.scriptPubKey), prefixes);
            return {
              txid: u.txid,
              vout: u.vout,
              ...(address !== null ? { address } : {}),
              scriptPubKey: u.scriptPubKey,
              amount: valueFromAmount(u.amount),
              confirmations: u.confirmations,
              spendable: u.spendable,
              solvable: true,
              safe: true,
            };
          });
      },
    },
  ];
}
