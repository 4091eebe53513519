import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Coin } from '../../src/chain/coin.js';
import {
  compressAmount,
  decodeCoin,
  decompressAmount,
  encodeCoin,
  outPointFromKey,
  outPointKey,
  readVarInt,
  readVarInt64,
  writeCompressedScript,
  writeVarInt,
  writeVarInt64,
} from '../../src/chain/coin.js';
import { decodeBlockUndo, encodeBlockUndo } from '../../src/chain/undo.js';
import { COIN } from '../../src/consensus/amounts.js';
import { fromHex, toHex } from '../../src/wire/bytes.js';
import { DecodeError } from '../../src/wire/errors.js';
import { ByteReader } from '../../src/wire/reader.js';
import { ByteWriter } from '../../src/wire/writer.js';

// Bit patterns of Bitcoin Core's src/test/serialize_tests.cpp (varints_bitpatterns, MIT licence).
const VARINTS: [bigint, string][] = [
  [0n, '00'],
  [0x7fn, '7f'],
  [0x80n, '8000'],
  [0x1234n, 'a334'],
  [0xffffn, '82fe7f'],
  [0x123456n, 'c7e756'],
  [0x80123456n, '86ffc7e756'],
  [0xffffffffn, '8efefefe7f'],
  [0x7fffffffffffffffn, 'fefefefefefefefe7f'],
  [0xffffffffffffffffn, '80fefefefefefefefe7f'],
];

describe('VARINT', () => {
  it.each(VARINTS)('%s encodes as Core does (%s)', (n, hex) => {
    const w = new ByteWriter();
    writeVarInt64(w, n);
    expect(toHex(w.finish())).toBe(hex);
    expect(readVarInt64(new ByteReader(fromHex(hex)))).toBe(n);
    if (n <= BigInt(Number.MAX_SAFE_INTEGER)) {
      const w2 = new ByteWriter();
      writeVarInt(w2, Number(n));
      expect(toHex(w2.finish())).toBe(hex);
      expect(readVarInt(new ByteReader(fromHex(hex)))).toBe(Number(n));
    }
  });

  it('round-trips any safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        const w = new ByteWriter();
        writeVarInt(w, n);
        const r = new ByteReader(w.finish());
        expect(readVarInt(r)).toBe(n);
        expect(r.remaining).toBe(0);
      }),
    );
  });

  it('rejects a truncated varint', () => {
    expect(() => readVarInt(new ByteReader(fromHex('80')))).toThrow(DecodeError);
  });
});

describe('CompressAmount', () => {
  // Pairs of Bitcoin Core's src/test/compress_tests.cpp (compress_amounts, MIT licence).
  it.each([
    [0n, 0x0n],
    [1n, 0x1n],
    [COIN / 100n, 0x7n],
    [COIN, 0x9n],
    [50n * COIN, 0x32n],
    [21_000_000n * COIN, 0x1406f40n],
  ])('%s <-> %s', (value, compressed) => {
    expect(compressAmount(value)).toBe(compressed);
    expect(decompressAmount(compressed)).toBe(value);
  });

  it('round-trips any amount up to 2^64 - 1', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }), (v) => {
        expect(decompressAmount(compressAmount(v))).toBe(v);
      }),
    );
  });

  it('decompress then compress is the identity on small codes (as Core checks up to 100000)', () => {
    for (let i = 0n; i < 5000n; i++) expect(compressAmount(decompressAmount(i))).toBe(i);
  });
});

const arbCoin: fc.Arbitrary<Coin> = fc.record({
  height: fc.integer({ min: 0, max: 0x7fffffff }),
  isCoinbase: fc.boolean(),
  output: fc.record({
    value: fc.bigInt({ min: 0n, max: 21_000_000n * COIN }),
    scriptPubKey: fc.oneof(
      fc.uint8Array({ maxLength: 120 }),
      fc
        .uint8Array({ minLength: 20, maxLength: 20 })
        .map((h) => Uint8Array.from([0x76, 0xa9, 20, ...h, 0x88, 0xac])),
      fc.uint8Array({ minLength: 20, maxLength: 20 }).map((h) => Uint8Array.from([0xa9, 20, ...h, 0x87])),
      fc
        .tuple(fc.constantFrom(2, 3), fc.uint8Array({ minLength: 32, maxLength: 32 }))
        .map(([p, x]) => Uint8Array.from([33, p, ...x, 0xac])),
    ),
  }),
});

describe('coin serialization', () => {
  it('encodes the amount as VARINT(compressAmount) whether or not it takes the Number path', () => {
    const edges = [0n, 1n, 999_999_999_999_999n, 1_000_000_000_000_000n, 21_000_000n * COIN, 2n ** 59n];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: 0n, max: 2n ** 59n }),
          fc.constantFrom(...edges),
          fc.bigInt({ min: 0n, max: 2n ** 53n }),
        ),
        (value) => {
          const coin = { height: 7, isCoinbase: false, output: { value, scriptPubKey: Uint8Array.of(0x51) } };
          const w = new ByteWriter();
          writeVarInt(w, 14);
          writeVarInt64(w, compressAmount(value));
          writeCompressedScript(w, coin.output.scriptPubKey);
          expect(encodeCoin(coin)).toEqual(w.finish());
          expect(decodeCoin(encodeCoin(coin))).toEqual(coin);
        },
      ),
    );
  });

  it('round-trips any coin', () => {
    fc.assert(
      fc.property(arbCoin, (coin) => {
        const back = decodeCoin(encodeCoin(coin));
        expect(back.height).toBe(coin.height);
        expect(back.isCoinbase).toBe(coin.isCoinbase);
        expect(back.output.value).toBe(coin.output.value);
        expect(toHex(back.output.scriptPubKey)).toBe(toHex(coin.output.scriptPubKey));
      }),
    );
  });

  it('stores a P2PKH coin in Core compressed form: code, amount, type 0 and the hash', () => {
    const hash = new Uint8Array(20).fill(0xab);
    const coin: Coin = {
      height: 100,
      isCoinbase: true,
      output: { value: 50n * COIN, scriptPubKey: Uint8Array.from([0x76, 0xa9, 20, ...hash, 0x88, 0xac]) },
    };
    // VARINT(201) = 8049, VARINT(0x32) = 32, type 00, hash
    expect(toHex(encodeCoin(coin))).toBe(`80493200${'ab'.repeat(20)}`);
  });

  it('keeps raw scripts with their length offset by 6 (P2WPKH: 22 + 6 = 0x1c)', () => {
    const script = Uint8Array.from([0x00, 20, ...new Uint8Array(20).fill(7)]);
    const enc = encodeCoin({ height: 1, isCoinbase: false, output: { value: 1n, scriptPubKey: script } });
    expect(toHex(enc.subarray(0, 3))).toBe('02011c');
  });

  it('rejects trailing bytes and the unused P2PK-uncompressed forms', () => {
    const enc = encodeCoin({
      height: 1,
      isCoinbase: false,
      output: { value: 1n, scriptPubKey: new Uint8Array(3) },
    });
    expect(() => decodeCoin(Uint8Array.from([...enc, 0]))).toThrow(DecodeError);
    expect(() => decodeCoin(Uint8Array.from([0x02, 0x01, 0x04, ...new Uint8Array(32)]))).toThrow(DecodeError);
  });
});

describe('outpoint keys', () => {
  it('are txid then big-endian vout, so outputs of a tx sort in index order', () => {
    const txid = new Uint8Array(32).fill(9);
    const k1 = outPointKey({ txid, vout: 1 });
    const k256 = outPointKey({ txid, vout: 256 });
    expect(toHex(k1.subarray(32))).toBe('00000001');
    expect(Buffer.compare(k1, k256)).toBe(-1);
    const back = outPointFromKey(k256);
    expect(back.vout).toBe(256);
    expect(toHex(back.txid)).toBe(toHex(txid));
  });
});

describe('undo records', () => {
  it('round-trip', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbCoin, { maxLength: 4 }), { maxLength: 5 }), (undo) => {
        const back = decodeBlockUndo(encodeBlockUndo(undo));
        expect(back.map((t) => t.map((c) => toHex(encodeCoin(c))))).toEqual(
          undo.map((t) => t.map((c) => toHex(encodeCoin(c)))),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('reject a record with a count larger than its bytes', () => {
    expect(() => decodeBlockUndo(fromHex('05'))).toThrow(DecodeError);
  });
});
