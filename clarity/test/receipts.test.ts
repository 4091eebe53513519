import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeReceipt, merkleTreeHash, type Receipt } from '../src/index.js';

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** RFC 6962 §2.1, transcribed: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k < n the largest power of two. */
function rfc6962(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha256();
  if (d.length === 1) return sha256(Uint8Array.of(0), d[0]!);
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return sha256(Uint8Array.of(1), rfc6962(d.slice(0, k)), rfc6962(d.slice(k)));
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('receipts root', () => {
  it("is RFC 6962's Merkle Tree Hash", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 40 }), (leaves) => {
        expect(hex(merkleTreeHash(leaves))).toBe(hex(rfc6962(leaves)));
      }),
    );
    expect(hex(merkleTreeHash([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('separates leaves from inner nodes and never duplicates a leaf', () => {
    const a = Uint8Array.of(1);
    const b = Uint8Array.of(2);
    const c = Uint8Array.of(3);
    expect(hex(merkleTreeHash([a, b, c]))).not.toBe(hex(merkleTreeHash([a, b, c, c])));
    const inner = new Uint8Array([...sha256(Uint8Array.of(0), a), ...sha256(Uint8Array.of(0), b)]);
    expect(hex(merkleTreeHash([inner]))).not.toBe(hex(merkleTreeHash([a, b])));
  });
});

describe('receipt encoding', () => {
  it('lays out status, result, reason, events sorted by field name, and five u64 costs', () => {
    const r: Receipt = {
      status: 'ok',
      result: Uint8Array.of(0x07, 0x03),
      reason: null,
      events: [{ kind: 'stx_burn_event', fields: { sender: 'ST1', amount: '5' } }],
      cost: { runtime: 258, readCount: 1, readLength: 2, writeCount: 3, writeLength: 4 },
    };
    const u64 = (n: number) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(n));
      return b.toString('hex');
    };
    const str = (s: string) => Buffer.from([s.length]).toString('hex') + Buffer.from(s).toString('hex');
    const expected =
      '00' +
      '020703' +
      '00' +
      '01' +
      str('stx_burn_event') +
      '02' +
      str('amount') +
      str('5') +
      str('sender') +
      str('ST1') +
      u64(258) +
      u64(1) +
      u64(2) +
      u64(3) +
      u64(4);
    expect(hex(encodeReceipt(r))).toBe(expected);
  });

  it('stores a print event value as its consensus bytes and a rejection as its reason', () => {
    const print: Receipt = {
      status: 'err',
      result: Uint8Array.of(0x08, 0x01, ...new Uint8Array(15), 0x64),
      reason: null,
      events: [
        { kind: 'print_event', fields: { raw_value: '0x03', topic: 'print', contract_identifier: 'ST1.c' } },
      ],
      cost: { runtime: 0, readCount: 0, readLength: 0, writeCount: 0, writeLength: 0 },
    };
    const enc = hex(encodeReceipt(print));
    expect(enc.startsWith('01')).toBe(true);
    expect(enc).toContain(
      `${Buffer.from([9]).toString('hex')}${Buffer.from('raw_value').toString('hex')}0103`,
    );
    const rejected: Receipt = {
      ...print,
      status: 'rejected',
      result: new Uint8Array(0),
      reason: 'bad-pop',
      events: [],
    };
    expect(hex(encodeReceipt(rejected)).slice(0, 20)).toBe(
      `0200${Buffer.from([7]).toString('hex')}${Buffer.from('bad-pop').toString('hex').slice(0, 14)}`,
    );
  });
});
