import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { pino } from 'pino';
import type { AdmittedTx, InferenceBackend, SettledTx, TxDraft } from '../../src/api/backend.js';
import { accountFromPrivateKey, type KeyAccount, MemoryKeystore } from '../../src/api/keystore.js';
import type { ApiLimits } from '../../src/api/limits.js';
import { LocalInferenceBackend } from '../../src/api/local-backend.js';
import { type ApiServer, type ApiServerOptions, createApiServer } from '../../src/api/server.js';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import type { GenerationResult, LlmEngine } from '../../src/llm/runtime/engine.js';
import { engineWith, SILENT } from '../llm/fixtures.js';

export const KEY_A = 'sk-test-alice';
export const KEY_B = 'sk-test-bob';
export const MODEL = 'tiny-alpha';
export const LONG_MODEL = 'tiny-endless';

export const alice: KeyAccount = accountFromPrivateKey('alice', new Uint8Array(32).fill(1));
export const bob: KeyAccount = accountFromPrivateKey('bob', new Uint8Array(32).fill(2));

export const carol: KeyAccount = accountFromPrivateKey('carol', new Uint8Array(32).fill(3));
export const KEY_C = 'sk-test-carol';
export const CHAIN_ID = 7;
export const EXECUTOR_KEY = new Uint8Array(32).fill(9);
export const FUNDS = 10n ** 12n;

/** The in-memory chain backend, recording every call so tests can wait for and assert on them. */
export class RecordingBackend extends LocalInferenceBackend {
  readonly admittedIds: string[] = [];
  readonly settled: string[] = [];
  readonly abandoned: string[] = [];
  /** 'admitted', 'settled', 'abandoned' with the tx id. */
  readonly events = new EventEmitter();

  constructor() {
    super({ chainId: CHAIN_ID, executorKey: EXECUTOR_KEY, ledgerHeight: () => 100 });
    this.credit(alice.principal, FUNDS);
    this.credit(bob.principal, FUNDS);
  }
  override async signAndAdmit(account: KeyAccount, d: TxDraft): Promise<AdmittedTx> {
    return this.record(await super.signAndAdmit(account, d));
  }
  override async admitSigned(bytes: Uint8Array): Promise<AdmittedTx> {
    return this.record(await super.admitSigned(bytes));
  }
  private record(tx: AdmittedTx): AdmittedTx {
    this.admittedIds.push(tx.id);
    this.events.emit('admitted', tx.id);
    return tx;
  }
  override async settle(tx: AdmittedTx, out: GenerationResult): Promise<SettledTx> {
    const r = await super.settle(tx, out);
    this.settled.push(tx.id);
    this.events.emit('settled', tx.id);
    return r;
  }
  override abandon(tx: AdmittedTx): void {
    super.abandon(tx);
    this.abandoned.push(tx.id);
    this.events.emit('abandoned', tx.id);
  }
}

export interface Harness {
  server: ApiServer;
  engine: LlmEngine;
  baseURL: string;
  origin: string;
  backend: InferenceBackend;
  modelIds: Record<string, string>;
  client(key?: string): OpenAI;
  close(): Promise<void>;
}

let shared: Promise<{ engine: LlmEngine; ids: string[] }> | null = null;

/** One engine per test file: the tiny model and an endless variant (EOS never wins: long outputs). */
export function sharedEngine(): Promise<{ engine: LlmEngine; ids: string[] }> {
  shared ??= (async () => {
    const alpha = await writeTinyModel({ seed: 'alpha' });
    const endless = await writeTinyModel({ seed: 'alpha', eosWeight: 0 });
    return engineWith([alpha, endless], { threads: 1, contextSize: 4096, contexts: 2, maxQueue: 4 });
  })();
  return shared;
}

export async function startApi(
  o: {
    limits?: Partial<ApiLimits>;
    backend?: InferenceBackend;
    now?: () => number;
  } & Partial<ApiServerOptions> = {},
): Promise<Harness> {
  const { engine, ids } = await sharedEngine();
  const keystore = new MemoryKeystore();
  keystore.set(KEY_A, alice);
  keystore.set(KEY_B, bob);
  keystore.set(KEY_C, carol);
  const backend = o.backend ?? new RecordingBackend();
  const modelIds = { [MODEL]: ids[0]!, [LONG_MODEL]: ids[1]! };
  const server = createApiServer({
    engine,
    models: Object.entries(modelIds).map(([name, id]) => ({ name, id })),
    keystore,
    backend,
    logger: process.env.API_LOG ? pino({ level: 'debug' }) : SILENT,
    ...o,
    limits: { ratePerSecond: 1000, rateBurst: 1000, ...o.limits },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    server,
    engine,
    origin,
    baseURL: `${origin}/v1`,
    backend,
    modelIds,
    client: (key = KEY_A) =>
      new OpenAI({ baseURL: `${origin}/v1`, apiKey: key, maxRetries: 0, timeout: 60_000 }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
