import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fromHex } from '@funai/ledger-node';
import { type Logger, pino } from 'pino';
import type { GenerationResult } from '../llm/runtime/engine.js';
import type { AdmittedTx, InferenceBackend, TxDraft } from './backend.js';
import { ApiError, invalid, toApiError } from './errors.js';
import { engineTextGenerator, type StreamingEngine, type TextGenerator } from './generation.js';
import { readJson, SseWriter, sendError, sendJson } from './http.js';
import type { ApiKeystore, KeyAccount } from './keystore.js';
import type { LifecycleProvider } from './lifecycle.js';
import { type ApiLimits, DEFAULT_API_LIMITS, InFlight, RateLimiter } from './limits.js';
import {
  completionBody,
  deltaChunk,
  type Endpoint,
  type FunaiField,
  finishChunk,
  type ResponseHead,
  roleChunk,
  usageChunk,
  usageOf,
} from './openai/responses.js';
import { type ParsedGeneration, parseChatRequest, parseCompletionRequest } from './openai/schema.js';

/** A model as the API names it: its registered name and its model id (either is accepted). */
export interface ApiModel {
  name: string;
  id: string;
}

export interface ApiServerOptions {
  /** The LLM engine (generation, and each model's limits). */
  engine: StreamingEngine;
  /** Override of how text is streamed out of the engine (default: `engineTextGenerator(engine)`). */
  generator?: TextGenerator;
  /** The models served, read on every request (so the daemon can add and retire models). */
  models: readonly ApiModel[] | (() => readonly ApiModel[]);
  keystore: ApiKeystore;
  backend: InferenceBackend;
  /** `GET /funai/v1/status` (the daemon's view); default: models and requests in flight. */
  status?: () => unknown | Promise<unknown>;
  /** `GET /funai/v1/tx/<id>`; default: the backend when it is a lifecycle provider, else 404 for every id. */
  lifecycle?: LifecycleProvider;
  limits?: Partial<ApiLimits>;
  /**
   * Browser origins allowed by CORS: `'*'` (default, llama.cpp's server behaviour) reflects any request's
   * `Origin`, a list reflects only those, `null` sends no CORS headers (browsers then refuse cross-origin
   * calls). Preflight `OPTIONS` requests are answered 204 without a key.
   */
  corsOrigins?: '*' | readonly string[] | null;
  logger?: Logger;
  /** Clock of the rate limiter, seconds (tests). */
  now?: () => number;
}

export interface ApiStats {
  inFlight: number;
  served: number;
  refused: number;
}

export interface ApiServer extends Server {
  readonly apiStats: () => ApiStats;
}

const TX_ID = /^[0-9a-f]{64}$/;

/**
 * CORS (browsers calling the API from a page of another origin): an allowed `Origin` is reflected with
 * credentials allowed, and the headers a page may read named (`x-funai-tx`, `retry-after`). A preflight
 * (`OPTIONS`) is answered here, before authentication and rate limits: browsers send it without the key.
 * Returns true when the request was a preflight (answered).
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  origins: '*' | readonly string[] | null,
): boolean {
  const origin = req.headers.origin;
  const allowed =
    origins !== null && typeof origin === 'string' && (origins === '*' || origins.includes(origin));
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', 'x-funai-tx, retry-after');
    res.setHeader('vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    const asked = req.headers['access-control-request-headers'];
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', typeof asked === 'string' && asked ? asked : '*');
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204, { 'content-length': 0 });
  res.end();
  req.resume();
  return true;
}

/**
 * The HTTP API of an inference node (docs/protocol.md §17): OpenAI-compatible `/v1` and the native
 * `/funai/v1`. Returns a node:http server that is not listening yet: the daemon calls `listen`.
 */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const limits: ApiLimits = { ...DEFAULT_API_LIMITS, ...options.limits };
  const log = (options.logger ?? pino({ level: 'info' }, pino.destination(2))).child({ component: 'api' });
  const generator = options.generator ?? engineTextGenerator(options.engine);
  const rate = new RateLimiter(limits.ratePerSecond, limits.rateBurst, options.now);
  const inFlight = new InFlight();
  const counters = { served: 0, refused: 0 };
  const lifecycle =
    options.lifecycle ??
    ('get' in options.backend ? (options.backend as unknown as LifecycleProvider) : undefined);
  const models = (): readonly ApiModel[] =>
    typeof options.models === 'function' ? options.models() : options.models;

  function resolveModel(name: string): ApiModel {
    const m = models().find((x) => x.name === name || x.id === name);
    if (!m)
      throw new ApiError(404, 'not_found_error', 'model_not_found', `The model '${name}' does not exist`, {
        param: 'model',
      });
    return m;
  }

  function authenticate(req: IncomingMessage): KeyAccount {
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
    if (!m)
      throw new ApiError(
        401,
        'authentication_error',
        'missing_api_key',
        'missing bearer API key (Authorization: Bearer <key>)',
      );
    const account = options.keystore.lookup(m[1]!);
    if (!account)
      throw new ApiError(401, 'authentication_error', 'invalid_api_key', 'Incorrect API key provided');
    return account;
  }

  /** Rate and concurrency checks for one caller; returns the release of its slot. */
  function enter(key: string): () => void {
    const wait = rate.take(key);
    if (wait > 0)
      throw new ApiError(429, 'rate_limit_error', 'rate_limit_exceeded', 'rate limit reached for this key', {
        retryAfter: wait,
      });
    if (inFlight.count(key) >= limits.maxConcurrentPerKey)
      throw new ApiError(
        429,
        'rate_limit_error',
        'concurrency_limit_exceeded',
        `at most ${limits.maxConcurrentPerKey} requests in flight per key`,
        { retryAfter: 1 },
      );
    if (inFlight.total >= limits.maxConcurrent)
      throw new ApiError(503, 'overloaded_error', 'overloaded', 'the node is at capacity', { retryAfter: 1 });
    return inFlight.enter(key);
  }

  function draftOf(p: ParsedGeneration, model: ApiModel): TxDraft {
    let chars = p.prompt.system.length + p.prompt.input.length;
    for (const m of p.prompt.messages) chars += m.content.length;
    if (chars > limits.maxPromptChars)
      throw invalid(
        `prompt of ${chars} characters > ${limits.maxPromptChars}`,
        'messages',
        'context_length_exceeded',
      );
    const info = options.engine.model(model.id).info;
    return {
      modelId: model.id,
      prompt: p.prompt,
      maxTokens: p.maxTokens ?? Math.min(limits.defaultMaxTokens, info.maxOutputTokens),
      stop: p.stop,
      temperature: p.temperature,
      topP: p.topP,
      topK: p.topK,
      seed: p.seed,
      gasLimit: BigInt(info.contextSize),
    };
  }

  async function openaiGeneration(req: IncomingMessage, res: ServerResponse, kind: Endpoint): Promise<void> {
    const account = authenticate(req);
    const leave = enter(`key:${account.principal}`);
    try {
      const body = await readJson(req, limits.maxBodyBytes, limits.bodyTimeoutMs);
      const parsed = kind === 'chat' ? parseChatRequest(body) : parseCompletionRequest(body);
      const model = resolveModel(parsed.model);
      const admitted = await options.backend.signAndAdmit(account, draftOf(parsed, model));
      const head: ResponseHead = {
        kind,
        id: `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${admitted.id}`,
        created: Math.floor(Date.now() / 1000),
        model: parsed.model,
        fingerprint: `funai-${model.id.slice(0, 16)}`,
      };
      await execute(res, admitted, { head, stream: parsed.stream, includeUsage: parsed.includeUsage });
    } finally {
      leave();
    }
  }

  async function execute(
    res: ServerResponse,
    admitted: AdmittedTx,
    shape: { head: ResponseHead | null; stream: boolean; includeUsage: boolean },
  ): Promise<void> {
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, limits.requestTimeoutMs);
    const onClose = (): void => {
      if (!res.writableFinished) ac.abort();
    };
    res.on('close', onClose);
    const seed = admitted.request.sampling.mode === 'seeded' ? admitted.request.sampling.seed : null;
    const funai = (receipt: string | null): FunaiField => ({
      tx: admitted.id,
      receipt,
      modelId: admitted.request.modelId,
      seed,
    });
    const headers = { 'x-funai-tx': admitted.id };
    let settled = false;
    let sse: SseWriter | null = null;
    try {
      const opts = { signal: ac.signal };
      if (!shape.stream) {
        const out = await generator.generate(admitted.request, opts);
        const { receipt } = await options.backend.settle(admitted, out);
        settled = true;
        const usage = usageOf(out.promptTokens, out.tokens.length);
        const body = shape.head
          ? completionBody(shape.head, out.text, out.finishReason, usage, funai(receipt))
          : nativeResult(admitted, out, receipt);
        sendJson(res, 200, body, headers);
      } else {
        sse = new SseWriter(res, headers);
        const h = shape.head;
        if (h?.kind === 'chat') await sse.send(roleChunk(h));
        let out: GenerationResult | null = null;
        // The first delta leaves at once; later ones at most every `streamIntervalMs`, whatever arrived
        // meanwhile as one chunk (vLLM's stream interval): when generation outruns the socket, fewer and
        // larger events — fewer writes here, fewer wake-ups and parses at the client.
        let pending = '';
        let flushing: Promise<void> | null = null;
        let lastSent = -Infinity;
        const writer = sse;
        const flush = async (): Promise<void> => {
          while (pending.length > 0) {
            const wait = lastSent + limits.streamIntervalMs - performance.now();
            await new Promise<void>((r) => (wait > 0 ? setTimeout(r, wait) : setImmediate(r)));
            const text = pending;
            pending = '';
            lastSent = performance.now();
            await writer.send(h ? deltaChunk(h, text) : { delta: text });
          }
          flushing = null;
        };
        for await (const c of generator.stream(admitted.request, opts)) {
          if (c.type === 'done') out = c.result;
          else if (c.text.length > 0) {
            pending += c.text;
            flushing ??= flush();
          }
        }
        await flushing;
        if (!out)
          throw new ApiError(500, 'server_error', 'no_result', 'the generation ended without a result');
        const { receipt } = await options.backend.settle(admitted, out);
        settled = true;
        const usage = usageOf(out.promptTokens, out.tokens.length);
        if (!h) await sse.send(nativeResult(admitted, out, receipt));
        else if (shape.includeUsage) {
          await sse.send(finishChunk(h, out.finishReason));
          await sse.send(usageChunk(h, usage, { funai: funai(receipt) }));
        } else await sse.send(finishChunk(h, out.finishReason, { funai: funai(receipt) }));
        await sse.done();
      }
      counters.served++;
    } catch (e) {
      if (!settled) options.backend.abandon(admitted);
      const err = timedOut
        ? new ApiError(504, 'timeout_error', 'timeout', `no result within ${limits.requestTimeoutMs} ms`)
        : toApiError(e);
      if (err.status >= 500) log.warn({ tx: admitted.id, err: e }, 'generation failed');
      else log.debug({ tx: admitted.id, code: err.code }, 'generation ended early');
      if (sse && !res.destroyed) {
        await sse.send(err.body());
        res.end();
      } else if (!res.destroyed) sendError(res, err, headers);
    } finally {
      clearTimeout(timer);
      res.off('close', onClose);
    }
  }

  async function nativeSubmit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const leave = enter(`ip:${req.socket.remoteAddress ?? '?'}`);
    try {
      const body = await readJson(req, limits.maxBodyBytes, limits.bodyTimeoutMs);
      if (typeof body !== 'object' || body === null) throw invalid('the body must be {tx, stream?}');
      const { tx, stream } = body as { tx?: unknown; stream?: unknown };
      if (typeof tx !== 'string' || !/^([0-9a-f]{2})+$/i.test(tx))
        throw invalid(`'tx' must be the signed transaction in hex`, 'tx');
      if (stream !== undefined && typeof stream !== 'boolean')
        throw invalid(`'stream' must be a boolean`, 'stream');
      const admitted = await options.backend.admitSigned(fromHex(tx.toLowerCase()));
      if (!models().some((m) => m.id === admitted.request.modelId)) {
        options.backend.abandon(admitted);
        throw new ApiError(404, 'not_found_error', 'model_not_found', 'this node does not serve the model', {
          param: 'tx',
        });
      }
      await execute(res, admitted, { head: null, stream: stream === true, includeUsage: true });
    } finally {
      leave();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const only = (m: string): void => {
      if (method !== m)
        throw new ApiError(405, 'invalid_request_error', 'method_not_allowed', `${method} ${path}: use ${m}`);
    };
    if (path === '/v1/models') {
      only('GET');
      authenticate(req);
      const created = Math.floor(Date.now() / 1000);
      sendJson(res, 200, {
        object: 'list',
        data: models().map((m) => ({
          id: m.name,
          object: 'model',
          created,
          owned_by: 'funai',
          funai: { modelId: m.id },
        })),
      });
      return;
    }
    if (path.startsWith('/v1/models/')) {
      only('GET');
      authenticate(req);
      const m = resolveModel(decodeURIComponent(path.slice('/v1/models/'.length)));
      sendJson(res, 200, {
        id: m.name,
        object: 'model',
        created: 0,
        owned_by: 'funai',
        funai: { modelId: m.id },
      });
      return;
    }
    if (path === '/v1/chat/completions') {
      only('POST');
      return openaiGeneration(req, res, 'chat');
    }
    if (path === '/v1/completions') {
      only('POST');
      return openaiGeneration(req, res, 'completion');
    }
    if (path === '/funai/v1/tx') {
      only('POST');
      return nativeSubmit(req, res);
    }
    if (path.startsWith('/funai/v1/tx/')) {
      only('GET');
      const id = path.slice('/funai/v1/tx/'.length).toLowerCase();
      if (!TX_ID.test(id)) throw invalid('a transaction id is 64 hex chars', 'id');
      const lc = lifecycle ? await lifecycle.get(id) : null;
      if (!lc)
        throw new ApiError(404, 'not_found_error', 'tx_not_found', `transaction ${id} is not known here`);
      sendJson(res, 200, lc);
      return;
    }
    if (path.startsWith('/funai/v1/accounts/')) {
      only('GET');
      const principal = decodeURIComponent(path.slice('/funai/v1/accounts/'.length));
      const a = await options.backend.account(principal);
      sendJson(res, 200, {
        principal: a.principal,
        balance: a.balance.toString(),
        nonce: a.nonce.toString(),
      });
      return;
    }
    if (path === '/funai/v1/models') {
      only('GET');
      sendJson(res, 200, {
        models: models().map((m) => {
          const info = options.engine.model(m.id).info;
          return {
            name: m.name,
            id: m.id,
            contextSize: info.contextSize,
            maxOutputTokens: info.maxOutputTokens,
          };
        }),
      });
      return;
    }
    if (path === '/funai/v1/status') {
      only('GET');
      const status = options.status
        ? await options.status()
        : { models: models(), inFlight: inFlight.total, served: counters.served };
      sendJson(res, 200, status);
      return;
    }
    throw new ApiError(404, 'not_found_error', 'unknown_url', `Unknown request URL: ${method} ${path}`);
  }

  const server = createServer(
    { requestTimeout: 0, headersTimeout: 10_000, keepAliveTimeout: 5_000 },
    (req, res) => {
      if (applyCors(req, res, options.corsOrigins === undefined ? '*' : options.corsOrigins)) return;
      route(req, res).catch((e: unknown) => {
        const err = toApiError(e);
        counters.refused++;
        if (err.status >= 500 && err.status !== 503) log.error({ err: e, url: req.url }, 'request failed');
        sendError(res, err);
      });
    },
  ) as ApiServer;
  Object.defineProperty(server, 'apiStats', {
    value: (): ApiStats => ({ inFlight: inFlight.total, ...counters }),
  });
  return server;
}

function nativeResult(
  admitted: AdmittedTx,
  out: { text: string; tokens: number[]; finishReason: string; promptTokens: number },
  receipt: string,
): Record<string, unknown> {
  return {
    id: admitted.id,
    output: { text: out.text, tokens: out.tokens, finishReason: out.finishReason },
    usage: usageOf(out.promptTokens, out.tokens.length),
    receipt,
  };
}
