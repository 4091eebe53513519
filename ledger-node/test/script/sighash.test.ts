import { describe, expect, it } from 'vitest';
import { checkTransaction } from '../../src/consensus/check-tx.js';
import { legacySignatureHash, signatureHash } from '../../src/script/sighash.js';
import { SIGVERSION_BASE } from '../../src/script/sigversion.js';
import { fromHex, hashToHex } from '../../src/wire/bytes.js';
import { decodeTx } from '../../src/wire/tx.js';
import { loadCoreVectors } from './vectors.js';

describe('sighash.json (legacy SignatureHash)', () => {
  const rows = loadCoreVectors('sighash.json').filter((r) => r.length >= 5);

  it('matches every row', () => {
    console.log(`sighash.json: ${rows.length} rows`);
    expect(rows.length).toBe(500);
    const bases = new Set<number>();
    for (const [rawTx, rawScript, nIn, hashType, expected] of rows as [
      string,
      string,
      number,
      number,
      string,
    ][]) {
      const tx = decodeTx(fromHex(rawTx));
      expect(() => checkTransaction(tx)).not.toThrow();
      const h = legacySignatureHash(fromHex(rawScript), tx, nIn, hashType);
      expect(hashToHex(h), `${rawTx.slice(0, 16)}… in ${nIn} type ${hashType}`).toBe(expected);
      expect(signatureHash(fromHex(rawScript), tx, nIn, hashType, 0n, SIGVERSION_BASE)).toEqual(h);
      bases.add(hashType & 0x9f);
    }
    // Random hash types: NONE, SINGLE, ALL-like and their ANYONECANPAY forms all occur.
    for (const t of [0x02, 0x03, 0x82, 0x83]) expect(bases.has(t)).toBe(true);
  });
});
