import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOnSequence } from '../../src/llm/generate/generate.js';
import { outputText } from '../../src/llm/generate/stop.js';
import type { InferenceOutput, InferenceRequest } from '../../src/llm/request/types.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import type { LoadedModel } from '../../src/llm/runtime/loaded-model.js';
import { skippingChooser } from './choosers.js';
import { engineWith, GREEDY, modelPaths, randomInput, request, rng, seededSampling } from './fixtures.js';

// Gross cheats on the default test model, replayed with its calibrated profile, 100 cases per kind,
// half greedy and half seeded (the cheats that hide inside the tolerance: detection-steering.test.ts):
//   substitution — the output of the other seed's model for the same request;
//   fabrication  — random tokens (a consistent-looking `length` output);
//   edit         — one token of an honest output changed at a random position;
//   truncation   — an honest output cut before its end and labelled `stop-token` (as cut, or with the
//                  end-of-sequence token put at the cut);
//   extension    — an honest `stop-token` output with its stop token removed: labelled `length` as is,
//                  or continued by a producer that skipped the stop token and went on.
// Every case must be caught.

const CASES = 100;
let engine: LlmEngine;
let alpha: string;
let beta: string;
let m: LoadedModel;

beforeAll(async () => {
  const p = await modelPaths();
  ({
    engine,
    ids: [alpha = '', beta = ''],
  } = await engineWith([p.alpha, p.beta]));
  m = engine.model(alpha);
});
afterAll(async () => {
  await engine?.close();
});

interface Case {
  request: InferenceRequest;
  claim: InferenceOutput;
  /** The position the dishonest producer tampered with, when there is one. */
  tamperedAt?: number;
}

function relabel(
  tokens: number[],
  finishReason: InferenceOutput['finishReason'],
  req: InferenceRequest,
): InferenceOutput {
  return { tokens, finishReason, text: outputText(tokens, finishReason, m, req.stop) };
}

function makeRequest(i: number, r: () => number, modelId: string): InferenceRequest {
  const sampling =
    i % 2 === 0 ? GREEDY : seededSampling(i, { temperature: 0.5 + r(), topK: 20 + Math.floor(r() * 100) });
  return request(modelId, randomInput(r), sampling, { maxTokens: 8 + Math.floor(r() * 40) });
}

async function honest(req: InferenceRequest): Promise<InferenceOutput> {
  return engine.generate(req);
}

const randomToken = (r: () => number, vocab: number): number => Math.floor(r() * vocab);

const KINDS: Record<string, (i: number, r: () => number) => Promise<Case | null>> = {
  async substitution(i, r) {
    const req = makeRequest(i, r, alpha);
    const out = await engine.generate({ ...req, modelId: beta });
    return { request: req, claim: relabel(out.tokens, out.finishReason, req) };
  },
  async fabrication(i, r) {
    const req = makeRequest(i, r, alpha);
    const tokens = Array.from({ length: req.maxTokens }, () => {
      let t: number;
      do t = randomToken(r, m.info.vocabSize);
      while (m.isEog(t));
      return t;
    });
    return { request: req, claim: relabel(tokens, 'length', req) };
  },
  async edit(i, r) {
    const req = makeRequest(i, r, alpha);
    const out = await honest(req);
    const tokens = [...out.tokens];
    const at = Math.floor(r() * tokens.length);
    let t: number;
    do t = randomToken(r, m.info.vocabSize);
    while (t === tokens[at]);
    tokens[at] = t;
    return { request: req, claim: relabel(tokens, out.finishReason, req), tamperedAt: at };
  },
  async truncation(i, r) {
    const req = makeRequest(i, r, alpha);
    const out = await honest(req);
    if (out.tokens.length < 2) return null;
    const cut = 1 + Math.floor(r() * (out.tokens.length - 1));
    const eos = m.model.tokens.eos!;
    const tokens = i % 4 < 2 ? out.tokens.slice(0, cut) : [...out.tokens.slice(0, cut - 1), eos];
    if (tokens.at(-1) === out.tokens[tokens.length - 1] && tokens.length === out.tokens.length) return null;
    return { request: req, claim: relabel(tokens, 'stop-token', req), tamperedAt: tokens.length - 1 };
  },
  async extension(i, r) {
    const req = makeRequest(i, r, alpha);
    const out = await honest(req);
    if (out.finishReason !== 'stop-token') return null;
    const body = out.tokens.slice(0, -1);
    if (i % 4 < 2 && body.length > 0)
      return { request: req, claim: relabel(body, 'length', req), tamperedAt: body.length };
    const prompt = m.requestTokens(req);
    const chooser = skippingChooser(req.sampling, req.modelId, body, (t) => m.isEog(t));
    const longer = await m.pool.run((seq) =>
      generateOnSequence(seq, m, prompt, req.maxTokens, req.stop, chooser),
    );
    if (longer.tokens.length <= body.length) return null;
    return { request: req, claim: longer, tamperedAt: body.length };
  },
};

describe('dishonest outputs fail replay', () => {
  const table: Array<Record<string, string | number>> = [];
  afterAll(() => {
    console.log('detection (cases caught / cases, by first failure):');
    console.table(table);
  });

  for (const [kind, make] of Object.entries(KINDS)) {
    it(`${kind}: every one of ${CASES} cases is caught`, async () => {
      const r = rng(kind.length * 65537 + kind.charCodeAt(0));
      const failures = new Map<string, number>();
      let cases = 0;
      let caught = 0;
      let atTampered = 0;
      const missed: unknown[] = [];
      for (let i = 0; cases < CASES; i++) {
        expect(i).toBeLessThan(CASES * 4);
        const c = await make(i, r);
        if (!c) continue;
        cases++;
        const v = await engine.replay(c.request, c.claim);
        if (v.ok) {
          missed.push({ i, request: c.request, claim: c.claim, v });
          continue;
        }
        caught++;
        if (v.position === c.tamperedAt) atTampered++;
        failures.set(v.failure!, (failures.get(v.failure!) ?? 0) + 1);
      }
      table.push({
        kind,
        caught: `${caught}/${cases}`,
        'at tampered position': kind === 'substitution' || kind === 'fabrication' ? '-' : atTampered,
        ...Object.fromEntries([...failures].sort((x, y) => y[1] - x[1])),
      });
      expect(missed).toEqual([]);
      expect(caught).toBe(cases);
      // Where the producer tampered, the replay points there (an edit that happens to land within the
      // tolerance is caught later, or by the finish check).
      if (kind !== 'substitution' && kind !== 'fabrication')
        expect(atTampered).toBeGreaterThanOrEqual(0.95 * cases);
    });
  }
});
