// An in-process node for the RPC method tests: a regtest chain state over a MemoryStore, the node
// services (mempool, fee estimator, miner) and a wallet in a temporary directory, with every
// method registered in a registry that is called directly (the HTTP layer has its own tests).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { ChainState } from '../../src/chain/chain-state.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { TxIndex } from '../../src/indexes/tx-index.js';
import { NodeServices } from '../../src/node/services.js';
import type { RpcError } from '../../src/rpc/errors.js';
import { toRpcError } from '../../src/rpc/errors.js';
import { stringifyJson } from '../../src/rpc/json.js';
import { registerNodeMethods } from '../../src/rpc/methods/index.js';
import type { RpcContext } from '../../src/rpc/registry.js';
import { RpcMethodRegistry } from '../../src/rpc/registry.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { Wallet } from '../../src/wallet/wallet.js';

/** A result as a JSON client reads it: tests index into it freely. */
// biome-ignore lint/suspicious/noExplicitAny: RPC results are untyped JSON
export type Json = any;

export interface TestNode {
  node: NodeServices;
  chain: ChainState;
  wallet: Wallet | null;
  registry: RpcMethodRegistry;
  /** Calls a method and returns its result as a JSON client would read it. */
  call<T = Json>(method: string, ...params: unknown[]): Promise<T>;
  /** Calls with named parameters. */
  callNamed<T = Json>(method: string, params: Record<string, unknown>): Promise<T>;
  /** The RpcError a call fails with (throws if it succeeds). */
  fail(method: string, ...params: unknown[]): Promise<RpcError>;
  failNamed(method: string, params: Record<string, unknown>): Promise<RpcError>;
  ctx(signal?: AbortSignal): RpcContext;
  close(): Promise<void>;
}

export async function startTestNode(
  opts: { wallet?: boolean; now?: () => number; mnemonic?: string; txIndex?: boolean } = {},
): Promise<TestNode> {
  const dir = mkdtempSync(join(tmpdir(), 'funai-node-'));
  const log = pino({ level: 'silent' });
  const chain = await ChainState.openStore(new MemoryStore(), REGTEST_PARAMS, {
    scriptThreads: 0,
    logger: log,
  });
  const wallet =
    opts.wallet === false
      ? null
      : Wallet.create(join(dir, 'wallet.json'), 'regtest', opts.mnemonic ? { mnemonic: opts.mnemonic } : {});
  const txIndex = opts.txIndex ? new TxIndex(new MemoryStore(), chain, log) : null;
  txIndex?.start();
  const node = new NodeServices({ chain, log, wallet, txIndex, ...(opts.now ? { now: opts.now } : {}) });
  if (wallet) {
    const tip = chain.getTip();
    wallet.blockConnected(chain.getBlock(tip.hash)!, tip.height, tip.hash);
  }
  const registry = new RpcMethodRegistry();
  registerNodeMethods(registry, node);
  const ctx = (signal = new AbortController().signal): RpcContext => ({
    method: 'test',
    uri: '/',
    user: '__cookie__',
    peer: 'test',
    jsonVersion: 1,
    signal,
  });
  const roundTrip = (v: unknown) => JSON.parse(stringifyJson(v ?? null));
  const failing = async (method: string, params: unknown[] | Record<string, unknown>): Promise<RpcError> => {
    try {
      await registry.execute(method, params, ctx());
    } catch (e) {
      // As the server answers: a handler's plain Error is RPC_MISC_ERROR with its message.
      return toRpcError(e);
    }
    throw new Error(`${method} succeeded`);
  };
  const t: TestNode = {
    node,
    chain,
    wallet,
    registry,
    call: async (method, ...params) => roundTrip(await registry.execute(method, params, ctx())),
    callNamed: async (method, params) => roundTrip(await registry.execute(method, params, ctx())),
    fail: (method, ...params) => failing(method, params),
    failNamed: (method, params) => failing(method, params),
    ctx,
    close: async () => {
      await node.mining.stopMiner();
      await txIndex?.close();
      await chain.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** A test node with a wallet address of its own. */
export interface WalletTestNode extends TestNode {
  /** An address of the node's wallet, made when the node started. */
  readonly addr: string;
}

/**
 * The node of every test of the calling suite: a fresh one is started before each test (with a
 * wallet address, and `blocks` blocks mined to it) and closed after it. The returned object stands
 * for the current test's node.
 */
export function useTestNode(opts: { blocks?: number; txIndex?: boolean } = {}): WalletTestNode {
  let current: WalletTestNode | undefined;
  beforeEach(async () => {
    const t = await startTestNode(opts.txIndex ? { txIndex: true } : {});
    const addr: string = await t.call('getnewaddress');
    if (opts.blocks) await t.call('generatetoaddress', opts.blocks, addr);
    current = { ...t, addr };
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as WalletTestNode, {
    get(_, key) {
      if (current === undefined) throw new Error('the test node exists only while a test runs');
      return current[key as keyof WalletTestNode];
    },
  });
}
