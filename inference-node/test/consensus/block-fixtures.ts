// Builders of valid blocks for the block tests and the benchmark.
import {
  Cl,
  makeContractCall,
  makeContractDeploy,
  makeSTXTokenTransfer,
  serializeTransactionBytes,
} from '@stacks/transactions';
import type { Block, BlockBody } from '../../src/block/body.js';
import type { BlockHeader } from '../../src/block/header.js';
import { inferenceStacksNetwork } from '../../src/block/stacks.js';
import { bodyCommitments } from '../../src/block/validate.js';
import type { QuorumCertificate } from '../../src/quorum/certificate.js';
import { receiptFor, type SignedReceipt, signReceipt } from '../../src/tx/receipt.js';
import { type SignedInferenceTx, signTx, txId } from '../../src/tx/transaction.js';
import { testKey } from './tx-fixtures.js';

export const CHAIN_ID = 0x46414931;

/** The inference chain's Stacks network (no fetches: fee and nonce are always given). */
export const NETWORK = inferenceStacksNetwork(CHAIN_ID);

const STACKS_KEY = '0101010101010101010101010101010101010101010101010101010101010101';

export async function stacksTxs(): Promise<Uint8Array[]> {
  const common = { senderKey: STACKS_KEY, fee: 200n, network: NETWORK } as const;
  const transfer = await makeSTXTokenTransfer({
    ...common,
    recipient: 'ST2X308CERC04T2T8JY89FE3YNY9Q6H77DC6DKRZ3',
    amount: 12_345n,
    nonce: 0n,
    memo: 'gas',
  });
  const call = await makeContractCall({
    ...common,
    contractAddress: 'ST2X308CERC04T2T8JY89FE3YNY9Q6H77DC6DKRZ3',
    contractName: 'poi',
    functionName: 'deposit-fees',
    functionArgs: [Cl.uint(1000)],
    nonce: 1n,
  });
  const deploy = await makeContractDeploy({
    ...common,
    contractName: 'hello',
    codeBody: '(define-read-only (hello) u1)',
    nonce: 2n,
    clarityVersion: 4,
  } as Parameters<typeof makeContractDeploy>[0]);
  return [transfer, call, deploy].map((t) => serializeTransactionBytes(t));
}

export const client = testKey(1);
export const executor = testKey(3);
export const MODEL = new Uint8Array(32).fill(0x5e);

export function inferenceTx(nonce: number, overrides: Partial<SignedInferenceTx> = {}): SignedInferenceTx {
  return signTx(
    {
      version: 1,
      chainId: CHAIN_ID,
      sender: client.pub,
      nonce: BigInt(nonce),
      modelId: MODEL,
      gasLimit: 10_000n,
      gasPrice: 1n,
      system: '',
      context: [],
      input: `question ${nonce}`,
      sampling: { mode: 'greedy' },
      seed: nonce,
      maxTokens: 8,
      stop: ['.'],
      ...overrides,
    },
    client.priv,
  );
}

export function receiptOf(tx: SignedInferenceTx, ledgerHeight: number, tokens = [3, 4, 5]): SignedReceipt {
  return signReceipt(
    receiptFor(tx, txId(tx), { tokens, finishReason: 'stop-token' }, executor.pub, ledgerHeight),
    executor.priv,
  );
}

export function makeBlock(opts: {
  height: number;
  parentHash: Uint8Array;
  ledgerHeight: number;
  body: BlockBody;
  qc?: QuorumCertificate | null;
}): Block {
  const c = bodyCommitments(opts.body);
  const header: BlockHeader = {
    version: 1,
    chainId: CHAIN_ID,
    height: opts.height,
    parentHash: opts.parentHash,
    ledgerHeight: opts.ledgerHeight,
    ledgerParentHash: new Uint8Array(32).fill(0x4c),
    vrfProof: new Uint8Array(81).fill(0x56),
    recordCount: c.recordCount,
    txRoot: c.txRoot,
    receiptsRoot: c.receiptsRoot,
    clarityReceiptsRoot: new Uint8Array(32).fill(0xc1),
    stateRoot: new Uint8Array(32),
    qc: opts.qc ?? null,
  };
  return { header, body: opts.body };
}
