// Contents request and reply wire forms (docs/protocol.md §16.9): round trips, the largest reply fits
// MAX_CONTENTS_REPLY_BYTES, random and mutated bytes raise only DecodeError, huge counts are refused
// before allocation.
import { DecodeError, sha256, toHex } from '@funai/ledger-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeContentsReply,
  decodeContentsRequest,
  encodeContentsReply,
  encodeContentsRequest,
  peerContentsProvider,
  serveContents,
} from '../../src/roles/contents-codec.js';
import {
  CONTENTS_BATCH_RECORDS,
  MAX_CONTENTS_REPLY_BYTES,
  type RecordContents,
} from '../../src/roles/verifier.js';
import { MAX_TX_BYTES, MAX_TX_OUTPUT_TOKENS } from '../../src/tx/limits.js';
import { decodeCanonicalOrTyped, mutate, mutationArb } from '../consensus/tx-fixtures.js';

const hash = Uint8Array.from(sha256(Uint8Array.of(1)));
const ids = [2, 3, 4].map((i) => Uint8Array.from(sha256(Uint8Array.of(i))));
const contents = (n: number, txBytes = 300, tokens = 5): RecordContents => ({
  tx: new Uint8Array(txBytes).fill(n),
  receipt: new Uint8Array(207).fill(n + 1),
  output: {
    tokens: Array.from({ length: tokens }, (_, k) => (k * 7919 + n) >>> 0),
    finishReason: 'stop-token',
  },
});

const reasonOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e.reason;
    throw e;
  }
  return 'decoded';
};

describe('contents codec', () => {
  it('round-trips requests and replies (absent records included)', () => {
    const req = encodeContentsRequest(hash, ids);
    expect(req.length).toBe(32 + 1 + 32 * 3);
    expect(decodeContentsRequest(req)).toEqual({ blockHash: hash, txIds: ids });
    const records = [
      contents(1),
      null,
      { ...contents(2), output: { tokens: [0xffffffff], finishReason: 'length' as const } },
    ];
    expect(decodeContentsReply(encodeContentsReply(records), 3)).toEqual(records);
  });

  it('the largest reply fits MAX_CONTENTS_REPLY_BYTES and decodes', () => {
    const big = Array.from({ length: CONTENTS_BATCH_RECORDS }, (_, i) =>
      contents(i, MAX_TX_BYTES, MAX_TX_OUTPUT_TOKENS),
    );
    const bytes = encodeContentsReply(big);
    expect(bytes.length).toBeLessThanOrEqual(MAX_CONTENTS_REPLY_BYTES);
    expect(decodeContentsReply(bytes, CONTENTS_BATCH_RECORDS).length).toBe(CONTENTS_BATCH_RECORDS);
  });

  it('refuses wrong counts, oversized fields and huge length fields before allocating', () => {
    expect(reasonOf(() => decodeContentsReply(encodeContentsReply([contents(1)]), 2))).toBe(
      'contents-reply-count',
    );
    expect(reasonOf(() => decodeContentsReply(new Uint8Array(MAX_CONTENTS_REPLY_BYTES + 1), 1))).toBe(
      'contents-reply-too-large',
    );
    // One record claiming a 2^24-byte transaction; one claiming 65,536 tokens with none there.
    expect(reasonOf(() => decodeContentsReply(Uint8Array.of(1, 1, 0xfe, 0, 0, 0, 1), 1))).toBe(
      'contents-tx-too-large',
    );
    const tokensHuge = Uint8Array.from([1, 1, 0, ...new Uint8Array(207), 0, 0xfe, 0, 0, 1, 0]);
    expect(reasonOf(() => decodeContentsReply(tokensHuge, 1))).toBe('truncated');
    expect(reasonOf(() => decodeContentsReply(Uint8Array.of(1, 2), 1))).toBe('contents-record-flag');
    const badFinish = Uint8Array.from([1, 1, 0, ...new Uint8Array(207), 3, 0]);
    expect(reasonOf(() => decodeContentsReply(badFinish, 1))).toBe('contents-finish-reason');
    expect(reasonOf(() => decodeContentsRequest(Uint8Array.from([...hash, 0])))).toBe(
      'contents-request-count',
    );
    expect(
      reasonOf(() => decodeContentsRequest(Uint8Array.from([...hash, 17, ...new Uint8Array(17 * 32)]))),
    ).toBe('contents-request-too-large');
    expect(() => encodeContentsRequest(hash, [])).toThrow(RangeError);
  });

  it('random and mutated bytes raise only DecodeError; whatever decodes re-encodes to the same bytes', () => {
    const reply = encodeContentsReply([contents(1, 40, 3), null]);
    const req = encodeContentsRequest(hash, ids);
    fc.assert(
      fc.property(
        fc.array(mutationArb, { maxLength: 4 }),
        fc.uint8Array({ maxLength: 400 }),
        (muts, random) => {
          for (const b of [mutate(reply, muts), random])
            decodeCanonicalOrTyped(b, (x) => decodeContentsReply(x, 2), encodeContentsReply);
          for (const b of [mutate(req, muts), random])
            decodeCanonicalOrTyped(b, decodeContentsRequest, (r) =>
              encodeContentsRequest(r.blockHash, r.txIds),
            );
        },
      ),
    );
  });

  it('peerContentsProvider asks peers in order until a reply decodes; serveContents answers from a lookup', async () => {
    const held = new Map([
      [`${toHex(hash)}/${toHex(ids[0]!)}`, contents(1)],
      [`${toHex(hash)}/${toHex(ids[2]!)}`, contents(3)],
    ]);
    const asked: string[] = [];
    const bad: [string, string][] = [];
    const provider = peerContentsProvider({
      peers: (h) => (h === toHex(hash) ? ['silent', 'garbage', 'good', 'late'] : []),
      onBadReply: (peer, reason) => bad.push([peer, reason]),
      transport: {
        request: async (peer, bytes) => {
          asked.push(peer);
          if (peer === 'silent') return null;
          if (peer === 'garbage') return Uint8Array.of(9, 9, 9);
          return serveContents(bytes, (b, t) => held.get(`${b}/${t}`) ?? null);
        },
      },
    });
    const signal = new AbortController().signal;
    const r = await provider(hash, ids, { signal, exclude: [] });
    expect(r).toEqual({ source: 'good', records: [contents(1), null, contents(3)] });
    expect(asked).toEqual(['silent', 'garbage', 'good']);
    expect(bad).toEqual([['garbage', 'truncated']]);
    // Excluding the peers that answered: 'late' is asked next; with none left, every record is missing.
    asked.length = 0;
    expect((await provider(hash, ids, { signal, exclude: ['good', 'garbage'] })).source).toBe('late');
    expect(asked).toEqual(['silent', 'late']);
    expect(await provider(hash, ids, { signal, exclude: ['good', 'late'] })).toEqual({
      source: null,
      records: [null, null, null],
    });
    expect(() => serveContents(Uint8Array.of(1, 2, 3), () => null)).toThrow(DecodeError);
  });
});
