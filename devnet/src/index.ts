// The devnet launcher as a library: integration tests start a devnet the way `npm run devnet` does.
export * from './cli/options.js';
export * from './devnet.js';
export * from './explorer/server.js';
export * from './genesis/genesis.js';
export * from './ledger/miner.js';
export * from './ledger/rpc.js';
export * from './manifest/manifest.js';
export * from './process/node-process.js';
export * from './process/ports.js';
export * from './status/view.js';
export * from './traffic/traffic.js';
