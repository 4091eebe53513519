// Address prefixes moved to params/ with the chain parameters; this path keeps the library's exports.
export * from '../params/address-prefixes.js';
