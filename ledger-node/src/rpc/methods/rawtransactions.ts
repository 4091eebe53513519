import { decodeAddress, destinationToScript, encodeAddress, scriptToAddress } from '../../address/address.js';
import { AddressError } from '../../address/errors.js';
import type { HeaderInfo } from '../../chain/chain-state.js';
import { MAX_SCRIPT_ELEMENT_SIZE } from '../../consensus/limits.js';
import { hash160, sha256 } from '../../crypto/hash.js';
import { txToJson } from '../../json/tx.js';
import { MempoolRejection, MissingInputsError } from '../../mempool/errors.js';
import { feeForVsize, feeRatePerKvB } from '../../mempool/fee-rate.js';
import { scriptToAsm } from '../../script/asm.js';
import { ScriptCursor } from '../../script/parse.js';
import { isUnspendable } from '../../script/patterns.js';
import { scriptForNullData, scriptForP2WPKH, scriptForP2WSH, solver } from '../../script/standard.js';
import { equalBytes, hashToHex, toHex } from '../../wire/bytes.js';
import type { Transaction, TxIn, TxOut } from '../../wire/tx.js';
import { txid as computeTxid, wtxid as computeWtxid, encodeTx, SEQUENCE_FINAL } from '../../wire/tx.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import { amountFromValue, expectJsonType, numberSource, valueFromAmount } from '../json.js';
import { parseHashParam, parseHexParam, verbosityOf } from '../params.js';
import type { RpcMethodDef } from '../registry.js';
import { headerOrThrow } from './chain-args.js';
import { feeRateToJson } from './fee-args.js';
import { decodeTxParam, rejectionText, rejectionToRpcError } from './tx-submission.js';

/** Core's DEFAULT_MAX_RAW_TX_FEE_RATE: 0.10 FAI/kvB. */
export const DEFAULT_MAX_RAW_TX_FEE_RATE = 10_000_000n;
const MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;

/** createrawtransaction's inputs array (Core's AddInputs). */
function parseInputs(inputs: unknown[], locktime: number, replaceable: boolean): TxIn[] {
  return inputs.map((raw) => {
    expectJsonType(raw, 'object');
    const o = raw as Record<string, unknown>;
    expectJsonType(o.txid, 'string');
    const txid = parseHashParam(o.txid as string, 'txid');
    if (o.vout === undefined)
      throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Invalid parameter, missing vout key');
    if (typeof o.vout !== 'number' || !Number.isInteger(o.vout)) {
      throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Invalid parameter, vout must be a number');
    }
    if (o.vout < 0)
      throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Invalid parameter, vout cannot be negative');
    let sequence = replaceable
      ? MAX_BIP125_RBF_SEQUENCE
      : locktime !== 0
        ? SEQUENCE_FINAL - 1
        : SEQUENCE_FINAL;
    if (o.sequence !== undefined) {
      const s = o.sequence;
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > SEQUENCE_FINAL) {
        throw new RpcError(
          RpcErrorCode.INVALID_PARAMETER,
          'Invalid parameter, sequence number is out of range',
        );
      }
      sequence = s;
    }
    return { prevout: { txid, vout: o.vout }, scriptSig: new Uint8Array(0), sequence, witness: [] };
  });
}

/**
 * createrawtransaction's outputs (Core's ParseOutputs): an object of address → amount (and "data" →
 * hex for an OP_RETURN output), or an array of one-key objects.
 */
export function parseOutputs(node: RpcNode, outputs: unknown): TxOut[] {
  const pairs: { key: string; value: unknown; holder: object }[] = [];
  if (Array.isArray(outputs)) {
    for (const o of outputs) {
      expectJsonType(o, 'object');
      const keys = Object.keys(o as object);
      if (keys.length !== 1) {
        throw new RpcError(
          RpcErrorCode.INVALID_PARAMETER,
          'Invalid parameter, key-value pair must contain exactly one key',
        );
      }
      pairs.push({ key: keys[0]!, value: (o as Record<string, unknown>)[keys[0]!], holder: o as object });
    }
  } else if (outputs !== null && typeof outputs === 'object') {
    for (const [key, value] of Object.entries(outputs)) pairs.push({ key, value, holder: outputs });
  } else {
    throw new RpcError(RpcErrorCode.TYPE_ERROR, 'Expected type object or array for outputs');
  }
  const seen = new Set<string>();
  let data = false;
  return pairs.map(({ key, value, holder }) => {
    if (key === 'data') {
      if (data) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Invalid parameter, duplicate key: data');
      data = true;
      expectJsonType(value, 'string');
      return { value: 0n, scriptPubKey: scriptForNullData(parseHexParam(value as string, 'Data')) };
    }
    if (seen.has(key))
      throw new RpcError(RpcErrorCode.INVALID_PARAMETER, `Invalid parameter, duplicated address: ${key}`);
    seen.add(key);
    let script: Uint8Array;
    try {
      script = destinationToScript(decodeAddress(key, node.params.addressPrefixes));
    } catch (e) {
      if (!(e instanceof AddressError)) throw e;
      throw new RpcError(RpcErrorCode.INVALID_ADDRESS_OR_KEY, `Invalid FUN AI address: ${key}`);
    }
    const amount = amountFromValue(
      value,
      typeof value === 'number' ? numberSource(holder, key, value) : undefined,
    );
    return { value: amount, scriptPubKey: script };
  });
}

/** Whether decodescript offers P2SH (and P2WSH) wrappings of a script, as Core's. */
function wrapping(
  script: Uint8Array,
  type: string,
  solutions: Uint8Array[],
): { p2sh: boolean; p2wsh: boolean } {
  const validOps = (() => {
    const c = new ScriptCursor(script);
    while (!c.done) if (!c.next()) return false;
    return true;
  })();
  const wrappable = [
    'multisig',
    'nonstandard',
    'pubkey',
    'pubkeyhash',
    'witness_v0_keyhash',
    'witness_v0_scripthash',
  ];
  const p2sh = wrappable.includes(type) && validOps && script.length <= MAX_SCRIPT_ELEMENT_SIZE;
  let p2wsh = p2sh && ['multisig', 'pubkey', 'nonstandard', 'pubkeyhash'].includes(type);
  if (p2wsh && (type === 'multisig' || type === 'pubkey')) {
    // Uncompressed keys cannot be used by segwit scripts.
    p2wsh = solutions.every((s) => s.length === 1 || s.length === 33);
  }
  return { p2sh, p2wsh };
}

function decodeScript(node: RpcNode, script: Uint8Array) {
  const prefixes = node.params.addressPrefixes;
  const { type, solutions } = solver(script);
  const address = scriptToAddress(script, prefixes);
  const out: Record<string, unknown> = {
    asm: scriptToAsm(script),
    type,
    ...(address !== null ? { address } : {}),
  };
  const wrap = wrapping(script, type, solutions);
  if (wrap.p2sh) out.p2sh = encodeAddress({ type: 'p2sh', hash: hash160(script) }, prefixes);
  if (wrap.p2wsh) {
    let segwit: Uint8Array;
    if (type === 'pubkey') segwit = scriptForP2WPKH(hash160(solutions[0]!));
    else if (type === 'pubkeyhash') segwit = scriptForP2WPKH(solutions[0]!);
    else segwit = scriptForP2WSH(sha256(script));
    out.segwit = {
      asm: scriptToAsm(segwit),
      hex: toHex(segwit),
      address: scriptToAddress(segwit, prefixes),
      type: solver(segwit).type,
      'p2sh-segwit': encodeAddress({ type: 'p2sh', hash: hash160(segwit) }, prefixes),
    };
  }
  return out;
}

/** getrawtransaction's verbose object: decoderawtransaction's fields, the hex, and where it was mined. */
function rawTxJson(
  node: RpcNode,
  tx: Transaction,
  block?: { info: HeaderInfo; fee?: bigint; blockhashGiven: boolean },
) {
  const json: Record<string, unknown> = {};
  // bitcoind reports in_active_chain only when the caller named the block.
  if (block?.blockhashGiven) json.in_active_chain = block.info.inActiveChain;
  Object.assign(json, txToJson(tx, node.params.addressPrefixes));
  if (block?.fee !== undefined) json.fee = valueFromAmount(block.fee);
  json.hex = toHex(encodeTx(tx));
  if (block) {
    json.blockhash = block.info.hashHex;
    json.confirmations = block.info.inActiveChain ? block.info.confirmations : 0;
    json.time = block.info.header.time;
    json.blocktime = block.info.header.time;
  }
  return json;
}

export function rawTransactionMethods(node: RpcNode): RpcMethodDef[] {
  const genesisTxid = computeTxid(node.params.genesis.txs[0]!);
  const testAccept = (tx: Transaction, maxFeeRate: bigint) => {
    const id = computeTxid(tx);
    const base = { txid: hashToHex(id), wtxid: hashToHex(computeWtxid(tx)) };
    try {
      const r = node.mempool.testAccept(tx, node.now());
      if (maxFeeRate > 0n && r.fee > feeForVsize(maxFeeRate, r.vsize)) {
        return { ...base, allowed: false, 'reject-reason': 'max-fee-exceeded' };
      }
      return {
        ...base,
        allowed: true,
        vsize: r.vsize,
        fees: {
          base: valueFromAmount(r.fee),
          'effective-feerate': feeRateToJson(feeRatePerKvB(r.fee, r.vsize)),
          'effective-includes': [base.wtxid],
        },
      };
    } catch (e) {
      if (!(e instanceof MempoolRejection)) throw e;
      const reason = e instanceof MissingInputsError ? 'missing-inputs' : e.reason;
      return {
        ...base,
        allowed: false,
        'reject-reason': reason,
        ...(e.detail ? { 'reject-details': rejectionText(e) } : {}),
      };
    }
  };

  /** A mined transaction's verbose JSON; `index` (its position, -1 for none) lets verbosity 2 add the fee. */
  const confirmedTxJson = (info: HeaderInfo, tx: Transaction, index: number, blockhashGiven: boolean) => {
    let fee: bigint | undefined;
    if (index > 0) {
      const spent = node.chain.getBlockUndo(info.hash)?.[index - 1];
      if (spent) fee = spent.reduce((s, c) => s + c.output.value, 0n) - outputTotal(tx);
    }
    return rawTxJson(node, tx, { info, blockhashGiven, ...(fee !== undefined ? { fee } : {}) });
  };

  return [
    {
      name: 'getrawtransaction',
      category: 'rawtransactions',
      params: [
        { name: 'txid', type: 'hash', help: 'The transaction id' },
        {
          name: 'verbose',
          type: 'any',
          default: 0,
          help: '0 for hex-encoded data, 1 for a JSON object, 2 for JSON with the fee',
        },
        {
          name: 'blockhash',
          type: 'hash',
          optional: true,
          help: 'The block in which to look for the transaction',
        },
      ],
      help: 'Return the raw transaction data. It finds mempool transactions, confirmed ones when given the block that holds them, and any confirmed one with -txindex.',
      handler: async (args) => {
        const id = args.txid as Uint8Array;
        const verbosity = verbosityOf(args.verbose, 0);
        const blockHash = args.blockhash as Uint8Array | undefined;
        if (equalBytes(id, genesisTxid)) {
          throw new RpcError(
            RpcErrorCode.INVALID_ADDRESS_OR_KEY,
            'The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved',
          );
        }
        if (blockHash !== undefined) {
          const info = headerOrThrow(node, blockHash);
          const block = node.chain.getBlock(info.hash);
          if (block === undefined) throw new RpcError(RpcErrorCode.MISC_ERROR, 'Block not available');
          const index = block.txs.findIndex((tx) => equalBytes(computeTxid(tx), id));
          if (index < 0) {
            throw new RpcError(
              RpcErrorCode.INVALID_ADDRESS_OR_KEY,
              'No such transaction found in the provided block. Use gettransaction for wallet transactions.',
            );
          }
          const tx = block.txs[index]!;
          if (verbosity <= 0) return toHex(encodeTx(tx));
          return confirmedTxJson(info, tx, verbosity >= 2 ? index : -1, true);
        }
        const entry = node.mempool.get(id);
        if (entry !== undefined) {
          if (verbosity <= 0) return toHex(encodeTx(entry.tx));
          const json = rawTxJson(node, entry.tx);
          if (verbosity >= 2) json.fee = valueFromAmount(entry.fee);
          return json;
        }
        const txIndex = node.txIndex;
        // bitcoind's BlockUntilSyncedToCurrentChain: an index still catching up answers at once.
        const ready = txIndex?.isSynced === true;
        if (ready) await txIndex?.whenSynced();
        const found = txIndex?.getTransaction(id);
        if (found === undefined) {
          const why =
            txIndex === null
              ? 'No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries'
              : !ready
                ? 'No such mempool transaction. Blockchain transactions are still in the process of being indexed'
                : 'No such mempool or blockchain transaction';
          throw new RpcError(
            RpcErrorCode.INVALID_ADDRESS_OR_KEY,
            `${why}. Use gettransaction for wallet transactions.`,
          );
        }
        if (verbosity <= 0) return toHex(encodeTx(found.tx));
        const info = headerOrThrow(node, found.blockHash);
        let index = -1;
        if (verbosity >= 2) {
          index =
            node.chain.getBlock(info.hash)?.txs.findIndex((tx) => equalBytes(computeTxid(tx), id)) ?? -1;
        }
        return confirmedTxJson(info, found.tx, index, false);
      },
    },
    {
      name: 'decoderawtransaction',
      category: 'rawtransactions',
      params: [
        { name: 'hexstring', type: 'string', help: 'The transaction hex string' },
        {
          name: 'iswitness',
          type: 'boolean',
          optional: true,
          help: 'Whether the transaction hex is a serialized witness transaction (default: try both)',
        },
      ],
      help: 'Return a JSON object representing the serialized, hex-encoded transaction.',
      handler: (args) => txToJson(decodeTxParam(args.hexstring as string), node.params.addressPrefixes),
    },
    {
      name: 'decodescript',
      category: 'rawtransactions',
      params: [{ name: 'hexstring', type: 'hex', help: 'the hex-encoded script' }],
      help: 'Decode a hex-encoded script.',
      result:
        '{ "asm", "type", "address", "p2sh", "segwit": { "asm", "hex", "type", "address", "p2sh-segwit" } }',
      handler: (args) => decodeScript(node, args.hexstring as Uint8Array),
    },
    {
      name: 'createrawtransaction',
      category: 'rawtransactions',
      params: [
        { name: 'inputs', type: 'array', help: '[{"txid":"hex","vout":n,"sequence":n},...]' },
        {
          name: 'outputs',
          type: 'any',
          help: '[{"address":amount},{"data":"hex"},...] or {"address":amount,"data":"hex",...}',
        },
        {
          name: 'locktime',
          type: 'int',
          default: 0,
          help: 'Raw locktime. Non-0 value also locktime-activates inputs',
        },
        {
          name: 'replaceable',
          type: 'boolean',
          default: false,
          help: 'Marks this transaction as BIP125-replaceable.',
        },
      ],
      help: 'Create a transaction spending the given inputs and creating new outputs. Returns hex-encoded raw transaction. The transaction is neither signed nor stored or broadcast.',
      result: '"hex"    (string) hex string of the transaction',
      handler: (args) => {
        const locktime = args.locktime as number;
        if (locktime < 0 || locktime > 0xffffffff) {
          throw new RpcError(RpcErrorCode.INVALID_PARAMETER, 'Invalid parameter, locktime out of range');
        }
        if (args.outputs === null || args.outputs === undefined) {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMETER,
            'Invalid parameter, output argument must be non-null',
          );
        }
        const tx: Transaction = {
          version: 2,
          inputs: parseInputs(args.inputs as unknown[], locktime, args.replaceable as boolean),
          outputs: parseOutputs(node, args.outputs),
          locktime,
        };
        return toHex(encodeTx(tx));
      },
    },
    {
      name: 'sendrawtransaction',
      category: 'rawtransactions',
      params: [
        { name: 'hexstring', type: 'string', help: 'The hex string of the raw transaction' },
        {
          name: 'maxfeerate',
          type: 'amount',
          default: DEFAULT_MAX_RAW_TX_FEE_RATE,
          help: 'Reject transactions whose fee rate is higher than this (FAI/kvB); 0 accepts any',
        },
        {
          name: 'maxburnamount',
          type: 'amount',
          default: 0n,
          help: 'Reject transactions with provably unspendable outputs worth more than this (FAI)',
        },
      ],
      help: 'Submit a raw transaction (serialized, hex-encoded) to the local node and network.',
      result: '"hex"    (string) The transaction hash in hex',
      handler: (args) => {
        const tx = decodeTxParam(args.hexstring as string);
        const maxBurn = args.maxburnamount as bigint;
        for (const o of tx.outputs) {
          if (isUnspendable(o.scriptPubKey) && o.value > maxBurn) {
            throw new RpcError(
              RpcErrorCode.VERIFY_ERROR,
              'Unspendable output exceeds maximum configured by user (maxburnamount)',
            );
          }
        }
        const id = computeTxid(tx);
        if (node.mempool.getByWtxid(computeWtxid(tx))) return hashToHex(id);
        try {
          const maxRate = args.maxfeerate as bigint;
          if (maxRate > 0n) {
            const r = node.mempool.testAccept(tx, node.now());
            if (r.fee > feeForVsize(maxRate, r.vsize)) {
              throw new RpcError(
                RpcErrorCode.VERIFY_ERROR,
                'Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)',
              );
            }
          }
          node.submitTransaction(tx);
        } catch (e) {
          throw rejectionToRpcError(e);
        }
        return hashToHex(id);
      },
    },
    {
      name: 'testmempoolaccept',
      category: 'rawtransactions',
      params: [
        {
          name: 'rawtxs',
          type: 'array',
          help: 'An array of hex strings of raw transactions (each tested alone against the current pool)',
        },
        {
          name: 'maxfeerate',
          type: 'amount',
          default: DEFAULT_MAX_RAW_TX_FEE_RATE,
          help: 'Reject transactions whose fee rate is higher than this (FAI/kvB)',
        },
      ],
      help: 'Returns result of mempool acceptance tests indicating if raw transaction(s) (serialized, hex-encoded) would be accepted by mempool. This does not broadcast the transaction.',
      result:
        '[ { "txid", "wtxid", "allowed", "vsize", "fees": { "base", "effective-feerate", "effective-includes" }, "reject-reason" }, ... ]',
      handler: (args) => {
        const raw = args.rawtxs as unknown[];
        if (raw.length < 1 || raw.length > 25) {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMETER,
            'Array must contain between 1 and 25 transactions.',
          );
        }
        const txs = raw.map((h) => {
          expectJsonType(h, 'string');
          return decodeTxParam(h as string);
        });
        return txs.map((tx) => testAccept(tx, args.maxfeerate as bigint));
      },
    },
  ];
}

/** Sum of output values. */
function outputTotal(tx: Transaction): bigint {
  return tx.outputs.reduce((s, o) => s + o.value, 0n);
}
