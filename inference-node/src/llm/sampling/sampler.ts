import type { SeededSampling } from '../request/types.js';
import type { TokenLogit } from './logits.js';

/**
 * The protocol's seeded sampler (docs/protocol.md §12.4). Given the candidates sorted in protocol order
 * (at least the first min(topK, vocabulary) of them), the sampling parameters and the step's draw u:
 *   1. keep the first topK candidates;
 *   2. weights w_i = exp((l_i - l_0) / temperature), probabilities p_i = w_i / sum(w);
 *   3. nucleus: keep the shortest prefix whose cumulative probability reaches topP (topP = 1 keeps all);
 *   4. order the kept tokens by token id and walk the renormalized cumulative distribution: the first
 *      token whose cumulative probability exceeds u is chosen (the last one if rounding leaves u above all).
 * Walking in token-id order, not probability order, is what makes the choice stable under small logit
 * drift: two nearly equal logits swapping places do not move any token's interval (see §12.5).
 */
export function sampleToken(sorted: readonly TokenLogit[], params: SeededSampling, u: number): number {
  const k = Math.min(params.topK, sorted.length);
  if (k === 0) throw new RangeError('no candidates');
  const top = sorted[0]!.logit;
  const w = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) total += w[i] = Math.exp((sorted[i]!.logit - top) / params.temperature);
  let n = k;
  if (params.topP < 1) {
    let acc = 0;
    for (let i = 0; i < k; i++) {
      acc += w[i]! / total;
      if (acc >= params.topP) {
        n = i + 1;
        break;
      }
    }
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += w[i]!;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sorted[a]!.token - sorted[b]!.token);
  let acc = 0;
  for (const i of order) {
    acc += w[i]! / kept;
    if (u < acc) return sorted[i]!.token;
  }
  return sorted[order[n - 1]!]!.token;
}
