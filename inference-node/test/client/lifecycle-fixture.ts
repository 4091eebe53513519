import bls from '@chainsafe/bls/herumi';
import {
  computeMerkleRoot,
  concatBytes,
  fromHex,
  type BlockHeader as LedgerBlockHeader,
  type Transaction as LedgerTx,
  txid as ledgerTxid,
  sha256,
  toHex,
} from '@funai/ledger-node';
import type { TxLifecycle } from '../../src/api/lifecycle.js';
import { anchorProof, blockInclusionProof, certificateProof } from '../../src/api/proofs.js';
import { type BlockHeader, blockHash, decodeHeader } from '../../src/block/header.js';
import { BLOCK_VERSION } from '../../src/block/limits.js';
import { receiptsRoot, txRoot } from '../../src/block/roots.js';
import { aggregateVotes } from '../../src/quorum/aggregate.js';
import { bitmapFromVerdicts } from '../../src/quorum/bitmap.js';
import { encodeCertificate } from '../../src/quorum/certificate.js';
import { signVote } from '../../src/quorum/vote.js';
import { commitTx, ledgerTx, tag } from '../consensus/fixtures.js';

/** Five verifiers with deterministic BLS keys, and one outsider. */
export const VERIFIER_SECRETS = [0, 1, 2, 3, 4].map((i) =>
  bls.SecretKey.fromKeygen(sha256(Uint8Array.of(0x17, i))).toBytes(),
);
export const VERIFIER_KEYS = VERIFIER_SECRETS.map((s) => toHex(bls.secretKeyToPublicKey(s)));
export const OUTSIDER = bls.SecretKey.fromKeygen(sha256(Uint8Array.of(0x17, 99))).toBytes();

/**
 * Builds a full lifecycle for an executed transaction: an inference block holding it (record `index` of
 * three, beside two other records and one Stacks transaction), a 3-of-5 certificate judging every record
 * valid, and the ledger block whose COMMIT carries the block hash. `signers` picks who signs the certificate.
 */
/** A ledger block on `ledgerParentHash`: a coinbase-like tx, then the COMMIT naming `blockHash` (tx index 1). */
export function anchoringLedgerBlock(
  blockHash: Uint8Array,
  ledgerParentHash: Uint8Array,
): { header: LedgerBlockHeader; txs: LedgerTx[] } {
  const commit = commitTx(
    {
      blockHash,
      newSeed: tag('seed'),
      keyDelta: 5,
      keyTxIndex: 1,
      parentDelta: 1,
      parentTxIndex: 1,
      ledgerCheck: ledgerParentHash[0]!,
    },
    1000n,
  );
  const txs = [ledgerTx([{ value: 50n, scriptPubKey: Uint8Array.of(0x51) }], 'coinbase'), commit];
  const header = {
    version: 4,
    prevBlock: ledgerParentHash,
    merkleRoot: computeMerkleRoot(txs.map(ledgerTxid)).root,
    time: 1_800_000_000,
    bits: 0x207fffff,
    nonce: 0,
  };
  return { header, txs };
}

export function buildLifecycle(
  executed: { id: string; tx: string; receipt: string },
  chainId: number,
  o: { signers?: Uint8Array[]; verdicts?: boolean[]; height?: number } = {},
): TxLifecycle {
  const index = 1;
  const ids = [tag('other 0'), fromHex(executed.id), tag('other 2')];
  const receipts = [tag('r0'), fromHex(executed.receipt), tag('r2')].map((r, i) =>
    i === index ? r : concatBytes(r, new Uint8Array(175)),
  );
  const stacks = [tag('a stacks tx')];
  const ledgerParentHash = tag('ledger block 41');
  const header: BlockHeader = {
    version: BLOCK_VERSION,
    chainId,
    height: o.height ?? 9,
    parentHash: tag('block 8'),
    ledgerHeight: 42,
    ledgerParentHash,
    vrfProof: new Uint8Array(81),
    recordCount: 3,
    txRoot: txRoot(ids, stacks),
    receiptsRoot: receiptsRoot(receipts),
    clarityReceiptsRoot: tag('clarity'),
    stateRoot: new Uint8Array(32),
    qc: null,
  };
  const hash = blockHash(header);
  const verdicts = bitmapFromVerdicts(o.verdicts ?? [true, true, true]);
  const signers = o.signers ?? VERIFIER_SECRETS.slice(0, 3);
  const votes = signers.map((s, i) =>
    signVote(s, { blockHash: hash, verifierIndex: i, recordCount: 3, verdicts }),
  );
  const qc = aggregateVotes({ height: o.height ?? 9, blockHash: hash, recordCount: 3 }, votes)!;
  // The ledger block L = 42: a coinbase-like tx, then the commit naming the block hash.
  const { header: lh, txs } = anchoringLedgerBlock(hash, ledgerParentHash);
  const records = ids.map((txId, i) => ({ txId, receipt: receipts[i]! }));
  return {
    id: executed.id,
    status: 'anchored',
    tx: executed.tx,
    receipt: executed.receipt,
    block: blockInclusionProof(header, records, stacks, index),
    certificate: certificateProof(qc, VERIFIER_KEYS.map(fromHex)),
    anchor: anchorProof(42, lh, txs, 1),
  };
}

/** One bit of a hex string flipped. */
export function flipHex(s: string, at: number): string {
  const b = fromHex(s);
  b[at]! ^= 1;
  return toHex(b);
}

/**
 * The tampering a lifecycle check must catch (issue 17), shared by the unit tests and the daemon's process
 * test: a receipt whose signature no longer verifies, a block path that leads elsewhere, a certificate
 * signed by keys outside the verifier set.
 */
export const tamper = {
  receipt: (lc: TxLifecycle): TxLifecycle => ({ ...lc, receipt: flipHex(lc.receipt!, 150) }),
  /** Swaps the first two steps of the tx path, or adds a step to a path shorter than two. */
  blockPath: (lc: TxLifecycle): TxLifecycle => {
    const b = lc.block!;
    const path =
      b.path.length >= 2
        ? [b.path[1]!, b.path[0]!, ...b.path.slice(2)]
        : [...b.path, b.path[0] ?? toHex(tag('x'))];
    return { ...lc, block: { ...b, path } };
  },
  /** A certificate over the same block, record count and (all valid) verdicts, signed by `signers`. */
  certificate: (
    lc: TxLifecycle,
    signers: readonly Uint8Array[] = [VERIFIER_SECRETS[0]!, VERIFIER_SECRETS[1]!, OUTSIDER],
  ): TxLifecycle => {
    const header = decodeHeader(fromHex(lc.block!.header));
    const hash = blockHash(header);
    const n = header.recordCount;
    const verdicts = bitmapFromVerdicts(new Array<boolean>(n).fill(true));
    const votes = signers.map((s, i) =>
      signVote(s, { blockHash: hash, verifierIndex: i, recordCount: n, verdicts }),
    );
    const qc = aggregateVotes({ height: header.height, blockHash: hash, recordCount: n }, votes)!;
    return { ...lc, certificate: { ...lc.certificate!, certificate: toHex(encodeCertificate(qc)) } };
  },
};
