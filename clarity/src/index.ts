// Public surface of @funai/clarity: the deterministic Clarity host of the inference chain, its
// receipts and receipts root, and the constants the inference node shares with the contracts.
// First: the wasm capture hook must be installed before the SDK starts loading its core.
import './vm/capture.js';

export * from './host/genesis.js';
export * from './host/host.js';
export * from './host/issuance.js';
export * from './host/ops.js';
export * from './host/pop.js';
export * from './host/principals.js';
export * from './host/typecheck.js';
export * from './receipts/encoding.js';
export * from './receipts/merkle.js';
export * from './receipts/receipt.js';
export * from './vm/session.js';
