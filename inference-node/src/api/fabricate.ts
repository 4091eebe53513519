import type { InferenceOutput } from '../llm/request/types.js';

/**
 * TEST ONLY — a dishonest executor for the end-to-end tests (`-test-fabricate-outputs=<n>`, refused unless
 * on regtest; docs/node.md). Every n-th record the API settles claims altered output tokens: the receipt
 * is signed over them and the contents protocol serves them, so the claim is consistent (hash, count,
 * signature) and only the verifiers' replay can tell that the model did not produce it. The client still
 * receives the text the model generated.
 */
export class OutputFabricator {
  private settled = 0;

  constructor(readonly everyNth: number) {
    if (!Number.isSafeInteger(everyNth) || everyNth < 1)
      throw new RangeError(`every n-th record: n is a positive integer, got ${everyNth}`);
  }

  /** The output the executor claims for the record it is settling (the honest one, or an altered copy). */
  claim<T extends InferenceOutput>(out: T): T {
    this.settled++;
    if (this.settled % this.everyNth !== 0) return out;
    return { ...out, tokens: fabricateTokens(out.tokens) };
  }
}

/** The lowest ids are a vocabulary's specials (unknown, BOS, EOS, …): kept, so the claimed finish stays. */
const FIRST_ALTERED_ID = 4;

/**
 * Every ordinary token id swapped with its neighbour (t XOR 1, ids ≥ 4), a stop token kept: the same
 * length (the same gas), a different sequence. An output of specials only gets its first token replaced.
 */
export function fabricateTokens(tokens: readonly number[]): number[] {
  const out = tokens.map((t) => (t >= FIRST_ALTERED_ID ? t ^ 1 : t));
  if (out.length > 0 && out.every((t, i) => t === tokens[i])) out[0] = FIRST_ALTERED_ID;
  return out;
}
