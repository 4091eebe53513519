// The vote collector (docs/protocol.md §15.8, §16.9): votes checked against the block's verifier set,
// one per verifier, refused with a typed reason; 3 identical votes of 5 → a certificate, 2 → none; split
// votes → a split certificate once all five have voted.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256, toHex } from '@funai/ledger-node';
import { describe, expect, it } from 'vitest';
import { bitmapFromVerdicts } from '../../src/quorum/bitmap.js';
import { type QuorumCertificate, verifyCertificate } from '../../src/quorum/certificate.js';
import { encodeVote, signVote, type Vote } from '../../src/quorum/vote.js';
import { VoteCollector } from '../../src/roles/vote-collector.js';
import { StoredVotes } from '../../src/store/certified.js';
import { InferenceStore } from '../../src/store/store.js';
import { outsider, secrets, verifierKeys } from './verifier-fixtures.js';

const hash = sha256(new TextEncoder().encode('block 30'));
const other = sha256(new TextEncoder().encode('block 31'));
const recordCount = 3;
const A = bitmapFromVerdicts([true, true, true]);
const B = bitmapFromVerdicts([true, false, true]);
const C = bitmapFromVerdicts([false, false, true]);

const vote = (i: number, verdicts = A, secret = secrets[i]!, blockHash = hash, n = recordCount): Vote =>
  signVote(secret, { blockHash, verifierIndex: i, recordCount: n, verdicts });

function collector(): {
  c: VoteCollector;
  certs: { qc: QuorumCertificate; signers: number; split: boolean }[];
} {
  const c = new VoteCollector();
  c.addBlock({ height: 30, blockHash: hash, recordCount, verifierKeys });
  const certs: { qc: QuorumCertificate; signers: number; split: boolean }[] = [];
  c.on('certificate', (qc, e) => certs.push({ qc, signers: e.signers, split: e.split }));
  return { c, certs };
}

describe('VoteCollector', () => {
  it('2 votes → no certificate; the third identical one → a certificate of that group', () => {
    const { c, certs } = collector();
    expect(c.addVote(vote(0))).toEqual({ ok: true, certificate: null });
    expect(c.addVote(encodeVote(vote(3)))).toEqual({ ok: true, certificate: null });
    expect(certs).toEqual([]);
    expect(c.certificate(toHex(hash))).toBeNull();
    // A different bitmap makes three voters but no quorum group: a split certificate is available on
    // request (a producer near the window's end), not emitted yet.
    expect(c.addVote(vote(1, B)).ok).toBe(true);
    expect(c.certificate(toHex(hash))?.groups.length).toBe(2);
    expect(certs).toEqual([]);
    expect(c.addVote(vote(4)).ok).toBe(true);
    expect(certs.map((x) => [x.signers, x.split])).toEqual([[0b11001, false]]);
    const qc = certs[0]!.qc;
    expect(verifyCertificate(qc, { blockHash: hash, recordCount }, verifierKeys)).toEqual({
      ok: true,
      verdicts: ['valid', 'valid', 'valid'],
    });
  });

  it('refuses forged, duplicated, equivocating, unknown-block, wrong-count and malformed votes', () => {
    const { c } = collector();
    const equivocations: number[] = [];
    c.on('equivocation', (e) => equivocations.push(e.verifierIndex));
    // Signed by a key outside the set, claiming index 2.
    expect(c.addVote(vote(2, A, outsider))).toEqual({ ok: false, reason: 'bad-signature' });
    // Verifier 1's signature under index 2.
    expect(c.addVote({ ...vote(1), verifierIndex: 2 })).toEqual({ ok: false, reason: 'bad-signature' });
    // A valid signature over another bitmap than the one carried.
    expect(c.addVote({ ...vote(2), verdicts: B })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(c.addVote(vote(2)).ok).toBe(true);
    expect(c.addVote(vote(2))).toEqual({ ok: false, reason: 'duplicate' });
    expect(c.addVote(encodeVote(vote(2)))).toEqual({ ok: false, reason: 'duplicate' });
    expect(c.addVote(vote(2, B))).toEqual({ ok: false, reason: 'equivocation' });
    expect(equivocations).toEqual([2]);
    expect(c.votes(toHex(hash)).map((v) => toHex(v.verdicts))).toEqual([toHex(A)]);
    expect(c.addVote(vote(0, A, secrets[0], other))).toEqual({ ok: false, reason: 'unknown-block' });
    expect(c.addVote(vote(0, bitmapFromVerdicts([true, true]), secrets[0], hash, 2))).toEqual({
      ok: false,
      reason: 'wrong-record-count',
    });
    const bytes = encodeVote(vote(0));
    expect(c.addVote(bytes.subarray(0, bytes.length - 1))).toEqual({
      ok: false,
      reason: 'malformed',
      detail: 'truncated',
    });
    expect(c.votes(toHex(hash)).length).toBe(1);
  });

  it('counted votes are stored (`vote` event) and count again after a restart (docs §16.2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'funai-votes-'));
    try {
      let store = await InferenceStore.open(dir);
      const first = collector();
      first.c.on('vote', (v) => new StoredVotes(store).put(v));
      first.c.addVote(vote(0));
      first.c.addVote(vote(0)); // a duplicate: not counted, not stored again
      first.c.addVote(vote(2, A, outsider)); // forged: not counted
      first.c.addVote(vote(3));
      await store.close();
      // The restarted node: a fresh collector given the stored votes, then the third vote arrives.
      store = await InferenceStore.open(dir);
      const stored = new StoredVotes(store).of(toHex(hash));
      expect(stored.map((v) => v.verifierIndex)).toEqual([0, 3]);
      const again = collector();
      for (const v of stored) expect(again.c.addVote(v).ok).toBe(true);
      expect(again.c.addVote(vote(4)).ok).toBe(true);
      expect(again.certs.map((x) => x.signers)).toEqual([0b11001]);
      expect(new StoredVotes(store).of(toHex(other))).toEqual([]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('split votes: a split certificate once all five voted, its per-record majority verified', () => {
    const { c, certs } = collector();
    expect([A, A, B, B, C].map((bits, i) => c.addVote(vote(i, bits)).ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(certs.length).toBe(1);
    expect(certs[0]!.split).toBe(true);
    expect(certs[0]!.signers).toBe(0b11111);
    expect(verifyCertificate(certs[0]!.qc, { blockHash: hash, recordCount }, verifierKeys)).toEqual({
      ok: true,
      verdicts: ['valid', 'invalid', 'valid'],
    });
  });

  it('is bounded: the lowest heights are forgotten first', () => {
    const c = new VoteCollector({ maxBlocks: 2 });
    const h = (n: number) => sha256(Uint8Array.of(n));
    for (const n of [5, 3, 9]) c.addBlock({ height: n, blockHash: h(n), recordCount: 0, verifierKeys });
    expect([5, 3, 9].map((n) => c.has(toHex(h(n))))).toEqual([true, false, true]);
    c.prune(6);
    expect(c.has(toHex(h(5)))).toBe(false);
    expect(() => c.addBlock({ height: 1, blockHash: h(1), recordCount: 0, verifierKeys: [] })).toThrow(
      RangeError,
    );
  });
});
