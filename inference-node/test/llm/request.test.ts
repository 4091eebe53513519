import { describe, expect, it } from 'vitest';
import { LlmError } from '../../src/llm/errors.js';
import { renderPrompt } from '../../src/llm/request/prompt.js';
import type { InferenceOutput, InferenceRequest } from '../../src/llm/request/types.js';
import { validateClaim, validateRequest } from '../../src/llm/request/validate.js';

const ok: InferenceRequest = {
  modelId: 'ab'.repeat(32),
  prompt: { system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }], input: 'why?' },
  maxTokens: 16,
  stop: ['\n'],
  sampling: { mode: 'seeded', temperature: 0.7, topK: 40, topP: 0.9, seed: 1 },
};

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    return (e as LlmError).reason;
  }
  throw new Error('expected an LlmError');
}

describe('request validation', () => {
  it('accepts a well-formed request, greedy or seeded', () => {
    expect(() => validateRequest(ok)).not.toThrow();
    expect(() => validateRequest({ ...ok, sampling: { mode: 'greedy' } })).not.toThrow();
  });

  const bad: Array<[string, unknown]> = [
    ['short model id', { ...ok, modelId: 'abcd' }],
    ['uppercase model id', { ...ok, modelId: 'AB'.repeat(32) }],
    ['zero maxTokens', { ...ok, maxTokens: 0 }],
    ['fractional maxTokens', { ...ok, maxTokens: 1.5 }],
    ['lone surrogate', { ...ok, prompt: { ...ok.prompt, input: 'a\uD800b' } }],
    ['bad role', { ...ok, prompt: { ...ok.prompt, messages: [{ role: 'system', content: 'x' }] } }],
    ['empty stop string', { ...ok, stop: [''] }],
    ['too many stop strings', { ...ok, stop: Array(9).fill('x') }],
    ['U+FFFD stop string', { ...ok, stop: ['\uFFFD'] }],
    ['zero temperature', { ...ok, sampling: { ...ok.sampling, temperature: 0 } }],
    ['topK 0', { ...ok, sampling: { ...ok.sampling, topK: 0 } }],
    ['topK too large', { ...ok, sampling: { ...ok.sampling, topK: 5000 } }],
    ['topP 0', { ...ok, sampling: { ...ok.sampling, topP: 0 } }],
    ['topP above 1', { ...ok, sampling: { ...ok.sampling, topP: 1.5 } }],
    ['negative seed', { ...ok, sampling: { ...ok.sampling, seed: -1 } }],
    ['unsafe seed', { ...ok, sampling: { ...ok.sampling, seed: 2 ** 53 } }],
    ['greedy with parameters', { ...ok, sampling: { mode: 'greedy', temperature: 1 } }],
    ['unknown mode', { ...ok, sampling: { mode: 'beam' } }],
    ['no prompt', { ...ok, prompt: null }],
  ];
  for (const [name, r] of bad)
    it(`rejects ${name} with invalid-request`, () => {
      expect(reason(() => validateRequest(r as InferenceRequest))).toBe('invalid-request');
    });
});

describe('claim validation', () => {
  const out: InferenceOutput = { tokens: [1, 2, 3], text: 'x', finishReason: 'length' };
  it('accepts ids in the vocabulary and no more than maxTokens', () => {
    expect(() => validateClaim(out, 10, 3)).not.toThrow();
  });
  it('rejects malformed token ids, an empty output and an unknown finish reason with invalid-tokens', () => {
    for (const tokens of [[1, -1], [1, 10], [1.5], [Number.NaN], ['1'], []])
      expect(reason(() => validateClaim({ ...out, tokens: tokens as number[] }, 10, 5))).toBe(
        'invalid-tokens',
      );
    expect(reason(() => validateClaim({ ...out, finishReason: 'eos' as never }, 10, 5))).toBe(
      'invalid-tokens',
    );
  });
  it('rejects an output longer than maxTokens with output-too-long', () => {
    expect(reason(() => validateClaim(out, 10, 2))).toBe('output-too-long');
  });
});

describe('prompt template funai-plain-v1', () => {
  it('renders one line per turn and ends with the assistant label', () => {
    expect(renderPrompt(ok.prompt)).toBe('System: Be brief.\nUser: hi\nUser: why?\nAssistant:');
    expect(
      renderPrompt({
        system: '',
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b' },
        ],
        input: 'c',
      }),
    ).toBe('User: a\nAssistant: b\nUser: c\nAssistant:');
  });
});
