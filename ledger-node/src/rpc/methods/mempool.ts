import type { MempoolEntry } from '../../mempool/entry.js';
import { signalsOptInRbf } from '../../mempool/standardness.js';
import { hashToHex } from '../../wire/bytes.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { valueFromAmount } from '../json.js';
import type { RpcParam } from '../params.js';
import type { RpcMethodDef } from '../registry.js';
import { feeRateToJson } from './fee-args.js';

/** Core's entryToJSON. */
export function mempoolEntryToJson(node: RpcNode, e: MempoolEntry) {
  const ancestors = node.mempool.ancestors(e);
  const replaceable = signalsOptInRbf(e.tx) || [...ancestors].some((a) => signalsOptInRbf(a.tx));
  return {
    vsize: e.vsize,
    weight: e.weight,
    time: e.time,
    height: e.height,
    descendantcount: e.descendantCount,
    descendantsize: e.descendantSize,
    ancestorcount: e.ancestorCount,
    ancestorsize: e.ancestorSize,
    wtxid: hashToHex(e.wtxid),
    fees: {
      base: valueFromAmount(e.fee),
      modified: valueFromAmount(e.modifiedFee),
      ancestor: valueFromAmount(e.ancestorFees),
      descendant: valueFromAmount(e.descendantFees),
    },
    depends: [...e.parents].map((p) => hashToHex(p.txid)).sort(),
    spentby: [...e.children].map((c) => hashToHex(c.txid)).sort(),
    'bip125-replaceable': replaceable,
    unbroadcast: false,
  };
}

function entryOrThrow(node: RpcNode, txid: Uint8Array): MempoolEntry {
  const e = node.mempool.get(txid);
  if (e === undefined) throw new RpcError(RpcErrorCode.INVALID_ADDRESS_OR_KEY, 'Transaction not in mempool');
  return e;
}

function entryList(node: RpcNode, entries: Iterable<MempoolEntry>, verbose: boolean): unknown {
  const list = [...entries];
  if (!verbose) return list.map((e) => hashToHex(e.txid));
  const out: Record<string, unknown> = {};
  for (const e of list) out[hashToHex(e.txid)] = mempoolEntryToJson(node, e);
  return out;
}

const TXID_PARAM: RpcParam = { name: 'txid', type: 'hash', help: 'The transaction id (must be in mempool)' };
const VERBOSE_PARAM: RpcParam = {
  name: 'verbose',
  type: 'boolean',
  default: false,
  help: 'True for a json object, false for array of transaction ids',
};

/** getmempoolancestors and getmempooldescendants: the in-mempool `relation` of a mempool transaction. */
function relativesMethod(
  node: RpcNode,
  name: string,
  relation: string,
  relatives: (e: MempoolEntry) => Iterable<MempoolEntry>,
): RpcMethodDef {
  return {
    name,
    category: 'blockchain',
    params: [TXID_PARAM, VERBOSE_PARAM],
    help: `If txid is in the mempool, returns all in-mempool ${relation}.`,
    handler: (args) => {
      const e = entryOrThrow(node, args.txid as Uint8Array);
      return entryList(node, relatives(e), args.verbose as boolean);
    },
  };
}

export function mempoolMethods(node: RpcNode): RpcMethodDef[] {
  return [
    {
      name: 'getrawmempool',
      category: 'blockchain',
      params: [
        VERBOSE_PARAM,
        {
          name: 'mempool_sequence',
          type: 'boolean',
          default: false,
          help: 'If verbose=false, returns a json object with transaction list and mempool sequence number attached.',
        },
      ],
      help: 'Returns all transaction ids in memory pool as a json array of string transaction ids.',
      handler: (args) => {
        const verbose = args.verbose as boolean;
        if (verbose && args.mempool_sequence) {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMETER,
            'Verbose results cannot contain mempool sequence values.',
          );
        }
        const list = entryList(node, node.mempool.entries(), verbose);
        if (args.mempool_sequence)
          return { txids: list, mempool_sequence: node.notifier.transactionsUpdated };
        return list;
      },
    },
    {
      name: 'getmempoolinfo',
      category: 'blockchain',
      help: 'Returns details on the active state of the TX memory pool.',
      result:
        '{ "loaded", "size", "bytes", "usage", "total_fee", "maxmempool", "mempoolminfee", "minrelaytxfee", "incrementalrelayfee", "unbroadcastcount", "fullrbf" }',
      handler: () => {
        const i = node.mempool.info(node.now());
        return {
          loaded: true,
          size: i.size,
          bytes: i.bytes,
          usage: i.usage,
          total_fee: valueFromAmount(i.totalFee),
          maxmempool: i.maxMempool,
          mempoolminfee: feeRateToJson(i.mempoolMinFee),
          minrelaytxfee: feeRateToJson(i.minRelayTxFee),
          incrementalrelayfee: feeRateToJson(i.incrementalRelayFee),
          unbroadcastcount: 0,
          fullrbf: i.fullRbf,
        };
      },
    },
    {
      name: 'getmempoolentry',
      category: 'blockchain',
      params: [TXID_PARAM],
      help: 'Returns mempool data for given transaction',
      handler: (args) => mempoolEntryToJson(node, entryOrThrow(node, args.txid as Uint8Array)),
    },
    relativesMethod(node, 'getmempoolancestors', 'ancestors', (e) => node.mempool.ancestors(e)),
    relativesMethod(node, 'getmempooldescendants', 'descendants', (e) => node.mempool.descendants(e)),
  ];
}
