// The node's roles (docs/protocol.md §16.5, §16.9): producer and verifier (with its vote collector).
export * from './contents-codec.js';
export * from './producer.js';
export * from './verifier.js';
export * from './vote-collector.js';
