/** One vocabulary entry's logit as the engine reads it. */
export interface TokenLogit {
  token: number;
  logit: number;
}

/** The protocol's order of candidates: higher logit first, equal logits by lower token id. */
export function compareCandidates(a: TokenLogit, b: TokenLogit): number {
  return b.logit - a.logit || a.token - b.token;
}

/** A copy sorted in the protocol's candidate order. */
export function sortCandidates(list: Iterable<TokenLogit>): TokenLogit[] {
  return [...list].sort(compareCandidates);
}

/** The Map that node-llama-cpp returns, as a list. */
export function fromLogitMap(map: ReadonlyMap<number, number>): TokenLogit[] {
  const out: TokenLogit[] = [];
  for (const [token, logit] of map) out.push({ token, logit });
  return out;
}
