// Inference transactions, execution receipts and equivocation proofs (docs/protocol.md §15.1–15.5). Pure.
export * from './equivocation.js';
export * from './limits.js';
export * from './receipt.js';
export * from './signature.js';
export * from './text.js';
export * from './transaction.js';
