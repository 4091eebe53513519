// bitcoind's `util` category: getindexinfo, validateaddress, estimatesmartfee.
import { AddressError } from '../../address/errors.js';
import type { RpcNode } from '../context.js';
import type { RpcMethodDef } from '../registry.js';
import { describeAddress } from './address-args.js';
import { checkFeeArgs, feeRateToJson } from './fee-args.js';

export function utilMethods(node: RpcNode): RpcMethodDef[] {
  return [
    {
      name: 'getindexinfo',
      category: 'util',
      params: [
        {
          name: 'index_name',
          type: 'string',
          optional: true,
          help: 'Filter results for an index with a specific name.',
        },
      ],
      help: 'Returns the status of one or all available indices currently running in the node.',
      result: '{ "txindex": { "synced", "best_block_height" } }',
      handler: (args) => {
        const name = args.index_name as string | undefined;
        const out: Record<string, unknown> = {};
        if (node.txIndex !== null && (name === undefined || name === 'txindex'))
          out.txindex = node.txIndex.info();
        return out;
      },
    },
    {
      name: 'validateaddress',
      category: 'util',
      params: [{ name: 'address', type: 'string', help: 'The FUN AI address to validate' }],
      help: 'Return information about the given FUN AI address.',
      result:
        '{ "isvalid", "address", "scriptPubKey", "isscript", "iswitness", "witness_version", "witness_program" } or { "isvalid": false, "error_locations", "error" }',
      handler: (args) => {
        try {
          return describeAddress(node, args.address as string);
        } catch (e) {
          if (!(e instanceof AddressError)) throw e;
          return { isvalid: false, error_locations: [], error: `Invalid address (${e.message})` };
        }
      },
    },
    {
      name: 'estimatesmartfee',
      category: 'util',
      params: [
        { name: 'conf_target', type: 'int', help: 'Confirmation target in blocks (1 - 1008)' },
        {
          name: 'estimate_mode',
          type: 'string',
          default: 'economical',
          help: 'unset, economical or conservative (all estimated alike)',
        },
      ],
      help: 'Estimates the fee rate (FAI/kvB) for a transaction to confirm within conf_target blocks: the larger of the median of the last 24 blocks\' median fee rates and the rate that ranks within conf_target blocks of the mempool, never below the minimum relay fee rate. With no data, "errors" says so and "feerate" is the minimum relay fee rate (docs/node.md).',
      result: '{ "feerate", "errors", "blocks" }',
      handler: (args) => {
        const target = args.conf_target as number;
        checkFeeArgs(target, args.estimate_mode as string);
        const e = node.fees.estimate(target);
        if (e.source === 'fallback') {
          return {
            feerate: feeRateToJson(e.feeRate),
            errors: ['Insufficient data or no feerate found; feerate is the minimum relay fee rate'],
            blocks: e.blocks,
          };
        }
        return { feerate: feeRateToJson(e.feeRate), blocks: e.blocks };
      },
    },
  ];
}
