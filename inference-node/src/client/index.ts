// The TypeScript client of FUN AI's native API (docs/protocol.md §17.4–17.5): keys, signing, submit,
// stream, lifecycle and local proof checks. Importable alone as `@funai/inference-node/client` (it does
// not load the LLM engine).
export {
  accountFromPrivateKey,
  type KeyAccount,
  newPrivateKey,
  principalOf,
} from '../api/keystore.js';
export type {
  AnchorProof,
  BlockInclusion,
  CertificateProof,
  TxLifecycle,
  TxStatus,
} from '../api/lifecycle.js';
export * from './client.js';
export * from './verify.js';
