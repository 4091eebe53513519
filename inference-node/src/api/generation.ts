import type { InferenceRequest } from '../llm/request/types.js';
import type { GenerationResult, LlmEngine } from '../llm/runtime/engine.js';

/**
 * The one place the API meets the engine's generation: a stream of text deltas whose concatenation is
 * always the final text, then the whole result. Everything else in the API goes through `TextGenerator`,
 * so moving to the engine's own `generateStream` (issue 22) changes this file only.
 */
export interface TextStream extends AsyncIterable<string> {
  /** Settles when generation ends (also when it fails or is aborted). */
  readonly result: Promise<GenerationResult>;
}

export interface TextGenerator {
  stream(request: InferenceRequest, options: { signal?: AbortSignal }): TextStream;
}

/** What the API needs of the engine: generation with a per-token callback and the model's detokenizer. */
export type StreamingEngine = Pick<LlmEngine, 'generate' | 'model'>;

/**
 * Streams through `engine.generate`'s per-token callback, detokenizing on the consumer's pull (so several
 * tokens produced between two pulls cost one detokenization). A delta never ends inside a multi-byte
 * character (a trailing U+FFFD is held back until the bytes complete it) nor with the beginning of a stop
 * string (held back until the stop string is ruled out), so no delta ever has to be taken back.
 */
export function engineTextGenerator(engine: StreamingEngine): TextGenerator {
  return {
    stream(request, { signal }) {
      const model = engine.model(request.modelId);
      const tokens: number[] = [];
      let wake: (() => void) | null = null;
      const notify = (): void => {
        const w = wake;
        wake = null;
        w?.();
      };
      let done = false;
      const result = engine
        .generate(request, {
          ...(signal ? { signal } : {}),
          onToken: (t) => {
            tokens.push(t);
            notify();
          },
        })
        .finally(() => {
          done = true;
          notify();
        });
      // The iterator reports the failure; an unobserved `result` must not be an unhandled rejection.
      result.catch(() => {});
      const stops = request.stop;
      async function* deltas(): AsyncGenerator<string> {
        let emitted = '';
        let seen = 0;
        while (!done) {
          if (tokens.length === seen) {
            await new Promise<void>((r) => {
              wake = r;
            });
            continue;
          }
          seen = tokens.length;
          const text = model.detokenize(tokens);
          const safe = text.slice(0, safeLength(text, stops));
          if (safe.length > emitted.length && safe.startsWith(emitted)) {
            yield safe.slice(emitted.length);
            emitted = safe;
          }
        }
        const final = (await result).text;
        // The held-back tail; `final` starts with every safe prefix (detokenization is prefix-stable).
        if (final.length > emitted.length) yield final.slice(emitted.length);
      }
      return { result, [Symbol.asyncIterator]: deltas };
    },
  };
}

/**
 * How much of the text so far can be sent: not past the first stop string, not into a suffix that
 * begins a stop string, not into trailing U+FFFD (an incomplete UTF-8 sequence that later bytes may finish).
 */
export function safeLength(text: string, stops: readonly string[]): number {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0xfffd) end--;
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at >= 0 && at < end) end = at;
    for (let k = Math.min(s.length - 1, text.length); k > 0; k--) {
      if (text.endsWith(s.slice(0, k))) {
        end = Math.min(end, text.length - k);
        break;
      }
    }
  }
  return end;
}
