import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgeVerdict } from '../../src/llm/judge/judge.js';
import type { ReplayVerdict } from '../../src/llm/replay/replay.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import {
  DEFAULT_VERDICT_POLICY,
  decideVerdict,
  type JudgeOutcome,
  needsJudge,
  type ReplayOutcome,
} from '../../src/llm/verdict/policy.js';
import { engineWith, GREEDY, modelPaths, request } from './fixtures.js';

const replayVerdict = (ok: boolean): ReplayVerdict => ({
  ok,
  failure: ok ? null : 'rank-too-low',
  position: ok ? null : 3,
  positions: 10,
  disagreements: 0,
  worstRank: ok ? 0 : 99,
  worstGap: 0,
  passes: 1,
});
const judgeVerdict = (score: number): JudgeVerdict => ({
  version: 'funai-judge-v1',
  faithful: score > 0,
  score,
  pYes: 1 / (1 + Math.exp(-score)),
  answerLogMass: 0,
  yesTokens: [1],
  noTokens: [2],
});
const replayed = (ok: boolean): ReplayOutcome => ({ status: 'replayed', verdict: replayVerdict(ok) });
const judged = (score: number): JudgeOutcome => ({ status: 'judged', verdict: judgeVerdict(score) });
const notReplayable: ReplayOutcome = { status: 'not-replayable', reason: 'unknown-model' };

describe('verdict policy', () => {
  it('replay decides a replayable request, whatever the judge says; both are reported', () => {
    for (const ok of [true, false])
      for (const score of [-2, 2]) {
        const v = decideVerdict(replayed(ok), judged(score), DEFAULT_VERDICT_POLICY);
        expect(v).toMatchObject({ accepted: ok, decidedBy: 'replay' });
        expect(v.judge).toEqual(judged(score));
      }
    expect(
      decideVerdict({ status: 'rejected', reason: 'invalid-tokens' }, judged(5), DEFAULT_VERDICT_POLICY)
        .accepted,
    ).toBe(false);
  });

  it('the judge decides otherwise, against its threshold; a failed judge rejects', () => {
    expect(decideVerdict(notReplayable, judged(0.5), DEFAULT_VERDICT_POLICY)).toMatchObject({
      accepted: true,
      decidedBy: 'judge',
    });
    expect(decideVerdict(notReplayable, judged(-0.5), DEFAULT_VERDICT_POLICY).accepted).toBe(false);
    expect(
      decideVerdict(notReplayable, judged(0.5), { ...DEFAULT_VERDICT_POLICY, judgeThreshold: 1 }).accepted,
    ).toBe(false);
    expect(
      decideVerdict(notReplayable, { status: 'failed', reason: 'prompt-too-long' }, DEFAULT_VERDICT_POLICY)
        .accepted,
    ).toBe(false);
  });

  it('replay-and-judge requires both', () => {
    const p = { ...DEFAULT_VERDICT_POLICY, whenReplayable: 'replay-and-judge' as const };
    expect(decideVerdict(replayed(true), judged(1), p).accepted).toBe(true);
    expect(decideVerdict(replayed(true), judged(-1), p).accepted).toBe(false);
    expect(decideVerdict(replayed(false), judged(1), p).accepted).toBe(false);
  });

  it('the judge is skipped only when the replay decides and the policy does not ask for it', () => {
    const quiet = { ...DEFAULT_VERDICT_POLICY, alwaysJudge: false };
    expect(needsJudge(replayed(true), quiet)).toBe(false);
    expect(needsJudge(notReplayable, quiet)).toBe(true);
    expect(needsJudge(replayed(true), DEFAULT_VERDICT_POLICY)).toBe(true);
  });
});

describe('engine.verify', () => {
  let engine: LlmEngine;
  let alpha: string;
  beforeAll(async () => {
    const p = await modelPaths();
    ({
      engine,
      ids: [alpha = ''],
    } = await engineWith([p.alpha]));
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('accepts an honest output by replay and reports the judge', async () => {
    const req = request(alpha, 'hello world', GREEDY);
    const out = await engine.generate(req);
    const v = await engine.verify(req, out);
    expect(v).toMatchObject({
      accepted: true,
      decidedBy: 'replay',
      replay: { status: 'replayed', verdict: { ok: true } },
    });
    expect(v.judge.status).toBe('judged');
  });

  it('rejects an edited output by replay, and a malformed one outright', async () => {
    const req = request(alpha, 'hello world', GREEDY);
    const out = await engine.generate(req);
    const edited = { ...out, tokens: [...out.tokens] };
    edited.tokens[0] = (edited.tokens[0]! + 7) % 500;
    edited.text = engine.model(alpha).detokenize(edited.tokens);
    const v = await engine.verify(req, edited);
    expect(v).toMatchObject({
      accepted: false,
      decidedBy: 'replay',
      replay: { verdict: { ok: false, position: 0 } },
    });
    const bad = await engine.verify(req, { ...out, tokens: [-1] });
    expect(bad).toMatchObject({ accepted: false, replay: { status: 'rejected', reason: 'invalid-tokens' } });
  });

  it('lets the judge decide when the verifier cannot replay (model not held), on its own judge model', async () => {
    const req = request('ee'.repeat(32), 'hello world', GREEDY);
    const out = { tokens: [5, 6], text: 'hello', finishReason: 'length' as const };
    const v = await engine.verify(req, out, { judgeModelId: alpha });
    expect(v.replay).toMatchObject({ status: 'not-replayable', reason: 'unknown-model' });
    expect(v.decidedBy).toBe('judge');
    expect(v.judge.status).toBe('judged');
    if (v.judge.status === 'judged') expect(v.accepted).toBe(v.judge.verdict.score > 0);
    const none = await engine.verify(req, out);
    expect(none).toMatchObject({ accepted: false, judge: { status: 'failed', reason: 'unknown-model' } });
  });
});
