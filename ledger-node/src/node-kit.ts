/**
 * @funai/ledger-node/node-kit: the pieces of a bitcoind-style daemon that funai-ledger shares with
 * the other FUN AI daemons (funai-inference), so that they read flags and config files, run their
 * main and store through RocksDB the same way. Service code otherwise stays private to the ledger
 * node (the main entry exports byte formats and consensus only).
 *
 * - options (node/args.ts): bitcoind's ArgsManager rules — `-name=value`, `-noname`, config-file
 *   sections and precedence, network selection (-regtest/-testnet/-network/-chain), -help text;
 * - the daemon main (node/run-main.ts): config errors, -help/-version, signals, startup failure;
 * - RocksDB (store/rocks-binding.ts): the typed synchronous binding, atomic batches, range scans;
 * - gossipsub (net/gossip-options.ts): the settings every FUN AI gossip network uses.
 */
export * from './net/gossip-options.js';
export * from './node/args.js';
export * from './node/run-main.js';
export * from './store/rocks-binding.js';
