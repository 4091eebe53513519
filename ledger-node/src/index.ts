// Public library surface of @funai/ledger-node: byte formats and consensus code that the inference
// node and the Clarity tests import. Service code (store, net, rpc) is not exported here.
export * from './crypto/hash.js';
export * from './wire/bytes.js';
export * from './wire/errors.js';
export * from './wire/reader.js';
export * from './wire/tx.js';
export * from './wire/writer.js';
