import { scriptToAddress } from '../../address/address.js';
import type { FunaiBlockOps } from '../../chain/funai-index.js';
import type { BlockUndo } from '../../chain/undo.js';
import type { FunaiOp } from '../../funai/envelope.js';
import { decodeFunaiPayload, encodeFunaiPayload, funaiOpOutput } from '../../funai/envelope.js';
import { funaiOpName } from '../../funai/ops.js';
import type { Wallet } from '../../wallet/wallet.js';
import type { Block } from '../../wire/block.js';
import { hashToHex, toHex } from '../../wire/bytes.js';
import { DecodeError } from '../../wire/errors.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { amountFromValue, type RawJson, valueFromAmount } from '../json.js';
import { parseHexParam } from '../params.js';
import type { RpcMethodDef } from '../registry.js';
import { addressScript } from './address-args.js';
import { atHeight } from './chain-args.js';
import { parseOutputs } from './rawtransactions.js';
import {
  CONF_TARGET_PARAM,
  feeChoiceOf,
  requirePositiveAmounts,
  sendFromWallet,
  txidHex,
} from './wallet-send.js';

/**
 * sendfunaiop's `op` argument: the payload as hex ("464149" magic, op byte, version byte, body),
 * or {"op": n, "version": n, "body": "hex"}.
 */
export function parseFunaiOpArg(value: unknown): FunaiOp {
  const invalid = (why: string) => new RpcError(RpcErrorCode.INVALID_PARAMETER, `Invalid FUN AI op: ${why}`);
  if (typeof value === 'string') {
    try {
      return decodeFunaiPayload(parseHexParam(value, 'op'));
    } catch (e) {
      if (e instanceof DecodeError) throw invalid(e.message);
      throw e;
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RpcError(RpcErrorCode.TYPE_ERROR, 'Expected type string or object for op');
  }
  const o = value as Record<string, unknown>;
  const byte = (v: unknown, name: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255)
      throw invalid(`${name} must be an integer from 0 to 255`);
    return v;
  };
  const body =
    o.body === undefined
      ? new Uint8Array(0)
      : typeof o.body === 'string'
        ? parseHexParam(o.body, 'body')
        : null;
  if (body === null) throw invalid('body must be a hex string');
  const op: FunaiOp = { op: byte(o.op, 'op'), version: byte(o.version ?? 1, 'version'), body };
  try {
    encodeFunaiPayload(op);
  } catch (e) {
    throw invalid((e as Error).message);
  }
  return op;
}

/**
 * The output each op transaction's input 0 spends, as bitcoind's getblock verbosity 3 names it: the
 * outpoint from the block's transaction, value and script from the block's undo data (the coins it
 * spent, per transaction after the coinbase, per input). Read only for blocks that carry ops.
 */
function input0Prevouts(
  node: RpcNode,
  found: FunaiBlockOps,
): (txIndex: number) => { txid: string; vout: number; value: RawJson; scriptPubKey: string } {
  let data: { block: Block; undo: BlockUndo } | undefined;
  return (txIndex) => {
    if (data === undefined) {
      const block = node.chain.getBlock(found.blockHash);
      const undo = node.chain.getBlockUndo(found.blockHash);
      if (block === undefined || undo === undefined)
        throw new RpcError(RpcErrorCode.MISC_ERROR, 'Block undo data not available');
      data = { block, undo };
    }
    const input = data.block.txs[txIndex]!.inputs[0]!;
    const coin = data.undo[txIndex - 1]![0]!;
    return {
      txid: hashToHex(input.prevout.txid),
      vout: input.prevout.vout,
      value: valueFromAmount(coin.output.value),
      scriptPubKey: toHex(coin.output.scriptPubKey),
    };
  };
}

export function funaiMethods(node: RpcNode): RpcMethodDef[] {
  const prefixes = node.params.addressPrefixes;
  return [
    {
      name: 'getfunaiops',
      category: 'FUN AI',
      params: [{ name: 'height', type: 'int', help: 'Height of a block of the active chain' }],
      help: "Returns the FUN AI operations (OP_RETURN envelopes, docs/protocol.md §7) carried by the block at `height`, in transaction order, with every other output of each transaction (the payments) and the output its input 0 spends (the prevout, from the block's undo data: it names the op's sender, §14.2).",
      result:
        '{ "height", "hash", "ops": [ { "txid", "txindex", "vout", "op", "name", "version", "body", "burn", "prevout": { "txid", "vout", "value", "scriptPubKey" }, "payments": [ { "n", "value", "scriptPubKey", "address" } ] } ] }',
      handler: (args) => {
        const found = atHeight(args.height as number, (h) => node.chain.getFunaiOps(h));
        const prevout = input0Prevouts(node, found);
        return {
          height: found.height,
          hash: hashToHex(found.blockHash),
          ops: found.ops.map((o) => {
            const name = funaiOpName(o.op.op);
            return {
              txid: hashToHex(o.txid),
              txindex: o.txIndex,
              vout: o.vout,
              op: o.op.op,
              ...(name !== undefined ? { name } : {}),
              version: o.op.version,
              body: toHex(o.op.body),
              burn: valueFromAmount(o.outputs[o.vout]!.value),
              prevout: prevout(o.txIndex),
              payments: o.outputs
                .map((out, n) => ({ out, n }))
                .filter(({ n }) => n !== o.vout)
                .map(({ out, n }) => {
                  const address = scriptToAddress(out.scriptPubKey, prefixes);
                  return {
                    n,
                    value: valueFromAmount(out.value),
                    scriptPubKey: toHex(out.scriptPubKey),
                    ...(address !== null ? { address } : {}),
                  };
                }),
            };
          }),
        };
      },
    },
  ];
}

export function funaiWalletMethods(node: RpcNode, wallet: Wallet): RpcMethodDef[] {
  return [
    {
      name: 'sendfunaiop',
      category: 'FUN AI',
      params: [
        {
          name: 'op',
          type: 'any',
          help: 'The op: payload hex ("464149" op version body) or {"op": n, "version": n, "body": "hex"}',
        },
        {
          name: 'payments',
          type: 'object',
          default: {},
          help: 'Outputs paid with the op: {"address": amount, ...}',
        },
        CONF_TARGET_PARAM,
        { name: 'fee_rate', type: 'any', optional: true, help: 'Fee rate in base units/vB' },
        {
          name: 'burn',
          type: 'any',
          default: 0,
          help: 'FAI put on the OP_RETURN envelope itself, provably unspendable (a DEPOSIT burns its amount this way)',
        },
        {
          name: 'sender',
          type: 'string',
          optional: true,
          help: "A wallet address: the transaction spends only its coins (so input 0, the op's sender, is this address's script) and returns the change to it",
        },
      ],
      help: 'Builds, signs and broadcasts a wallet transaction carrying one FUN AI op: output 0 is the OP_RETURN envelope (value `burn`, default 0), then the payments in the order given, then the change (to `sender` when given). Returns the txid.',
      result: '"hex"    (string) The transaction id',
      handler: (args) => {
        const op = parseFunaiOpArg(args.op);
        if (Object.hasOwn(args.payments as object, 'data')) {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMETER,
            'A FUN AI op transaction carries exactly one OP_RETURN output',
          );
        }
        const payments = parseOutputs(node, args.payments);
        requirePositiveAmounts(payments);
        const burn = amountFromValue(args.burn);
        const sender =
          args.sender === undefined || args.sender === null
            ? undefined
            : addressScript(node, args.sender as string, `Invalid FUN AI address: ${args.sender as string}`);
        return txidHex(
          sendFromWallet(node, wallet, [funaiOpOutput(op, burn), ...payments], feeChoiceOf(args), sender),
        );
      },
    },
  ];
}
