import bls from '@chainsafe/bls/herumi';
import { DecodeError, sha256 } from '@funai/ledger-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QC_WINDOW } from '../../src/block/limits.js';
import { aggregateVotes } from '../../src/quorum/aggregate.js';
import { bitmapFromVerdicts, bitmapLength } from '../../src/quorum/bitmap.js';
import {
  certificateContradictors,
  certificateVerdicts,
  decodeCertificate,
  encodeCertificate,
  type QuorumCertificate,
  verifyCertificate,
} from '../../src/quorum/certificate.js';
import {
  decodeVote,
  encodeVote,
  signVote,
  type Vote,
  verifyVote,
  voteMessage,
} from '../../src/quorum/vote.js';
import { certificateDeadline, inCertificateWindow, isCertificateExpired } from '../../src/quorum/window.js';
import { decodeCanonicalOrTyped, hex, mutate, mutationArb } from './tx-fixtures.js';

// Five verifiers with deterministic keys (EIP-2333 KeyGen from fixed entropy).
const secrets = [0, 1, 2, 3, 4].map((i) =>
  bls.SecretKey.fromKeygen(sha256(Uint8Array.of(0x51, i))).toBytes(),
);
const keys = secrets.map((s) => bls.secretKeyToPublicKey(s));
const outsider = bls.SecretKey.fromKeygen(sha256(Uint8Array.of(0x51, 99))).toBytes();

const blockHash = sha256(new TextEncoder().encode('block 17'));
const otherHash = sha256(new TextEncoder().encode('block 17 bis'));
const recordCount = 10;
const block = { height: 17, blockHash, recordCount };
const all = bitmapFromVerdicts([true, true, false, true, true, true, true, true, true, false]);
const flip = (bitmap: Uint8Array, i: number) => {
  const b = bitmap.slice();
  b[i >> 3]! ^= 1 << (i & 7);
  return b;
};

function vote(i: number, verdicts = all, hash = blockHash, secret = secrets[i]!): Vote {
  return signVote(secret, { blockHash: hash, verifierIndex: i, recordCount, verdicts });
}

describe('votes', () => {
  it('sign, verify, round-trip', () => {
    const v = vote(2);
    expect(verifyVote(v, keys[2]!)).toBe(true);
    expect(verifyVote(v, keys[1]!)).toBe(false);
    expect(verifyVote({ ...v, verdicts: flip(all, 0) }, keys[2]!)).toBe(false);
    const bytes = encodeVote(v);
    expect(bytes.length).toBe(32 + 1 + 4 + bitmapLength(recordCount) + 96);
    expect(decodeVote(bytes)).toEqual(v);
    expect(hex(voteMessage(blockHash, recordCount, all))).toBe(
      hex(sha256(Buffer.concat([Buffer.from('FUNAI-VOTE-V1'), blockHash, Uint8Array.of(10, 0, 0, 0), all]))),
    );
  });

  it('refuses non-zero padding bits and indices outside the set', () => {
    const bytes = encodeVote(vote(0));
    const pad = bytes.slice();
    pad[32 + 1 + 4 + 1]! |= 0x80; // record 15 of 10
    expect(() => decodeVote(pad)).toThrow('bitmap-padding');
    const idx = bytes.slice();
    idx[32] = 5;
    expect(() => decodeVote(idx)).toThrow('vote-verifier-index');
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (m) =>
        decodeCanonicalOrTyped(mutate(bytes, m), decodeVote, encodeVote),
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) =>
        decodeCanonicalOrTyped(b, decodeVote, encodeVote),
      ),
    );
  });
});

describe('quorum certificates', () => {
  it('3 of 5 identical votes aggregate into a certificate that verifies', () => {
    const qc = aggregateVotes(block, [vote(0), vote(2), vote(4)]);
    expect(qc).not.toBeNull();
    expect(qc!.groups).toEqual([{ signers: 0b10101, verdicts: all }]);
    const check = verifyCertificate(qc!, { blockHash, recordCount }, keys);
    expect(check).toEqual({
      ok: true,
      verdicts: [true, true, false, true, true, true, true, true, true, false].map((v) =>
        v ? 'valid' : 'invalid',
      ),
    });
    expect(
      verifyCertificate(
        aggregateVotes(
          block,
          [0, 1, 2, 3, 4].map((i) => vote(i)),
        )!,
        block,
        keys,
      ).ok,
    ).toBe(true);
  });

  it('an empty block (no records) is certified by three votes over an empty bitmap', () => {
    const empty = { height: 3, blockHash: otherHash, recordCount: 0 };
    const votes = [1, 3, 4].map((i) =>
      signVote(secrets[i]!, {
        blockHash: otherHash,
        verifierIndex: i,
        recordCount: 0,
        verdicts: new Uint8Array(0),
      }),
    );
    const qc = aggregateVotes(empty, votes)!;
    expect(encodeCertificate(qc).length).toBe(4 + 32 + 4 + 1 + 1 + 96);
    expect(verifyCertificate(qc, empty, keys)).toEqual({ ok: true, verdicts: [] });
  });

  it('2 of 5 do not make a certificate, and a certificate claiming a third signer fails', () => {
    expect(aggregateVotes(block, [vote(0), vote(1)])).toBeNull();
    const two: QuorumCertificate = {
      ...block,
      groups: [{ signers: 0b00011, verdicts: all }],
      signature: bls.aggregateSignatures([vote(0).signature, vote(1).signature]),
    };
    expect(verifyCertificate(two, block, keys)).toMatchObject({
      ok: false,
      reason: 'qc-malformed',
      detail: 'qc-too-few-signers',
    });
    expect(() => encodeCertificate(two)).toThrow('qc-too-few-signers');
    const claimed = { ...two, groups: [{ signers: 0b00111, verdicts: all }] };
    expect(verifyCertificate(claimed, block, keys)).toMatchObject({ ok: false, reason: 'qc-bad-signature' });
  });

  it('a forged signer (a key outside the set) fails', () => {
    const forged = aggregateVotes(block, [vote(0), vote(1), vote(3, all, blockHash, outsider)])!;
    expect(forged).not.toBeNull();
    expect(verifyCertificate(forged, block, keys)).toMatchObject({ ok: false, reason: 'qc-bad-signature' });
  });

  it('a duplicated signer counts once and cannot appear in two groups', () => {
    expect(aggregateVotes(block, [vote(0), vote(1), vote(1)])).toBeNull();
    const dup: QuorumCertificate = {
      ...block,
      groups: [
        { signers: 0b00011, verdicts: all },
        { signers: 0b00110, verdicts: flip(all, 0) },
      ],
      signature: new Uint8Array(96),
    };
    expect(verifyCertificate(dup, block, keys)).toMatchObject({ ok: false, detail: 'qc-duplicate-signer' });
    // The same signature counted twice does not stand for a third verifier.
    const s0 = vote(0).signature;
    const twice: QuorumCertificate = {
      ...block,
      groups: [{ signers: 0b00111, verdicts: all }],
      signature: bls.aggregateSignatures([s0, s0, vote(1).signature]),
    };
    expect(verifyCertificate(twice, block, keys)).toMatchObject({ ok: false, reason: 'qc-bad-signature' });
  });

  it('a certificate for another block fails', () => {
    const qc = aggregateVotes(block, [vote(0), vote(1), vote(2)])!;
    expect(verifyCertificate(qc, { blockHash: otherHash, recordCount }, keys)).toMatchObject({
      ok: false,
      reason: 'qc-wrong-block',
    });
    const relabelled = { ...qc, blockHash: otherHash };
    expect(verifyCertificate(relabelled, { blockHash: otherHash, recordCount }, keys)).toMatchObject({
      ok: false,
      reason: 'qc-bad-signature',
    });
    // Votes for another block are not aggregated into this one.
    expect(aggregateVotes(block, [vote(0), vote(1), vote(2, all, otherHash)])).toBeNull();
    expect(verifyCertificate(qc, { blockHash, recordCount: 11 }, keys)).toMatchObject({
      reason: 'qc-wrong-record-count',
    });
    expect(verifyCertificate(qc, block, keys.slice(0, 4))).toMatchObject({ reason: 'qc-verifier-set-size' });
    expect(verifyCertificate(qc, block, [keys[0]!, keys[1]!, keys[3]!, keys[2]!, keys[4]!])).toMatchObject({
      reason: 'qc-bad-signature',
    });
  });

  it('split votes: groups per bitmap, per-record majority of the set, undecided when no side has 3', () => {
    const b1 = flip(all, 0);
    const b2 = flip(all, 1);
    // A A B B C: no three identical votes; every record still has a 3-of-5 majority.
    const qc = aggregateVotes(block, [vote(0), vote(1), vote(2, b1), vote(3, b1), vote(4, b2)])!;
    expect(qc.groups.map((g) => g.signers)).toEqual([0b00011, 0b01100, 0b10000]);
    const check = verifyCertificate(qc, block, keys);
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.verdicts[0]).toBe('valid'); // A, A, C say valid (3), B, B invalid
      expect(check.verdicts[1]).toBe('valid'); // A, A, B, B valid (4)
      expect(check.verdicts[2]).toBe('invalid');
    }
    expect(hex(encodeCertificate(decodeCertificate(encodeCertificate(qc))))).toBe(hex(encodeCertificate(qc)));
    // Three signers split 2–1 on record 0: neither side has three votes.
    const thin = aggregateVotes(block, [vote(0), vote(1), vote(2, b1)])!;
    expect(certificateVerdicts(thin)[0]).toBe('undecided');
    expect(certificateVerdicts(thin)[1]).toBe('valid');
    expect(verifyCertificate(thin, block, keys).ok).toBe(true);
    // Verifiers 2, 3 (B) were outvoted on record 0, verifier 4 (C) on record 1.
    expect(certificateContradictors(qc)).toBe(0b11100);
    expect(certificateContradictors(thin)).toBe(0);
    // With a group of three identical votes, only that group is carried.
    expect(aggregateVotes(block, [vote(0), vote(1), vote(2), vote(3, b1)])!.groups).toHaveLength(1);
  });
});

describe('aggregation, property', () => {
  // Votes precomputed per (verifier, bitmap) so the property runs no BLS signing.
  const bitmaps = [all, flip(all, 0), flip(all, 1), flip(flip(all, 0), 1)];
  const signed = bitmaps.map((b) => [0, 1, 2, 3, 4].map((i) => vote(i, b)));

  it('certifies iff three identical votes or three voters; verdicts are the set majority per record', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.nat({ max: 3 }), { nil: null }), { minLength: 5, maxLength: 5 }),
        (choice) => {
          const votes = choice.flatMap((b, i) => (b === null ? [] : [signed[b]![i]!]));
          const qc = aggregateVotes(block, votes);
          const counts = [0, 1, 2, 3].map((b) => choice.filter((c) => c === b).length);
          const quorum = counts.findIndex((n) => n >= 3);
          expect(qc !== null).toBe(quorum >= 0 || votes.length >= 3);
          if (!qc) return;
          const check = verifyCertificate(qc, block, keys);
          expect(check.ok).toBe(true);
          if (!check.ok) return;
          // Brute force over the carried votes.
          const carried =
            quorum >= 0 ? votes.filter((v) => hex(v.verdicts) === hex(bitmaps[quorum]!)) : votes;
          for (let r = 0; r < recordCount; r++) {
            const yes = carried.filter((v) => ((v.verdicts[r >> 3]! >> (r & 7)) & 1) === 1).length;
            const no = carried.length - yes;
            expect(check.verdicts[r]).toBe(yes >= 3 ? 'valid' : no >= 3 ? 'invalid' : 'undecided');
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('certificate codec', () => {
  const qc = aggregateVotes(block, [vote(0), vote(1), vote(2, flip(all, 0)), vote(3, flip(all, 0))])!;
  const bytes = encodeCertificate(qc);

  it('round-trips and never throws anything but DecodeError', () => {
    expect(decodeCertificate(bytes)).toEqual(qc);
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (m) =>
        decodeCanonicalOrTyped(mutate(bytes, m), decodeCertificate, encodeCertificate),
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) =>
        decodeCanonicalOrTyped(b, decodeCertificate, encodeCertificate),
      ),
    );
  });

  it('refuses a huge record count before reading the bitmaps', () => {
    const b = bytes.slice(0, 45);
    new DataView(b.buffer).setUint32(36, 0xffffffff, true);
    expect(() => decodeCertificate(b)).toThrow('qc-record-count');
    const c = bytes.slice(0, 46);
    new DataView(c.buffer).setUint32(36, 4096, true);
    c[40] = 5; // five groups of 513 bytes announced, none present
    expect(() => decodeCertificate(c)).toThrow(DecodeError);
  });

  it('the window: carried at h+1 … h+QC_WINDOW, expired after', () => {
    expect(inCertificateWindow(10, 10)).toBe(false);
    expect(inCertificateWindow(10, 11)).toBe(true);
    expect(inCertificateWindow(10, 10 + QC_WINDOW)).toBe(true);
    expect(inCertificateWindow(10, 11 + QC_WINDOW)).toBe(false);
    expect(certificateDeadline(10)).toBe(10 + QC_WINDOW);
    expect(isCertificateExpired(10, 10 + QC_WINDOW)).toBe(false);
    expect(isCertificateExpired(10, 11 + QC_WINDOW)).toBe(true);
  });
});
