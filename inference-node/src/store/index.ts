// The inference node's RocksDB store (docs/protocol.md §16.2).
export * from './store.js';
export * from './stored-json.js';
