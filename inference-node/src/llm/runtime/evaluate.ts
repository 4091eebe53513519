import type { ControlledEvaluateInputItem, LlamaContextSequence, Token } from 'node-llama-cpp';
import { fromLogitMap, sortCandidates, type TokenLogit } from '../sampling/logits.js';

/**
 * What to read after a position: the greedy token (llama.cpp's greedy sampler: first maximum in token-id
 * order, i.e. argmax with ties to the lowest id), the `count` highest raw logits (plus the logits of
 * `include`), or every logit. Raw logits are read with no sampler option set, so node-llama-cpp's chain
 * is its bare greedy sampler, which selects without changing any logit.
 */
export type NextSpec =
  | { kind: 'token' }
  | { kind: 'top'; count: number; include?: readonly number[] }
  | { kind: 'all' };

export interface NextResult {
  token?: number;
  /** The `count` best candidates in protocol order (a prefix of the full order). */
  candidates?: TokenLogit[];
  /** Logits of the `include` tokens. */
  included?: Map<number, number>;
}

// node-llama-cpp brands token ids; ours are plain numbers checked against the vocabulary.
const tok = (t: number): Token => t as Token;

function item(t: number, spec: NextSpec): ControlledEvaluateInputItem {
  const token = tok(t);
  switch (spec.kind) {
    case 'token':
      return [token, { generateNext: { token: true } }];
    case 'top':
      return [
        token,
        {
          generateNext: {
            logits: { filter: { tokens: (spec.include ?? []).map(tok), includeTop: spec.count } },
          },
        },
      ];
    case 'all':
      return [token, { generateNext: { logits: true } }];
  }
}

function result(
  spec: NextSpec,
  out: { next: { token?: number | null; logits?: Map<number, number> } },
): NextResult {
  if (spec.kind === 'token') {
    if (out.next.token == null) throw new Error('llama.cpp returned no token');
    return { token: out.next.token };
  }
  const map = out.next.logits;
  if (!map) throw new Error('llama.cpp returned no logits');
  const sorted = sortCandidates(fromLogitMap(map));
  if (spec.kind === 'all') return { candidates: sorted };
  const included = new Map<number, number>();
  for (const t of spec.include ?? []) {
    const l = map.get(t);
    if (l !== undefined) included.set(t, l);
  }
  // The included tokens are appended to the top list by llama.cpp; the prefix is the top `count` only.
  return { candidates: sorted.slice(0, spec.count), included };
}

/**
 * Evaluates `tokens` on the sequence (appending to what it holds) in one controlledEvaluate call, which
 * node-llama-cpp splits into batches of the context's batch size, and reads `specs` after the positions
 * given (indexes into `tokens`).
 */
export async function evaluateAt(
  seq: LlamaContextSequence,
  tokens: readonly number[],
  specs: ReadonlyMap<number, NextSpec>,
): Promise<Map<number, NextResult>> {
  const input: ControlledEvaluateInputItem[] = tokens.map((t, i) => {
    const spec = specs.get(i);
    return spec ? item(t, spec) : tok(t);
  });
  const out = await seq.controlledEvaluate(input);
  const results = new Map<number, NextResult>();
  for (const [i, spec] of specs) {
    const o = out[i];
    if (!o) throw new Error(`llama.cpp returned nothing at position ${i}`);
    results.set(i, result(spec, o));
  }
  return results;
}

/** Evaluates `tokens` and reads `spec` after the last of them. */
export async function evaluateNext(
  seq: LlamaContextSequence,
  tokens: readonly number[],
  spec: NextSpec,
): Promise<NextResult> {
  const r = await evaluateAt(seq, tokens, new Map([[tokens.length - 1, spec]]));
  return r.get(tokens.length - 1)!;
}
