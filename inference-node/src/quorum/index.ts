// Verifier votes and BLS quorum certificates (docs/protocol.md §15.8–15.9): pure, keys as arguments.
export * from './aggregate.js';
export * from './bitmap.js';
export * from './certificate.js';
export * from './params.js';
export * from './vote.js';
export * from './window.js';
