/**
 * An inference request fixes everything that determines its output (docs/protocol.md §12.3): the model
 * (by model id), the prompt, the output budget, the stop rules and the sampling parameters. Nothing is
 * left to a node's defaults, so any node holding the model can recompute or check the output.
 */

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface Prompt {
  /** May be empty: the system line is then left out. */
  system: string;
  /** Earlier turns, oldest first. */
  messages: readonly ChatMessage[];
  /** The user's new input. */
  input: string;
}

/** Greedy: the highest logit wins (ties: lowest token id). */
export interface GreedySampling {
  mode: 'greedy';
}

/** Temperature / top-k / top-p sampling driven by the keyed draw of (seed, step). */
export interface SeededSampling {
  mode: 'seeded';
  /** In (0, MAX_TEMPERATURE]. */
  temperature: number;
  /** In [1, MAX_TOP_K]; always in effect, so a verifier only ever needs the top logits. */
  topK: number;
  /** In (0, 1]; 1 disables nucleus truncation. */
  topP: number;
  /** An integer in [0, 2^53 - 1]. */
  seed: number;
}

export type Sampling = GreedySampling | SeededSampling;

export interface InferenceRequest {
  /** The model id: 64 lowercase hex characters (docs/protocol.md §12.1). */
  modelId: string;
  prompt: Prompt;
  /** At least 1. */
  maxTokens: number;
  /** Stop strings (may be empty); generation also stops on the model's end-of-generation tokens. */
  stop: readonly string[];
  sampling: Sampling;
}

/**
 * - `stop-token`: the last token is an end-of-generation token of the model;
 * - `stop-string`: the last token completed a stop string;
 * - `length`: exactly `maxTokens` tokens, no stop before.
 */
export type FinishReason = 'stop-token' | 'stop-string' | 'length';

export const FINISH_REASONS: readonly FinishReason[] = ['stop-token', 'stop-string', 'length'];

/** What a producer returns and a verifier checks. */
export interface InferenceOutput {
  tokens: number[];
  /** The text of the tokens (cut before the stop string for `stop-string`). */
  text: string;
  finishReason: FinishReason;
}
