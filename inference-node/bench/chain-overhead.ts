// What the chain costs per inference transaction, next to what the inference itself costs (issue 21):
//   chain-overhead-per-tx    CPU ms per transaction for everything the chain does with it besides the
//                            LLM work, measured over blocks of 100 records with pre-made receipts (real
//                            tiny-model outputs, signed transactions and receipts), one node playing every
//                            role once: the executor's gossip encoding (records.ts), a relay's gossip check
//                            (bounded decode, both signatures, output hash), the producer's inclusion
//                            (body commitments, block encoding), a receiver's block check (decode,
//                            validateBlock with the transactions beside it: roots, receipt and transaction
//                            signatures), one verifier's contents round trip (request/reply codec in
//                            batches of 16) and per-record checks before its replay, its vote (BLS sign),
//                            and the certificate (5 votes verified, aggregated, the certificate verified),
//                            the per-block costs divided by the block's records. Goal ≤ 2 ms.
//                            vs engine-time-per-request: ms for the tiny model to serve one of the same
//                            requests (generation, 16 tokens at most), in the same run.
import bls from '@chainsafe/bls/herumi';
import { publicKeyFromPrivate, sha256 } from '@funai/ledger-node';
import { pino } from 'pino';
import type { Figure } from '../../tools/bench-report.mjs';
import {
  aggregateVotes,
  bitmapFromVerdicts,
  blockHash,
  bodyCommitments,
  decodeBlock,
  decodeSignedReceipt,
  decodeTx,
  encodeBlock,
  encodeSignedReceipt,
  encodeTx,
  LlmEngine,
  receiptFor,
  signReceipt,
  signTx,
  signVote,
  toInferenceRequest,
  txId,
  validateBlock,
  verifyCertificate,
  verifyVote,
  writeTinyModel,
} from '../dist/index.js';
import { checkGossipedRecord, encodeRecordMessage } from '../dist/net/records.js';
import { decodeContentsReply, encodeContentsRequest, serveContents } from '../dist/roles/contents-codec.js';
import { checkRecordContents, type RecordContents } from '../dist/roles/verifier.js';

const CHAIN_ID = 0x46414903;
const RECORDS = 100;
const RUNS = 7;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function benchChainOverhead(): Promise<Figure[]> {
  const engine = await LlmEngine.create({ logger: pino({ level: 'warn' }) });
  const info = await engine.loadModel(await writeTinyModel({ seed: 'alpha' }), { contextSize: 2048 });
  const clientKey = new Uint8Array(32).fill(0x11);
  const execKey = new Uint8Array(32).fill(0x22);
  const execPub = publicKeyFromPrivate(execKey);
  const modelId = Uint8Array.from(Buffer.from(info.id, 'hex'));

  // The requests, each served once by the engine (the baseline), giving the records' real outputs.
  const contents: RecordContents[] = [];
  const engineMs: number[] = [];
  await engine.generate(
    toInferenceRequest(
      signTx(
        {
          version: 1,
          chainId: CHAIN_ID,
          sender: publicKeyFromPrivate(clientKey),
          nonce: 0n,
          modelId,
          gasLimit: 1000n,
          gasPrice: 1n,
          system: '',
          context: [],
          input: 'warm up',
          sampling: { mode: 'greedy' },
          seed: 1,
          maxTokens: 16,
          stop: [],
        },
        clientKey,
      ),
    ),
  );
  for (let i = 0; i < RECORDS; i++) {
    const tx = signTx(
      {
        version: 1,
        chainId: CHAIN_ID,
        sender: publicKeyFromPrivate(clientKey),
        nonce: BigInt(i + 1),
        modelId,
        gasLimit: 1000n,
        gasPrice: 1n,
        system: 'You are a helpful assistant.',
        context: [],
        input: `Question number ${i}: tell me something about the sea.`,
        sampling: { mode: 'seeded', temperatureMilli: 700, topK: 40, topPMicro: 950_000 },
        seed: 1000 + i,
        maxTokens: 16,
        stop: [],
      },
      clientKey,
    );
    const t = performance.now();
    const out = await engine.generate(toInferenceRequest(tx));
    engineMs.push(performance.now() - t);
    const output = { tokens: [...out.tokens], finishReason: out.finishReason };
    const receipt = signReceipt(receiptFor(tx, txId(tx), output, execPub, 500), execKey);
    contents.push({ tx: encodeTx(tx), receipt: encodeSignedReceipt(receipt), output });
  }
  await engine.close();

  const secrets = [0, 1, 2, 3, 4].map((i) =>
    bls.SecretKey.fromKeygen(sha256(Uint8Array.of(0x63, i))).toBytes(),
  );
  const keys = secrets.map((s) => bls.secretKeyToPublicKey(s));
  const parentHash = sha256(Uint8Array.of(1));
  const byId = new Map(
    contents.map((c) => [Buffer.from(decodeSignedReceipt(c.receipt).txId).toString('hex'), c]),
  );

  const block = (): number => {
    const t = performance.now();
    // Executor: gossip encoding; a relay (and the producer): the gossip check.
    const receipts = [];
    for (const c of contents) {
      const r = checkGossipedRecord(encodeRecordMessage(c), CHAIN_ID);
      if (!r.ok) throw new Error(`record refused: ${r.reason}`);
      receipts.push(r.receipt);
    }
    const tGossip = performance.now();
    // Producer: the block's body and header.
    const body = { receipts, stacksTxs: [] };
    const header = {
      version: 1,
      chainId: CHAIN_ID,
      height: 10,
      parentHash,
      ledgerHeight: 501,
      ledgerParentHash: new Uint8Array(32),
      vrfProof: new Uint8Array(81),
      ...bodyCommitments(body),
      clarityReceiptsRoot: new Uint8Array(32),
      stateRoot: new Uint8Array(32),
      qc: null,
    };
    const bytes = encodeBlock({ header, body });
    const tInclude = performance.now();
    // Receiver: decode and validate with the transactions beside the block.
    const got = decodeBlock(bytes);
    const v = validateBlock(got, {
      chainId: CHAIN_ID,
      parent: { hash: parentHash, height: 9 },
      txs: contents.map((c) => decodeTx(c.tx)),
    });
    if (!v.ok) throw new Error(`block invalid: ${v.reason}`);
    const hash = blockHash(got.header);
    const tValidate = performance.now();
    // One verifier: contents in batches of 16 over the wire codec, each record checked before its replay.
    const verdicts: boolean[] = [];
    for (let i = 0; i < got.body.receipts.length; i += 16) {
      const ids = got.body.receipts.slice(i, i + 16).map((r) => r.txId);
      const reply = serveContents(encodeContentsRequest(hash, ids), (_b, id) => byId.get(id) ?? null);
      const answers = decodeContentsReply(reply, ids.length);
      answers.forEach((a, k) => {
        const r = got.body.receipts[i + k]!;
        verdicts.push(a !== null && checkRecordContents(r, encodeSignedReceipt(r), a, CHAIN_ID).ok);
      });
    }
    const bitmap = bitmapFromVerdicts(verdicts);
    const tVerify = performance.now();
    // Five votes (one signed here, as one verifier does; all five checked by the collector), the certificate.
    const votes = secrets.map((s, i) =>
      signVote(s, { blockHash: hash, verifierIndex: i, recordCount: RECORDS, verdicts: bitmap }),
    );
    for (const [i, vote] of votes.entries()) if (!verifyVote(vote, keys[i]!)) throw new Error('vote');
    const qc = aggregateVotes({ height: 10, blockHash: hash, recordCount: RECORDS }, votes.slice(0, 3));
    if (!qc || !verifyCertificate(qc, { blockHash: hash, recordCount: RECORDS }, keys).ok)
      throw new Error('certificate');
    const end = performance.now();
    stages.push([tGossip - t, tInclude - tGossip, tValidate - tInclude, tVerify - tValidate, end - tVerify]);
    return end - t;
  };
  const stages: number[][] = [];
  // Four of the five vote signatures belong to other verifiers: measured apart and taken out.
  const signOne = (): number => {
    const t = performance.now();
    signVote(secrets[0]!, {
      blockHash: parentHash,
      verifierIndex: 0,
      recordCount: RECORDS,
      verdicts: bitmapFromVerdicts(new Array(RECORDS).fill(true)),
    });
    return performance.now() - t;
  };
  block();
  const per: number[] = [];
  for (let r = 0; r < RUNS; r++)
    per.push((block() - 4 * median([signOne(), signOne(), signOne()])) / RECORDS);
  const names = ['gossip encode+check', 'inclusion', 'block check', 'verifier checks', 'votes+certificate'];
  console.log(
    `chain-overhead-per-tx by stage (ms per tx, median; votes+certificate includes 5 vote signatures): ${names
      .map((n, i) => `${n} ${(median(stages.slice(1).map((x) => x[i]!)) / RECORDS).toFixed(3)}`)
      .join(', ')}`,
  );
  return [
    {
      name: 'chain-overhead-per-tx',
      value: median(per),
      unit: 'ms',
      baseline: 'engine-time-per-request (tiny model, ≤ 16 tokens)',
      baselineValue: median(engineMs),
    },
    { name: 'engine-time-per-request', value: median(engineMs), unit: 'ms' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchChainOverhead());
