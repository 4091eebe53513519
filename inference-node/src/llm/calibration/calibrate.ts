import type { Llama, LlamaContext, LlamaModel } from 'node-llama-cpp';
import type { Logger } from 'pino';
import { LlmError } from '../errors.js';
import { computeModelFileId } from '../model-id/file-id.js';
import { MAX_TEMPERATURE } from '../request/limits.js';
import { renderPrompt } from '../request/prompt.js';
import type { SeededSampling } from '../request/types.js';
import { evaluateAt, type NextSpec } from '../runtime/evaluate.js';
import { computeDeviationBudget } from '../sampling/budget.js';
import { drawUniform } from '../sampling/draw.js';
import { sortCandidates, type TokenLogit } from '../sampling/logits.js';
import { sampleToken } from '../sampling/sampler.js';
import {
  CANDIDATE_MARGIN,
  checkGreedyPosition,
  checkSeededPosition,
  isResolved,
  type ReplayTolerance,
} from '../sampling/tolerance.js';
import {
  type DriftMeasurement,
  TOLERANCE_PROFILE_VERSION,
  type ToleranceMeasurements,
  type ToleranceProfile,
} from './profile.js';

/** One way an honest node evaluates the model: threads, and tokens per forward pass (1 = decoding). */
export interface CalibrationConfig {
  name: string;
  threads: number;
  /** Tokens per llama.cpp batch; `decode` evaluates one token per call whatever the batch size. */
  batchSize: number;
  decode: boolean;
}

/** The configurations of docs/protocol.md §12.5; the first is the reference (a verifier's one pass). */
export const DEFAULT_CALIBRATION_CONFIGS: readonly CalibrationConfig[] = Object.freeze([
  { name: 'batch-t1', threads: 1, batchSize: 1024, decode: false },
  { name: 'batch-t2', threads: 2, batchSize: 1024, decode: false },
  { name: 'batch-t1-b7', threads: 1, batchSize: 7, decode: false },
  { name: 'batch-t2-b16', threads: 2, batchSize: 16, decode: false },
  { name: 'decode-t1', threads: 1, batchSize: 1024, decode: true },
  { name: 'decode-t2', threads: 2, batchSize: 1024, decode: true },
]);

export interface CalibrationOptions {
  /** Prompts in the corpus (default 16) and output tokens per prompt (default 48). */
  prompts?: number;
  tokens?: number;
  configurations?: readonly CalibrationConfig[];
  /** δ = max(driftFloor, safetyFactor × the largest measured drift). Defaults 4 and 0.005. */
  safetyFactor?: number;
  driftFloor?: number;
  /** The deviation rate written is at least this (default 0.25). */
  rateFloor?: number;
  /** α, the false-rejection bound per honest output (default 1e-6). */
  falseRejection?: number;
  /** Simulated honest producers per position and sampling setting (default 4). */
  trials?: number;
  contextSize?: number;
  log?: Logger;
  signal?: AbortSignal;
}

/** Tokens compared per position (the best of the path's own reading) and candidates the reference reads. */
const COMPARED = 16;
const REFERENCE_READ = 1024 + CANDIDATE_MARGIN;
/** Path sampling: varied text, not a greedy loop. */
const PATH_SAMPLING: SeededSampling = { mode: 'seeded', temperature: 1, topK: 40, topP: 1, seed: 0 };
/**
 * Budget regimes by temperature (0 = greedy; the last is MAX_TEMPERATURE). Each seeded regime (lo, hi]
 * is simulated at temperatures (lo+hi)/2 and hi with each of SIM_TOP_K (topP 1), and gets the worst rate.
 */
export const REGIMES = [0, 0.5, 1, 2, MAX_TEMPERATURE] as const;
const SIM_TOP_K = [8, 64, 1024] as const;
/** Positions the simulation samples (evenly spread over the corpus). */
const SIM_POSITIONS = 384;
/** A prompt's own deviation rate counts once it has this many contested positions. */
const MIN_PROMPT_CONTESTED = 20;
const CORPUS_WORDS = [
  'hello',
  'world',
  'the',
  'answer',
  'is',
  'yes',
  'no',
  'model',
  'FUN',
  'AI',
  'what',
  'why',
  'tell',
  'me',
  'about',
  'a',
  'story',
  'of',
  'numbers',
  '42',
  'and',
  'code',
  'please',
  'explain',
  'short',
  'é',
  '!',
  '?',
];

/** A deterministic pseudo-random stream (xorshift-multiply) for the corpus and the simulation. */
function stream(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** The calibration corpus: `count` short prompts in the protocol's plain template. */
export function calibrationPrompts(count: number): string[] {
  const r = stream(0x5eed);
  return Array.from({ length: count }, () => {
    const n = 2 + Math.floor(r() * 8);
    const input = Array.from({ length: n }, () => CORPUS_WORDS[Math.floor(r() * CORPUS_WORDS.length)]).join(
      ' ',
    );
    return renderPrompt({ system: '', messages: [], input });
  });
}

function promptTokens(model: LlamaModel, text: string): number[] {
  const body = model.tokenize(text, false) as number[];
  const bos = model.tokens.bos;
  return model.tokens.shouldPrependBosToken && bos !== null ? [bos, ...body] : body;
}

/** Reading of one position in one configuration: the compared tokens' logits and the argmax. */
interface Reading {
  logits: Map<number, number>;
  argmax: number;
  sorted: TokenLogit[];
}

function roundUp2(x: number): number {
  if (x <= 0) return 0;
  const e = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / e - 1e-9) * e;
}

/** Wilson score upper bound at z = 3.09 (one-sided 99.9 %). */
export function wilsonUpper(k: number, n: number): number {
  if (n === 0) return 0;
  const z = 3.09;
  const p = k / n;
  const z2 = z * z;
  return (p + z2 / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/**
 * Calibrates a model's replay tolerance (docs/protocol.md §12.5): generates a corpus of outputs
 * token by token, evaluates every output in each configuration, measures the honest logit drift
 * against the reference configuration, sets δ from it, estimates the honest deviation rate per contested
 * position (simulated producers at the drift bound, and the deviations the configurations really
 * show), and computes the deviation budget. The result is the model's tolerance profile.
 */
export async function calibrateModel(
  llama: Llama,
  modelPath: string,
  options: CalibrationOptions = {},
): Promise<ToleranceProfile> {
  const started = performance.now();
  const nPrompts = options.prompts ?? 16;
  const nTokens = options.tokens ?? 48;
  const configs = options.configurations ?? DEFAULT_CALIBRATION_CONFIGS;
  const safetyFactor = options.safetyFactor ?? 4;
  const driftFloor = options.driftFloor ?? 0.005;
  const rateFloor = options.rateFloor ?? 0.25;
  const alpha = options.falseRejection ?? 1e-6;
  const trials = options.trials ?? 4;
  const contextSize = options.contextSize ?? 1024;
  if (configs.length < 2)
    throw new RangeError('calibration needs a reference and at least one other configuration');
  const { id: modelId } = await computeModelFileId(modelPath);
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 }).catch((e: unknown) => {
    throw new LlmError('model-load-failed', e instanceof Error ? e.message : String(e));
  });
  const aborted = (): void => {
    if (options.signal?.aborted) throw new LlmError('aborted', 'calibration');
  };
  try {
    const md = model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: readonly unknown[] } } };
    const vocabSize = md.tokenizer?.ggml?.tokens?.length ?? 0;
    if (vocabSize === 0) throw new LlmError('model-load-failed', 'model has no tokenizer.ggml.tokens');
    const prompts = calibrationPrompts(nPrompts).map((t) => promptTokens(model, t));
    for (const p of prompts)
      if (p.length + nTokens > contextSize)
        throw new RangeError('calibration prompt does not fit the context');

    // 1. Output paths, decoded token by token on one thread; the compared tokens are its best COMPARED.
    const paths: number[][] = [];
    const compared: number[][][] = [];
    {
      const ctx = await model.createContext({
        contextSize,
        batchSize: contextSize,
        threads: 1,
        sequences: 1,
      });
      try {
        const seq = ctx.getSequence();
        for (let p = 0; p < prompts.length; p++) {
          aborted();
          await seq.clearHistory();
          const path: number[] = [];
          const cmp: number[][] = [];
          let input: readonly number[] = prompts[p]!;
          for (let step = 0; step < nTokens; step++) {
            const r = await evaluateAt(
              seq,
              input,
              new Map([[input.length - 1, { kind: 'top', count: REFERENCE_READ }]]),
            );
            const cands = r.get(input.length - 1)!.candidates!;
            const token = sampleToken(cands, PATH_SAMPLING, drawUniform(p, modelId, step));
            cmp.push(cands.slice(0, COMPARED).map((c) => c.token));
            path.push(token);
            input = [token];
          }
          paths.push(path);
          compared.push(cmp);
        }
      } finally {
        await ctx.dispose();
      }
    }

    // 2. Every configuration reads every position (the reference reads more, for the simulation).
    const readings: Reading[][][] = []; // [config][prompt][position]
    for (const [ci, cfg] of configs.entries()) {
      aborted();
      const ctx: LlamaContext = await model.createContext({
        contextSize,
        batchSize: Math.min(cfg.batchSize, contextSize),
        threads: cfg.threads,
        sequences: 1,
      });
      const perPrompt: Reading[][] = [];
      try {
        const seq = ctx.getSequence();
        for (let p = 0; p < prompts.length; p++) {
          aborted();
          const prompt = prompts[p]!;
          const path = paths[p]!;
          const base = prompt.length - 1;
          const spec = (i: number): NextSpec => ({
            kind: 'top',
            count: ci === 0 ? REFERENCE_READ : 1,
            include: compared[p]![i]!,
          });
          const read = (r: { candidates?: TokenLogit[]; included?: Map<number, number> }): Reading => ({
            logits: r.included!,
            argmax: r.candidates![0]!.token,
            sorted: r.candidates!,
          });
          await seq.clearHistory();
          const out: Reading[] = [];
          if (cfg.decode) {
            let input: readonly number[] = prompt;
            for (let i = 0; i < path.length; i++) {
              const r = await evaluateAt(seq, input, new Map([[input.length - 1, spec(i)]]));
              out.push(read(r.get(input.length - 1)!));
              input = [path[i]!];
            }
          } else {
            const tokens = [...prompt, ...path.slice(0, -1)];
            const specs = new Map<number, NextSpec>();
            for (let i = 0; i < path.length; i++) specs.set(base + i, spec(i));
            const r = await evaluateAt(seq, tokens, specs);
            for (let i = 0; i < path.length; i++) out.push(read(r.get(base + i)!));
          }
          perPrompt.push(out);
        }
      } finally {
        await ctx.dispose();
      }
      readings.push(perPrompt);
    }

    // 3. Drift against the reference.
    const ref = readings[0]!;
    const measurements: DriftMeasurement[] = [];
    let maxDrift = 0;
    for (const [ci, cfg] of configs.entries()) {
      if (ci === 0) continue;
      let worst = 0;
      let sum = 0;
      let count = 0;
      let disagreements = 0;
      for (let p = 0; p < prompts.length; p++)
        for (let i = 0; i < nTokens; i++) {
          const a = readings[ci]![p]![i]!;
          const b = ref[p]![i]!;
          let d = 0;
          for (const t of compared[p]![i]!) {
            const x = a.logits.get(t);
            const y = b.logits.get(t);
            if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y))
              throw new LlmError('model-load-failed', `calibration read no finite logit for token ${t}`);
            d = Math.max(d, Math.abs(x - y));
          }
          worst = Math.max(worst, d);
          sum += d;
          count++;
          if (a.argmax !== b.argmax) disagreements++;
        }
      maxDrift = Math.max(maxDrift, worst);
      measurements.push({
        name: cfg.name,
        threads: cfg.threads,
        batchSize: cfg.decode ? 1 : cfg.batchSize,
        maxDrift: worst,
        meanDrift: sum / count,
        argmaxDisagreements: disagreements,
      });
    }
    const logitDrift = roundUp2(Math.max(driftFloor, safetyFactor * maxDrift));

    // 4. Honest deviation rate per contested position, per regime: simulated producers at the bound
    //    (the regime's worst setting), and the deviations the configurations really show.
    const probe: ReplayTolerance = { logitDrift, probabilitySlack: 1e-9, budgets: [] };
    const r = stream(0xca1b);
    // Positions sampled evenly within each prompt: the rate must cover the worst prompt, not only the
    // average (a prompt whose every position is flat deviates more often than the corpus as a whole).
    const step = Math.max(1, Math.floor((prompts.length * nTokens) / SIM_POSITIONS));
    const simPositions: TokenLogit[][][] = ref.map((positions) =>
      positions.filter((_, i) => i % step === 0).map((x) => x.sorted),
    );
    const simulate = (
      sampling: SeededSampling | null,
    ): { contested: number; deviations: number; worstPrompt: number } => {
      let contested = 0;
      let deviations = 0;
      let worstPrompt = 0;
      for (const positions of simPositions) {
        let pc = 0;
        let pd = 0;
        for (const all of positions) {
          const sorted = sampling
            ? all.slice(0, Math.min(all.length, sampling.topK + CANDIDATE_MARGIN))
            : all;
          if (sampling && !isResolved(sorted, vocabSize, sampling, probe)) continue;
          for (let t = 0; t < trials; t++) {
            const u = r();
            const noisy = sortCandidates(
              sorted.map((c) => ({ token: c.token, logit: c.logit + (2 * r() - 1) * logitDrift })),
            );
            const own = sampling ? sampleToken(sorted, sampling, u) : sorted[0]!.token;
            const theirs = sampling ? sampleToken(noisy, sampling, u) : noisy[0]!.token;
            const claimed = sorted.find((c) => c.token === theirs)!;
            const check = sampling
              ? checkSeededPosition(sorted, vocabSize, claimed, sampling, u, probe)
              : checkGreedyPosition(sorted, claimed, probe);
            if (check.contested) {
              pc++;
              if (theirs !== own) pd++;
            }
          }
        }
        contested += pc;
        deviations += pd;
        if (pc >= MIN_PROMPT_CONTESTED) worstPrompt = Math.max(worstPrompt, pd / pc);
      }
      return { contested, deviations, worstPrompt };
    };
    let obsContested = 0;
    let obsDeviations = 0;
    for (let ci = 1; ci < configs.length; ci++)
      for (let p = 0; p < prompts.length; p++)
        for (let i = 0; i < nTokens; i++) {
          const s = ref[p]![i]!.sorted;
          if (s.length > 1 && s[0]!.logit - s[1]!.logit <= 2 * logitDrift) {
            obsContested++;
            if (readings[ci]![p]![i]!.argmax !== s[0]!.token) obsDeviations++;
          }
        }
    const simulated: ToleranceMeasurements['simulated'] = [];
    const budgets: ReplayTolerance['budgets'][number][] = [];
    let lo = 0;
    for (const maxTemperature of REGIMES) {
      const settings: Array<SeededSampling | null> =
        maxTemperature === 0
          ? [null]
          : [(lo + maxTemperature) / 2, maxTemperature].flatMap((temperature) =>
              SIM_TOP_K.map((topK) => ({ mode: 'seeded' as const, temperature, topK, topP: 1, seed: 0 })),
            );
      let worst = { name: '', contested: 0, deviations: 0, worstPrompt: 0, ucb: -1 };
      for (const sampling of settings) {
        const res = simulate(sampling);
        const ucb = Math.max(wilsonUpper(res.deviations, res.contested), res.worstPrompt);
        if (ucb > worst.ucb)
          worst = {
            name: sampling ? `T=${sampling.temperature} topK=${sampling.topK}` : 'greedy',
            contested: res.contested,
            deviations: res.deviations,
            worstPrompt: res.worstPrompt,
            ucb,
          };
      }
      const rate = Math.min(
        0.999,
        Math.ceil(1000 * Math.max(rateFloor, worst.ucb, wilsonUpper(obsDeviations, obsContested))) / 1000,
      );
      simulated.push({
        maxTemperature,
        worst: worst.name,
        contested: worst.contested,
        deviations: worst.deviations,
        rate: worst.contested ? worst.deviations / worst.contested : 0,
        worstPromptRate: worst.worstPrompt,
      });
      budgets.push({ maxTemperature, budget: computeDeviationBudget(rate, alpha) });
      lo = maxTemperature;
    }
    const measured: ToleranceMeasurements = {
      reference: configs[0]!.name,
      prompts: prompts.length,
      positions: prompts.length * nTokens,
      comparedTokens: COMPARED,
      configurations: measurements,
      maxDrift,
      safetyFactor,
      driftFloor,
      simulated,
      observed: { contested: obsContested, deviations: obsDeviations },
      rateFloor,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    options.log?.info(
      { modelId, logitDrift, rates: budgets.map((b) => b.budget.rate), maxDrift },
      'calibrated',
    );
    return {
      version: TOLERANCE_PROFILE_VERSION,
      modelId,
      tolerance: { logitDrift, probabilitySlack: 1e-9, budgets },
      measured,
    };
  } finally {
    await model.dispose();
  }
}
