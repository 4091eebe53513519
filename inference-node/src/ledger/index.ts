// Ledger watcher (docs/protocol.md §16.1): the inference node reads the ledger only through a
// ledger node's JSON-RPC.
export * from './block.js';
export * from './rpc-client.js';
export * from './watcher.js';
