// Public surface of @funai/inference-node. The consensus core (ops, election, tx, block, quorum,
// chain; docs/protocol.md §14–15) is pure: inputs as arguments. ledger/ and store/ are the
// daemon's adapters (§16): the ledger node's JSON-RPC and the RocksDB store.

export * from './api/index.js';
export * from './block/index.js';
export * from './chain/index.js';
// Genesis file entries of a staking node (devnets and tests; docs/node.md "Clarity genesis file").
export * from './clarity/genesis-staker.js';
export * from './election/index.js';
export * from './ledger/index.js';
export * from './llm/index.js';
// The -verifierset file (§16.9), for tools that write one (the devnet's genesis stakers).
export * from './node/verifier-set.js';
export * from './ops/index.js';
export * from './quorum/index.js';
export * from './store/index.js';
export * from './tx/index.js';
