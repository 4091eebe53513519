import {
  MAX_STOP_STRING_LENGTH,
  MAX_STOP_STRINGS,
  MAX_TEMPERATURE,
  MAX_TOP_K,
} from '../llm/request/limits.js';

/** Inference transaction limits (docs/protocol.md §15.1). Sampling bounds are the engine's (§12.3). */

export const TX_VERSION = 1;

/** Bytes of a whole encoded inference transaction (signature included): checked before decoding. */
export const MAX_TX_BYTES = 131_072;
/** UTF-8 bytes of the system prompt, of each context message and of the input. */
export const MAX_TEXT_BYTES = 32_768;
/** Earlier messages in the context. */
export const MAX_CONTEXT_MESSAGES = 64;
/** Output tokens a transaction may ask for (a node may allow fewer: §12.3 `maxOutputTokens`). */
export const MAX_TX_OUTPUT_TOKENS = 32_768;
/** Stop strings: count and length in UTF-16 code units as the engine (§12.3); UTF-8 bytes ≤ 3 per unit. */
export const MAX_TX_STOP_STRINGS = MAX_STOP_STRINGS;
export const MAX_TX_STOP_STRING_UNITS = MAX_STOP_STRING_LENGTH;
export const MAX_STOP_STRING_BYTES = 3 * MAX_STOP_STRING_LENGTH;
/** Temperature in thousandths: 1 … 4000 is (0, 4]. */
export const TEMPERATURE_SCALE = 1000;
export const MAX_TEMPERATURE_MILLI = MAX_TEMPERATURE * TEMPERATURE_SCALE;
/** top-p in millionths: 1 … 1,000,000 is (0, 1]. */
export const TOP_P_SCALE = 1_000_000;
export const MAX_TX_TOP_K = MAX_TOP_K;
/** Seeds are below 2^53 so JSON clients carry them exactly (coordination rule; the engine's seed type). */
export const SEED_LIMIT = 2 ** 53;
