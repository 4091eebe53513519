import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import type { FinishReason, InferenceOutput } from '../request/types.js';
import { throwIfAborted } from '../runtime/abort.js';
import { evaluateNext } from '../runtime/evaluate.js';
import { greedyChooser, type TokenChooser } from './chooser.js';
import { cutAtStop, DeltaEmitter, type Detokenizer, StopDetector } from './stop.js';

/** Prompt tokens evaluated per forward pass before the first output token (cancellation between). */
export const DEFAULT_PREFILL_CHUNK = 512;

export interface GenerateStepsOptions {
  /** Checked between prefill chunks and between output tokens; its `reason` is thrown when an LlmError. */
  signal?: AbortSignal;
  /** Called with each token as it is chosen. */
  onToken?: (token: number, step: number) => void;
  /**
   * Called with text as soon as it is safe to send (UTF-8 complete, not the start of a possible stop
   * string), and once more at the end with the rest of the final text; the deltas concatenate to
   * exactly the output's text.
   */
  onDelta?: (delta: string, tokens: number) => void;
  /** Prompt tokens per forward pass during prefill (default 512). */
  prefillChunk?: number;
}

/**
 * The generation loop on a fresh sequence: evaluate the prompt (in chunks of `prefillChunk` tokens, the
 * last chunk together with the first step), then one token per step, reading after each step what the
 * chooser needs, until a stop rule fires or `maxTokens` tokens are out. The last token is never
 * evaluated (nothing follows it). Cancellation is checked between prefill chunks and between steps.
 * Greedy runs on node-llama-cpp's own token loop (the same greedy sampler, without a controlled
 * evaluation per step).
 */
export async function generateOnSequence(
  seq: LlamaContextSequence,
  vocab: Detokenizer,
  promptTokens: readonly number[],
  maxTokens: number,
  stops: readonly string[],
  chooser: TokenChooser,
  options: GenerateStepsOptions = {},
): Promise<InferenceOutput> {
  const { signal } = options;
  throwIfAborted(signal, 'before start');
  await seq.clearHistory();
  const chunk = Math.max(1, options.prefillChunk ?? DEFAULT_PREFILL_CHUNK);
  let done = 0;
  while (promptTokens.length - done > chunk) {
    await seq.evaluateWithoutGeneratingNewTokens(promptTokens.slice(done, done + chunk) as Token[]);
    done += chunk;
    throwIfAborted(signal, `during prefill, after ${done} prompt tokens`);
  }
  const input = promptTokens.slice(done);
  const output = new OutputAssembler(vocab, maxTokens, stops, options);
  const take = (token: number): FinishReason | null => output.push(token);
  const finish = (reason: FinishReason): InferenceOutput => output.finish(reason);
  const tokens = output.tokens;

  if (chooser === greedyChooser) {
    // No sampling option: node-llama-cpp's chain is its bare greedy sampler, with no repeat penalty.
    for await (const token of seq.evaluate(input as Token[], { yieldEogToken: true })) {
      const reason = take(token);
      if (reason !== null) return finish(reason);
      throwIfAborted(signal, `after ${tokens.length} tokens`);
    }
    throw new Error('node-llama-cpp ended generation before a stop rule');
  }
  let next: readonly number[] = input;
  for (let step = 0; ; step++) {
    const out = await evaluateNext(seq, next, chooser.need(step));
    const token = chooser.choose(step, out);
    const reason = take(token);
    if (reason !== null) return finish(reason);
    throwIfAborted(signal, `after ${tokens.length} tokens`);
    next = [token];
  }
}

/**
 * An output as it is generated, token by token: applies the stop rules (§12.3) incrementally and, with
 * `onDelta`, hands out the text as it becomes safe to stream. Pure (no model calls beyond detokenizing),
 * so the generation loop and the tests share it.
 */
export class OutputAssembler {
  readonly tokens: number[] = [];
  private readonly vocab: Detokenizer;
  private readonly detector: StopDetector;
  private readonly emitter: DeltaEmitter | null;
  private readonly maxTokens: number;
  private readonly stops: readonly string[];
  private readonly onToken: ((token: number, step: number) => void) | undefined;
  private readonly onDelta: ((delta: string, tokens: number) => void) | undefined;

  constructor(
    vocab: Detokenizer,
    maxTokens: number,
    stops: readonly string[],
    hooks: Pick<GenerateStepsOptions, 'onToken' | 'onDelta'> = {},
  ) {
    this.vocab = vocab;
    this.maxTokens = maxTokens;
    this.stops = stops;
    this.detector = new StopDetector(vocab, stops);
    this.emitter = hooks.onDelta ? new DeltaEmitter(this.detector.text, stops) : null;
    this.onToken = hooks.onToken;
    this.onDelta = hooks.onDelta;
  }

  /** Records the next token; returns the finish reason if it ends the output. */
  push(token: number): FinishReason | null {
    this.tokens.push(token);
    this.onToken?.(token, this.tokens.length - 1);
    const stop = this.detector.push(token);
    if (stop !== null) return stop;
    if (this.tokens.length === this.maxTokens) return 'length';
    if (this.emitter) {
      const delta = this.emitter.next();
      if (delta !== '') this.onDelta!(delta, this.tokens.length);
    }
    return null;
  }

  /** The output, ending for `reason`; the last delta is the rest of its text. */
  finish(reason: FinishReason): InferenceOutput {
    // The protocol's text is the detokenization of all the tokens: read once, whole, at the end (the
    // incremental text is the same for llama.cpp's concatenative detokenizers; this does not rely on it).
    const text = cutAtStop(this.vocab.detokenize(this.tokens), reason, this.stops);
    if (this.emitter) {
      const rest = this.emitter.finish(text);
      if (rest !== '') this.onDelta!(rest, this.tokens.length);
    }
    return { tokens: this.tokens, text, finishReason: reason };
  }
}
