import { getNextWorkRequired } from '../../consensus/contextual.js';
import { MAX_BLOCK_SIGOPS_COST, MAX_BLOCK_WEIGHT } from '../../consensus/limits.js';
import { decodeCompact } from '../../consensus/pow.js';
import { difficultyFromBits } from '../../json/difficulty.js';
import type { BlockTemplate } from '../../mining/template/template.js';
import { createBlockTemplate } from '../../mining/template/template.js';
import type { Block } from '../../wire/block.js';
import { decodeBlock, encodeBlock } from '../../wire/block.js';
import { fromHex, hashToHex, hexToHash, toHex } from '../../wire/bytes.js';
import { DecodeError } from '../../wire/errors.js';
import { blockHash } from '../../wire/header.js';
import { blockMerkleRoot } from '../../wire/merkle.js';
import type { Transaction } from '../../wire/tx.js';
import { encodeTx, isCoinbase } from '../../wire/tx.js';
import {
  addWitnessCommitment,
  computeWitnessCommitment,
  findWitnessCommitmentIndex,
  isWitnessCommitmentScript,
  witnessCommitmentScript,
} from '../../wire/witness-commitment.js';
import { checkBlockProposal } from '../block-proposal.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { expectJsonType } from '../json.js';
import type { RpcMethodDef } from '../registry.js';
import { addressScript } from './address-args.js';
import { isInitialBlockDownload } from './blockchain.js';
import { decodeTxParam } from './tx-submission.js';

/** Core's DEFAULT_MAX_TRIES for generatetoaddress. */
const DEFAULT_MAX_TRIES = 1_000_000;

/** Core's GetNetworkHashPS: chain work over the time span of the last `lookup` blocks before `height`. */
export function networkHashPs(node: RpcNode, lookup: number, height: number): number {
  const chain = node.chain;
  const tip = chain.getTip();
  const at = height >= 0 && height < tip.height ? chain.getHeader(chain.getBlockHash(height)!)! : tip;
  if (at.height === 0) return 0;
  let n = lookup <= 0 ? at.height : lookup;
  if (n > at.height) n = at.height;
  const first = chain.getHeader(chain.getBlockHash(at.height - n)!)!;
  let minTime = first.header.time;
  let maxTime = minTime;
  for (let h = at.height - n + 1; h <= at.height; h++) {
    const t = chain.getHeader(chain.getBlockHash(h)!)!.header.time;
    if (t < minTime) minTime = t;
    if (t > maxTime) maxTime = t;
  }
  if (minTime === maxTime) return 0;
  return Number(at.chainWork - first.chainWork) / (maxTime - minTime);
}

/** BIP22's hex target: 64 digits, most significant first. */
function targetHex(target: bigint): string {
  return target.toString(16).padStart(64, '0');
}

/**
 * The witness commitment a GBT client must put in its coinbase: Core always commits once segwit is
 * active, over the template's wtxids with the coinbase's taken as zero and a zero reserved value.
 */
function defaultWitnessCommitment(t: BlockTemplate): Uint8Array {
  if (t.witnessCommitment !== null) return t.witnessCommitment;
  return witnessCommitmentScript(computeWitnessCommitment(t.block, new Uint8Array(32)));
}

/** getblocktemplate's answer (BIP22, BIP23, BIP145). */
function templateToJson(t: BlockTemplate, longpollId: string) {
  return {
    capabilities: ['proposal'],
    version: t.version,
    rules: ['csv', '!segwit'],
    vbavailable: {},
    vbrequired: 0,
    previousblockhash: hashToHex(t.previousBlockHash),
    transactions: t.transactions.map((x) => ({
      data: toHex(encodeTx(x.tx)),
      txid: hashToHex(x.txid),
      hash: hashToHex(x.wtxid),
      depends: x.depends,
      fee: x.fee,
      sigops: x.sigOpCost,
      weight: x.weight,
    })),
    coinbaseaux: {},
    coinbasevalue: t.coinbaseValue,
    longpollid: longpollId,
    target: targetHex(t.target),
    mintime: t.minTime,
    mutable: ['time', 'transactions', 'prevblock'],
    noncerange: '00000000ffffffff',
    sigoplimit: MAX_BLOCK_SIGOPS_COST,
    sizelimit: MAX_BLOCK_WEIGHT,
    weightlimit: MAX_BLOCK_WEIGHT,
    curtime: t.curTime,
    bits: t.bits.toString(16).padStart(8, '0'),
    height: t.height,
    default_witness_commitment: toHex(defaultWitnessCommitment(t)),
  };
}

function decodeBlockParam(hex: unknown): Block {
  if (typeof hex !== 'string')
    throw new RpcError(RpcErrorCode.TYPE_ERROR, 'Missing data String key for proposal');
  try {
    return decodeBlock(fromHex(hex));
  } catch (e) {
    if (e instanceof DecodeError || e instanceof TypeError) {
      throw new RpcError(RpcErrorCode.DESERIALIZATION_ERROR, 'Block decode failed');
    }
    throw e;
  }
}

/**
 * Core's UpdateUncommittedBlockStructures for submitblock: a coinbase that commits to witnesses but
 * carries no reserved value gets the zero one the template assumed.
 */
function addMissingWitnessNonce(block: Block): Block {
  const cb = block.txs[0];
  if (!cb || findWitnessCommitmentIndex(cb) < 0 || cb.inputs[0]?.witness.length !== 0) return block;
  const [first, ...rest] = cb.inputs;
  const coinbase: Transaction = { ...cb, inputs: [{ ...first!, witness: [new Uint8Array(32)] }, ...rest] };
  return { header: block.header, txs: [coinbase, ...block.txs.slice(1)] };
}

/** Core's RegenerateCommitments: the coinbase's witness commitment and the Merkle root, for new transactions. */
function regenerateCommitments(block: Block): Block {
  const cb = block.txs[0]!;
  const stripped: Transaction = {
    ...cb,
    inputs: cb.inputs.map((i) => ({ ...i, witness: [] })),
    outputs: cb.outputs.filter((o) => !isWitnessCommitmentScript(o.scriptPubKey)),
  };
  const txs = [stripped, ...block.txs.slice(1)];
  txs[0] = addWitnessCommitment({ header: block.header, txs });
  return { header: { ...block.header, merkleRoot: blockMerkleRoot(txs).root }, txs };
}

export function miningMethods(node: RpcNode): RpcMethodDef[] {
  return [
    {
      name: 'getmininginfo',
      category: 'mining',
      help: "Returns a json object containing mining-related information, with the built-in miner's state (generate, genproclimit, hashespersec).",
      handler: () => {
        const tip = node.chain.getTip();
        const last = node.mining.lastTemplate;
        const nextBits = getNextWorkRequired(
          { height: tip.height, time: tip.header.time, bits: tip.header.bits },
          node.params,
        );
        return {
          blocks: tip.height,
          ...(last ? { currentblockweight: last.weight, currentblocktx: last.transactions.length } : {}),
          bits: tip.header.bits.toString(16).padStart(8, '0'),
          difficulty: difficultyFromBits(tip.header.bits),
          target: targetHex(decodeCompact(tip.header.bits).target),
          networkhashps: networkHashPs(node, 120, -1),
          pooledtx: node.mempool.size,
          chain: node.params.name,
          next: {
            height: tip.height + 1,
            bits: nextBits.toString(16).padStart(8, '0'),
            difficulty: difficultyFromBits(nextBits),
            target: targetHex(decodeCompact(nextBits).target),
          },
          generate: node.mining.isMining,
          genproclimit: node.mining.miningThreads,
          hashespersec: Math.round(node.mining.hashrate()),
          warnings: [],
        };
      },
    },
    {
      name: 'getnetworkhashps',
      category: 'mining',
      params: [
        {
          name: 'nblocks',
          type: 'int',
          default: 120,
          help: 'The number of previous blocks to calculate estimate from, or -1 for all blocks',
        },
        { name: 'height', type: 'int', default: -1, help: 'To estimate at the time of the given height.' },
      ],
      help: 'Returns the estimated network hashes per second based on the last n blocks.',
      handler: (args) => networkHashPs(node, args.nblocks as number, args.height as number),
    },
    {
      name: 'getblocktemplate',
      category: 'mining',
      params: [
        {
          name: 'template_request',
          type: 'object',
          default: {},
          help: 'Format of the template: {"mode": "template"|"proposal", "rules": ["segwit"], "capabilities": [...], "longpollid": "id", "data": "hex"}',
        },
      ],
      help: 'Returns data needed to construct a block to work on (BIP22, BIP23, BIP145). A request must name the segwit rule. With "longpollid", waits for the tip (or, after a minute, the mempool) to change.',
      handler: async (args, ctx) => {
        const req = args.template_request as Record<string, unknown>;
        const mode = req.mode ?? 'template';
        if (typeof mode !== 'string') throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Invalid mode');
        if (mode === 'proposal') {
          const block = decodeBlockParam(req.data);
          return checkBlockProposal(node.chain, block, node.now());
        }
        if (mode !== 'template') throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Invalid mode');
        const rules = req.rules ?? [];
        if (!Array.isArray(rules) || !rules.includes('segwit')) {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMETER,
            'getblocktemplate must be called with the segwit rule set (call with {"rules": ["segwit"]})',
          );
        }
        if (node.params.name !== 'regtest') {
          if (node.network.active) {
            const c = node.network.connectionCounts();
            if (c.inbound + c.outbound === 0) {
              throw new RpcError(RpcErrorCode.CLIENT_NOT_CONNECTED, 'FUN AI ledger is not connected!');
            }
          }
          if (isInitialBlockDownload(node)) {
            throw new RpcError(
              RpcErrorCode.CLIENT_IN_INITIAL_DOWNLOAD,
              'FUN AI ledger is in initial sync and waiting for blocks...',
            );
          }
        }
        if (req.longpollid !== undefined) {
          expectJsonType(req.longpollid, 'string');
          await node.mining.waitLongpoll(req.longpollid as string, ctx.signal);
          if (ctx.signal.aborted) throw new RpcError(RpcErrorCode.CLIENT_NOT_CONNECTED, 'Shutting down');
        }
        const { template, longpollId } = node.mining.blockTemplateForGbt();
        return templateToJson(template, longpollId);
      },
    },
    {
      name: 'submitblock',
      category: 'mining',
      params: [
        { name: 'hexdata', type: 'string', help: 'the hex-encoded block data to submit' },
        {
          name: 'dummy',
          type: 'string',
          optional: true,
          help: 'dummy value, for compatibility with BIP22. This value is ignored.',
        },
      ],
      help: 'Attempts to submit new block to network. See https://en.bitcoin.it/wiki/BIP_0022 for full specification.',
      result:
        'null when the block became the tip, else BIP22\'s reason: "duplicate", "duplicate-invalid", "inconclusive", "prev-blk-not-found" or the reject reason',
      handler: async (args) => {
        let block = decodeBlockParam(args.hexdata);
        if (block.txs.length === 0 || !isCoinbase(block.txs[0]!)) {
          throw new RpcError(RpcErrorCode.DESERIALIZATION_ERROR, 'Block does not start with a coinbase');
        }
        block = addMissingWitnessNonce(block);
        const known = node.chain.getHeader(blockHash(block.header));
        const r = await node.submitBlock(block);
        switch (r.status) {
          case 'connected':
            return null;
          case 'duplicate':
            return 'duplicate';
          case 'invalid':
            return known?.failed ? 'duplicate-invalid' : (r.reason ?? 'rejected');
          case 'orphan':
            return 'prev-blk-not-found';
          case 'side-chain':
            return 'inconclusive';
        }
      },
    },
    {
      name: 'generatetoaddress',
      category: 'generating',
      params: [
        { name: 'nblocks', type: 'int', help: 'How many blocks are generated.' },
        { name: 'address', type: 'string', help: 'The address to send the newly generated coins to.' },
        { name: 'maxtries', type: 'int', default: DEFAULT_MAX_TRIES, help: 'How many iterations to try.' },
      ],
      help: 'Mine blocks immediately to a specified address (before the RPC call returns). Meant for regtest, where a block takes a couple of hashes.',
      result: '[ "hex", ... ]    hashes of blocks generated',
      handler: async (args, ctx) => {
        const script = addressScript(node, args.address as string, 'Error: Invalid address');
        const n = args.nblocks as number;
        if (n < 0) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'nblocks must be non-negative');
        return node.mining.generate(script, n, args.maxtries as number, ctx.signal);
      },
    },
    {
      name: 'generateblock',
      category: 'generating',
      params: [
        { name: 'output', type: 'string', help: 'The address to send the newly generated coins to.' },
        {
          name: 'transactions',
          type: 'array',
          help: 'An array of hex strings which are either txids or raw transactions.',
        },
        {
          name: 'submit',
          type: 'boolean',
          default: true,
          help: 'Whether to submit the block before the RPC call returns or to return it as hex.',
        },
      ],
      help: "Mine a set of ordered transactions to a specified address and return the block hash. The coinbase claims the subsidy only, as bitcoind's.",
      result: '{ "hash", "hex" (when submit is false) }',
      handler: async (args, ctx) => {
        const script = addressScript(node, args.output as string, 'Error: Invalid address or descriptor');
        const txs: Transaction[] = [];
        for (const item of args.transactions as unknown[]) {
          expectJsonType(item, 'string');
          const s = item as string;
          if (/^[0-9a-fA-F]{64}$/.test(s)) {
            const e = node.mempool.get(hexToHash(s));
            if (!e)
              throw new RpcError(RpcErrorCode.INVALID_ADDRESS_OR_KEY, `Transaction ${s} not in mempool.`);
            txs.push(e.tx);
          } else {
            try {
              txs.push(decodeTxParam(s));
            } catch {
              throw new RpcError(
                RpcErrorCode.DESERIALIZATION_ERROR,
                `Transaction decode failed for ${s}. Make sure the tx has at least one input.`,
              );
            }
          }
        }
        const tip = node.chain.getTip();
        const empty = createBlockTemplate({
          tip: {
            hash: tip.hash,
            height: tip.height,
            time: tip.header.time,
            bits: tip.header.bits,
            medianTimePast: tip.medianTimePast,
          },
          params: node.params,
          mempool: { entries: () => [] },
          payout: script,
          time: node.now(),
        });
        let block: Block = regenerateCommitments({
          header: empty.block.header,
          txs: [empty.block.txs[0]!, ...txs],
        });
        const reason = checkBlockProposal(node.chain, block, node.now());
        if (reason !== null)
          throw new RpcError(RpcErrorCode.VERIFY_ERROR, `TestBlockValidity failed: ${reason}`);
        const solved = await node.mining.grind(block, Number.MAX_SAFE_INTEGER, { signal: ctx.signal });
        if (solved.block === null) throw new RpcError(RpcErrorCode.MISC_ERROR, 'Failed to make block.');
        block = solved.block;
        const hash = hashToHex(blockHash(block.header));
        if (!args.submit) return { hash, hex: toHex(encodeBlock(block)) };
        const r = await node.submitBlock(block);
        if (r.status !== 'connected' && r.status !== 'side-chain') {
          throw new RpcError(
            RpcErrorCode.INTERNAL_ERROR,
            `ProcessNewBlock, block not accepted: ${r.reason ?? r.status}`,
          );
        }
        return { hash };
      },
    },
  ];
}
