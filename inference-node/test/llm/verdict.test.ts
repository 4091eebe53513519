import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JudgeVerdict, judgeDecision } from '../../src/llm/judge/judge.js';
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
  failure: ok ? null : 'logit-gap-too-large',
  position: ok ? null : 3,
  positions: 10,
  contested: 0,
  disagreements: 0,
  budget: 0,
  worstRank: ok ? 0 : 99,
  worstGap: 0,
  passes: 1,
});
const judgeVerdict = (score: number, answerMass = 0.9): JudgeVerdict => {
  const decision = judgeDecision(score, answerMass);
  return {
    version: 'funai-judge-v2',
    decision,
    faithful: decision === 'faithful',
    score,
    pYes: 1 / (1 + Math.exp(-score)),
    answerMass,
    answerLogMass: 0,
    yesTokens: [1],
    noTokens: [2],
  };
};
const replayed = (ok: boolean): ReplayOutcome => ({ status: 'replayed', verdict: replayVerdict(ok) });
const judged = (score: number, answerMass?: number): JudgeOutcome => ({
  status: 'judged',
  verdict: judgeVerdict(score, answerMass),
});
const notReplayable: ReplayOutcome = { status: 'not-replayable', reason: 'unknown-model' };

describe('verdict policy', () => {
  it('replay decides a replayable request, whatever the judge says; both are reported', () => {
    for (const ok of [true, false])
      for (const score of [-5, 0, 5]) {
        const v = decideVerdict(replayed(ok), judged(score), DEFAULT_VERDICT_POLICY);
        expect(v).toMatchObject({ status: ok ? 'accepted' : 'rejected', accepted: ok, decidedBy: 'replay' });
        expect(v.judge).toEqual(judged(score));
      }
    expect(
      decideVerdict({ status: 'rejected', reason: 'invalid-tokens' }, judged(5), DEFAULT_VERDICT_POLICY),
    ).toMatchObject({ status: 'rejected', accepted: false });
  });

  it('the judge never accepts alone: a record that cannot be replayed is unverifiable', () => {
    for (const j of [
      judged(9),
      judged(-9),
      judged(0),
      { status: 'skipped' } as const,
      { status: 'failed', reason: 'unknown-model' } as const,
    ])
      for (const policy of [
        DEFAULT_VERDICT_POLICY,
        { ...DEFAULT_VERDICT_POLICY, whenReplayable: 'replay-and-judge' as const },
      ])
        expect(decideVerdict(notReplayable, j, policy)).toMatchObject({
          status: 'unverifiable',
          accepted: false,
          decidedBy: 'none',
        });
  });

  it('replay-and-judge: a passing replay is rejected only by an unfaithful judge; abstain does not block', () => {
    const p = { ...DEFAULT_VERDICT_POLICY, whenReplayable: 'replay-and-judge' as const };
    expect(decideVerdict(replayed(true), judged(5), p).status).toBe('accepted');
    expect(decideVerdict(replayed(true), judged(0.5), p).status).toBe('accepted'); // abstain band
    expect(decideVerdict(replayed(true), judged(5, 0.1), p).status).toBe('accepted'); // too little answer mass
    expect(decideVerdict(replayed(true), judged(-5), p).status).toBe('rejected');
    expect(decideVerdict(replayed(false), judged(5), p).status).toBe('rejected');
  });

  it('the judge runs when the policy reports it or needs it', () => {
    const quiet = { ...DEFAULT_VERDICT_POLICY, alwaysJudge: false };
    expect(needsJudge(replayed(true), quiet)).toBe(false);
    expect(needsJudge(notReplayable, quiet)).toBe(false);
    expect(needsJudge(replayed(true), { ...quiet, whenReplayable: 'replay-and-judge' })).toBe(true);
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
      status: 'accepted',
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

  it('a request the verifier cannot replay (model not held) is unverifiable; its judge is reported only', async () => {
    const req = request('ee'.repeat(32), 'hello world', GREEDY);
    const out = { tokens: [5, 6], text: 'hello\nAnswer: yes', finishReason: 'length' as const };
    const v = await engine.verify(req, out, { judgeModelId: alpha });
    expect(v).toMatchObject({ status: 'unverifiable', accepted: false, decidedBy: 'none' });
    expect(v.replay).toMatchObject({ status: 'not-replayable', reason: 'unknown-model' });
    expect(v.judge.status).toBe('judged');
    const none = await engine.verify(req, out);
    expect(none).toMatchObject({
      status: 'unverifiable',
      judge: { status: 'failed', reason: 'unknown-model' },
    });
  });
});
