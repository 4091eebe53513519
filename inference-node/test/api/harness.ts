import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { sha256, toHex } from '@funai/ledger-node';
import OpenAI from 'openai';
import { pino } from 'pino';
import type { AdmittedTx, InferenceBackend, SettledTx, TxDraft } from '../../src/api/backend.js';
import { ApiError } from '../../src/api/errors.js';
import { accountFromPrivateKey, type KeyAccount, MemoryKeystore } from '../../src/api/keystore.js';
import type { ApiLimits } from '../../src/api/limits.js';
import { type ApiServer, type ApiServerOptions, createApiServer } from '../../src/api/server.js';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import { engineWith, SILENT } from '../llm/fixtures.js';

export const KEY_A = 'sk-test-alice';
export const KEY_B = 'sk-test-bob';
export const MODEL = 'tiny-alpha';
export const LONG_MODEL = 'tiny-endless';

export const alice: KeyAccount = accountFromPrivateKey('alice', new Uint8Array(32).fill(1));
export const bob: KeyAccount = accountFromPrivateKey('bob', new Uint8Array(32).fill(2));

/** A recording backend for the OpenAI-surface tests: every call is kept so tests can assert on them. */
export class RecordingBackend implements InferenceBackend {
  readonly admitted: AdmittedTx[] = [];
  readonly settled: string[] = [];
  readonly abandoned: string[] = [];
  private n = 0;
  broke = new Set<string>();
  /** 'admitted', 'settled', 'abandoned' with the tx id. */
  readonly events = new EventEmitter();

  async signAndAdmit(account: KeyAccount, d: TxDraft): Promise<AdmittedTx> {
    if (this.broke.has(account.principal))
      throw new ApiError(429, 'insufficient_quota', 'insufficient_quota', 'balance too low', {
        retryAfter: 60,
      });
    const nonce = BigInt(this.n++);
    const id = toHex(sha256(new TextEncoder().encode(JSON.stringify({ d, nonce: String(nonce) }))));
    const seed = d.seed ?? 7;
    const tx: AdmittedTx = {
      id,
      tx: id,
      sender: account.principal,
      nonce,
      request: {
        modelId: d.modelId,
        prompt: d.prompt,
        maxTokens: d.maxTokens,
        stop: d.stop,
        sampling:
          d.temperature === 0
            ? { mode: 'greedy' }
            : { mode: 'seeded', temperature: d.temperature, topK: d.topK, topP: d.topP, seed },
      },
    };
    this.admitted.push(tx);
    this.events.emit('admitted', tx.id);
    return tx;
  }
  async admitSigned(): Promise<AdmittedTx> {
    throw new ApiError(400, 'invalid_request_error', 'unsupported', 'no native transactions here');
  }
  async settle(tx: AdmittedTx): Promise<SettledTx> {
    this.settled.push(tx.id);
    this.events.emit('settled', tx.id);
    return { receipt: 'ab'.repeat(207), fee: 1n };
  }
  abandon(tx: AdmittedTx): void {
    this.abandoned.push(tx.id);
    this.events.emit('abandoned', tx.id);
  }
  async account(principal: string) {
    return { principal, balance: 0n, nonce: 0n };
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
