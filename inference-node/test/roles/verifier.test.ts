// The verifier role with a real generated model (docs/protocol.md §16.9): honest records get a valid
// bit, fabricated outputs, receipts lying about the output and bad receipt signatures an invalid one,
// five verifiers' votes aggregate into a certificate verifyCertificate accepts.
import { toHex } from '@funai/ledger-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockHash } from '../../src/block/header.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import { DEFAULT_VERDICT_POLICY } from '../../src/llm/verdict/policy.js';
import { bitmapFromVerdicts, bitmapGet } from '../../src/quorum/bitmap.js';
import { verifyCertificate } from '../../src/quorum/certificate.js';
import type { Vote } from '../../src/quorum/vote.js';
import {
  type BadContents,
  type BlockVerification,
  type ContentsProvider,
  Verifier,
  type VerifierEngine,
} from '../../src/roles/verifier.js';
import { VoteCollector } from '../../src/roles/vote-collector.js';
import { txId } from '../../src/tx/transaction.js';
import { engineWith, modelPaths } from '../llm/fixtures.js';
import {
  blockOf,
  CHAIN_ID,
  contentsOf,
  execute,
  makeTx,
  mapProvider,
  receiptOver,
  secrets,
  type TestRecord,
  verifierKeys,
} from './verifier-fixtures.js';

let engine: LlmEngine;
let alpha: string;
let beta: string;
let honest: TestRecord[];

beforeAll(async () => {
  const paths = await modelPaths();
  // Only alpha is served; beta's id names a model this verifier does not hold.
  const served = await engineWith([paths.alpha]);
  engine = served.engine;
  alpha = served.ids[0]!;
  const { engine: other, ids } = await engineWith([paths.beta]);
  beta = ids[0]!;
  await other.close();
  honest = [];
  honest.push(await execute(engine, makeTx(alpha, 0)));
  honest.push(
    await execute(
      engine,
      makeTx(alpha, 1, { sampling: { mode: 'seeded', temperatureMilli: 800, topK: 40, topPMicro: 950_000 } }),
    ),
  );
  honest.push(await execute(engine, makeTx(alpha, 2, { input: 'hello world', stop: ['e'], maxTokens: 16 })));
  honest.push(await execute(engine, makeTx(alpha, 3, { maxTokens: 4 })));
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

const quick = { whenReplayable: 'replay', alwaysJudge: false } as const;

function verifier(
  i: number,
  contents: ContentsProvider,
  extra: Partial<ConstructorParameters<typeof Verifier>[0]> = {},
) {
  return new Verifier({
    engine,
    secretKey: secrets[i]!,
    contents,
    chainId: CHAIN_ID,
    policy: quick,
    ...extra,
  });
}

function voted(r: BlockVerification): Extract<BlockVerification, { status: 'voted' }> {
  if (r.status !== 'voted') throw new Error(`expected a vote, got ${JSON.stringify(r)}`);
  return r;
}

/** A fabricated output: the honest tokens with the first one replaced (receipt signed over it). */
function fabricated(r: TestRecord): TestRecord {
  const tokens = [...r.output.tokens];
  tokens[0] = tokens[0] === 300 ? 301 : 300;
  const output = { tokens, finishReason: r.output.finishReason };
  return { tx: r.tx, receipt: receiptOver(r.tx, output), output };
}

describe('Verifier', () => {
  it('an honest block gets an all-valid vote (default policy: replay decides, judge reported)', async () => {
    const provider = mapProvider(honest);
    const v = verifier(0, provider, { policy: DEFAULT_VERDICT_POLICY });
    const block = blockOf(honest);
    const r = voted(await v.submit(block, verifierKeys));
    expect(r.records.map((x) => [x.status, x.reason])).toEqual(
      honest.map(() => ['valid', 'replay-accepted']),
    );
    expect(r.records.every((x) => x.verdict?.judge.status === 'judged')).toBe(true);
    expect(toHex(r.vote.blockHash)).toBe(toHex(blockHash(block.header)));
    expect(r.vote.verifierIndex).toBe(0);
    expect(toHex(r.vote.verdicts)).toBe(toHex(bitmapFromVerdicts(honest.map(() => true))));
    expect(provider.calls).toEqual([{ ids: honest.length, exclude: [] }]);
    // Submitting it again gives the same result without verifying again.
    expect(await v.submit(block, verifierKeys)).toBe(r);
    expect(provider.calls.length).toBe(1);
    await v.close();
  });

  it('fabricated outputs, lying receipts and bad receipt signatures are invalid, honest records valid', async () => {
    const fab = fabricated(honest[1]!);
    // The receipt's hash is over other tokens than the output served beside the block.
    const liar: TestRecord = {
      ...honest[2]!,
      receipt: receiptOver(honest[2]!.tx, fabricated(honest[2]!).output),
    };
    // A receipt whose signature is another receipt's.
    const badSig: TestRecord = {
      ...honest[3]!,
      receipt: { ...honest[3]!.receipt, signature: honest[0]!.receipt.signature },
    };
    const records = [honest[0]!, fab, liar, badSig];
    const provider = mapProvider(records);
    const v = verifier(1, provider);
    const bad: BadContents[] = [];
    v.on('bad-contents', (b) => bad.push(b));
    const r = voted(await v.submit(blockOf(records), verifierKeys));
    expect(r.records.map((x) => [x.status, x.reason])).toEqual([
      ['valid', 'replay-accepted'],
      ['invalid', 'replay-rejected'],
      ['invalid', 'output-hash-mismatch'],
      ['invalid', 'bad-receipt-signature'],
    ]);
    expect([0, 1, 2, 3].map((i) => bitmapGet(r.vote.verdicts, i))).toEqual([true, false, false, false]);
    // The mismatching output was asked for again, from other sources, before the record was judged.
    expect(provider.calls).toEqual([
      { ids: 4, exclude: [] },
      { ids: 1, exclude: ['producer'] },
      { ids: 1, exclude: ['producer'] },
    ]);
    expect(bad.map((b) => b.reason)).toEqual([
      'output-hash-mismatch',
      'output-hash-mismatch',
      'output-hash-mismatch',
    ]);
    await v.close();
  });

  it('contents from a lying source are fetched again elsewhere; the honest record stays valid', async () => {
    const record = honest[0]!;
    const calls: string[][] = [];
    const provider: ContentsProvider = async (_h, ids, o) => {
      calls.push([...o.exclude]);
      if (!o.exclude.includes('mallory')) {
        const c = contentsOf(fabricated(record));
        return { source: 'mallory', records: ids.map(() => ({ ...c, receipt: contentsOf(record).receipt })) };
      }
      return { source: 'producer', records: ids.map(() => contentsOf(record)) };
    };
    const v = verifier(2, provider);
    const bad: BadContents[] = [];
    v.on('bad-contents', (b) => bad.push(b));
    const r = voted(await v.submit(blockOf([record]), verifierKeys));
    expect(r.records[0]).toMatchObject({ status: 'valid', reason: 'replay-accepted' });
    expect(calls).toEqual([[], ['mallory']]);
    expect(bad).toEqual([
      { source: 'mallory', blockHash: r.hash, txId: toHex(txId(record.tx)), reason: 'output-hash-mismatch' },
    ]);
    await v.close();
  });

  it('abstains when a record cannot be verified: missing contents, a model it does not serve', async () => {
    const v = verifier(0, mapProvider([honest[0]!]));
    const missing = await v.submit(blockOf([honest[0]!, honest[1]!]), verifierKeys);
    expect(missing).toMatchObject({ status: 'abstained', reason: 'unverifiable-records' });
    if (missing.status !== 'abstained') throw new Error('unreachable');
    expect(missing.records.map((x) => x.reason)).toEqual(['replay-accepted', 'missing-contents']);

    const foreign = await execute(engine, makeTx(alpha, 9));
    // A transaction naming beta, "executed" with alpha's tokens: this verifier cannot replay it at all.
    const betaTx = makeTx(beta, 9);
    const rec: TestRecord = {
      tx: betaTx,
      receipt: receiptOver(betaTx, foreign.output),
      output: foreign.output,
    };
    const w = verifier(0, mapProvider([rec]));
    const r = await w.submit(blockOf([rec], 8), verifierKeys);
    expect(r).toMatchObject({ status: 'abstained', reason: 'unverifiable-records' });
    if (r.status !== 'abstained') throw new Error('unreachable');
    expect(r.records[0]).toMatchObject({ status: 'unverifiable', reason: 'unknown-model' });
    await Promise.all([v.close(), w.close()]);
  });

  it('drops a block whose set does not hold its key, abstains from a body that is not the header’s', async () => {
    const v = verifier(0, mapProvider(honest));
    const others = [...verifierKeys];
    others[0] = verifierKeys[4]!;
    expect(await v.submit(blockOf(honest), others)).toMatchObject({
      status: 'dropped',
      reason: 'not-in-set',
    });
    const block = blockOf(honest);
    block.body.receipts.pop();
    const r = await v.submit(block, verifierKeys);
    expect(r).toMatchObject({ status: 'abstained', reason: 'block-malformed' });
    expect(() => v.submit(blockOf(honest), verifierKeys.slice(0, 4))).toThrow(RangeError);
    await v.close();
  });

  it('cancelling a block aborts its replay in the real engine; the engine then serves the next block', async () => {
    let calls = 0;
    let onCall: () => void = () => {};
    const wrapped: VerifierEngine = {
      model: (id) => engine.model(id),
      verify: (req, out, o) => {
        calls++;
        const p = engine.verify(req, out, o);
        onCall();
        return p;
      },
    };
    const v = verifier(3, mapProvider(honest), { engine: wrapped });
    const first = blockOf(honest, 40);
    const called = new Promise<void>((r) => {
      onCall = r;
    });
    const running = v.submit(first, verifierKeys);
    const next = v.submit(blockOf(honest.slice(0, 1), 41), verifierKeys);
    await called;
    expect(v.cancel(toHex(blockHash(first.header)))).toBe(true);
    expect(await running).toMatchObject({ status: 'dropped', reason: 'cancelled' });
    // Only the first record's replay was started, then aborted.
    expect(calls).toBe(1);
    expect(voted(await next).records.map((x) => x.status)).toEqual(['valid']);
    await v.close();
  });

  it('five verifiers vote; the collector aggregates 3 of 5 into a certificate verifyCertificate accepts', async () => {
    const records = [honest[0]!, fabricated(honest[3]!)];
    const block = blockOf(records, 11);
    const hash = blockHash(block.header);
    const collector = new VoteCollector();
    collector.addBlock({ height: 11, blockHash: hash, recordCount: 2, verifierKeys });
    const certs: number[] = [];
    collector.on('certificate', (_qc, e) => certs.push(e.signers));
    const votes: Vote[] = [];
    for (let i = 0; i < 5; i++) {
      const v = verifier(i, mapProvider(records));
      const r = voted(await v.submit(block, verifierKeys));
      votes.push(r.vote);
      await v.close();
    }
    expect(collector.addVote(votes[0]!)).toEqual({ ok: true, certificate: null });
    expect(collector.addVote(votes[1]!)).toEqual({ ok: true, certificate: null });
    expect(collector.certificate(toHex(hash))).toBeNull();
    expect(certs).toEqual([]);
    const third = collector.addVote(votes[2]!);
    expect(third.ok && third.certificate).toBeTruthy();
    expect(collector.addVote(votes[3]!).ok).toBe(true);
    expect(collector.addVote(votes[4]!).ok).toBe(true);
    expect(certs).toEqual([0b00111, 0b01111, 0b11111]);
    const qc = collector.certificate(toHex(hash))!;
    const check = verifyCertificate(qc, { blockHash: hash, recordCount: 2 }, verifierKeys);
    expect(check).toEqual({ ok: true, verdicts: ['valid', 'invalid'] });
  });
});
