import { describe, expect, it } from 'vitest';
import {
  decodeTx,
  deriveSeed,
  encodeTx,
  type InferenceTx,
  signTx,
  txId,
  verifyTxSignature,
} from '../../src/tx/transaction.js';
import {
  ascii,
  compactSize,
  H,
  le16,
  le32,
  le64,
  loadVectors,
  noblePub,
  nobleSign,
  nobleVerify,
  saveVectors,
  sha,
  u8,
  varText,
  WRITE_VECTORS,
} from './tx-independent.js';

interface TxVector {
  description: string;
  privateKey: string;
  fields: {
    chainId: number;
    nonce: string;
    modelId: string;
    gasLimit: string;
    gasPrice: string;
    system: string;
    context: { role: 'user' | 'assistant'; content: string }[];
    input: string;
    sampling:
      | { mode: 'greedy' }
      | { mode: 'seeded'; temperatureMilli: number; topK: number; topPMicro: number };
    seed: number;
    maxTokens: number;
    stop: string[];
  };
  sender: string;
  unsigned: string;
  txId: string;
  signature: string;
  encoding: string;
  derivedSeed: number;
}

const CASES: { description: string; key: number; fields: TxVector['fields'] }[] = [
  {
    description: 'greedy, empty prompt parts, no stop strings',
    key: 0x11,
    fields: {
      chainId: 1,
      nonce: '0',
      modelId: '00'.repeat(32),
      gasLimit: '1',
      gasPrice: '0',
      system: '',
      context: [],
      input: '',
      sampling: { mode: 'greedy' },
      seed: 0,
      maxTokens: 1,
      stop: [],
    },
  },
  {
    description: 'seeded, context, stop strings, non-ASCII text and a leading U+FEFF',
    key: 0x22,
    fields: {
      chainId: 0x46414931,
      nonce: '42',
      modelId: 'ab'.repeat(32),
      gasLimit: '250000',
      gasPrice: '12',
      system: '\uFEFFYou answer in one word.',
      context: [
        { role: 'user', content: 'Bonjour ☕' },
        { role: 'assistant', content: 'Salut 👋' },
      ],
      input: 'Couleur du ciel ?',
      sampling: { mode: 'seeded', temperatureMilli: 700, topK: 40, topPMicro: 950_000 },
      seed: 1234567890123,
      maxTokens: 256,
      stop: ['\n\n', 'User:'],
    },
  },
  {
    description: 'largest integers: nonce and gas at 2^64 − 1, seed 2^53 − 1, limits of the sampling ranges',
    key: 0x33,
    fields: {
      chainId: 0xffffffff,
      nonce: '18446744073709551615',
      modelId: 'ff'.repeat(32),
      gasLimit: '18446744073709551615',
      gasPrice: '18446744073709551615',
      system: 's',
      context: [{ role: 'assistant', content: 'a'.repeat(300) }],
      input: 'i',
      sampling: { mode: 'seeded', temperatureMilli: 4000, topK: 1024, topPMicro: 1_000_000 },
      seed: 2 ** 53 - 1,
      maxTokens: 32_768,
      stop: ['x'.repeat(64)],
    },
  },
];

function toTx(f: TxVector['fields'], sender: Uint8Array): InferenceTx {
  return {
    version: 1,
    chainId: f.chainId,
    sender,
    nonce: BigInt(f.nonce),
    modelId: H(f.modelId),
    gasLimit: BigInt(f.gasLimit),
    gasPrice: BigInt(f.gasPrice),
    system: f.system,
    context: f.context,
    input: f.input,
    sampling: f.sampling,
    seed: f.seed,
    maxTokens: f.maxTokens,
    stop: f.stop,
  };
}

/** docs/protocol.md §15.1, field by field. */
function independentUnsigned(f: TxVector['fields'], sender: Buffer, seed = f.seed): Buffer {
  const s = f.sampling;
  return Buffer.concat([
    u8(1),
    le32(f.chainId),
    sender,
    le64(BigInt(f.nonce)),
    H(f.modelId),
    le64(BigInt(f.gasLimit)),
    le64(BigInt(f.gasPrice)),
    varText(f.system),
    compactSize(f.context.length),
    ...f.context.flatMap((m) => [u8(m.role === 'user' ? 0 : 1), varText(m.content)]),
    varText(f.input),
    s.mode === 'greedy'
      ? u8(0)
      : Buffer.concat([u8(1), le16(s.temperatureMilli), le16(s.topK), le32(s.topPMicro)]),
    le64(BigInt(seed)),
    le32(f.maxTokens),
    compactSize(f.stop.length),
    ...f.stop.map(varText),
  ]);
}

if (WRITE_VECTORS) {
  const vectors: TxVector[] = CASES.map((c) => {
    const priv = Buffer.alloc(32, c.key);
    const sender = noblePub(priv);
    const signed = signTx(toTx(c.fields, sender), priv);
    const enc = encodeTx(signed);
    return {
      description: c.description,
      privateKey: priv.toString('hex'),
      fields: c.fields,
      sender: sender.toString('hex'),
      unsigned: Buffer.from(enc.subarray(0, enc.length - 64)).toString('hex'),
      txId: Buffer.from(txId(signed)).toString('hex'),
      signature: Buffer.from(signed.signature).toString('hex'),
      encoding: Buffer.from(enc).toString('hex'),
      derivedSeed: deriveSeed(signed),
    };
  });
  saveVectors('tx.json', { format: 'inference transaction (docs/protocol.md §15.1–15.3)', vectors });
}

const { vectors } = loadVectors<{ vectors: TxVector[] }>('tx.json');

describe('inference transaction vectors', () => {
  it('cover the three cases', () =>
    expect(vectors.map((v) => v.description)).toEqual(CASES.map((c) => c.description)));

  describe.each(vectors)('$description', (v) => {
    it('every byte is re-derived independently', () => {
      const priv = H(v.privateKey);
      const sender = noblePub(priv);
      expect(sender.toString('hex')).toBe(v.sender);
      const unsigned = independentUnsigned(v.fields, sender);
      expect(unsigned.toString('hex')).toBe(v.unsigned);
      const id = sha(ascii('FUNAI-TX-V1'), unsigned);
      expect(id.toString('hex')).toBe(v.txId);
      const sig = nobleSign(id, priv);
      expect(sig.toString('hex')).toBe(v.signature);
      expect(nobleVerify(sig, id, sender)).toBe(true);
      expect(Buffer.concat([unsigned, sig]).toString('hex')).toBe(v.encoding);
      const seedHash = sha(ascii('FUNAI-SEED-V1'), independentUnsigned(v.fields, sender, 0));
      expect(Number(seedHash.readBigUInt64BE(0) % 2n ** 53n)).toBe(v.derivedSeed);
    });

    it('the implementation agrees', () => {
      const tx = decodeTx(H(v.encoding));
      expect(tx).toEqual({
        ...toTx(v.fields, H(v.sender)),
        sender: new Uint8Array(H(v.sender)),
        signature: new Uint8Array(H(v.signature)),
        modelId: new Uint8Array(H(v.fields.modelId)),
      });
      expect(verifyTxSignature(tx)).toBe(true);
      expect(Buffer.from(txId(tx)).toString('hex')).toBe(v.txId);
      expect(
        Buffer.from(encodeTx(signTx(toTx(v.fields, H(v.sender)), H(v.privateKey)))).toString('hex'),
      ).toBe(v.encoding);
      expect(deriveSeed(tx)).toBe(v.derivedSeed);
    });
  });
});
