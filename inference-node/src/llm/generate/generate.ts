import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { LlmError } from '../errors.js';
import type { InferenceOutput } from '../request/types.js';
import { evaluateNext } from '../runtime/evaluate.js';
import { greedyChooser, type TokenChooser } from './chooser.js';
import { type Detokenizer, outputText, StopDetector } from './stop.js';

export interface GenerateStepsOptions {
  signal?: AbortSignal;
  /** Called with each token as it is chosen (streaming). */
  onToken?: (token: number, step: number) => void;
}

/**
 * The generation loop on a fresh sequence: evaluate the prompt, then one token per step, reading after
 * each step what the chooser needs, until a stop rule fires or `maxTokens` tokens are out. The last
 * token is never evaluated (nothing follows it). Cancellation is checked between steps. Greedy runs on
 * node-llama-cpp's own token loop (the same greedy sampler, without a controlled evaluation per step).
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
  await seq.clearHistory();
  if (chooser === greedyChooser) return greedyOnSequence(seq, vocab, promptTokens, maxTokens, stops, options);
  const detector = new StopDetector(vocab, stops);
  const tokens: number[] = [];
  let input: readonly number[] = promptTokens;
  for (let step = 0; step < maxTokens; step++) {
    if (options.signal?.aborted) throw new LlmError('aborted', `after ${step} tokens`);
    const next = await evaluateNext(seq, input, chooser.need(step));
    const token = chooser.choose(step, next);
    tokens.push(token);
    options.onToken?.(token, step);
    const stop = detector.push(token);
    if (stop !== null) return { tokens, text: outputText(tokens, stop, vocab, stops), finishReason: stop };
    input = [token];
  }
  return { tokens, text: outputText(tokens, 'length', vocab, stops), finishReason: 'length' };
}

async function greedyOnSequence(
  seq: LlamaContextSequence,
  vocab: Detokenizer,
  promptTokens: readonly number[],
  maxTokens: number,
  stops: readonly string[],
  options: GenerateStepsOptions,
): Promise<InferenceOutput> {
  const detector = new StopDetector(vocab, stops);
  const tokens: number[] = [];
  // No sampling option: node-llama-cpp's chain is its bare greedy sampler, with no repeat penalty.
  for await (const token of seq.evaluate(promptTokens as Token[], { yieldEogToken: true })) {
    tokens.push(token);
    options.onToken?.(token, tokens.length - 1);
    const stop = detector.push(token);
    if (stop !== null) return { tokens, text: outputText(tokens, stop, vocab, stops), finishReason: stop };
    if (tokens.length === maxTokens) break;
    if (options.signal?.aborted) throw new LlmError('aborted', `after ${tokens.length} tokens`);
  }
  return { tokens, text: outputText(tokens, 'length', vocab, stops), finishReason: 'length' };
}
