// Builders of the verifier tests: BLS verifier keys, inference transactions executed by a real engine,
// their receipts, blocks of those records and contents providers that serve them (honestly or not).
import bls from '@chainsafe/bls/herumi';
import { fromHex, sha256, toHex } from '@funai/ledger-node';
import type { Block } from '../../src/block/body.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import type { ContentsProvider, RecordContents, RecordOutput } from '../../src/roles/verifier.js';
import { encodeSignedReceipt, receiptFor, type SignedReceipt, signReceipt } from '../../src/tx/receipt.js';
import {
  encodeTx,
  type SignedInferenceTx,
  signTx,
  type TxSampling,
  toInferenceRequest,
  txId,
} from '../../src/tx/transaction.js';
import { CHAIN_ID, client, executor, makeBlock } from '../consensus/block-fixtures.js';

export { CHAIN_ID };

/** Five verifiers with deterministic keys (EIP-2333 KeyGen from fixed entropy), and one outsider. */
export const secrets = [0, 1, 2, 3, 4].map((i) =>
  bls.SecretKey.fromKeygen(sha256(Uint8Array.of(0x7e, i))).toBytes(),
);
export const verifierKeys = secrets.map((s) => Uint8Array.from(bls.secretKeyToPublicKey(s)));
export const outsider = bls.SecretKey.fromKeygen(sha256(Uint8Array.of(0x7e, 99))).toBytes();

export const LEDGER_HEIGHT = 200;

export interface TestRecord {
  tx: SignedInferenceTx;
  receipt: SignedReceipt;
  output: RecordOutput;
}

export function makeTx(
  modelIdHex: string,
  nonce: number,
  o: { sampling?: TxSampling; input?: string; maxTokens?: number; stop?: string[] } = {},
): SignedInferenceTx {
  return signTx(
    {
      version: 1,
      chainId: CHAIN_ID,
      sender: client.pub,
      nonce: BigInt(nonce),
      modelId: fromHex(modelIdHex),
      gasLimit: 10_000n,
      gasPrice: 1n,
      system: '',
      context: [],
      input: o.input ?? `question number ${nonce}`,
      sampling: o.sampling ?? { mode: 'greedy' },
      seed: 1000 + nonce,
      maxTokens: o.maxTokens ?? 24,
      stop: o.stop ?? [],
    },
    client.priv,
  );
}

export function receiptOver(tx: SignedInferenceTx, output: RecordOutput): SignedReceipt {
  return signReceipt(receiptFor(tx, txId(tx), output, executor.pub, LEDGER_HEIGHT), executor.priv);
}

/** Executes a transaction with the engine, as an honest executor: its output and signed receipt. */
export async function execute(engine: LlmEngine, tx: SignedInferenceTx): Promise<TestRecord> {
  const out = await engine.generate(toInferenceRequest(tx));
  const output = { tokens: out.tokens, finishReason: out.finishReason };
  return { tx, receipt: receiptOver(tx, output), output };
}

export function blockOf(records: readonly Pick<TestRecord, 'receipt'>[], height = 7): Block {
  return makeBlock({
    height,
    parentHash: new Uint8Array(32).fill(0x99),
    ledgerHeight: LEDGER_HEIGHT,
    body: { receipts: records.map((r) => r.receipt), stacksTxs: [] },
  });
}

export function contentsOf(r: TestRecord): RecordContents {
  return {
    tx: encodeTx(r.tx),
    receipt: encodeSignedReceipt(r.receipt),
    output: { tokens: [...r.output.tokens], finishReason: r.output.finishReason },
  };
}

/**
 * A provider serving `records` by transaction id from one source; `calls` logs each request's id count
 * and exclusions.
 */
export function mapProvider(
  records: readonly TestRecord[],
  source = 'producer',
): ContentsProvider & { calls: { ids: number; exclude: string[] }[] } {
  const byId = new Map(records.map((r) => [toHex(txId(r.tx)), contentsOf(r)]));
  const calls: { ids: number; exclude: string[] }[] = [];
  const provider = async (
    _hash: Uint8Array,
    ids: readonly Uint8Array[],
    o: { exclude: readonly string[] },
  ) => {
    calls.push({ ids: ids.length, exclude: [...o.exclude] });
    return { source, records: ids.map((id) => byId.get(toHex(id)) ?? null) };
  };
  return Object.assign(provider, { calls });
}
