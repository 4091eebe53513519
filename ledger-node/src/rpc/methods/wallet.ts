import { destinationToScript, scriptToAddress } from '../../address/address.js';
import { outpointKey } from '../../consensus/coins.js';
import { txToJson } from '../../json/tx.js';
import { signalsOptInRbf } from '../../mempool/standardness.js';
import type { Wallet } from '../../wallet/wallet.js';
import { fromHex, hashToHex, hexToHash, toHex } from '../../wire/bytes.js';
import type { TxOut } from '../../wire/tx.js';
import { decodeTx, encodeTx } from '../../wire/tx.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { amountFromValue, expectJsonType, numberSource, valueFromAmount } from '../json.js';
import type { RpcParam } from '../params.js';
import { parseHashParam, parseHexParam } from '../params.js';
import type { RpcMethodDef } from '../registry.js';
import { addressParam, addressScript, decodeTxParam } from './common.js';
import { parseOutputs } from './rawtransactions.js';
import { destinationFields } from './util.js';
import {
  CONF_TARGET_PARAM,
  feeChoiceOf,
  requirePositiveAmounts,
  sendFromWallet,
  txidHex,
  withWalletErrors,
} from './wallet-send.js';

/** Keys derived ahead of the last used one (the wallet's lookahead), reported as the keypool size. */
const KEYPOOL_SIZE = 20;
/** Core's cap on walletpassphrase's timeout. */
const MAX_UNLOCK_SECONDS = 100_000_000;

type WalletTxRecord = ReturnType<Wallet['listTransactions']>[number];

// The arguments sendtoaddress and sendmany share, in Core's order (sendtoaddress has avoid_reuse
// between the two runs).
const SEND_ESTIMATE_PARAMS: readonly RpcParam[] = [
  {
    name: 'replaceable',
    type: 'boolean',
    default: true,
    help: 'The wallet always signals BIP125 replaceability',
  },
  CONF_TARGET_PARAM,
  { name: 'estimate_mode', type: 'string', default: 'unset', help: 'The fee estimate mode' },
];
const SEND_RATE_PARAMS: readonly RpcParam[] = [
  { name: 'fee_rate', type: 'any', optional: true, help: 'Specify a fee rate in base units/vB.' },
  {
    name: 'verbose',
    type: 'boolean',
    default: false,
    help: 'If true, return extra information about the transaction.',
  },
];

/** The `passphrase` argument of encryptwallet and walletpassphrase, which may not be empty. */
function passphraseOf(args: Record<string, unknown>): string {
  const pass = args.passphrase as string;
  if (pass === '') throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'passphrase cannot be empty');
  return pass;
}

/** Sends `outputs` with the call's fee arguments: the txid, or with `verbose` Core's { txid, fee_reason }. */
function sendReporting(node: RpcNode, wallet: Wallet, outputs: TxOut[], args: Record<string, unknown>) {
  const id = txidHex(sendFromWallet(node, wallet, outputs, feeChoiceOf(args)));
  return args.verbose
    ? { txid: id, fee_reason: args.fee_rate !== undefined ? 'Fee rate specified' : 'Estimate' }
    : id;
}

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

export function walletMethods(node: RpcNode, wallet: Wallet): RpcMethodDef[] {
  const prefixes = node.params.addressPrefixes;
  const maturity = node.params.coinbaseMaturity;
  const tipHeight = () => node.chain.getTip().height;
  let unlockedUntil = 0;

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
          ...(args.verbose ? { decoded: txToJson(decodeTxParam(t.hex), prefixes) } : {}),
        };
      },
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
          ...(wallet.isEncrypted ? { unlocked_until: wallet.isLocked ? 0 : unlockedUntil } : {}),
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
    {
      name: 'sendtoaddress',
      category: 'wallet',
      params: [
        { name: 'address', type: 'string', help: 'The FUN AI address to send to.' },
        { name: 'amount', type: 'amount', help: 'The amount in FAI to send. eg 0.1' },
        { name: 'comment', type: 'string', optional: true, help: 'Ignored' },
        { name: 'comment_to', type: 'string', optional: true, help: 'Ignored' },
        {
          name: 'subtractfeefromamount',
          type: 'boolean',
          default: false,
          help: 'Not supported: must be false',
        },
        ...SEND_ESTIMATE_PARAMS,
        { name: 'avoid_reuse', type: 'boolean', default: true, help: 'Ignored' },
        ...SEND_RATE_PARAMS,
      ],
      help: 'Send an amount to a given address.',
      result: '"hex"    (string) The transaction id.',
      handler: (args) => {
        if (args.subtractfeefromamount) {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMETER,
            'subtractfeefromamount is not supported by this wallet',
          );
        }
        const outputs = [
          { value: args.amount as bigint, scriptPubKey: addressScript(node, args.address as string) },
        ];
        requirePositiveAmounts(outputs);
        return sendReporting(node, wallet, outputs, args);
      },
    },
    {
      name: 'sendmany',
      category: 'wallet',
      params: [
        {
          name: 'dummy',
          type: 'string',
          optional: true,
          help: 'Must be set to "" for backwards compatibility.',
        },
        { name: 'amounts', type: 'object', help: 'The addresses and amounts: {"address":amount,...}' },
        { name: 'minconf', type: 'int', optional: true, help: 'Ignored' },
        { name: 'comment', type: 'string', optional: true, help: 'Ignored' },
        { name: 'subtractfeefrom', type: 'array', optional: true, help: 'Not supported: must be empty' },
        ...SEND_ESTIMATE_PARAMS,
        ...SEND_RATE_PARAMS,
      ],
      help: 'Send multiple times. Amounts are double-precision floating point numbers.',
      result: '"hex"    (string) The transaction id for the send.',
      handler: (args) => {
        if (args.dummy !== undefined && args.dummy !== '') {
          throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Dummy value must be set to ""');
        }
        if (Array.isArray(args.subtractfeefrom) && args.subtractfeefrom.length > 0) {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMETER,
            'subtractfeefrom is not supported by this wallet',
          );
        }
        const outputs = parseOutputs(node, args.amounts);
        if (outputs.length === 0)
          throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Invalid parameter, no outputs');
        requirePositiveAmounts(outputs);
        return sendReporting(node, wallet, outputs, args);
      },
    },
    {
      name: 'signrawtransactionwithwallet',
      category: 'wallet',
      params: [
        { name: 'hexstring', type: 'string', help: 'The transaction hex string' },
        {
          name: 'prevtxs',
          type: 'array',
          default: [],
          help: '[{"txid":"hex","vout":n,"scriptPubKey":"hex","amount":amount},...]',
        },
        {
          name: 'sighashtype',
          type: 'string',
          default: 'DEFAULT',
          help: 'DEFAULT or ALL (the only type this wallet signs)',
        },
      ],
      help: "Sign inputs for raw transaction (serialized, hex-encoded) with the wallet's P2WPKH keys.",
      result: '{ "hex", "complete", "errors" }',
      handler: (args) => {
        const type = args.sighashtype as string;
        if (type !== 'DEFAULT' && type !== 'ALL') {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMETER,
            `The wallet signs with SIGHASH_ALL only, not '${type}'`,
          );
        }
        const tx = decodeTxParam(args.hexstring as string);
        const prev = new Map<string, TxOut>();
        for (const p of args.prevtxs as unknown[]) {
          expectJsonType(p, 'object');
          const o = p as Record<string, unknown>;
          expectJsonType(o.txid, 'string');
          expectJsonType(o.scriptPubKey, 'string');
          if (typeof o.vout !== 'number' || !Number.isInteger(o.vout) || o.vout < 0) {
            throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'vout cannot be negative');
          }
          if (o.amount === undefined) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Missing amount');
          const value = amountFromValue(
            o.amount,
            typeof o.amount === 'number' ? numberSource(o, 'amount', o.amount) : undefined,
          );
          const outpoint = { txid: parseHashParam(o.txid as string, 'txid'), vout: o.vout };
          prev.set(outpointKey(outpoint), {
            value,
            scriptPubKey: parseHexParam(o.scriptPubKey as string, 'scriptPubKey'),
          });
        }
        const complete = withWalletErrors(() => wallet.signTransaction(tx, prev));
        const errors = tx.inputs
          .filter((i) => i.witness.length === 0 && i.scriptSig.length === 0)
          .map((i) => ({
            txid: hashToHex(i.prevout.txid),
            vout: i.prevout.vout,
            witness: [],
            scriptSig: '',
            sequence: i.sequence,
            error: 'Input not found or already spent',
          }));
        return { hex: toHex(encodeTx(tx)), complete, ...(errors.length > 0 ? { errors } : {}) };
      },
    },
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
        unlockedUntil = node.now() + timeout;
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
        unlockedUntil = 0;
        return null;
      },
    },
  ];
}
