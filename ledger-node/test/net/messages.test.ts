import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAIN_PARAMS, REGTEST_PARAMS, TEST_PARAMS } from '../../src/consensus/params.js';
import {
  decodeAddrs,
  decodeBlockResponse,
  decodeGetBlocks,
  decodeGetHeaders,
  decodeHeaders,
  decodeStatus,
  encodeAddrs,
  encodeBlockResponse,
  encodeGetBlocks,
  encodeGetHeaders,
  encodeHeaders,
  encodeStatus,
} from '../../src/net/messages.js';
import {
  FRAME_LIMITS,
  MAX_BLOCKS_PER_REQUEST,
  MAX_BLOCKS_PER_REQUEST_V1,
  MAX_HEADERS_RESULTS,
  networkProtocols,
} from '../../src/net/protocols.js';
import { encodeBlock } from '../../src/wire/block.js';
import { DecodeError } from '../../src/wire/errors.js';
import type { BlockHeader } from '../../src/wire/header.js';
import { ByteWriter } from '../../src/wire/writer.js';

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const header: fc.Arbitrary<BlockHeader> = fc.record({
  version: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  prevBlock: hash,
  merkleRoot: hash,
  time: fc.nat({ max: 2 ** 32 - 1 }),
  bits: fc.nat({ max: 2 ** 32 - 1 }),
  nonce: fc.nat({ max: 2 ** 32 - 1 }),
});

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e.reason;
    throw e;
  }
  throw new Error('did not throw');
}

describe('protocol ids and topics', () => {
  test('carry the genesis hash, so networks differ', () => {
    const ids = [MAIN_PARAMS, TEST_PARAMS, REGTEST_PARAMS].map((p) => networkProtocols(p.genesisHash));
    const all = ids.flatMap((n) => [...Object.values(n.ids), ...Object.values(n.topics)]);
    expect(new Set(all).size).toBe(all.length);
    const reg = ids[2]!;
    expect(reg.ids.headers).toBe(`/funai-ledger/${reg.genesis}/headers/1`);
    expect(reg.ids.blocks).toBe(`/funai-ledger/${reg.genesis}/blocks/2`);
    expect(reg.ids.blocksV1).toBe(`/funai-ledger/${reg.genesis}/blocks/1`);
    expect(reg.topics.block).toBe(`funai-ledger/${reg.genesis}/block/1`);
    expect(reg.genesis).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('status', () => {
  test('round-trips, chain work as a 256-bit little-endian integer', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 32 - 1 }),
        hash,
        fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
        fc.string({ maxLength: 60 }),
        (height, tipHash, chainWork, userAgent) => {
          const m = { version: 1, height, tipHash, chainWork, userAgent };
          const bytes = encodeStatus(m);
          expect(bytes.length).toBeLessThanOrEqual(FRAME_LIMITS.status);
          expect(decodeStatus(bytes)).toEqual(m);
        },
      ),
    );
    const b = encodeStatus({
      version: 1,
      height: 7,
      tipHash: new Uint8Array(32),
      chainWork: 0x0102n,
      userAgent: '',
    });
    expect([...b.subarray(40, 43)]).toEqual([0x02, 0x01, 0x00]);
  });

  test('rejects an over-long user agent and trailing bytes', () => {
    const w = new ByteWriter().u32le(1).u32le(0).bytes(new Uint8Array(64)).varBytes(new Uint8Array(257));
    expect(reason(() => decodeStatus(w.finish()))).toBe('user-agent-too-long');
    const ok = encodeStatus({
      version: 1,
      height: 0,
      tipHash: new Uint8Array(32),
      chainWork: 1n,
      userAgent: 'x',
    });
    expect(reason(() => decodeStatus(Uint8Array.of(...ok, 0)))).toBe('trailing-bytes');
    expect(() =>
      encodeStatus({
        version: 1,
        height: 0,
        tipHash: new Uint8Array(32),
        chainWork: 2n ** 256n,
        userAgent: '',
      }),
    ).toThrow(RangeError);
  });
});

describe('headers', () => {
  test('get-headers round-trips and is bounded to 101 locator hashes', () => {
    fc.assert(
      fc.property(fc.array(hash, { maxLength: 101 }), hash, (locator, stop) => {
        const bytes = encodeGetHeaders({ locator, stop });
        expect(bytes.length).toBeLessThanOrEqual(FRAME_LIMITS.getHeaders);
        expect(decodeGetHeaders(bytes)).toEqual({ locator, stop });
      }),
    );
    const w = new ByteWriter().compactSize(102);
    for (let i = 0; i < 103; i++) w.bytes(new Uint8Array(32));
    expect(reason(() => decodeGetHeaders(w.finish()))).toBe('too-many-locator-hashes');
  });

  test('headers round-trip; at most 2,000; a count beyond the input is caught before reading', () => {
    fc.assert(
      fc.property(fc.array(header, { maxLength: 30 }), (hs) => {
        expect(decodeHeaders(encodeHeaders(hs))).toEqual(hs);
      }),
    );
    const h = fc.sample(header, 1)[0]!;
    const max = encodeHeaders(Array.from({ length: MAX_HEADERS_RESULTS }, () => h));
    expect(max.length).toBeLessThanOrEqual(FRAME_LIMITS.headers);
    expect(decodeHeaders(max)).toHaveLength(MAX_HEADERS_RESULTS);
    const over = new ByteWriter().compactSize(MAX_HEADERS_RESULTS + 1);
    for (let i = 0; i <= MAX_HEADERS_RESULTS; i++) over.bytes(new Uint8Array(80));
    expect(reason(() => decodeHeaders(over.finish()))).toBe('too-many-headers');
    expect(reason(() => decodeHeaders(Uint8Array.of(5, ...new Uint8Array(80))))).toBe('truncated');
  });
});

describe('blocks', () => {
  test('get-blocks takes 1 to 128 hashes (blocks/2), 1 to 16 for blocks/1; the count is checked first', () => {
    fc.assert(
      fc.property(fc.array(hash, { minLength: 1, maxLength: MAX_BLOCKS_PER_REQUEST }), (hs) => {
        expect(decodeGetBlocks(encodeGetBlocks(hs))).toEqual(hs);
        expect(encodeGetBlocks(hs).length).toBeLessThanOrEqual(FRAME_LIMITS.getBlocks);
      }),
    );
    expect(reason(() => decodeGetBlocks(Uint8Array.of(0)))).toBe('empty-request');
    const request = (n: number) => {
      const w = new ByteWriter().compactSize(n);
      for (let i = 0; i < n; i++) w.bytes(new Uint8Array(32).fill(i));
      return w.finish();
    };
    expect(decodeGetBlocks(request(MAX_BLOCKS_PER_REQUEST))).toHaveLength(MAX_BLOCKS_PER_REQUEST);
    expect(reason(() => decodeGetBlocks(request(MAX_BLOCKS_PER_REQUEST + 1)))).toBe('too-many-block-hashes');
    expect(() =>
      encodeGetBlocks(Array.from({ length: MAX_BLOCKS_PER_REQUEST + 1 }, () => new Uint8Array(32))),
    ).toThrow(RangeError);
    expect(() => encodeGetBlocks([])).toThrow(RangeError);
    // blocks/1's bound.
    const v1 = MAX_BLOCKS_PER_REQUEST_V1;
    expect(decodeGetBlocks(request(v1), v1)).toHaveLength(v1);
    expect(request(v1).length).toBeLessThanOrEqual(FRAME_LIMITS.getBlocksV1);
    expect(reason(() => decodeGetBlocks(request(v1 + 1), v1))).toBe('too-many-block-hashes');
    // A count the input cannot hold is refused before anything is read or allocated.
    expect(reason(() => decodeGetBlocks(Uint8Array.of(100, ...new Uint8Array(32))))).toBe('truncated');
  });

  test('a block response is the block or "not found"', () => {
    const raw = encodeBlock(REGTEST_PARAMS.genesis);
    const found = decodeBlockResponse(encodeBlockResponse(raw))!;
    expect(found.block).toEqual(REGTEST_PARAMS.genesis);
    expect([...found.raw]).toEqual([...raw]);
    expect(decodeBlockResponse(encodeBlockResponse(undefined))).toBeNull();
    expect(reason(() => decodeBlockResponse(Uint8Array.of(2, ...raw)))).toBe('bad-block-response-flag');
    expect(reason(() => decodeBlockResponse(Uint8Array.of(0, 0)))).toBe('trailing-bytes');
    expect(reason(() => decodeBlockResponse(Uint8Array.of(1, ...raw, 0)))).toBe('trailing-bytes');
  });
});

describe('addrs', () => {
  test('round-trip and bounds', () => {
    const addrs = ['/ip4/127.0.0.1/tcp/19844/p2p/12D3KooWExample', '/ip6/::1/tcp/1/p2p/x'];
    expect(decodeAddrs(encodeAddrs(addrs))).toEqual(addrs);
    expect(() => encodeAddrs(Array.from({ length: 251 }, () => '/x'))).toThrow(RangeError);
    const w = new ByteWriter().compactSize(1).varBytes(new Uint8Array(257).fill(0x41));
    expect(reason(() => decodeAddrs(w.finish()))).toBe('addr-too-long');
    const bad = new ByteWriter().compactSize(1).varBytes(Uint8Array.of(0xff));
    expect(reason(() => decodeAddrs(bad.finish()))).toBe('addr-not-utf8');
  });
});

describe('decoders never throw anything but DecodeError', () => {
  test('on random input', () => {
    const decoders = [
      decodeStatus,
      decodeGetHeaders,
      decodeHeaders,
      decodeGetBlocks,
      decodeBlockResponse,
      decodeAddrs,
    ];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        for (const d of decoders) {
          try {
            d(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(DecodeError);
          }
        }
      }),
    );
  });
});
