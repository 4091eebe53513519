import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/wire/bytes.js';
import { DecodeError } from '../../src/wire/errors.js';
import { decodeTx, encodeTx, hasWitness, txIdsFromBytes, txid, txSize, wtxid } from '../../src/wire/tx.js';

// Every serialized transaction of Bitcoin Core's tx_valid.json and tx_invalid.json goes through the
// codec: the valid ones must decode and re-encode byte for byte; the invalid ones (invalid by script
// or consensus, not by format) must do the same or fail with a DecodeError only.

const VECTORS = new URL('../vectors/bitcoin-core/', import.meta.url);
type Row = unknown[];
function rows(name: string): [string, string][] {
  const all = JSON.parse(readFileSync(new URL(name, VECTORS), 'utf8')) as Row[];
  return all
    .filter((r) => r.length >= 3 && typeof r[1] === 'string')
    .map((r) => [r[1] as string, String(r[2])]);
}

describe('tx_valid.json / tx_invalid.json through the codec', () => {
  it('round-trips every tx_valid row', () => {
    const valid = rows('tx_valid.json');
    let passed = 0;
    for (const [hex] of valid) {
      const tx = decodeTx(fromHex(hex));
      expect(toHex(encodeTx(tx))).toBe(hex);
      expect(txSize(tx)).toBe(hex.length / 2);
      if (!hasWitness(tx)) expect(toHex(wtxid(tx))).toBe(toHex(txid(tx)));
      passed++;
    }
    console.log(`tx_valid.json: ${passed}/${valid.length} transactions round-tripped`);
    expect(passed).toBe(valid.length);
    expect(passed).toBeGreaterThan(100);
  });

  it('gives the ids of the re-encoded transaction from the bytes received (txIdsFromBytes)', () => {
    let witnessTxs = 0;
    for (const [hex] of [...rows('tx_valid.json'), ...rows('tx_invalid.json')]) {
      const bytes = fromHex(hex);
      let tx: ReturnType<typeof decodeTx>;
      try {
        tx = decodeTx(bytes);
      } catch (e) {
        if (e instanceof DecodeError) continue;
        throw e;
      }
      if (hasWitness(tx)) witnessTxs++;
      const ids = txIdsFromBytes(bytes, tx);
      expect(toHex(ids.txid)).toBe(toHex(txid(tx)));
      expect(toHex(ids.wtxid)).toBe(toHex(wtxid(tx)));
    }
    expect(witnessTxs).toBeGreaterThan(10);
  });

  it('round-trips or rejects with a DecodeError every tx_invalid row', () => {
    const invalid = rows('tx_invalid.json');
    let roundTripped = 0;
    let rejected = 0;
    for (const [hex] of invalid) {
      let tx: ReturnType<typeof decodeTx>;
      try {
        tx = decodeTx(fromHex(hex));
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        rejected++;
        continue;
      }
      expect(toHex(encodeTx(tx))).toBe(hex);
      roundTripped++;
    }
    console.log(`tx_invalid.json: ${roundTripped} round-tripped, ${rejected} rejected by the decoder`);
    expect(roundTripped + rejected).toBe(invalid.length);
  });
});
