// The inference node's RocksDB store (docs/protocol.md §16.2), content reclamation and certified counts.
export * from './certified.js';
export * from './reclaim.js';
export * from './store.js';
export * from './stored-json.js';
