// The inference node's P2P network (docs/protocol.md §16.6) and its executed-record gossip.
export * from './inference-net.js';
export * from './records.js';
