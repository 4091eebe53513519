// Core's wallet/rpc/transactions.cpp: the wallet's transaction history.
import { scriptToAddress } from '../../address/address.js';
import { txToJson } from '../../json/tx.js';
import { signalsOptInRbf } from '../../mempool/standardness.js';
import type { Wallet } from '../../wallet/wallet.js';
import { fromHex, hashToHex, hexToHash } from '../../wire/bytes.js';
import { decodeTx } from '../../wire/tx.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { valueFromAmount } from '../json.js';
import type { RpcMethodDef } from '../registry.js';
import { decodeTxParam } from './tx-submission.js';

type WalletTxRecord = ReturnType<Wallet['listTransactions']>[number];

/** Core's listtransactions/gettransaction fields for one wallet transaction (one entry per transaction). */
function txEntry(node: RpcNode, wallet: Wallet, t: WalletTxRecord) {
  const tip = node.chain.getTip().height;
  const tx = decodeTx(fromHex(t.hex));
  const confirmations = t.height === null ? 0 : tip - t.height + 1;
  const amount = BigInt(t.amount);
  const maturity = node.params.coinbaseMaturity;
  let category: string;
  if (t.coinbase)
    category = confirmations === 0 ? 'orphan' : confirmations > maturity ? 'generate' : 'immature';
  else category = amount >= 0n ? 'receive' : 'send';
  // The output the entry is about: a payment to the wallet when receiving, the recipient when sending.
  const vout = tx.outputs.findIndex((o) =>
    category === 'send' ? !wallet.isMine(o.scriptPubKey) : wallet.isMine(o.scriptPubKey),
  );
  const out = vout >= 0 ? tx.outputs[vout]! : undefined;
  const address = out ? scriptToAddress(out.scriptPubKey, node.params.addressPrefixes) : null;
  const info = t.blockHash !== null ? node.chain.getHeader(hexToHash(t.blockHash)) : undefined;
  return {
    ...(address !== null ? { address } : {}),
    category,
    amount: valueFromAmount(amount),
    ...(vout >= 0 ? { vout } : {}),
    ...(t.fee !== null && category === 'send' ? { fee: valueFromAmount(-BigInt(t.fee)) } : {}),
    confirmations,
    ...(t.coinbase ? { generated: true } : {}),
    ...(t.blockHash !== null
      ? { blockhash: t.blockHash, blockheight: t.height, blocktime: info?.header.time ?? t.time }
      : { trusted: t.fee !== null }),
    txid: t.txid,
    time: t.time,
    timereceived: t.time,
    'bip125-replaceable': t.height === null ? (signalsOptInRbf(tx) ? 'yes' : 'no') : 'no',
  };
}

/** listtransactions, gettransaction. */
export function walletTransactionMethods(node: RpcNode, wallet: Wallet): RpcMethodDef[] {
  return [
    {
      name: 'listtransactions',
      category: 'wallet',
      params: [
        {
          name: 'label',
          type: 'string',
          optional: true,
          help: 'Must be "*" or omitted (labels are not kept)',
        },
        { name: 'count', type: 'int', default: 10, help: 'The number of transactions to return' },
        { name: 'skip', type: 'int', default: 0, help: 'The number of transactions to skip' },
        { name: 'include_watchonly', type: 'boolean', default: false, help: 'Ignored' },
      ],
      help: 'Returns up to `count` most recent wallet transactions, skipping the first `skip` most recent, in chain order (unconfirmed last). One entry per transaction, with its net amount.',
      handler: (args) => {
        const count = args.count as number;
        const skip = args.skip as number;
        if (count < 0) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Negative count');
        if (skip < 0) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Negative from');
        // Chain order (as the wallet saw them), unconfirmed ones last.
        const at = (x: WalletTxRecord) => x.height ?? Number.POSITIVE_INFINITY;
        const all = wallet.listTransactions().sort((a, b) => at(a) - at(b) || a.time - b.time);
        const end = Math.max(0, all.length - skip);
        return all.slice(Math.max(0, end - count), end).map((t) => txEntry(node, wallet, t));
      },
    },
    {
      name: 'gettransaction',
      category: 'wallet',
      params: [
        { name: 'txid', type: 'hash', help: 'The transaction id' },
        { name: 'include_watchonly', type: 'boolean', default: true, help: 'Ignored' },
        {
          name: 'verbose',
          type: 'boolean',
          default: false,
          help: 'Whether to include a `decoded` field with the decoded transaction',
        },
      ],
      help: 'Get detailed information about in-wallet transaction <txid>',
      handler: (args) => {
        const hex = hashToHex(args.txid as Uint8Array);
        const t = wallet.listTransactions().find((x) => x.txid === hex);
        if (t === undefined)
          throw new RpcError(RpcErrorCode.INVALID_ADDRESS_OR_KEY, 'Invalid or non-wallet transaction id');
        const entry = txEntry(node, wallet, t);
        const { address, category, vout, ...rest } = entry as typeof entry & {
          address?: string;
          vout?: number;
        };
        return {
          ...rest,
          ...(t.fee !== null && BigInt(t.amount) < 0n ? { fee: valueFromAmount(-BigInt(t.fee)) } : {}),
          details: [
            {
              ...(address !== undefined ? { address } : {}),
              category,
              amount: entry.amount,
              ...(vout !== undefined ? { vout } : {}),
            },
          ],
          hex: t.hex,
          ...(args.verbose ? { decoded: txToJson(decodeTxParam(t.hex), node.params.addressPrefixes) } : {}),
        };
      },
    },
  ];
}
