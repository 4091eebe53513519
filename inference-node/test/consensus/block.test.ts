import bls from '@chainsafe/bls/herumi';
import { DecodeError, SECP256K1_ORDER, sha256 } from '@funai/ledger-node';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Block, decodeBlock, decodeBody, encodeBlock, encodeBody } from '../../src/block/body.js';
import { blockHash, decodeHeader, encodeHeader, HEADER_SIZE_WITHOUT_QC } from '../../src/block/header.js';
import { MAX_BLOCK_RECORDS, QC_WINDOW, RECEIPT_MAX_AGE } from '../../src/block/limits.js';
import { merkleTreeHash, receiptsRoot, txRoot } from '../../src/block/roots.js';
import { decodeStacksTx, stacksTxError } from '../../src/block/stacks.js';
import { type BlockContext, validateBlock } from '../../src/block/validate.js';
import { aggregateVotes } from '../../src/quorum/aggregate.js';
import { bitmapFromVerdicts } from '../../src/quorum/bitmap.js';
import { signVote } from '../../src/quorum/vote.js';
import { encodeSignedReceipt, signReceipt } from '../../src/tx/receipt.js';
import { type SignedInferenceTx, txId } from '../../src/tx/transaction.js';
import { CHAIN_ID, executor, inferenceTx, makeBlock, receiptOf, stacksTxs } from './block-fixtures.js';
import { decodeCanonicalOrTyped, hex, mutate, mutationArb, receiptArb } from './tx-fixtures.js';

const secrets = [0, 1, 2, 3, 4].map((i) =>
  bls.SecretKey.fromKeygen(sha256(Uint8Array.of(0x51, i))).toBytes(),
);
const blsKeys = secrets.map((s) => bls.secretKeyToPublicKey(s));

/** RFC 6962 MTH written out recursively (independent of the implementation's tree class). */
function mth(items: Uint8Array[]): string {
  const h = (...parts: Uint8Array[]) => sha256(Buffer.concat(parts));
  const rec = (d: Uint8Array[]): Uint8Array => {
    if (d.length === 1) return h(Uint8Array.of(0), d[0]!);
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return h(Uint8Array.of(1), rec(d.slice(0, k)), rec(d.slice(k)));
  };
  return hex(items.length === 0 ? sha256(new Uint8Array(0)) : rec(items));
}

let stacks: Uint8Array[];
let txs: SignedInferenceTx[];
let parent: Block;
let child: Block;
let ctx: BlockContext;

beforeAll(async () => {
  stacks = await stacksTxs();
  txs = [0, 1, 2, 3].map((n) => inferenceTx(n));
  parent = makeBlock({
    height: 4,
    parentHash: new Uint8Array(32).fill(9),
    ledgerHeight: 200,
    body: { receipts: txs.slice(0, 2).map((t) => receiptOf(t, 199)), stacksTxs: [stacks[0]!] },
  });
  const verdicts = bitmapFromVerdicts([true, false]);
  const votes = [0, 1, 2].map((i) =>
    signVote(secrets[i]!, {
      blockHash: blockHash(parent.header),
      verifierIndex: i,
      recordCount: 2,
      verdicts,
    }),
  );
  const qc = aggregateVotes({ height: 4, blockHash: blockHash(parent.header), recordCount: 2 }, votes)!;
  child = makeBlock({
    height: 5,
    parentHash: blockHash(parent.header),
    ledgerHeight: 201,
    body: { receipts: txs.slice(2).map((t) => receiptOf(t, 200)), stacksTxs: stacks.slice(1) },
    qc,
  });
  ctx = {
    chainId: CHAIN_ID,
    parent: { hash: blockHash(parent.header), height: 4 },
    ledgerHeight: 201,
    txs: txs.slice(2),
    certified: { hash: blockHash(parent.header), recordCount: 2, verifierKeys: blsKeys },
  };
});

describe('block header', () => {
  it('round-trips with and without a certificate; the hash is SHA-256("FUNAI-BLOCK-V1" ‖ header)', () => {
    for (const b of [parent, child]) {
      const bytes = encodeHeader(b.header);
      expect(decodeHeader(bytes)).toEqual(b.header);
      expect(hex(encodeHeader(decodeHeader(bytes)))).toBe(hex(bytes));
      expect(hex(blockHash(b.header))).toBe(
        hex(sha256(Buffer.concat([Buffer.from('FUNAI-BLOCK-V1'), bytes]))),
      );
    }
    expect(encodeHeader(parent.header).length).toBe(HEADER_SIZE_WITHOUT_QC);
    expect(HEADER_SIZE_WITHOUT_QC).toBe(291);
  });

  it('random and mutated headers raise only DecodeError', () => {
    const bytes = encodeHeader(child.header);
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (m) =>
        decodeCanonicalOrTyped(mutate(bytes, m), decodeHeader, encodeHeader),
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) =>
        decodeCanonicalOrTyped(b, decodeHeader, encodeHeader),
      ),
    );
  });

  it('refuses a record count above the limit and a qc flag other than 0 or 1', () => {
    const bytes = encodeHeader(parent.header);
    const rc = bytes.slice();
    new DataView(rc.buffer).setUint32(1 + 4 + 4 + 32 + 4 + 32 + 81, MAX_BLOCK_RECORDS + 1, true);
    expect(() => decodeHeader(rc)).toThrow('header-record-count');
    const flag = bytes.slice();
    flag[flag.length - 1] = 2;
    expect(() => decodeHeader(flag)).toThrow('header-qc-flag');
  });
});

describe('block body and roots', () => {
  it('round-trips byte for byte (receipts and Stacks transactions)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(receiptArb, fc.uint8Array({ minLength: 64, maxLength: 64 })), { maxLength: 6 }),
        fc.subarray([0, 1, 2]),
        (rs, pick) => {
          const body = {
            receipts: rs.map(([r, signature]) => ({ ...r, signature })),
            stacksTxs: pick.map((i) => stacks[i]!),
          };
          const bytes = encodeBody(body);
          expect(decodeBody(bytes)).toEqual(body);
          expect(hex(encodeBody(decodeBody(bytes)))).toBe(hex(bytes));
        },
      ),
      { numRuns: 40 },
    );
    const whole = encodeBlock(child);
    expect(hex(encodeBlock(decodeBlock(whole)))).toBe(hex(whole));
  });

  it('mutated bodies raise only DecodeError; huge counts are refused before allocation', () => {
    const bytes = encodeBody(child.body);
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (m) =>
        decodeCanonicalOrTyped(mutate(bytes, m), decodeBody, encodeBody),
      ),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (b) =>
        decodeCanonicalOrTyped(b, decodeBody, encodeBody),
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 800 }), (b) =>
        decodeCanonicalOrTyped(b, decodeBlock, encodeBlock),
      ),
    );
    expect(() => decodeBody(Uint8Array.of(0xfe, 0xff, 0xff, 0xff, 0x01))).toThrow('truncated');
    expect(() => decodeBody(Uint8Array.of(0x00, 0xfd, 0xff, 0xff))).toThrow(DecodeError);
    expect(() => decodeBody(Uint8Array.of(0x00, 0x01, 0xfe, 0x00, 0x00, 0x10, 0x00))).toThrow(
      'stacks-tx-too-large',
    );
    // A Stacks transaction with a trailing byte is not canonical.
    expect(() => decodeStacksTx(Uint8Array.from([...stacks[0]!, 0]))).toThrow('stacks-tx-non-canonical');
    expect(() => decodeStacksTx(stacks[0]!.subarray(0, 40))).toThrow('stacks-tx-malformed');
  });

  it('roots are RFC 6962 over typed leaves', () => {
    const ids = txs.map((t) => txId(t));
    expect(hex(txRoot(ids, stacks))).toBe(
      mth([...ids.map((i) => Uint8Array.from([1, ...i])), ...stacks.map((s) => Uint8Array.from([2, ...s]))]),
    );
    const rs = child.body.receipts.map((r) => encodeSignedReceipt(r));
    expect(hex(receiptsRoot(rs))).toBe(mth(rs));
    expect(hex(merkleTreeHash([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (let n = 1; n <= 9; n++) {
      const items = Array.from({ length: n }, (_, i) => Uint8Array.of(i, n));
      expect(hex(merkleTreeHash(items))).toBe(mth(items));
    }
  });
});

describe('block validation', () => {
  const reasonOf = (b: Block, c: BlockContext = ctx) => {
    const r = validateBlock(b, c);
    return r.ok ? 'ok' : r.reason;
  };
  const withHeader = (b: Block, h: Partial<Block['header']>): Block => ({
    ...b,
    header: { ...b.header, ...h },
  });
  const rebuilt = (b: Block, receipts: Block['body']['receipts'], stacksTxs = b.body.stacksTxs): Block =>
    makeBlock({
      height: b.header.height,
      parentHash: b.header.parentHash,
      ledgerHeight: b.header.ledgerHeight,
      body: { receipts, stacksTxs },
      qc: b.header.qc,
    });

  it('accepts a valid block and returns the certified block’s verdicts', () => {
    expect(validateBlock(child, ctx)).toEqual({ ok: true, certified: ['valid', 'invalid'] });
    expect(
      validateBlock(parent, { chainId: CHAIN_ID, parent: { hash: parent.header.parentHash, height: 3 } }),
    ).toEqual({
      ok: true,
      certified: null,
    });
  });

  it('structure and limits', () => {
    expect(reasonOf(child, { ...ctx, chainId: 1 })).toBe('bad-chain-id');
    expect(reasonOf(child, { ...ctx, parent: { hash: ctx.parent!.hash, height: 5 } })).toBe('bad-height');
    expect(reasonOf(child, { ...ctx, parent: { hash: new Uint8Array(32), height: 4 } })).toBe('bad-parent');
    expect(reasonOf(child, { ...ctx, ledgerHeight: 202 })).toBe('bad-ledger-height');
    expect(reasonOf(withHeader(child, { recordCount: 3 }))).toBe('record-count-mismatch');
    expect(reasonOf(withHeader(child, { vrfProof: new Uint8Array(80) }))).toBe('bad-header');
    expect(reasonOf(withHeader(child, { height: 0 }), { ...ctx, parent: null })).toBe('bad-parent');
  });

  it('a body over 2 MiB', () => {
    const big = new Uint8Array(60_000);
    expect(
      reasonOf({ ...child, body: { ...child.body, stacksTxs: Array.from({ length: 36 }, () => big) } }),
    ).toBe('body-too-large');
  });

  it('never throws: mutated blocks fail to decode with DecodeError or validate to a typed verdict', () => {
    const bytes = encodeBlock(child);
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (m) => {
        let b: Block;
        try {
          b = decodeBlock(mutate(bytes, m));
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          return;
        }
        const r = validateBlock(b, ctx);
        if (!r.ok) expect(typeof r.reason).toBe('string');
      }),
      { numRuns: 60 },
    );
  });

  it('roots', () => {
    expect(reasonOf(withHeader(child, { txRoot: new Uint8Array(32) }))).toBe('bad-tx-root');
    expect(reasonOf(withHeader(child, { receiptsRoot: new Uint8Array(32) }))).toBe('bad-receipts-root');
    // Reordering the records changes both roots.
    expect(
      reasonOf({ ...child, body: { ...child.body, receipts: [...child.body.receipts].reverse() } }),
    ).toBe('bad-tx-root');
  });

  it('receipts: signatures, chain, age, duplicates', () => {
    const [r0, r1] = child.body.receipts as [Block['body']['receipts'][0], Block['body']['receipts'][0]];
    expect(reasonOf(rebuilt(child, [r0, { ...r1, signature: r0.signature }]))).toBe('bad-receipt-signature');
    const foreign = signReceipt({ ...r1, chainId: 7 }, executor.priv);
    expect(reasonOf(rebuilt(child, [r0, foreign]))).toBe('receipt-chain-id');
    expect(reasonOf(rebuilt(child, [r0, signReceipt({ ...r1, ledgerHeight: 202 }, executor.priv)]))).toBe(
      'receipt-ledger-height',
    );
    expect(
      reasonOf(
        rebuilt(child, [r0, signReceipt({ ...r1, ledgerHeight: 201 - RECEIPT_MAX_AGE - 1 }, executor.priv)]),
      ),
    ).toBe('receipt-ledger-height');
    expect(reasonOf(rebuilt(child, [r0, r0]), { ...ctx, txs: undefined })).toBe('duplicate-tx-id');
  });

  it('receipt ↔ transaction consistency', () => {
    const [t2, t3] = [txs[2]!, txs[3]!];
    expect(reasonOf(child, { ...ctx, txs: [t2] })).toBe('tx-count-mismatch');
    expect(reasonOf(child, { ...ctx, txs: [t3, t2] })).toBe('tx-id-mismatch');
    const mk = (
      tx: SignedInferenceTx,
      o: Parameters<typeof signReceipt>[0] extends infer R ? Partial<R> : never,
    ) => signReceipt({ ...receiptOf(tx, 200), ...o }, executor.priv);
    const check = (o: Parameters<typeof mk>[1]) =>
      reasonOf(rebuilt(child, [child.body.receipts[0]!, mk(t3, o)]));
    expect(check({ modelId: new Uint8Array(32) })).toBe('receipt-model-mismatch');
    expect(check({ outputTokens: 9 })).toBe('receipt-too-many-tokens');
    expect(check({ finishReason: 'length', outputTokens: 7 })).toBe('receipt-length-mismatch');
    expect(check({ finishReason: 'length', outputTokens: 8 })).toBe('ok');
    const noStop = inferenceTx(3, { stop: [] });
    const r = signReceipt({ ...receiptOf(noStop, 200), finishReason: 'stop-string' }, executor.priv);
    expect(reasonOf(rebuilt(child, [child.body.receipts[0]!, r]), { ...ctx, txs: [t2, noStop] })).toBe(
      'receipt-no-stop-strings',
    );
    expect(reasonOf(child, { ...ctx, txs: [t2, { ...t3, signature: t2.signature }] })).toBe(
      'tx-bad-signature',
    );
    expect(reasonOf(child, { ...ctx, txs: [t2, { ...t3, seed: 2 ** 53 }] })).toBe('tx-malformed');
    // A transaction of another chain, receipted as if it were of this one.
    const foreignTx = inferenceTx(9, { chainId: 1 });
    const foreignReceipt = receiptOf({ ...foreignTx, chainId: CHAIN_ID }, 200);
    const fr = signReceipt({ ...foreignReceipt, txId: txId(foreignTx) }, executor.priv);
    expect(reasonOf(rebuilt(child, [child.body.receipts[0]!, fr]), { ...ctx, txs: [t2, foreignTx] })).toBe(
      'tx-chain-id',
    );
  });

  it('Stacks transactions: chain id and signatures', () => {
    const wrongChain = Uint8Array.from(stacks[0]!);
    new DataView(wrongChain.buffer).setUint32(1, 1, false); // version:u8 | chain_id:u32 big-endian
    expect(reasonOf(rebuilt(child, child.body.receipts, [wrongChain]))).toBe('bad-stacks-tx');
    const forged = Uint8Array.from(stacks[0]!);
    forged[forged.length - 1]! ^= 1; // the memo: covered by the signature
    const check = validateBlock(rebuilt(child, child.body.receipts, [forged]), ctx);
    expect(check).toMatchObject({
      ok: false,
      reason: 'bad-stacks-tx',
      index: 0,
      detail: 'stacks-tx-bad-signature',
    });
  });

  it('Stacks transactions: the high-S twin of a valid signature is refused', () => {
    // Single-sig standard auth: version 1 | chain 4 | auth 1 | hash mode 1 | signer 20 | nonce 8 | fee 8 |
    // key encoding 1 | signature 65 (recovery id, r, s).
    const twin = Uint8Array.from(stacks[0]!);
    const n = BigInt(`0x${hex(SECP256K1_ORDER)}`);
    const s = BigInt(`0x${hex(twin.subarray(77, 109))}`);
    twin.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), 77);
    twin[44]! ^= 1;
    expect(stacksTxError(decodeStacksTx(stacks[0]!), CHAIN_ID)).toBeNull();
    expect(stacksTxError(decodeStacksTx(twin), CHAIN_ID)).toBe('stacks-tx-high-s');
  });

  it('certificates: window, ancestry, context, signature', () => {
    const qc = child.header.qc!;
    const at = (height: number) => ({ ...child, header: { ...child.header, qc: { ...qc, height } } });
    expect(reasonOf(at(5))).toBe('qc-outside-window');
    expect(
      reasonOf(withHeader(child, { height: 4 + QC_WINDOW + 1 }), {
        ...ctx,
        parent: { hash: ctx.parent!.hash, height: 4 + QC_WINDOW },
      }),
    ).toBe('qc-outside-window');
    expect(reasonOf(child, { ...ctx, certified: undefined })).toBe('qc-missing-context');
    expect(reasonOf(child, { ...ctx, certified: { ...ctx.certified!, hash: new Uint8Array(32) } })).toBe(
      'qc-not-ancestor',
    );
    const otherKeys = [blsKeys[1]!, blsKeys[0]!, blsKeys[3]!, blsKeys[2]!, blsKeys[4]!];
    expect(reasonOf(child, { ...ctx, certified: { ...ctx.certified!, verifierKeys: otherKeys } })).toBe(
      'qc-bad-signature',
    );
  });
});
