import { LlmError } from '../errors.js';
import { MAX_STOP_STRING_LENGTH, MAX_STOP_STRINGS, MAX_TEMPERATURE, MAX_TOP_K } from './limits.js';
import { FINISH_REASONS, type InferenceOutput, type InferenceRequest } from './types.js';

const MODEL_ID = /^[0-9a-f]{64}$/;
// With the u flag a surrogate pair is one code point, so this matches unpaired surrogates only.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function fail(detail: string): never {
  throw new LlmError('invalid-request', detail);
}

function text(v: unknown, what: string): string {
  if (typeof v !== 'string') fail(`${what} must be a string`);
  // A lone surrogate has no UTF-8 form: tokenizers would see U+FFFD, and nodes could disagree.
  if (LONE_SURROGATE.test(v)) fail(`${what} is not well-formed UTF-16`);
  return v;
}

/** Checks the shape and the protocol bounds of a request; throws `LlmError('invalid-request')`. */
export function validateRequest(r: InferenceRequest): void {
  if (typeof r !== 'object' || r === null) fail('request must be an object');
  if (typeof r.modelId !== 'string' || !MODEL_ID.test(r.modelId))
    fail('modelId must be 64 lowercase hex chars');
  const p = r.prompt;
  if (typeof p !== 'object' || p === null) fail('prompt must be an object');
  text(p.system, 'prompt.system');
  text(p.input, 'prompt.input');
  if (!Array.isArray(p.messages)) fail('prompt.messages must be an array');
  p.messages.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || (m.role !== 'user' && m.role !== 'assistant'))
      fail(`prompt.messages[${i}].role must be user or assistant`);
    text(m.content, `prompt.messages[${i}].content`);
  });
  if (!Number.isSafeInteger(r.maxTokens) || r.maxTokens < 1) fail('maxTokens must be a positive integer');
  if (!Array.isArray(r.stop) || r.stop.length > MAX_STOP_STRINGS)
    fail(`stop must be at most ${MAX_STOP_STRINGS} strings`);
  r.stop.forEach((s, i) => {
    text(s, `stop[${i}]`);
    if (s.length === 0 || s.length > MAX_STOP_STRING_LENGTH)
      fail(`stop[${i}] must have 1..${MAX_STOP_STRING_LENGTH} chars`);
    // Detokenized text shows undecodable bytes as U+FFFD: a stop string must not match those.
    if (s.includes('\uFFFD')) fail(`stop[${i}] must not contain U+FFFD`);
  });
  const s = r.sampling;
  if (typeof s !== 'object' || s === null) fail('sampling must be an object');
  if (s.mode === 'greedy') {
    if (Object.keys(s).length !== 1) fail('greedy sampling takes no parameters');
    return;
  }
  if (s.mode !== 'seeded') fail('sampling.mode must be greedy or seeded');
  if (typeof s.temperature !== 'number' || !(s.temperature > 0 && s.temperature <= MAX_TEMPERATURE))
    fail(`sampling.temperature must be in (0, ${MAX_TEMPERATURE}]`);
  if (!Number.isSafeInteger(s.topK) || s.topK < 1 || s.topK > MAX_TOP_K)
    fail(`sampling.topK must be an integer in [1, ${MAX_TOP_K}]`);
  if (typeof s.topP !== 'number' || !(s.topP > 0 && s.topP <= 1)) fail('sampling.topP must be in (0, 1]');
  if (!Number.isSafeInteger(s.seed) || s.seed < 0) fail('sampling.seed must be an integer in [0, 2^53 - 1]');
}

/**
 * Checks that a claimed output is well-formed for a model of `vocabSize` tokens and a request allowing
 * `maxTokens`: throws `invalid-tokens` (not integers, out of the vocabulary, empty, bad finish reason) or
 * `output-too-long`. Whether the tokens are the right ones is the replay's business, not this check's.
 */
export function validateClaim(output: InferenceOutput, vocabSize: number, maxTokens: number): void {
  if (typeof output !== 'object' || output === null || !Array.isArray(output.tokens))
    throw new LlmError('invalid-tokens', 'output.tokens must be an array');
  const t = output.tokens;
  if (t.length === 0) throw new LlmError('invalid-tokens', 'an output has at least one token');
  for (let i = 0; i < t.length; i++) {
    const id = t[i];
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= vocabSize)
      throw new LlmError('invalid-tokens', `token ${i} (${String(id)}) is not an id in [0, ${vocabSize})`);
  }
  if (t.length > maxTokens)
    throw new LlmError('output-too-long', `${t.length} tokens > maxTokens ${maxTokens}`);
  if (!FINISH_REASONS.includes(output.finishReason))
    throw new LlmError('invalid-tokens', `unknown finish reason ${String(output.finishReason)}`);
  if (typeof output.text !== 'string') throw new LlmError('invalid-tokens', 'output.text must be a string');
}
