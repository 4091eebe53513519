// Ledger op bodies of the Proof-of-Inference consensus (docs/protocol.md §14.1–14.4): pure codecs and rules.
export * from './commit.js';
export * from './commit-rules.js';
export * from './deposit.js';
export * from './ledger-ops.js';
export * from './numbers.js';
export * from './principal.js';
export * from './register-vrf-key.js';
