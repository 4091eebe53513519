// The funai-inference daemon: configuration, lifecycle, status (docs/protocol.md §16).
export * from './config.js';
export * from './consensus-sink.js';
export * from './daemon.js';
export * from './inference-chain.js';
export * from './keys.js';
export * from './main.js';
export * from './status.js';
export * from './verifier-set.js';
export * from './version.js';
