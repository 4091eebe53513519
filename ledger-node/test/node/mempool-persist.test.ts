import { describe, expect, it } from 'vitest';
import { decodeMempoolDump, encodeMempoolDump } from '../../src/node/mempool-persist.js';
import { DecodeError } from '../../src/wire/errors.js';
import type { Transaction } from '../../src/wire/tx.js';
import { ByteWriter } from '../../src/wire/writer.js';

const tx: Transaction = {
  version: 2,
  inputs: [
    {
      prevout: { txid: new Uint8Array(32).fill(7), vout: 1 },
      scriptSig: new Uint8Array(0),
      sequence: 0xfffffffd,
      witness: [new Uint8Array([1, 2, 3])],
    },
  ],
  outputs: [{ value: 5000n, scriptPubKey: new Uint8Array([0x00, 0x14, ...new Uint8Array(20)]) }],
  locktime: 101,
};

describe('mempool.dat', () => {
  it('round-trips entries in bitcoind version 1 layout', () => {
    const bytes = encodeMempoolDump([{ tx, time: 1_700_000_000 }]);
    // u64 version 1, u64 count 1 at the start; empty deltas map and unbroadcast set at the end.
    expect([...bytes.subarray(0, 16)]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect([...bytes.subarray(-2)]).toEqual([0, 0]);
    expect(decodeMempoolDump(bytes)).toEqual([{ tx, time: 1_700_000_000 }]);
    expect(decodeMempoolDump(encodeMempoolDump([]))).toEqual([]);
  });

  it('refuses another version, a count the input cannot hold, truncation and trailing bytes', () => {
    const good = encodeMempoolDump([{ tx, time: 1 }]);
    const v2 = good.slice();
    v2[0] = 2;
    expect(() => decodeMempoolDump(v2)).toThrow(DecodeError);
    const huge = new ByteWriter()
      .u64le(1n)
      .u64le(2n ** 60n)
      .finish();
    expect(() => decodeMempoolDump(huge)).toThrow(DecodeError);
    expect(() => decodeMempoolDump(good.subarray(0, good.length - 1))).toThrow(DecodeError);
    expect(() => decodeMempoolDump(new Uint8Array([...good, 0]))).toThrow(DecodeError);
  });
});
