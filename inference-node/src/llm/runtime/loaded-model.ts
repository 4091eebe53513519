import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { LlmError } from '../errors.js';
import type { Detokenizer } from '../generate/stop.js';
import { type AnswerTokens, answerTokens } from '../judge/judge.js';
import type { ModelFileId } from '../model-id/file-id.js';
import type { PromptRenderer, RenderedPrompt } from '../request/chat-template.js';
import type { InferenceRequest } from '../request/types.js';
import type { ResourcePool } from './pool.js';

/** A loaded model as callers see it. */
export interface ModelInfo {
  id: string;
  path: string;
  size: number;
  vocabSize: number;
  /** Tokens a sequence holds: prompt + output must fit. */
  contextSize: number;
  /** Tokens per forward pass; replay is one pass when prompt + output fit. */
  batchSize: number;
  maxPromptTokens: number;
  maxOutputTokens: number;
  contexts: number;
  /** Sequences per context: requests one context serves at once, batched into shared forward passes. */
  sequences: number;
  threads: number;
  /** Prompt format: the model's own chat template (`gguf-chat-template-v1`) or `funai-plain-v1`. */
  promptFormat: string;
  /** Default per-request timeout (ms; 0: none). */
  requestTimeoutMs: number;
  /** Prompt tokens per forward pass during prefill (cancellation is checked between). */
  prefillChunk: number;
  gpuLayers: number;
}

/** A model, its context pool and its vocabulary helpers. */
export class LoadedModel implements Detokenizer {
  readonly info: ModelInfo;
  readonly model: LlamaModel;
  readonly file: ModelFileId;
  readonly pool: ResourcePool<LlamaContextSequence>;
  readonly contexts: readonly LlamaContext[];
  readonly renderer: PromptRenderer;
  private answers: AnswerTokens | undefined;

  constructor(
    info: ModelInfo,
    model: LlamaModel,
    file: ModelFileId,
    contexts: readonly LlamaContext[],
    pool: ResourcePool<LlamaContextSequence>,
    renderer: PromptRenderer,
  ) {
    this.info = info;
    this.model = model;
    this.file = file;
    this.contexts = contexts;
    this.pool = pool;
    this.renderer = renderer;
  }

  detokenize(tokens: readonly number[]): string {
    return this.model.detokenize(tokens as readonly Token[], false);
  }

  isEog(token: number): boolean {
    return this.model.isEogToken(token as Token);
  }

  /** Plain-text tokenization: special-token syntax in the text stays text. */
  tokenizeText(text: string): number[] {
    return this.model.tokenize(text, false);
  }

  /** A prompt's tokens: the model's BOS token (when it asks for one), then the text. */
  tokenizePrompt(text: string): number[] {
    const bos = this.model.tokens.bos;
    const body = this.tokenizeText(text);
    return this.model.tokens.shouldPrependBosToken && bos !== null ? [bos, ...body] : body;
  }

  answerTokens(): AnswerTokens {
    this.answers ??= answerTokens((t) => this.tokenizeText(t));
    return this.answers;
  }

  /**
   * The request's prompt rendered for this model (its chat template, or `funai-plain-v1`): the one
   * function generation and replay both use (docs/protocol.md §12.3).
   */
  renderPrompt(request: Pick<InferenceRequest, 'prompt'>): RenderedPrompt {
    return this.renderer.render(request.prompt);
  }

  /** The request's prompt tokens, after checking the request against this model's limits. */
  requestTokens(request: InferenceRequest): number[] {
    const { maxPromptTokens, maxOutputTokens, contextSize } = this.info;
    if (request.maxTokens > maxOutputTokens)
      throw new LlmError('max-tokens-exceeded', `maxTokens ${request.maxTokens} > ${maxOutputTokens}`);
    const tokens = this.renderPrompt(request).tokens;
    if (tokens.length > maxPromptTokens)
      throw new LlmError('prompt-too-long', `${tokens.length} prompt tokens > ${maxPromptTokens}`);
    if (tokens.length + request.maxTokens > contextSize)
      throw new LlmError(
        'prompt-too-long',
        `${tokens.length} prompt tokens + ${request.maxTokens} output tokens > context ${contextSize}`,
      );
    return tokens;
  }
}
