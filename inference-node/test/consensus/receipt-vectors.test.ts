import { describe, expect, it } from 'vitest';
import type { FinishReason } from '../../src/llm/request/types.js';
import {
  encodeEquivocationProof,
  makeEquivocationProof,
  verifyEquivocation,
} from '../../src/tx/equivocation.js';
import {
  decodeSignedReceipt,
  encodeSignedReceipt,
  outputHash,
  receiptDigest,
  signReceipt,
  verifyReceipt,
} from '../../src/tx/receipt.js';
import {
  ascii,
  be32,
  H,
  le32,
  loadVectors,
  noblePub,
  nobleSign,
  nobleVerify,
  saveVectors,
  sha,
  u8,
  WRITE_VECTORS,
} from './tx-independent.js';

interface ReceiptVector {
  description: string;
  privateKey: string;
  fields: {
    chainId: number;
    txId: string;
    modelId: string;
    tokens: number[];
    finishReason: FinishReason;
    ledgerHeight: number;
  };
  body: string;
  digest: string;
  signature: string;
  signed: string;
}

const CASES: { description: string; key: number; fields: ReceiptVector['fields'] }[] = [
  {
    description: 'stop-token, three tokens',
    key: 0x44,
    fields: {
      chainId: 0x46414931,
      txId: '01'.repeat(32),
      modelId: 'ab'.repeat(32),
      tokens: [17, 4, 2],
      finishReason: 'stop-token',
      ledgerHeight: 1000,
    },
  },
  {
    description: 'stop-string, large token ids and heights',
    key: 0x44,
    fields: {
      chainId: 0xffffffff,
      txId: 'fe'.repeat(32),
      modelId: '00'.repeat(32),
      tokens: [0xffffffff, 0, 540],
      finishReason: 'stop-string',
      ledgerHeight: 0xffffffff,
    },
  },
  {
    description: 'length, the same transaction as the first with another output (equivocates with it)',
    key: 0x44,
    fields: {
      chainId: 0x46414931,
      txId: '01'.repeat(32),
      modelId: 'ab'.repeat(32),
      tokens: [17, 4, 3, 9],
      finishReason: 'length',
      ledgerHeight: 1001,
    },
  },
];

const REASONS: FinishReason[] = ['stop-token', 'stop-string', 'length'];

function receiptOf(f: ReceiptVector['fields'], executor: Uint8Array) {
  return {
    version: 1,
    chainId: f.chainId,
    txId: new Uint8Array(H(f.txId)),
    modelId: new Uint8Array(H(f.modelId)),
    outputHash: outputHash(f.tokens),
    outputTokens: f.tokens.length,
    finishReason: f.finishReason,
    executor,
    ledgerHeight: f.ledgerHeight,
  };
}

if (WRITE_VECTORS) {
  const vectors: ReceiptVector[] = CASES.map((c) => {
    const priv = Buffer.alloc(32, c.key);
    const r = signReceipt(receiptOf(c.fields, noblePub(priv)), priv);
    const signed = encodeSignedReceipt(r);
    return {
      description: c.description,
      privateKey: priv.toString('hex'),
      fields: c.fields,
      body: Buffer.from(signed.subarray(0, 143)).toString('hex'),
      digest: Buffer.from(receiptDigest(r)).toString('hex'),
      signature: Buffer.from(r.signature).toString('hex'),
      signed: Buffer.from(signed).toString('hex'),
    };
  });
  const [a, , c] = vectors.map((v) => decodeSignedReceipt(H(v.signed)));
  const proof = encodeEquivocationProof(makeEquivocationProof(a!, c!));
  saveVectors('receipt.json', {
    format: 'execution receipt and equivocation proof (docs/protocol.md §15.4–15.5)',
    vectors,
    equivocation: { of: [0, 2], proof: Buffer.from(proof).toString('hex') },
  });
}

const file = loadVectors<{ vectors: ReceiptVector[]; equivocation: { of: [number, number]; proof: string } }>(
  'receipt.json',
);

describe('execution receipt vectors', () => {
  describe.each(file.vectors)('$description', (v) => {
    it('every byte is re-derived independently', () => {
      const priv = H(v.privateKey);
      const exec = noblePub(priv);
      const f = v.fields;
      const tokens = Buffer.concat(f.tokens.map(le32));
      const body = Buffer.concat([
        u8(1),
        be32(f.chainId),
        H(f.txId),
        H(f.modelId),
        sha(tokens),
        be32(f.tokens.length),
        u8(REASONS.indexOf(f.finishReason)),
        exec,
        be32(f.ledgerHeight),
      ]);
      expect(body.length).toBe(143);
      expect(body.toString('hex')).toBe(v.body);
      const digest = sha(ascii('FUNAI-RECEIPT-V1'), body);
      expect(digest.toString('hex')).toBe(v.digest);
      const sig = nobleSign(digest, priv);
      expect(sig.toString('hex')).toBe(v.signature);
      expect(nobleVerify(sig, digest, exec)).toBe(true);
      expect(Buffer.concat([body, sig]).toString('hex')).toBe(v.signed);
    });

    it('the implementation agrees', () => {
      const r = decodeSignedReceipt(H(v.signed));
      expect(verifyReceipt(r)).toBe(true);
      expect(Buffer.from(receiptDigest(r)).toString('hex')).toBe(v.digest);
      const again = signReceipt(receiptOf(v.fields, noblePub(H(v.privateKey))), H(v.privateKey));
      expect(Buffer.from(encodeSignedReceipt(again)).toString('hex')).toBe(v.signed);
    });
  });

  it('the equivocation proof is the two signed receipts, smaller body first', () => {
    const [i, j] = file.equivocation.of;
    const a = H(file.vectors[i]!.signed);
    const b = H(file.vectors[j]!.signed);
    const first = Buffer.compare(a.subarray(0, 143), b.subarray(0, 143)) < 0 ? [a, b] : [b, a];
    expect(Buffer.concat(first).toString('hex')).toBe(file.equivocation.proof);
    expect(verifyEquivocation(H(file.equivocation.proof))).toMatchObject({ ok: true });
  });
});
