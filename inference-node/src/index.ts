export * from './block/index.js';
export * from './chain/index.js';
export * from './election/index.js';
// Daemon adapters (docs/protocol.md §16).
export * from './ledger/index.js';
export * from './llm/index.js';
// Proof-of-Inference consensus core (docs/protocol.md §14–15): pure functions, inputs as arguments.
export * from './ops/index.js';
export * from './quorum/index.js';
export * from './store/index.js';
export * from './tx/index.js';
