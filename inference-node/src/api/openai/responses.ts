import type { FinishReason } from '../../llm/request/types.js';

/** Response bodies and stream chunks in OpenAI's shapes, plus the `funai` field (§17.2). */

export type Endpoint = 'chat' | 'completion';

export interface FunaiField {
  tx: string;
  receipt: string | null;
  modelId: string;
  seed: number | null;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export const openaiFinish = (f: FinishReason): 'stop' | 'length' => (f === 'length' ? 'length' : 'stop');

export const usageOf = (promptTokens: number, outputTokens: number): Usage => ({
  prompt_tokens: promptTokens,
  completion_tokens: outputTokens,
  total_tokens: promptTokens + outputTokens,
});

export interface ResponseHead {
  kind: Endpoint;
  id: string;
  created: number;
  model: string;
  fingerprint: string;
}

const object = (h: ResponseHead, chunk: boolean): string =>
  h.kind === 'chat' ? (chunk ? 'chat.completion.chunk' : 'chat.completion') : 'text_completion';

export function completionBody(
  h: ResponseHead,
  text: string,
  finish: FinishReason,
  usage: Usage,
  funai: FunaiField,
): Record<string, unknown> {
  const choice =
    h.kind === 'chat'
      ? {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null },
          logprobs: null,
          finish_reason: openaiFinish(finish),
        }
      : { index: 0, text, logprobs: null, finish_reason: openaiFinish(finish) };
  return {
    id: h.id,
    object: object(h, false),
    created: h.created,
    model: h.model,
    system_fingerprint: h.fingerprint,
    choices: [choice],
    usage,
    funai,
  };
}

function chunk(
  h: ResponseHead,
  choices: unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: h.id,
    object: object(h, true),
    created: h.created,
    model: h.model,
    system_fingerprint: h.fingerprint,
    choices,
    ...extra,
  };
}

/** The first chat chunk carries the role (OpenAI sends it with empty content). */
export function roleChunk(h: ResponseHead): Record<string, unknown> {
  return chunk(h, [
    { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
  ]);
}

export function deltaChunk(h: ResponseHead, text: string): Record<string, unknown> {
  return chunk(h, [
    h.kind === 'chat'
      ? { index: 0, delta: { content: text }, logprobs: null, finish_reason: null }
      : { index: 0, text, logprobs: null, finish_reason: null },
  ]);
}

export function finishChunk(
  h: ResponseHead,
  finish: FinishReason,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return chunk(
    h,
    [
      h.kind === 'chat'
        ? { index: 0, delta: {}, logprobs: null, finish_reason: openaiFinish(finish) }
        : { index: 0, text: '', logprobs: null, finish_reason: openaiFinish(finish) },
    ],
    extra,
  );
}

/** `stream_options.include_usage`: a last chunk with no choices and the usage. */
export function usageChunk(
  h: ResponseHead,
  usage: Usage,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return chunk(h, [], { usage, ...extra });
}
