// JSON-RPC throughput of getblock at verbosity 2 on a block of 2,000 segwit transactions (plus the
// coinbase), over HTTP with keep-alive to an in-process RPC server carrying every node method over
// a regtest chain: request parsing, the block read and decode, per-transaction JSON (txids, sizes,
// scripts, addresses, fees from the undo data) and serialization. Run directly
// (`node bench/rpc.ts`) it prints the table; bench/run.ts writes the report.
import { Agent, request } from 'node:http';
import { pino } from 'pino';
import type { Figure } from '../../tools/bench-report.mjs';
import { ChainState } from '../dist/chain/chain-state.js';
import { REGTEST_PARAMS } from '../dist/consensus/params.js';
import { sha256 } from '../dist/crypto/hash.js';
import { NodeServices } from '../dist/node/services.js';
import { registerNodeMethods } from '../dist/rpc/methods/index.js';
import { RpcServer } from '../dist/rpc/server.js';
import { scriptForP2WSH } from '../dist/script/standard.js';
import { MemoryStore } from '../dist/store/memory-store.js';
import type { Block } from '../dist/wire/block.js';
import { blockMerkleRoot } from '../dist/wire/merkle.js';
import type { Transaction } from '../dist/wire/tx.js';
import { txid } from '../dist/wire/tx.js';
import { addWitnessCommitment } from '../dist/wire/witness-commitment.js';

const TXS = 2_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_RPC_CONCURRENCY ?? 4);
const AUTH = `Basic ${Buffer.from('bench:bench').toString('base64')}`;

/** P2WSH of `OP_TRUE`: spent by a witness holding just the script, no signature to make. */
const WITNESS_SCRIPT = Uint8Array.of(0x51);
const P2WSH = scriptForP2WSH(sha256(WITNESS_SCRIPT));

function spend(
  prev: Transaction,
  vout: number,
  outputs: { value: bigint; scriptPubKey: Uint8Array }[],
): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: txid(prev), vout },
        scriptSig: new Uint8Array(0),
        sequence: 0xffffffff,
        witness: [WITNESS_SCRIPT],
      },
    ],
    outputs,
    locktime: 0,
  };
}

/** Mines `txs` in the next block (the coinbase claims the subsidy only) and checks it connected. */
async function mine(node: NodeServices, txs: Transaction[]): Promise<Block> {
  const template = node.mining.createTemplate(P2WSH);
  const header = template.block.header;
  const all = [template.block.txs[0]!, ...txs];
  all[0] = addWitnessCommitment({ header, txs: all });
  const unsolved: Block = { header: { ...header, merkleRoot: blockMerkleRoot(all).root }, txs: all };
  const { block } = await node.mining.grind(unsolved, 1_000_000);
  const r = await node.submitBlock(block!);
  if (r.status !== 'connected') throw new Error(`bench block not connected: ${r.reason ?? r.status}`);
  return block!;
}

async function buildChain(): Promise<{ node: NodeServices; hash: string }> {
  const log = pino({ level: 'silent' });
  const chain = await ChainState.openStore(new MemoryStore(), REGTEST_PARAMS, {
    scriptThreads: 0,
    logger: log,
  });
  const node = new NodeServices({ chain, log });
  await node.mining.generate(P2WSH, 101, 1_000_000);
  const first = chain.getBlock(chain.getBlockHash(1)!)!.txs[0]!;
  const each = (first.outputs[0]!.value - 100_000n) / BigInt(TXS);
  const fanout = spend(
    first,
    0,
    Array.from({ length: TXS }, () => ({ value: each, scriptPubKey: P2WSH })),
  );
  await mine(node, [fanout]);
  await mine(
    node,
    Array.from({ length: TXS }, (_, i) => spend(fanout, i, [{ value: each - 1_000n, scriptPubKey: P2WSH }])),
  );
  return { node, hash: chain.getTip().hashHex };
}

function post(port: number, agent: Agent, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent,
        headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString('utf8'))
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function benchRpc(): Promise<Figure[]> {
  const { node, hash } = await buildChain();
  const server = new RpcServer({ port: 0, users: [{ user: 'bench', password: 'bench' }] });
  registerNodeMethods(server, node);
  await server.start();
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'getblock', params: [hash, 2], id: 1 });
  try {
    const first = JSON.parse(await post(server.port, agent, body));
    if (first.result?.tx?.length !== TXS + 1) throw new Error('getblock did not return the bench block');
    const deadline = performance.now() + SECONDS * 1000;
    const start = performance.now();
    let done = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          await post(server.port, agent, body);
          done++;
        }
      }),
    );
    const rate = done / ((performance.now() - start) / 1000);
    return [{ name: 'rpc-getblock-v2', value: Number(rate.toFixed(2)), unit: 'req/s' }];
  } finally {
    agent.destroy();
    await server.close();
    await node.chain.close();
  }
}

if (import.meta.main) console.table(await benchRpc());
