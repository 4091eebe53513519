// Core's wallet/rpc/spend.cpp: sending from the wallet and signing with its keys (the fee and
// send helpers they share with sendfunaiop are wallet-send.ts).
import { outpointKey } from '../../consensus/coins.js';
import type { Wallet } from '../../wallet/wallet.js';
import { hashToHex, toHex } from '../../wire/bytes.js';
import type { TxOut } from '../../wire/tx.js';
import { encodeTx } from '../../wire/tx.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { amountFromValue, expectJsonType, numberSource } from '../json.js';
import type { RpcParam } from '../params.js';
import { parseHashParam, parseHexParam } from '../params.js';
import type { RpcMethodDef } from '../registry.js';
import { addressScript } from './address-args.js';
import { parseOutputs } from './rawtransactions.js';
import { decodeTxParam } from './tx-submission.js';
import {
  CONF_TARGET_PARAM,
  feeChoiceOf,
  requirePositiveAmounts,
  sendFromWallet,
  txidHex,
  withWalletErrors,
} from './wallet-send.js';

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

/** Sends `outputs` with the call's fee arguments: the txid, or with `verbose` Core's { txid, fee_reason }. */
function sendReporting(node: RpcNode, wallet: Wallet, outputs: TxOut[], args: Record<string, unknown>) {
  const id = txidHex(sendFromWallet(node, wallet, outputs, feeChoiceOf(args)));
  return args.verbose
    ? { txid: id, fee_reason: args.fee_rate !== undefined ? 'Fee rate specified' : 'Estimate' }
    : id;
}

/** sendtoaddress, sendmany, signrawtransactionwithwallet. */
export function walletSpendMethods(node: RpcNode, wallet: Wallet): RpcMethodDef[] {
  return [
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
  ];
}
