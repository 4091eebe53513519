import bls from '@chainsafe/bls/herumi';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { aggregateVotes } from '../../src/quorum/aggregate.js';
import { bitmapFromVerdicts } from '../../src/quorum/bitmap.js';
import { decodeCertificate, encodeCertificate, verifyCertificate } from '../../src/quorum/certificate.js';
import { signVote } from '../../src/quorum/vote.js';
import { ascii, H, le32, loadVectors, saveVectors, sha, u8, WRITE_VECTORS } from './tx-independent.js';

// The Ethereum / IETF proof-of-possession ciphersuite @chainsafe/bls implements (min-pk, G2 signatures).
const POP_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
const noble = bls12_381.longSignatures;

interface QuorumVectors {
  format: string;
  secretKeys: string[];
  publicKeys: string[];
  blockHash: string;
  height: number;
  recordCount: number;
  bitmaps: string[];
  votes: { verifier: number; bitmap: number; message: string; signature: string }[];
  certificates: { description: string; votes: number[]; encoding: string }[];
}

const RECORDS = 11;
const BITMAP_A = [true, true, false, true, true, true, true, true, true, false, true];
const BITMAP_B = BITMAP_A.map((v, i) => (i === 0 ? !v : v));

if (WRITE_VECTORS) {
  const secrets = [0, 1, 2, 3, 4].map((i) =>
    bls.SecretKey.fromKeygen(sha(ascii('funai-vector-verifier'), u8(i))).toBytes(),
  );
  const blockHash = sha(ascii('vector block'));
  const bitmaps = [bitmapFromVerdicts(BITMAP_A), bitmapFromVerdicts(BITMAP_B)];
  const plan = [0, 0, 0, 1, 1]; // verifier i votes bitmaps[plan[i]]
  const votes = plan.map((b, i) =>
    signVote(secrets[i]!, { blockHash, verifierIndex: i, recordCount: RECORDS, verdicts: bitmaps[b]! }),
  );
  const block = { height: 77, blockHash, recordCount: RECORDS };
  const certificates = [
    { description: 'three identical votes (verifiers 0, 1, 2)', votes: [0, 1, 2] },
    { description: 'all five: the three identical votes alone are carried', votes: [0, 1, 2, 3, 4] },
    { description: 'split: verifiers 0, 1 vote A, 3, 4 vote B (no three identical)', votes: [0, 1, 3, 4] },
  ].map((c) => ({
    ...c,
    encoding: Buffer.from(
      encodeCertificate(
        aggregateVotes(
          block,
          c.votes.map((i) => votes[i]!),
        )!,
      ),
    ).toString('hex'),
  }));
  saveVectors('quorum.json', {
    format: 'verifier votes and quorum certificates (docs/protocol.md §15.8)',
    secretKeys: secrets.map((s) => Buffer.from(s).toString('hex')),
    publicKeys: secrets.map((s) => Buffer.from(bls.secretKeyToPublicKey(s)).toString('hex')),
    blockHash: blockHash.toString('hex'),
    height: 77,
    recordCount: RECORDS,
    bitmaps: bitmaps.map((b) => Buffer.from(b).toString('hex')),
    votes: votes.map((v, i) => ({
      verifier: i,
      bitmap: plan[i]!,
      message: Buffer.from(
        sha(ascii('FUNAI-VOTE-V1'), blockHash, le32(RECORDS), bitmaps[plan[i]!]!),
      ).toString('hex'),
      signature: Buffer.from(v.signature).toString('hex'),
    })),
    certificates,
  } satisfies QuorumVectors);
}

const v = loadVectors<QuorumVectors>('quorum.json');

describe('quorum vectors, re-derived with @noble/curves (an independent BLS12-381)', () => {
  it('public keys and bitmaps', () => {
    v.secretKeys.forEach((sk, i) => {
      expect(Buffer.from(noble.getPublicKey(H(sk)).toBytes(true)).toString('hex')).toBe(v.publicKeys[i]);
    });
    // Bit i of the bitmap is record i, least significant bit first; padding zero.
    const bits = (b: boolean[]) => {
      const out = Buffer.alloc(Math.ceil(b.length / 8));
      b.forEach((x, i) => {
        if (x) out[i >> 3]! |= 1 << (i & 7);
      });
      return out.toString('hex');
    };
    expect(v.bitmaps).toEqual([bits(BITMAP_A), bits(BITMAP_B)]);
  });

  it('each vote signs SHA-256("FUNAI-VOTE-V1" ‖ blockHash ‖ u32le records ‖ bitmap) under the POP suite', () => {
    for (const vote of v.votes) {
      const msg = sha(
        ascii('FUNAI-VOTE-V1'),
        H(v.blockHash),
        le32(v.recordCount),
        H(v.bitmaps[vote.bitmap]!),
      );
      expect(msg.toString('hex')).toBe(vote.message);
      const sig = noble.sign(noble.hash(msg, POP_DST), H(v.secretKeys[vote.verifier]!));
      expect(Buffer.from(sig.toBytes(true)).toString('hex')).toBe(vote.signature);
    }
  });

  describe.each(v.certificates)('$description', (c) => {
    it('bytes and aggregate signature re-derived', () => {
      const votes = c.votes.map((i) => v.votes[i]!);
      const counts = [0, 0];
      for (const x of votes) counts[x.bitmap]!++;
      const quorum = counts.findIndex((n) => n >= 3);
      const carried = quorum >= 0 ? votes.filter((x) => x.bitmap === quorum) : votes;
      const groups = [...new Set(carried.map((x) => x.bitmap))]
        .map((b) => ({
          b,
          mask: carried.filter((x) => x.bitmap === b).reduce((m, x) => m | (1 << x.verifier), 0),
        }))
        .sort((p, q) => p.mask - q.mask);
      const agg = noble.aggregateSignatures(carried.map((x) => H(x.signature)));
      const bytes = Buffer.concat([
        le32(v.height),
        H(v.blockHash),
        le32(v.recordCount),
        u8(groups.length),
        ...groups.flatMap((g) => [u8(g.mask), H(v.bitmaps[g.b]!)]),
        Buffer.from(agg.toBytes(true)),
      ]);
      expect(bytes.toString('hex')).toBe(c.encoding);
      const items = carried.map((x) => ({
        message: noble.hash(H(x.message), POP_DST),
        publicKey: H(v.publicKeys[x.verifier]!),
      }));
      expect(noble.verifyBatch(agg, items)).toBe(true);
    });

    it('the implementation verifies it', () => {
      const qc = decodeCertificate(H(c.encoding));
      expect(Buffer.from(encodeCertificate(qc)).toString('hex')).toBe(c.encoding);
      const check = verifyCertificate(
        qc,
        { blockHash: H(v.blockHash), recordCount: v.recordCount },
        v.publicKeys.map((k) => H(k)),
      );
      expect(check.ok).toBe(true);
    });
  });
});
