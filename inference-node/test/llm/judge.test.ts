import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTokens, type JudgeVerdict } from '../../src/llm/judge/judge.js';
import { JUDGE_PROMPT_VERSION, renderJudgePrompt } from '../../src/llm/judge/prompt.js';
import { renderPrompt } from '../../src/llm/request/prompt.js';
import type { InferenceOutput, InferenceRequest } from '../../src/llm/request/types.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import { engineWith, GREEDY, modelPaths, request, seededSampling } from './fixtures.js';

let engine: LlmEngine;
let alpha: string;
let beta: string;
let alphaPath: string;
let cases: Array<{ request: InferenceRequest; output: InferenceOutput }>;

beforeAll(async () => {
  const p = await modelPaths();
  alphaPath = p.alpha;
  ({
    engine,
    ids: [alpha = '', beta = ''],
  } = await engineWith([p.alpha, p.beta]));
  cases = [];
  for (const [i, input] of ['is the answer yes?', 'hello world', 'FUN AI model', 'abc'].entries()) {
    const req = request(alpha, input, i % 2 ? GREEDY : seededSampling(i), {
      prompt: {
        system: 'Answer the user.',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
        input,
      },
    });
    cases.push({ request: req, output: await engine.generate(req) });
    // The same request answered by another model: what a substituting producer would send.
    cases.push({ request: req, output: await engine.generate({ ...req, modelId: beta }) });
  }
  cases.push({ request: cases[0]!.request, output: { tokens: [2], text: '', finishReason: 'stop-token' } });
});
afterAll(async () => {
  await engine?.close();
});

describe('the judge prompt', () => {
  it('is versioned and shows the request and the output, ending at the answer', () => {
    const { request: r, output } = cases[0]!;
    const text = renderJudgePrompt(r.prompt, output.text);
    expect(JUDGE_PROMPT_VERSION).toBe('funai-judge-v1');
    expect(text).toContain(renderPrompt(r.prompt));
    expect(text).toContain(`### RESPONSE\n${output.text}\n`);
    expect(text.endsWith('Answer yes or no.\nAnswer:')).toBe(true);
  });

  it('is exactly the text of docs/protocol.md §12.6', () => {
    const text = renderJudgePrompt({ system: '', messages: [], input: 'Hi?' }, 'Hello.');
    expect(text).toBe(
      'You are a verifier. Below is a REQUEST sent to an AI assistant and the RESPONSE it returned. Decide whether the RESPONSE is a faithful answer to the REQUEST: it answers the input, follows the system prompt and the conversation, and is not unrelated, truncated or made up.\n' +
        '### REQUEST\nUser: Hi?\nAssistant:\n### RESPONSE\nHello.\n### QUESTION\n' +
        'Is the RESPONSE a faithful answer to the REQUEST? Answer yes or no.\nAnswer:',
    );
  });

  it('reads fixed answer tokens: the single-token spellings of yes and no', () => {
    const m = engine.model(alpha);
    const a = m.answerTokens();
    expect(a.yes.map((t) => m.detokenize([t]).trim())).toEqual(['yes', 'Yes']);
    expect(a.no.map((t) => m.detokenize([t]).trim())).toEqual(['no', 'No']);
    // A BPE-style vocabulary where " yes" is one token too; and one with no single-token answer.
    const vocab = new Map([
      ['yes', [10]],
      [' yes', [11]],
      ['Yes', [12, 13]],
      [' Yes', [14]],
      ['no', [20]],
      [' no', [21]],
      ['No', [22]],
      [' No', [23]],
    ]);
    expect(answerTokens((t) => vocab.get(t) ?? [0, 0])).toEqual({ yes: [10, 11, 14], no: [20, 21, 22, 23] });
    expect(() => answerTokens(() => [1, 2])).toThrow(
      expect.objectContaining({ reason: 'judge-unsupported' }),
    );
    expect(() => answerTokens(() => [7])).toThrow(expect.objectContaining({ reason: 'judge-unsupported' }));
  });
});

describe('the judge', () => {
  let first: JudgeVerdict[];

  it('runs end to end and returns a verdict read from the answer-token logits', async () => {
    first = [];
    for (const c of cases) first.push(await engine.judge(c.request, c.output));
    for (const v of first) {
      expect(v.version).toBe(JUDGE_PROMPT_VERSION);
      expect(Number.isFinite(v.score)).toBe(true);
      expect(v.faithful).toBe(v.score > 0);
      expect(v.pYes).toBeCloseTo(1 / (1 + Math.exp(-v.score)), 12);
      expect(v.answerLogMass).toBeLessThanOrEqual(Math.log(4) + 1e-9);
    }
    // A random model has opinions, not judgement: but they are not all the same.
    expect(new Set(first.map((v) => v.score)).size).toBe(first.length);
  });

  it('is deterministic across two runs', async () => {
    const second: JudgeVerdict[] = [];
    for (const c of cases) second.push(await engine.judge(c.request, c.output));
    expect(second).toEqual(first);
  });

  it('is deterministic across two processes', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        new URL('./judge-child.mjs', import.meta.url).pathname,
        JSON.stringify({ modelPath: alphaPath, cases }),
      ],
      { maxBuffer: 1 << 24 },
    );
    expect(JSON.parse(stdout)).toEqual(first);
  });

  it('can run on another model than the request’s', async () => {
    const v = await engine.judge(cases[0]!.request, cases[0]!.output, { modelId: beta });
    expect(v.score).not.toBe(first[0]!.score);
  });

  it('rejects a judge prompt over the context with prompt-too-long', async () => {
    await expect(engine.judge(cases[0]!.request, { text: 'yes '.repeat(2000) })).rejects.toMatchObject({
      reason: 'prompt-too-long',
    });
  });
});
