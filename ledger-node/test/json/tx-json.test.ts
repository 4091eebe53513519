import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAIN_PARAMS } from '../../src/consensus/params.js';
import { txToJson } from '../../src/json/tx.js';
import { hashToHex } from '../../src/wire/bytes.js';
import { encodeTx, txid, txSize, txVsize, txWeight, wtxid } from '../../src/wire/tx.js';
import { txArb } from '../fuzz/arbitraries.js';

// txToJson takes the ids and sizes from one serialization (the caller's, for getblock): they must
// be the wire layer's figures, with or without that serialization passed in.

describe('txToJson', () => {
  it('reports the ids and sizes of the wire functions, from its own or the given serialization', () => {
    const prefixes = MAIN_PARAMS.addressPrefixes;
    fc.assert(
      fc.property(txArb, (tx) => {
        const json = txToJson(tx, prefixes);
        expect(json).toMatchObject({
          txid: hashToHex(txid(tx)),
          hash: hashToHex(wtxid(tx)),
          size: txSize(tx),
          vsize: txVsize(tx),
          weight: txWeight(tx),
        });
        expect(txToJson(tx, prefixes, encodeTx(tx))).toEqual(json);
      }),
      { numRuns: 200 },
    );
  });
});
