import type { InferenceRequest, Prompt } from '../llm/request/types.js';
import type { GenerationResult } from '../llm/runtime/engine.js';
import type { KeyAccount } from './keystore.js';

/**
 * The chain side of the API (docs/protocol.md §17.4), which the daemon implements over its chain state
 * and `LocalInferenceBackend` implements in memory: it turns requests into signed inference transactions,
 * admits them (signature, chain id, nonce, balance, replay), and settles them with the executor's receipt.
 * Errors it throws are `ApiError`s (402-like balance failures are 429 `insufficient_quota`, as OpenAI).
 */
export interface TxDraft {
  modelId: string;
  prompt: Prompt;
  maxTokens: number;
  stop: readonly string[];
  /** Greedy when temperature is 0. */
  temperature: number;
  topP: number;
  topK: number;
  /** null: derived from the transaction (coord rule, §17.2). */
  seed: number | null;
  /** Gas the transaction may use: the server passes the model's context size (prompt + output tokens). */
  gasLimit: bigint;
}

/** A transaction admitted for execution: nonce and funds reserved until settled or abandoned. */
export interface AdmittedTx {
  /** The transaction id, 64 hex chars. */
  id: string;
  /** The signed transaction's encoding, hex. */
  tx: string;
  sender: string;
  nonce: bigint;
  /** The engine request the transaction determines (seed fixed). */
  request: InferenceRequest;
}

export interface SettledTx {
  /** The executor's signed receipt (207 bytes, coord layout), hex. */
  receipt: string;
  /** Fee charged, base units. */
  fee: bigint;
}

export interface AccountState {
  principal: string;
  /** Spendable fee balance in base units (1 FAI = 10^8), after pending reservations. */
  balance: bigint;
  /** The nonce the next transaction must carry. */
  nonce: bigint;
}

export interface InferenceBackend {
  /** Builds and signs a transaction for a keystore account, then admits it. */
  signAndAdmit(account: KeyAccount, draft: TxDraft): Promise<AdmittedTx>;
  /** Admits a transaction the client signed (native API). */
  admitSigned(tx: Uint8Array): Promise<AdmittedTx>;
  /** Signs the receipt of a finished execution, charges the fee, keeps the record for inclusion. */
  settle(tx: AdmittedTx, output: GenerationResult): Promise<SettledTx>;
  /** Execution did not finish (client gone, timeout, engine error): the nonce and funds are released. */
  abandon(tx: AdmittedTx): void;
  account(principal: string): Promise<AccountState>;
}
