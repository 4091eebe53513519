// The inference node's P2P network (docs/protocol.md §16.6).
export * from './inference-net.js';
