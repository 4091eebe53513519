// Fork choice and consensus state keyed by ledger fork (docs/protocol.md §14.9). Deterministic, over a store interface.
export * from './fork-choice.js';
export * from './snapshot.js';
export * from './snapshot-codec.js';
