/** Signature hash types: the last byte of a script signature. */
export const SIGHASH_ALL = 1;
export const SIGHASH_NONE = 2;
export const SIGHASH_SINGLE = 3;
export const SIGHASH_ANYONECANPAY = 0x80;

/** Core's mapSigHashTypes: the names decoderawtransaction prints after a signature in asm. */
export const SIGHASH_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [SIGHASH_ALL, 'ALL'],
  [SIGHASH_ALL | SIGHASH_ANYONECANPAY, 'ALL|ANYONECANPAY'],
  [SIGHASH_NONE, 'NONE'],
  [SIGHASH_NONE | SIGHASH_ANYONECANPAY, 'NONE|ANYONECANPAY'],
  [SIGHASH_SINGLE, 'SINGLE'],
  [SIGHASH_SINGLE | SIGHASH_ANYONECANPAY, 'SINGLE|ANYONECANPAY'],
]);
