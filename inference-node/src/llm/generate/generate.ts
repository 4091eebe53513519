import type { LlamaContextSequence } from 'node-llama-cpp';
import { LlmError } from '../errors.js';
import type { InferenceOutput } from '../request/types.js';
import { evaluateNext } from '../runtime/evaluate.js';
import type { TokenChooser } from './chooser.js';
import { type Detokenizer, outputText, StopDetector } from './stop.js';

export interface GenerateStepsOptions {
  signal?: AbortSignal;
  /** Called with each token as it is chosen (streaming). */
  onToken?: (token: number, step: number) => void;
}

/**
 * The generation loop on a fresh sequence: evaluate the prompt, then one token per step, reading after
 * each step what the chooser needs, until a stop rule fires or `maxTokens` tokens are out. The last
 * token is never evaluated (nothing follows it). Cancellation is checked between steps.
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
