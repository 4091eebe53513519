// The chain parameters moved to params/ (btcd's chaincfg); this path keeps the library's exports.
export * from '../params/chain-params.js';
