// The node's roles (docs/protocol.md §16.5): producer; executor and verifier to come.
export * from './producer.js';
