import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { RateLimiter } from '../../src/api/limits.js';
import { chatPrompt, parseChatRequest, parseCompletionRequest } from '../../src/api/openai/schema.js';

const outcome = (f: () => unknown): 'ok' | number => {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof ApiError) return e.status;
    throw e;
  }
};

const message = fc.record({
  role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 7, null),
  content: fc.oneof(
    fc.string(),
    fc.array(fc.record({ type: fc.constantFrom('text', 'image_url'), text: fc.string() })),
    fc.integer(),
  ),
});

describe('OpenAI request parsing', () => {
  it('any JSON value, and any near-valid request, is parsed or refused with a 400 — nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            {
              model: fc.string(),
              messages: fc.array(message),
              prompt: fc.jsonValue(),
              temperature: fc.jsonValue(),
              n: fc.jsonValue(),
              stop: fc.jsonValue(),
              seed: fc.jsonValue(),
              stream: fc.jsonValue(),
              stream_options: fc.jsonValue(),
            },
            { requiredKeys: ['model'] },
          ),
        ),
        (body) => {
          for (const parse of [parseChatRequest, parseCompletionRequest])
            expect([400, 'ok']).toContain(outcome(() => parse(body)));
        },
      ),
    );
  });

  it('messages map to system (leading, joined), context (in order) and input (the last user message)', () => {
    const turn = fc.record({
      role: fc.constantFrom('user' as const, 'assistant' as const),
      content: fc.string(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 3 }),
        fc.array(turn, { maxLength: 6 }),
        fc.string(),
        (systems, turns, input) => {
          const messages = [
            ...systems.map((content) => ({ role: 'system', content })),
            ...turns,
            { role: 'user', content: input },
          ];
          expect(chatPrompt(messages)).toEqual({ system: systems.join('\n\n'), messages: turns, input });
        },
      ),
    );
  });

  it('the defaults, and the fields that change nothing', () => {
    const p = parseChatRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      user: 'u',
      metadata: {},
      n: 1,
      logprobs: false,
      frequency_penalty: 0,
    });
    expect(p).toMatchObject({
      temperature: 1,
      topP: 1,
      topK: 40,
      seed: null,
      maxTokens: null,
      stop: [],
      stream: false,
      includeUsage: false,
    });
    expect(
      parseChatRequest({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 5,
        max_completion_tokens: 7,
      }).maxTokens,
    ).toBe(7);
  });
});

describe('rate limiter', () => {
  it('admits exactly burst + rate × elapsed requests, and says how long to wait', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 30 }),
        (burst, rate, seconds) => {
          let t = 0;
          const rl = new RateLimiter(rate, burst, () => t);
          let admitted = 0;
          while (rl.take('k') === 0) admitted++;
          expect(admitted).toBe(burst);
          expect(rl.take('k')).toBeCloseTo(1 / rate);
          expect(rl.take('other')).toBe(0);
          t += seconds;
          let more = 0;
          while (rl.take('k') === 0) more++;
          expect(more).toBe(Math.min(burst, Math.floor(rate * seconds)));
        },
      ),
    );
  });
});
