import { fromHex, toHex } from '@funai/ledger-node';
import type { KeyAccount } from '../api/keystore.js';
import type { TxLifecycle, TxStatus } from '../api/lifecycle.js';
import type { Prompt } from '../llm/request/types.js';
import { TEMPERATURE_SCALE, TOP_P_SCALE, TX_VERSION } from '../tx/limits.js';
import { decodeSignedReceipt, outputHash, verifyReceipt } from '../tx/receipt.js';
import {
  deriveSeed,
  encodeTx,
  type InferenceTx,
  type SignedInferenceTx,
  signTx,
  txId,
} from '../tx/transaction.js';
import { type LifecycleCheck, type VerifyLifecycleOptions, verifyLifecycle } from './verify.js';

/**
 * The TypeScript client of the native API (docs/protocol.md §17.4–17.5): builds and signs inference
 * transactions with the caller's own key, submits them (whole or streamed), checks the executor's
 * receipt at once, follows the lifecycle and verifies its proofs.
 */
export interface FunaiClientOptions {
  /** The node's API origin, e.g. `http://127.0.0.1:8546` (no `/v1`). */
  url: string;
  chainId: number;
  fetch?: typeof fetch;
}

export interface TxParams {
  model: string;
  prompt: Prompt;
  maxTokens: number;
  stop?: string[];
  /** 0 or absent: greedy. */
  temperature?: number;
  topP?: number;
  topK?: number;
  /** Absent: derived from the transaction (coord rule). */
  seed?: number;
  /** Absent: the account's next nonce, asked from the node. */
  nonce?: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
}

export interface TxResult {
  id: string;
  output: { text: string; tokens: number[]; finishReason: 'stop-token' | 'stop-string' | 'length' };
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  receipt: string;
}

export class FunaiApiError extends Error {
  override readonly name = 'FunaiApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A lifecycle status's rank in the order a transaction goes through; terminal failures are −1. */
export const STATUS_ORDER: Record<TxStatus, number> = {
  executed: 0,
  included: 1,
  certified: 2,
  anchored: 3,
  reclaimed: -1,
  rejected: -1,
};

export class FunaiClient {
  readonly url: string;
  readonly chainId: number;
  private readonly f: typeof fetch;

  constructor(o: FunaiClientOptions) {
    this.url = o.url.replace(/\/+$/, '');
    this.chainId = o.chainId;
    this.f = o.fetch ?? fetch;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const r = await this.f(`${this.url}${path}`, init);
    const body = (await r.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!r.ok)
      throw new FunaiApiError(
        r.status,
        body?.error?.code ?? 'http_error',
        body?.error?.message ?? r.statusText,
      );
    return body as T;
  }

  async account(principal: string): Promise<{ principal: string; balance: bigint; nonce: bigint }> {
    const a = await this.json<{ principal: string; balance: string; nonce: string }>(
      `/funai/v1/accounts/${encodeURIComponent(principal)}`,
    );
    return { principal: a.principal, balance: BigInt(a.balance), nonce: BigInt(a.nonce) };
  }

  /** The node's models: name, id and limits (`GET /funai/v1/models`, no key needed). */
  async models(): Promise<{ name: string; id: string; contextSize: number; maxOutputTokens: number }[]> {
    return (await this.json<{ models: Awaited<ReturnType<FunaiClient['models']>> }>('/funai/v1/models'))
      .models;
  }

  /** Resolves a model name to its id (an id is returned as it is). */
  async modelId(model: string): Promise<string> {
    if (/^[0-9a-f]{64}$/.test(model)) return model;
    const m = (await this.models()).find((x) => x.name === model);
    if (!m) throw new FunaiApiError(404, 'model_not_found', `no model ${model}`);
    return m.id;
  }

  /** Builds and signs a transaction (seed derived when none is given, nonce asked when none is given). */
  async sign(account: KeyAccount, p: TxParams): Promise<SignedInferenceTx> {
    const nonce = p.nonce ?? (await this.account(account.principal)).nonce;
    const t = p.temperature ?? 0;
    const tx: InferenceTx = {
      version: TX_VERSION,
      chainId: this.chainId,
      sender: account.publicKey,
      nonce,
      modelId: fromHex(/^[0-9a-f]{64}$/.test(p.model) ? p.model : await this.modelId(p.model)),
      gasLimit: p.gasLimit,
      gasPrice: p.gasPrice,
      system: p.prompt.system,
      context: p.prompt.messages.map((m) => ({ ...m })),
      input: p.prompt.input,
      sampling:
        t === 0
          ? { mode: 'greedy' }
          : {
              mode: 'seeded',
              temperatureMilli: Math.max(1, Math.round(t * TEMPERATURE_SCALE)),
              topK: p.topK ?? 40,
              topPMicro: Math.max(1, Math.round((p.topP ?? 1) * TOP_P_SCALE)),
            },
      seed: p.seed ?? 0,
      maxTokens: p.maxTokens,
      stop: p.stop ?? [],
    };
    if (p.seed === undefined) tx.seed = deriveSeed(tx);
    return signTx(tx, account.privateKey);
  }

  /** Submits a signed transaction and waits for the whole result; the receipt is checked before returning. */
  async submit(tx: SignedInferenceTx): Promise<TxResult> {
    const res = await this.json<TxResult>('/funai/v1/tx', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tx: toHex(encodeTx(tx)) }),
    });
    checkReceipt(tx, res);
    return res;
  }

  /**
   * Submits a signed transaction and yields text deltas as they come; returns the result (receipt
   * checked) when the stream ends. Breaking out of the loop closes the connection, which cancels the
   * generation on the node.
   */
  async *stream(tx: SignedInferenceTx, signal?: AbortSignal): AsyncGenerator<string, TxResult, undefined> {
    const r = await this.f(`${this.url}/funai/v1/tx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tx: toHex(encodeTx(tx)), stream: true }),
      ...(signal ? { signal } : {}),
    });
    if (!r.ok || !r.body) {
      const body = (await r.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      throw new FunaiApiError(
        r.status,
        body?.error?.code ?? 'http_error',
        body?.error?.message ?? r.statusText,
      );
    }
    let result: TxResult | null = null;
    for await (const data of sseData(r.body)) {
      if (data === '[DONE]') break;
      const event = JSON.parse(data) as {
        delta?: string;
        error?: { code: string; message: string };
      } & Partial<TxResult>;
      if (event.error) throw new FunaiApiError(500, event.error.code, event.error.message);
      if (typeof event.delta === 'string') yield event.delta;
      else if (event.receipt) result = event as TxResult;
    }
    if (!result) throw new FunaiApiError(502, 'truncated_stream', 'the stream ended without a result');
    checkReceipt(tx, result);
    return result;
  }

  async lifecycle(id: string): Promise<TxLifecycle> {
    return this.json<TxLifecycle>(`/funai/v1/tx/${id}`);
  }

  /**
   * Polls the lifecycle until it reaches `until` (default `anchored`) or a terminal failure; calls
   * `onUpdate` on every change of status. The poll interval is the caller's (default 1 s).
   */
  async follow(
    id: string,
    o: {
      until?: TxStatus;
      intervalMs?: number;
      signal?: AbortSignal;
      onUpdate?: (lc: TxLifecycle) => void;
    } = {},
  ): Promise<TxLifecycle> {
    const target = STATUS_ORDER[o.until ?? 'anchored'];
    let last: TxStatus | null = null;
    for (;;) {
      o.signal?.throwIfAborted();
      const lc = await this.lifecycle(id).catch((e: unknown) => {
        if (e instanceof FunaiApiError && e.status === 404) return null;
        throw e;
      });
      if (lc) {
        if (lc.status !== last) o.onUpdate?.(lc);
        last = lc.status;
        if (STATUS_ORDER[lc.status] < 0 || STATUS_ORDER[lc.status] >= target) return lc;
      }
      await new Promise<void>((r, j) => {
        const t = setTimeout(r, o.intervalMs ?? 1000);
        o.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(t);
            j(o.signal!.reason);
          },
          { once: true },
        );
      });
    }
  }

  /** Fetches the lifecycle and verifies every proof it carries (see `verifyLifecycle`). */
  async verify(id: string, o: Omit<VerifyLifecycleOptions, 'chainId'> = {}): Promise<LifecycleCheck> {
    return verifyLifecycle(await this.lifecycle(id), { chainId: this.chainId, ...o });
  }
}

/** The receipt must be a valid executor signature over this transaction and the output returned. */
function checkReceipt(tx: SignedInferenceTx, res: TxResult): void {
  const r = decodeSignedReceipt(fromHex(res.receipt));
  const ok =
    verifyReceipt(r) &&
    toHex(r.txId) === toHex(txId(tx)) &&
    toHex(r.txId) === res.id &&
    toHex(r.outputHash) === toHex(outputHash(res.output.tokens)) &&
    r.outputTokens === res.output.tokens.length &&
    r.finishReason === res.output.finishReason;
  if (!ok)
    throw new FunaiApiError(502, 'bad_receipt', 'the receipt does not match the transaction and its output');
}

/** The `data:` payloads of a server-sent event stream. */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let at = buf.indexOf('\n\n');
    while (at >= 0) {
      const event = buf.slice(0, at);
      buf = buf.slice(at + 2);
      const data = event
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) yield data;
      at = buf.indexOf('\n\n');
    }
  }
}
