import { MAX_STOP_STRINGS, MAX_TEMPERATURE, MAX_TOP_K } from '../../llm/request/limits.js';
import type { ChatMessage, Prompt } from '../../llm/request/types.js';
import { invalid } from '../errors.js';

/**
 * OpenAI request bodies read into what an inference transaction needs (docs/protocol.md §17.2). Fields
 * that the protocol has no meaning for are refused by name rather than silently ignored when they would
 * change the output (penalties, logit bias, tools, n > 1); fields that only affect bookkeeping (`user`,
 * `metadata`, `store`) are ignored.
 */
export interface ParsedGeneration {
  model: string;
  prompt: Prompt;
  /** null: the node's default. */
  maxTokens: number | null;
  /** 0 means greedy. */
  temperature: number;
  topP: number;
  topK: number;
  /** null: derived from the transaction (coord rule, §17.2). */
  seed: number | null;
  stop: string[];
  stream: boolean;
  includeUsage: boolean;
}

/** OpenAI's default temperature and top_p, and llama.cpp's default top_k (OpenAI has none). */
export const DEFAULT_TEMPERATURE = 1;
export const DEFAULT_TOP_P = 1;
export const DEFAULT_TOP_K = 40;

type Json = Record<string, unknown>;

function obj(v: unknown, what: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`${what} must be an object`);
  return v as Json;
}

function str(b: Json, key: string): string {
  const v = b[key];
  if (typeof v !== 'string') throw invalid(`'${key}' must be a string`, key);
  return v;
}

const absent = (v: unknown): boolean => v === undefined || v === null;

function optInt(b: Json, key: string, min: number, max: number): number | null {
  const v = b[key];
  if (absent(v)) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
    throw invalid(`'${key}' must be an integer in [${min}, ${max}]`, key);
  return v;
}

function optNum(b: Json, key: string, ok: (x: number) => boolean, range: string): number | null {
  const v = b[key];
  if (absent(v)) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v))
    throw invalid(`'${key}' must be in ${range}`, key);
  return v;
}

function optBool(b: Json, key: string): boolean {
  const v = b[key];
  if (absent(v)) return false;
  if (typeof v !== 'boolean') throw invalid(`'${key}' must be a boolean`, key);
  return v;
}

/** Refuses a field whose only supported value is its neutral one. */
function neutral(b: Json, key: string, isNeutral: (v: unknown) => boolean, why: string): void {
  const v = b[key];
  if (!absent(v) && !isNeutral(v))
    throw invalid(`'${key}' is not supported: ${why}`, key, 'unsupported_parameter');
}

function common(b: Json, maxTokensKeys: readonly string[]): Omit<ParsedGeneration, 'model' | 'prompt'> {
  if (!absent(b.n) && b.n !== 1)
    throw invalid(
      `'n' must be 1: one completion per request (one transaction)`,
      'n',
      'unsupported_parameter',
    );
  let maxTokens: number | null = null;
  for (const k of maxTokensKeys) maxTokens ??= optInt(b, k, 1, Number.MAX_SAFE_INTEGER);
  const temperature = optNum(
    b,
    'temperature',
    (x) => x >= 0 && x <= MAX_TEMPERATURE,
    `[0, ${MAX_TEMPERATURE}]`,
  );
  const topP = optNum(b, 'top_p', (x) => x > 0 && x <= 1, '(0, 1]');
  const topK = optInt(b, 'top_k', 1, MAX_TOP_K);
  const seed = optInt(b, 'seed', 0, Number.MAX_SAFE_INTEGER);
  let stop: string[] = [];
  const s = b.stop;
  if (typeof s === 'string') stop = [s];
  else if (Array.isArray(s)) {
    if (s.length > MAX_STOP_STRINGS || !s.every((x) => typeof x === 'string'))
      throw invalid(`'stop' must be a string or at most ${MAX_STOP_STRINGS} strings`, 'stop');
    stop = s as string[];
  } else if (!absent(s)) throw invalid(`'stop' must be a string or an array of strings`, 'stop');
  const stream = optBool(b, 'stream');
  let includeUsage = false;
  if (!absent(b.stream_options)) {
    const so = obj(b.stream_options, "'stream_options'");
    if (!stream) throw invalid(`'stream_options' is only allowed with 'stream': true`, 'stream_options');
    includeUsage = optBool(so, 'include_usage');
  }
  const zero = (v: unknown): boolean => v === 0;
  neutral(b, 'frequency_penalty', zero, 'the protocol has no penalties (docs/protocol.md §12.3)');
  neutral(b, 'presence_penalty', zero, 'the protocol has no penalties (docs/protocol.md §12.3)');
  neutral(
    b,
    'logit_bias',
    (v) => typeof v === 'object' && v !== null && Object.keys(v).length === 0,
    'the protocol has no logit bias',
  );
  neutral(b, 'logprobs', (v) => v === false || v === 0, 'this engine does not report log-probabilities');
  neutral(b, 'top_logprobs', zero, 'this engine does not report log-probabilities');
  return {
    maxTokens,
    temperature: temperature ?? DEFAULT_TEMPERATURE,
    topP: topP ?? DEFAULT_TOP_P,
    topK: topK ?? DEFAULT_TOP_K,
    seed,
    stop,
    stream,
    includeUsage,
  };
}

function messageText(m: Json, i: number): string {
  const c = m.content;
  if (typeof c === 'string') return c;
  // Content parts: text parts only, joined (as OpenAI does for system and assistant messages).
  if (Array.isArray(c)) {
    return c
      .map((p, j) => {
        const part = obj(p, `messages[${i}].content[${j}]`);
        if (part.type !== 'text' || typeof part.text !== 'string')
          throw invalid(`messages[${i}].content[${j}]: only text parts are supported`, 'messages');
        return part.text;
      })
      .join('');
  }
  throw invalid(`messages[${i}].content must be a string or text parts`, 'messages');
}

/**
 * Chat messages → prompt: leading `system`/`developer` messages joined by a blank line are the system
 * prompt; the last message must be `user` and is the input; the messages between (user/assistant) are
 * the context. A system message after the conversation started is refused (its place would be lost).
 */
export function chatPrompt(messages: unknown): Prompt {
  if (!Array.isArray(messages) || messages.length === 0)
    throw invalid(`'messages' must be a non-empty array`, 'messages');
  const system: string[] = [];
  const turns: ChatMessage[] = [];
  messages.forEach((raw, i) => {
    const m = obj(raw, `messages[${i}]`);
    const role = m.role;
    const content = messageText(m, i);
    if (role === 'system' || role === 'developer') {
      if (turns.length > 0) throw invalid(`messages[${i}]: system messages must come first`, 'messages');
      system.push(content);
    } else if (role === 'user' || role === 'assistant') turns.push({ role, content });
    else throw invalid(`messages[${i}].role must be system, developer, user or assistant`, 'messages');
  });
  const last = turns.pop();
  if (last === undefined || last.role !== 'user')
    throw invalid('the last message must be a user message', 'messages');
  return { system: system.join('\n\n'), messages: turns, input: last.content };
}

export function parseChatRequest(body: unknown): ParsedGeneration {
  const b = obj(body, 'the request body');
  const model = str(b, 'model');
  for (const k of ['tools', 'functions', 'tool_choice', 'function_call', 'audio', 'modalities', 'prediction'])
    neutral(b, k, () => false, 'text generation only');
  neutral(
    b,
    'response_format',
    (v) => typeof v === 'object' && v !== null && (v as Json).type === 'text',
    'text only',
  );
  return { model, prompt: chatPrompt(b.messages), ...common(b, ['max_completion_tokens', 'max_tokens']) };
}

/** Completions: the prompt is the input of a transaction without system prompt or context. */
export function parseCompletionRequest(body: unknown): ParsedGeneration {
  const b = obj(body, 'the request body');
  const model = str(b, 'model');
  let p = b.prompt;
  if (Array.isArray(p) && p.length === 1) p = p[0];
  if (typeof p !== 'string') throw invalid(`'prompt' must be a string (one prompt per request)`, 'prompt');
  neutral(b, 'echo', (v) => v === false, 'the prompt is not echoed');
  neutral(b, 'suffix', (v) => v === '', 'no insertion mode');
  neutral(b, 'best_of', (v) => v === 1, 'one completion per request');
  return { model, prompt: { system: '', messages: [], input: p }, ...common(b, ['max_tokens']) };
}
