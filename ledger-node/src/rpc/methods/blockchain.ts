import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type HeaderInfo, UnknownBlockError } from '../../chain/chain-state.js';
import { blockToJson, headerHex, headerToJson } from '../../json/block.js';
import { difficultyFromBits } from '../../json/difficulty.js';
import { scriptPubKeyToJson } from '../../json/script.js';
import { decodeBlock } from '../../wire/block.js';
import { hashToHex, hexToHash, toHex } from '../../wire/bytes.js';
import type { OutPoint } from '../../wire/tx.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { valueFromAmount } from '../json.js';
import type { RpcParam } from '../params.js';
import { verbosityOf } from '../params.js';
import type { RpcMethodDef } from '../registry.js';
import { BLOCK_STATS_FIELDS, blockStats } from './block-stats.js';
import { atHeight, headerOrThrow, nextHash } from './chain-args.js';

/** A tip older than this means the node is still catching up (Core's DEFAULT_MAX_TIP_AGE). */
const MAX_TIP_AGE_SECONDS = 24 * 60 * 60;

/** Core's IsInitialBlockDownload, less the minimum-chain-work test: a day-old tip is not caught up. */
export function isInitialBlockDownload(node: RpcNode): boolean {
  const tip = node.chain.getTip();
  return tip.header.time < node.now() - MAX_TIP_AGE_SECONDS;
}

/** Bytes under the chain state directory (getblockchaininfo's size_on_disk). */
function sizeOnDisk(node: RpcNode): number {
  if (node.networkDir === null) return 0;
  let total = 0;
  const dir = join(node.networkDir, 'chainstate');
  try {
    for (const name of readdirSync(dir, { recursive: true })) {
      try {
        const st = statSync(join(dir, String(name)));
        if (st.isFile()) total += st.size;
      } catch {
        // a file RocksDB deleted while we looked
      }
    }
  } catch {
    return 0;
  }
  return total;
}

/**
 * A waitfor* method: waits until `until(args)` holds of the active tip, the `timeout` argument
 * (milliseconds, 0 for none) passes or the call ends, then reports the tip.
 */
function waitMethod(
  node: RpcNode,
  name: string,
  params: RpcParam[],
  help: string,
  until: (args: Record<string, unknown>) => (tip: HeaderInfo) => boolean,
): RpcMethodDef {
  return {
    name,
    category: 'blockchain',
    params: [
      ...params,
      {
        name: 'timeout',
        type: 'int',
        default: 0,
        help: 'Time in milliseconds to wait for a response. 0 indicates no timeout.',
      },
    ],
    help,
    result: '{ "hash", "height" }',
    handler: async (args, ctx) => {
      const reached = until(args);
      const timeout = args.timeout as number;
      if (timeout < 0) throw new RpcError(RpcErrorCode.MISC_ERROR, 'Negative timeout');
      await node.notifier.waitUntil(() => reached(node.chain.getTip()), timeout, ctx.signal);
      const tip = node.chain.getTip();
      return { hash: tip.hashHex, height: tip.height };
    },
  };
}

/** Resolves a `hash_or_height` argument to a header of the active chain (a hash may be any known block). */
export function blockByHashOrHeight(node: RpcNode, value: unknown): HeaderInfo {
  if (typeof value === 'number') {
    const tip = node.chain.getTip().height;
    if (!Number.isInteger(value) || value < 0) {
      throw new RpcError(RpcErrorCode.INVALID_PARAMETER, `Target block height ${value} is negative`);
    }
    if (value > tip) {
      throw new RpcError(
        RpcErrorCode.INVALID_PARAMETER,
        `Target block height ${value} after current tip ${tip}`,
      );
    }
    return node.chain.getHeader(node.chain.getBlockHash(value)!)!;
  }
  if (typeof value === 'string') {
    if (!/^[0-9a-fA-F]{64}$/.test(value)) {
      throw new RpcError(
        RpcErrorCode.INVALID_PARAMETER,
        `hash_or_height must be of length 64 (not ${value.length}, for '${value}')`,
      );
    }
    return headerOrThrow(node, hexToHash(value));
  }
  throw new RpcError(RpcErrorCode.TYPE_ERROR, 'Expected type string or number for hash_or_height');
}

/**
 * invalidateblock / reconsiderblock: bitcoind's "Block not found" (RPC_INVALID_ADDRESS_OR_KEY) for
 * an unknown hash, RPC_DATABASE_ERROR when the chain cannot carry it out; null otherwise.
 */
async function chainControl(node: RpcNode, hash: Uint8Array, action: 'invalidate' | 'reconsider') {
  try {
    if (action === 'invalidate') await node.chain.invalidateBlock(hash);
    else await node.chain.reconsiderBlock(hash);
  } catch (e) {
    if (e instanceof UnknownBlockError)
      throw new RpcError(RpcErrorCode.INVALID_ADDRESS_OR_KEY, 'Block not found');
    throw new RpcError(RpcErrorCode.DATABASE_ERROR, (e as Error).message);
  }
  return null;
}

export function blockchainMethods(node: RpcNode): RpcMethodDef[] {
  const prefixes = node.params.addressPrefixes;
  const methods: RpcMethodDef[] = [
    {
      name: 'getblockchaininfo',
      category: 'blockchain',
      help: 'Returns an object containing various state info regarding blockchain processing.',
      result:
        '{ "chain", "blocks", "headers", "bestblockhash", "difficulty", "time", "mediantime", "verificationprogress", "initialblockdownload", "chainwork", "size_on_disk", "pruned", "warnings" }',
      handler: () => {
        const tip = node.chain.getTip();
        const best = node.chain.getBestHeader();
        const ibd = isInitialBlockDownload(node);
        return {
          chain: node.params.name,
          blocks: tip.height,
          headers: Math.max(best.height, tip.height),
          bestblockhash: tip.hashHex,
          difficulty: difficultyFromBits(tip.header.bits),
          time: tip.header.time,
          mediantime: tip.medianTimePast,
          verificationprogress: best.height > tip.height ? tip.height / best.height : ibd ? 0.99 : 1,
          initialblockdownload: ibd,
          chainwork: tip.chainWork.toString(16).padStart(64, '0'),
          size_on_disk: sizeOnDisk(node),
          pruned: false,
          warnings: [],
        };
      },
    },
    {
      name: 'getblockcount',
      category: 'blockchain',
      help: 'Returns the height of the most-work fully-validated chain. The genesis block has height 0.',
      result: 'n    (numeric) The current block count',
      handler: () => node.chain.getTip().height,
    },
    {
      name: 'getbestblockhash',
      category: 'blockchain',
      help: 'Returns the hash of the best (tip) block in the most-work fully-validated chain.',
      result: '"hex"    (string) the block hash, hex-encoded',
      handler: () => node.chain.getTip().hashHex,
    },
    {
      name: 'getblockhash',
      category: 'blockchain',
      params: [{ name: 'height', type: 'int', help: 'The height index' }],
      help: 'Returns hash of block in best-block-chain at height provided.',
      result: '"hex"    (string) The block hash',
      handler: (args) => hashToHex(atHeight(args.height as number, (h) => node.chain.getBlockHash(h))),
    },
    {
      name: 'getblockheader',
      category: 'blockchain',
      params: [
        { name: 'blockhash', type: 'hash', help: 'The block hash' },
        {
          name: 'verbose',
          type: 'boolean',
          default: true,
          help: 'true for a json object, false for the hex-encoded data',
        },
      ],
      help: "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\nIf verbose is true, returns an Object with information about blockheader <hash>.",
      handler: (args) => {
        const info = headerOrThrow(node, args.blockhash as Uint8Array);
        if (!args.verbose) return headerHex(info);
        return headerToJson(info, nextHash(node, info));
      },
    },
    {
      name: 'getblock',
      category: 'blockchain',
      params: [
        { name: 'blockhash', type: 'hash', help: 'The block hash' },
        {
          name: 'verbosity',
          type: 'any',
          default: 1,
          help: '0 for hex-encoded data, 1 for a JSON object, 2 (or 3) for JSON with transaction data',
        },
      ],
      help: "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\nIf verbosity is 1, returns an Object with information about block <hash>.\nIf verbosity is 2, returns an Object with information about block <hash> and information about each transaction, with its fee.",
      handler: (args) => {
        const info = headerOrThrow(node, args.blockhash as Uint8Array);
        const verbosity = verbosityOf(args.verbosity, 1);
        const raw = node.chain.getRawBlock(info.hash);
        if (raw === undefined) throw new RpcError(RpcErrorCode.MISC_ERROR, 'Block not available');
        if (verbosity <= 0) return toHex(raw);
        const block = decodeBlock(raw);
        const undo = verbosity >= 2 ? node.chain.getBlockUndo(info.hash) : undefined;
        return blockToJson(block, info, verbosity >= 2 ? 2 : 1, prefixes, nextHash(node, info), undo);
      },
    },
    {
      name: 'getchaintips',
      category: 'blockchain',
      help: 'Return information about all known tips in the block tree, including the main chain as well as orphaned branches.',
      result: '[ { "height", "hash", "branchlen", "status" }, ... ]',
      handler: () =>
        node.chain.getChainTips().map((t) => ({
          height: t.height,
          hash: t.hash,
          branchlen: t.branchLength,
          status: t.status,
        })),
    },
    {
      name: 'getdifficulty',
      category: 'blockchain',
      help: 'Returns the proof-of-work difficulty as a multiple of the minimum difficulty.',
      result: 'n.nnn    (numeric) the proof-of-work difficulty',
      handler: () => difficultyFromBits(node.chain.getTip().header.bits),
    },
    {
      name: 'gettxout',
      category: 'blockchain',
      params: [
        { name: 'txid', type: 'hash', help: 'The transaction id' },
        { name: 'n', type: 'int', help: 'vout number' },
        { name: 'include_mempool', type: 'boolean', default: true, help: 'Whether to include the mempool' },
      ],
      help: 'Returns details about an unspent transaction output.',
      result:
        'null if the output is spent or unknown, else { "bestblock", "confirmations", "value", "scriptPubKey", "coinbase" }',
      handler: (args) => {
        const n = args.n as number;
        if (n < 0 || n > 0xffffffff) return null;
        const outpoint: OutPoint = { txid: args.txid as Uint8Array, vout: n };
        const tip = node.chain.getTip();
        let coin: { value: bigint; script: Uint8Array; confirmations: number; coinbase: boolean } | undefined;
        if (args.include_mempool) {
          if (node.mempool.spenderOf(outpoint)) return null;
          const out = node.mempool.outputOf(outpoint);
          if (out) coin = { value: out.value, script: out.scriptPubKey, confirmations: 0, coinbase: false };
        }
        if (coin === undefined) {
          const c = node.chain.getCoin(outpoint);
          if (c === undefined) return null;
          coin = {
            value: c.output.value,
            script: c.output.scriptPubKey,
            confirmations: tip.height - c.height + 1,
            coinbase: c.isCoinbase,
          };
        }
        return {
          bestblock: tip.hashHex,
          confirmations: coin.confirmations,
          value: valueFromAmount(coin.value),
          scriptPubKey: scriptPubKeyToJson(coin.script, prefixes),
          coinbase: coin.coinbase,
        };
      },
    },
    {
      name: 'gettxoutsetinfo',
      category: 'blockchain',
      params: [
        {
          name: 'hash_type',
          type: 'string',
          default: 'muhash',
          help: "Which UTXO set hash to compute: 'muhash' or 'none'",
        },
        {
          name: 'hash_or_height',
          type: 'any',
          optional: true,
          help: 'Only the tip is supported (no coinstats index)',
        },
        {
          name: 'use_index',
          type: 'boolean',
          default: true,
          help: 'Accepted for compatibility; there is no index',
        },
      ],
      help: 'Returns statistics about the unspent transaction output set, with its MuHash3072 set hash (docs/protocol.md §8). Scans the whole set.',
      result: '{ "height", "bestblock", "txouts", "muhash", "total_amount" }',
      handler: (args) => {
        const type = args.hash_type as string;
        if (type !== 'muhash' && type !== 'none') {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMETER,
            `${type} is not a valid hash_type (muhash or none)`,
          );
        }
        if (args.hash_or_height !== undefined) {
          const at = blockByHashOrHeight(node, args.hash_or_height);
          if (at.hashHex !== node.chain.getTip().hashHex) {
            throw new RpcError(
              RpcErrorCode.INVALID_PARAMETER,
              'Querying specific block heights requires coinstatsindex',
            );
          }
        }
        const s = node.chain.utxoSetInfo();
        return {
          height: s.height,
          bestblock: s.bestBlock,
          txouts: s.txouts,
          ...(type === 'muhash' ? { muhash: s.muhash } : {}),
          total_amount: valueFromAmount(s.totalAmount),
        };
      },
    },
    {
      name: 'getblockstats',
      category: 'blockchain',
      params: [
        { name: 'hash_or_height', type: 'any', help: 'The block hash or height of the target block' },
        { name: 'stats', type: 'array', optional: true, help: 'Values to plot (default: all)' },
      ],
      help: `Compute per block statistics for a given window. All amounts are in base units.\nStatistics: ${BLOCK_STATS_FIELDS.join(', ')}.`,
      handler: (args) => {
        const info = blockByHashOrHeight(node, args.hash_or_height);
        const block = node.chain.getBlock(info.hash);
        if (block === undefined) throw new RpcError(RpcErrorCode.MISC_ERROR, 'Block not available');
        const undo = info.height === 0 ? [] : node.chain.getBlockUndo(info.hash);
        if (undo === undefined) {
          throw new RpcError(
            RpcErrorCode.MISC_ERROR,
            "Undo data expected but can't be read. This could be due to disk corruption or a conflict with a pruning event.",
          );
        }
        const all = blockStats(block, undo, info, node.params.subsidyHalvingInterval);
        const selected = args.stats as unknown[] | undefined;
        if (selected === undefined || selected.length === 0) return all;
        const out: Record<string, unknown> = {};
        for (const s of selected) {
          if (typeof s !== 'string' || !Object.hasOwn(all, s)) {
            throw new RpcError(RpcErrorCode.INVALID_PARAMETER, `Invalid selected statistic '${String(s)}'`);
          }
          out[s] = all[s as keyof typeof all];
        }
        return out;
      },
    },
    {
      name: 'invalidateblock',
      category: 'blockchain',
      params: [{ name: 'blockhash', type: 'hash', help: 'the hash of the block to mark as invalid' }],
      help: 'Permanently marks a block as invalid, as if it violated a consensus rule.',
      result: 'null',
      handler: (args) => chainControl(node, args.blockhash as Uint8Array, 'invalidate'),
    },
    {
      name: 'reconsiderblock',
      category: 'blockchain',
      params: [{ name: 'blockhash', type: 'hash', help: 'the hash of the block to reconsider' }],
      help: 'Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\nThis can be used to undo the effects of invalidateblock.',
      result: 'null',
      handler: (args) => chainControl(node, args.blockhash as Uint8Array, 'reconsider'),
    },
    waitMethod(
      node,
      'waitfornewblock',
      [],
      'Waits for a new block and returns useful info about it. Returns the current block on timeout or exit.',
      () => {
        const start = node.chain.getTip().hashHex;
        return (tip) => tip.hashHex !== start;
      },
    ),
    waitMethod(
      node,
      'waitforblockheight',
      [{ name: 'height', type: 'int', help: 'Block height to wait for.' }],
      'Waits for (at least) block height and returns the height and hash of the current tip. Returns the current block on timeout or exit.',
      (args) => (tip) => tip.height >= (args.height as number),
    ),
    waitMethod(
      node,
      'waitforblock',
      [{ name: 'blockhash', type: 'hash', help: 'Block hash to wait for.' }],
      'Waits for a specific new block and returns useful info about it. Returns the current block on timeout or exit.',
      (args) => {
        const want = hashToHex(args.blockhash as Uint8Array);
        return (tip) => tip.hashHex === want;
      },
    ),
  ];
  return methods;
}
