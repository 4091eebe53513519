import type { InferenceRequest } from '../llm/request/types.js';
import type { GenerationResult, LlmEngine, StreamChunk } from '../llm/runtime/engine.js';

/**
 * The one place the API meets the engine's generation: whole results, or text deltas (UTF-8-safe, stop
 * strings held back, concatenating to the final text) followed by the result. The engine's own
 * `generate` / `generateStream` are exactly this; tests and a daemon may put something in between.
 */
export interface TextGenerator {
  generate(request: InferenceRequest, options: { signal?: AbortSignal }): Promise<GenerationResult>;
  /** Leaving the iteration early cancels the generation and frees its sequence. */
  stream(request: InferenceRequest, options: { signal?: AbortSignal }): AsyncIterable<StreamChunk>;
}

/** What the API needs of the engine: generation, and each model's limits. */
export type StreamingEngine = Pick<LlmEngine, 'generate' | 'generateStream' | 'model'>;

export function engineTextGenerator(engine: StreamingEngine): TextGenerator {
  return {
    generate: (request, options) => engine.generate(request, options),
    stream: (request, options) => engine.generateStream(request, options),
  };
}
