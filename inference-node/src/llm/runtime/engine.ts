import {
  getLlama,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaLogLevel,
} from 'node-llama-cpp';
import { type Logger, pino } from 'pino';
import { ToleranceRegistry } from '../calibration/registry.js';
import { LlmError } from '../errors.js';
import { chooserFor } from '../generate/chooser.js';
import {
  DEFAULT_PREFILL_CHUNK,
  type GenerateStepsOptions,
  generateOnSequence,
} from '../generate/generate.js';
import { type JudgeVerdict, judgeOnSequence } from '../judge/judge.js';
import { renderJudgePrompt } from '../judge/prompt.js';
import { type ModelFileId, ModelIdCache } from '../model-id/file-id.js';
import { type ReplayVerdict, replayOnSequence } from '../replay/replay.js';
import { PromptRenderer, type RenderedPrompt } from '../request/chat-template.js';
import type { InferenceOutput, InferenceRequest } from '../request/types.js';
import { validateClaim, validateRequest } from '../request/validate.js';
import type { ReplayTolerance } from '../sampling/tolerance.js';
import {
  DEFAULT_VERDICT_POLICY,
  decideVerdict,
  type FinalVerdict,
  type JudgeOutcome,
  needsJudge,
  type ReplayOutcome,
  type VerdictPolicy,
} from '../verdict/policy.js';
import { requestSignal, throwIfAborted } from './abort.js';
import { LoadedModel, type ModelInfo } from './loaded-model.js';
import { ResourcePool } from './pool.js';

export interface LlmEngineOptions {
  /** `auto` (default): a GPU when a prebuilt binary for one works here, else the CPU. */
  gpu?: 'auto' | false;
  logger?: Logger;
  /** Where model ids are cached across restarts (by file size + mtime); memory only when absent. */
  modelIdCacheDir?: string;
  /** Where the models' tolerance profiles are (`<dir>/<modelId>.json`, docs/protocol.md §12.5). */
  toleranceDir?: string;
}

/** Default sequences per context (concurrent requests batched into one context's forward passes). */
export const DEFAULT_SEQUENCES = 4;
/** Default per-request timeout: 10 minutes. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;

/**
 * Default CPU threads per context: 1. Token-by-token decoding on several threads synchronises them at
 * every layer, so a single descheduled thread stalls all: with another process competing for the cores
 * (a producer's machine also runs a ledger node), decoding at all cores collapsed from thousands of
 * tokens/s to ~90 on the tiny model, while one thread degrades only in proportion to the CPU share it
 * gets (`generate-tokens-under-load` in the benchmarks). Parallelism comes from serving several
 * requests at once (sequences, contexts); a dedicated machine serving one large model at a time can
 * set `threads` higher.
 */
export const DEFAULT_THREADS = 1;

export interface LoadModelOptions {
  /** Contexts in the pool. Default 1. */
  contexts?: number;
  /**
   * Sequences per context (default 4): requests a context serves at once, their tokens batched into the
   * same forward passes by node-llama-cpp. Each sequence holds its own `contextSize` of KV cache.
   */
  sequences?: number;
  /** Default min(4096, the model's training context). */
  contextSize?: number;
  /** Default contextSize, so that any replay that fits the context is a single forward pass. */
  batchSize?: number;
  /** CPU threads per context. Default DEFAULT_THREADS (1), see there. */
  threads?: number;
  /** Requests that may wait for a context before `queue-full`. Default 64. */
  maxQueue?: number;
  /** Default contextSize − 1. */
  maxPromptTokens?: number;
  /** Default contextSize − 1. */
  maxOutputTokens?: number;
  /** Layers offloaded to the GPU (`auto` by default; 0 on CPU). */
  gpuLayers?: 'auto' | 'max' | number;
  /** Default per-request timeout in ms (DEFAULT_REQUEST_TIMEOUT_MS; 0: none). */
  requestTimeoutMs?: number;
  /** Prompt tokens per forward pass during prefill, cancellation checked between (default 512). */
  prefillChunk?: number;
}

export interface RequestOptions {
  /** Cancels the request (queued or running): it rejects with `aborted`. */
  signal?: AbortSignal;
  /** Time limit from the call, queueing included (default: the model's `requestTimeoutMs`): `timeout`. */
  timeoutMs?: number;
}

export interface GenerateOptions extends RequestOptions {
  onToken?: (token: number, step: number) => void;
}

export interface GenerationUsage {
  promptTokens: number;
  outputTokens: number;
}

export interface GenerationResult extends InferenceOutput {
  modelId: string;
  promptTokens: number;
  usage: GenerationUsage;
  /** Prompt format the request was rendered with (`gguf-chat-template-v1` or `funai-plain-v1`). */
  promptFormat: string;
}

/**
 * What `generateStream` yields: text deltas as soon as they are safe to send (complete UTF-8, no
 * possible start of a stop string), then the final result. The deltas concatenate to `result.text`.
 */
export type StreamChunk =
  | { type: 'delta'; text: string /** Output tokens so far. */; tokens: number }
  | { type: 'done'; result: GenerationResult };

export interface VerifyOptions extends RequestOptions {
  policy?: VerdictPolicy;
  tolerance?: ReplayTolerance;
  /** Model the judge runs on; default the request's model. */
  judgeModelId?: string;
}

const LLAMA_LEVELS: Record<string, 'error' | 'warn' | 'info' | 'debug' | 'trace'> = {
  disabled: 'trace',
  fatal: 'error',
  error: 'error',
  warn: 'warn',
  info: 'info',
  log: 'info',
  debug: 'debug',
};

/**
 * The LLM engine of the inference node: loads GGUF models from local paths only (it never downloads
 * anything — not models, not binaries: node-llama-cpp runs with `build: 'never'` on its prebuilt
 * binaries), identifies them by model id, and serves generation, replay verification and the judge
 * from a pool of contexts per model with a bounded queue, cancellation and per-request limits.
 */
export class LlmEngine {
  readonly llama: Llama;
  readonly log: Logger;
  private readonly ids: ModelIdCache;
  private readonly loaded = new Map<string, LoadedModel>();
  /** Loads in flight, by model id: two paths to one file (or one path twice) load it once. */
  private readonly loading = new Map<string, Promise<ModelInfo>>();
  private closed = false;

  private readonly tolerances: ToleranceRegistry;

  private constructor(llama: Llama, log: Logger, ids: ModelIdCache, tolerances: ToleranceRegistry) {
    this.tolerances = tolerances;
    this.llama = llama;
    this.log = log;
    this.ids = ids;
  }

  static async create(options: LlmEngineOptions = {}): Promise<LlmEngine> {
    const log = (
      options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2))
    ).child({
      component: 'llm',
    });
    const llama = await getLlama({
      build: 'never',
      skipDownload: true,
      usePrebuiltBinaries: true,
      progressLogs: false,
      gpu: options.gpu ?? 'auto',
      logLevel: 'warn' as LlamaLogLevel,
      logger: (level, message) => {
        const text = message.trim();
        if (text.length > 0) log[LLAMA_LEVELS[level] ?? 'info']({ source: 'llama.cpp' }, text);
      },
    });
    log.info({ gpu: llama.gpu, mathCores: llama.cpuMathCores, build: llama.buildType }, 'llm engine ready');
    return new LlmEngine(
      llama,
      log,
      new ModelIdCache(options.modelIdCacheDir),
      new ToleranceRegistry(options.toleranceDir, log),
    );
  }

  /**
   * Loads a GGUF model from a local path (idempotent per file): computes its model id (hashing the whole
   * file once, then cached by size + mtime), loads it and creates its context pool.
   */
  async loadModel(path: string, options: LoadModelOptions = {}): Promise<ModelInfo> {
    if (this.closed) throw new LlmError('engine-closed');
    const started = performance.now();
    let lastLogged = 0;
    const file = await this.ids.get(path, ({ bytesHashed, totalBytes }) => {
      const pct = Math.floor((100 * bytesHashed) / totalBytes);
      if (pct >= lastLogged + 10 || bytesHashed === totalBytes) {
        lastLogged = pct;
        this.log.info({ path, pct, bytes: bytesHashed }, 'hashing model file');
      }
    });
    // Between hashing and here nothing awaits: the check and the registration below are atomic, so a
    // concurrent load of the same file (by any path) waits for this one instead of loading a copy.
    if (this.closed) throw new LlmError('engine-closed');
    const existing = this.loaded.get(file.id);
    if (existing) return existing.info;
    const pending = this.loading.get(file.id);
    if (pending) return pending;
    const p = this.doLoad(file, options, started).finally(() => this.loading.delete(file.id));
    this.loading.set(file.id, p);
    return p;
  }

  private async doLoad(file: ModelFileId, options: LoadModelOptions, started: number): Promise<ModelInfo> {
    const log = this.log.child({ modelId: file.id });
    log.info({ path: file.path, size: file.size }, 'loading model');
    let lastPct = -25;
    const model = await this.llama
      .loadModel({
        modelPath: file.path,
        gpuLayers: options.gpuLayers ?? 'auto',
        onLoadProgress: (p) => {
          const pct = Math.floor(p * 100);
          if (pct >= lastPct + 25) {
            lastPct = pct;
            log.info({ pct }, 'model load progress');
          }
        },
      })
      .catch((e: unknown) => {
        throw new LlmError('model-load-failed', e instanceof Error ? e.message : String(e));
      });
    const vocabSize = vocabularySize(model);
    const contextSize = options.contextSize ?? Math.min(4096, model.trainContextSize);
    const batchSize = options.batchSize ?? contextSize;
    const threads = options.threads ?? DEFAULT_THREADS;
    const n = options.contexts ?? 1;
    const sequences = options.sequences ?? DEFAULT_SEQUENCES;
    const contexts: LlamaContext[] = [];
    try {
      for (let i = 0; i < n; i++)
        contexts.push(await model.createContext({ contextSize, batchSize, threads, sequences }));
    } catch (e) {
      await Promise.all(contexts.map((c) => c.dispose()));
      await model.dispose();
      throw new LlmError('model-load-failed', e instanceof Error ? e.message : String(e));
    }
    const actualContext = contexts[0]!.contextSize;
    const info: ModelInfo = {
      id: file.id,
      path: file.path,
      size: file.size,
      vocabSize,
      contextSize: actualContext,
      batchSize: contexts[0]!.batchSize,
      maxPromptTokens: Math.min(options.maxPromptTokens ?? actualContext - 1, actualContext - 1),
      maxOutputTokens: Math.min(options.maxOutputTokens ?? actualContext - 1, actualContext - 1),
      contexts: n,
      sequences,
      threads,
      gpuLayers: model.gpuLayers,
      promptFormat: '',
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      prefillChunk: Math.max(1, options.prefillChunk ?? DEFAULT_PREFILL_CHUNK),
    };
    const renderer = PromptRenderer.forModel(model, (why) =>
      log.warn({ why }, "the model's chat template cannot be rendered: using funai-plain-v1"),
    );
    info.promptFormat = renderer.format;
    const pool = new ResourcePool<LlamaContextSequence>(
      contexts.flatMap((c) => Array.from({ length: sequences }, () => c.getSequence())),
      options.maxQueue ?? 64,
    );
    this.loaded.set(file.id, new LoadedModel(info, model, file, contexts, pool, renderer));
    log.info({ ...info, ms: Math.round(performance.now() - started) }, 'model loaded');
    return info;
  }

  /** Loaded models. */
  models(): ModelInfo[] {
    return [...this.loaded.values()].map((m) => m.info);
  }

  /** The loaded model with this id; `unknown-model` otherwise. */
  model(id: string): LoadedModel {
    if (this.closed) throw new LlmError('engine-closed');
    const m = this.loaded.get(id);
    if (!m) throw new LlmError('unknown-model', id);
    return m;
  }

  /** Chunk hashes of a loaded model's file, for serving chunks with proofs. */
  modelFile(id: string): ModelFileId {
    return this.model(id).file;
  }

  /** The request's prompt as its model sees it (§12.3): format, text and tokens, limits not checked. */
  renderPrompt(request: InferenceRequest): RenderedPrompt {
    validateRequest(request);
    return this.model(request.modelId).renderPrompt(request);
  }

  async generate(request: InferenceRequest, options: GenerateOptions = {}): Promise<GenerationResult> {
    return this.runGeneration(request, options, options.onToken ? { onToken: options.onToken } : {});
  }

  /**
   * Streaming generation: text deltas as soon as they are safe to send, then `{ type: 'done', result }`
   * (the same result `generate` gives). Errors (typed `LlmError`s: `invalid-request`, `queue-full`,
   * `timeout`, …) are thrown from the iterator. Leaving the loop early (`break`, `return()`) cancels
   * the request and frees its sequence before `return()` resolves. Generation runs ahead of a slow
   * consumer (its output is bounded by `maxTokens`), so a stalled client never holds a sequence longer
   * than the generation takes.
   */
  async *generateStream(
    request: InferenceRequest,
    options: GenerateOptions = {},
  ): AsyncGenerator<StreamChunk, void, undefined> {
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const queue: StreamChunk[] = [];
    let head = 0;
    let wake: (() => void) | null = null;
    let failed: { error: unknown } | null = null;
    let ended = false;
    const notify = (): void => {
      const w = wake;
      wake = null;
      w?.();
    };
    const run = this.runGeneration(
      request,
      { ...options, signal },
      {
        ...(options.onToken ? { onToken: options.onToken } : {}),
        onDelta: (text, tokens) => {
          queue.push({ type: 'delta', text, tokens });
          notify();
        },
      },
    ).then(
      (result) => {
        queue.push({ type: 'done', result });
      },
      (error: unknown) => {
        failed = { error };
      },
    );
    void run.finally(() => {
      ended = true;
      notify();
    });
    try {
      for (;;) {
        if (head < queue.length) {
          let chunk = queue[head]!;
          queue[head++] = undefined as unknown as StreamChunk;
          // Deltas that piled up while the consumer was busy go out as one.
          while (chunk.type === 'delta' && head < queue.length && queue[head]!.type === 'delta') {
            const next = queue[head]! as Extract<StreamChunk, { type: 'delta' }>;
            queue[head++] = undefined as unknown as StreamChunk;
            chunk = { type: 'delta', text: chunk.text + next.text, tokens: next.tokens };
          }
          yield chunk;
          if (chunk.type === 'done') return;
          continue;
        }
        if (failed) throw (failed as { error: unknown }).error;
        if (ended) return;
        await new Promise<void>((r) => (wake = r));
      }
    } finally {
      if (!ended) {
        stop.abort(new LlmError('aborted', 'stream closed by the consumer'));
        await run;
      }
    }
  }

  private async runGeneration(
    request: InferenceRequest,
    options: RequestOptions,
    steps: Pick<GenerateStepsOptions, 'onToken' | 'onDelta'>,
  ): Promise<GenerationResult> {
    validateRequest(request);
    const m = this.model(request.modelId);
    const prompt = m.requestTokens(request);
    const started = performance.now();
    const { signal, dispose } = requestSignal(options.signal, options.timeoutMs ?? m.info.requestTimeoutMs);
    try {
      const out = await m.pool.run(
        (seq) =>
          generateOnSequence(
            seq,
            m,
            prompt,
            request.maxTokens,
            request.stop,
            chooserFor(request.sampling, m.info.vocabSize, request.modelId),
            { ...steps, ...(signal ? { signal } : {}), prefillChunk: m.info.prefillChunk },
          ),
        signal,
      );
      this.log.debug(
        {
          modelId: m.info.id,
          promptTokens: prompt.length,
          tokens: out.tokens.length,
          finish: out.finishReason,
          ms: ms(started),
        },
        'generated',
      );
      return {
        ...out,
        modelId: m.info.id,
        promptTokens: prompt.length,
        usage: { promptTokens: prompt.length, outputTokens: out.tokens.length },
        promptFormat: m.info.promptFormat,
      };
    } finally {
      dispose();
    }
  }

  /**
   * Replay verification of a claimed output (docs/protocol.md §12.5). Malformed claims throw
   * (`invalid-tokens`, `output-too-long`); well-formed ones get a verdict.
   */
  async replay(
    request: InferenceRequest,
    output: InferenceOutput,
    options: RequestOptions & { tolerance?: ReplayTolerance } = {},
  ): Promise<ReplayVerdict> {
    validateRequest(request);
    const m = this.model(request.modelId);
    validateClaim(output, m.info.vocabSize, request.maxTokens);
    const prompt = m.requestTokens(request);
    const tolerance = options.tolerance ?? (await this.tolerances.get(m.info.id));
    const started = performance.now();
    const { signal, dispose } = requestSignal(options.signal, options.timeoutMs ?? m.info.requestTimeoutMs);
    const verdict = await m.pool
      .run((seq) => {
        throwIfAborted(signal, 'before replay');
        return replayOnSequence(seq, m, m.info.vocabSize, request, prompt, output, tolerance, { signal });
      }, signal)
      .finally(dispose);
    this.log.debug(
      { modelId: m.info.id, ok: verdict.ok, failure: verdict.failure, ms: ms(started) },
      'replayed',
    );
    return verdict;
  }

  /** The LLM judge (docs/protocol.md §12.6) on the request's model, or on `modelId`. */
  async judge(
    request: InferenceRequest,
    output: Pick<InferenceOutput, 'text'>,
    options: RequestOptions & { modelId?: string } = {},
  ): Promise<JudgeVerdict> {
    validateRequest(request);
    if (typeof output?.text !== 'string')
      throw new LlmError('invalid-request', 'output.text must be a string');
    const m = this.model(options.modelId ?? request.modelId);
    const answers = m.answerTokens();
    const prompt = m.tokenizePrompt(renderJudgePrompt(request.prompt, output.text));
    if (prompt.length > m.info.contextSize)
      throw new LlmError(
        'prompt-too-long',
        `judge prompt of ${prompt.length} tokens > context ${m.info.contextSize}`,
      );
    const started = performance.now();
    const { signal, dispose } = requestSignal(options.signal, options.timeoutMs ?? m.info.requestTimeoutMs);
    const verdict = await m.pool
      .run((seq) => {
        throwIfAborted(signal, 'before judging');
        return judgeOnSequence(seq, prompt, answers);
      }, signal)
      .finally(dispose);
    this.log.debug(
      { modelId: m.info.id, faithful: verdict.faithful, score: verdict.score, ms: ms(started) },
      'judged',
    );
    return verdict;
  }

  /** Replay and judge under a verdict policy; both results are reported. */
  async verify(
    request: InferenceRequest,
    output: InferenceOutput,
    options: VerifyOptions = {},
  ): Promise<FinalVerdict> {
    validateRequest(request);
    const policy = options.policy ?? DEFAULT_VERDICT_POLICY;
    let replay: ReplayOutcome;
    try {
      replay = { status: 'replayed', verdict: await this.replay(request, output, options) };
    } catch (e) {
      if (
        !(e instanceof LlmError) ||
        e.reason === 'aborted' ||
        e.reason === 'timeout' ||
        e.reason === 'queue-full' ||
        e.reason === 'engine-closed'
      )
        throw e;
      // A malformed claim is the producer's fault; a request beyond this node's model or limits is not.
      const malformed = e.reason === 'invalid-tokens' || e.reason === 'output-too-long';
      replay = { status: malformed ? 'rejected' : 'not-replayable', reason: e.reason, detail: e.detail };
    }
    let judge: JudgeOutcome = { status: 'skipped' };
    if (needsJudge(replay, policy)) {
      try {
        const opts = options.judgeModelId ? { ...options, modelId: options.judgeModelId } : options;
        judge = { status: 'judged', verdict: await this.judge(request, output, opts) };
      } catch (e) {
        if (
          !(e instanceof LlmError) ||
          e.reason === 'aborted' ||
          e.reason === 'timeout' ||
          e.reason === 'queue-full' ||
          e.reason === 'engine-closed'
        )
          throw e;
        judge = { status: 'failed', reason: e.reason, detail: e.detail };
      }
    }
    return decideVerdict(replay, judge, policy);
  }

  async unloadModel(id: string): Promise<void> {
    await this.unload(this.model(id));
  }

  private async unload(m: LoadedModel): Promise<void> {
    this.loaded.delete(m.info.id);
    await m.pool.close();
    await Promise.all(m.contexts.map((c) => c.dispose()));
    await m.model.dispose();
    this.log.info({ modelId: m.info.id }, 'model unloaded');
  }

  /**
   * Refuses new loads and requests, rejects queued requests, waits for running ones and for loads in
   * flight, and frees every model.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.loading.size > 0) await Promise.allSettled([...this.loading.values()]);
    for (const m of [...this.loaded.values()]) await this.unload(m);
    await this.llama.dispose();
  }
}

function ms(since: number): number {
  return Math.round(performance.now() - since);
}

/** Vocabulary size from the file's token list, as llama.cpp reads it. */
function vocabularySize(model: { fileInfo: { metadata: unknown } }): number {
  const md = model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: unknown[] } } };
  const n = md.tokenizer?.ggml?.tokens?.length;
  if (!n) throw new LlmError('model-load-failed', 'model has no tokenizer.ggml.tokens');
  return n;
}
