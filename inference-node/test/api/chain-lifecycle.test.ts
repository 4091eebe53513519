// The daemon's lifecycle provider (docs/protocol.md §17.5) over a fake chain state: each status, the
// proofs `verifyLifecycle` accepts, and the cases a process test cannot stage on demand — a record judged
// invalid, an undecided one, an expired block, reclaimed contents, a reorg that takes the block's
// election away, an unreachable ledger node.

import {
  encodeBlock as encodeLedgerBlock,
  fromHex,
  hashToHex,
  blockHash as ledgerBlockHash,
  toHex,
} from '@funai/ledger-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChainLifecycle, type LifecycleStore } from '../../src/api/chain-lifecycle.js';
import { accountFromPrivateKey } from '../../src/api/keystore.js';
import { LocalInferenceBackend } from '../../src/api/local-backend.js';
import type { Block } from '../../src/block/body.js';
import { type BlockHeader, blockHash } from '../../src/block/header.js';
import { BLOCK_VERSION } from '../../src/block/limits.js';
import { receiptsRoot, txRoot } from '../../src/block/roots.js';
import { verifyLifecycle } from '../../src/client/verify.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import { aggregateVotes } from '../../src/quorum/aggregate.js';
import { bitmapFromVerdicts } from '../../src/quorum/bitmap.js';
import type { QuorumCertificate } from '../../src/quorum/certificate.js';
import { signVote } from '../../src/quorum/vote.js';
import { encodeStoredJson } from '../../src/store/stored-json.js';
import { TX_VERSION } from '../../src/tx/limits.js';
import { decodeSignedReceipt } from '../../src/tx/receipt.js';
import { encodeTx, signTx } from '../../src/tx/transaction.js';
import {
  anchoringLedgerBlock,
  tamper,
  VERIFIER_KEYS,
  VERIFIER_SECRETS,
} from '../client/lifecycle-fixture.js';
import { tag } from '../consensus/fixtures.js';

const CHAIN_ID = 7;
const L = 42;
const dave = accountFromPrivateKey('dave', new Uint8Array(32).fill(4));

/** Two executed records (real receipts of the in-memory backend), in one block elected at ledger height L. */
let records: { id: string; tx: Uint8Array; receipt: Uint8Array }[];
let block: Block;
let hash: string;
let ledgerRaw: string;
let ledgerHash: string;

beforeAll(async () => {
  const backend = new LocalInferenceBackend({
    chainId: CHAIN_ID,
    executorKey: new Uint8Array(32).fill(9),
    ledgerHeight: () => L - 1,
  });
  backend.credit(dave.principal, 10n ** 6n);
  records = [];
  for (const nonce of [0n, 1n]) {
    const tx = signTx(
      {
        version: TX_VERSION,
        chainId: CHAIN_ID,
        sender: dave.publicKey,
        nonce,
        modelId: tag('model'),
        gasLimit: 100n,
        gasPrice: 1n,
        system: '',
        context: [],
        input: `hello ${nonce}`,
        sampling: { mode: 'greedy' },
        seed: 0,
        maxTokens: 8,
        stop: [],
      },
      dave.privateKey,
    );
    const admitted = await backend.admitSigned(encodeTx(tx));
    const out = { tokens: [1, 2, 3], text: 'abc', finishReason: 'length' as const, promptTokens: 4 };
    const { receipt } = await backend.settle(
      admitted,
      out as unknown as Awaited<ReturnType<LlmEngine['generate']>>,
    );
    records.push({ id: admitted.id, tx: fromHex(admitted.tx), receipt: fromHex(receipt) });
  }
  const ledgerParentHash = tag('ledger block 41');
  const header: BlockHeader = {
    version: BLOCK_VERSION,
    chainId: CHAIN_ID,
    height: 9,
    parentHash: tag('block 8'),
    ledgerHeight: L,
    ledgerParentHash,
    vrfProof: new Uint8Array(81),
    recordCount: 2,
    txRoot: txRoot(
      records.map((r) => fromHex(r.id)),
      [],
    ),
    receiptsRoot: receiptsRoot(records.map((r) => r.receipt)),
    clarityReceiptsRoot: new Uint8Array(32),
    stateRoot: new Uint8Array(32),
    qc: null,
  };
  block = { header, body: { receipts: records.map((r) => decodeSignedReceipt(r.receipt)), stacksTxs: [] } };
  hash = toHex(blockHash(header));
  const { header: lh, txs } = anchoringLedgerBlock(blockHash(header), ledgerParentHash);
  ledgerRaw = toHex(encodeLedgerBlock({ header: lh, txs }));
  ledgerHash = hashToHex(ledgerBlockHash(lh));
});

/** The node's state: which block the ledger block at L elected, tips, contents, certificates. */
interface World {
  elected: string | null;
  ledgerTip: number;
  tip: number;
  contents: boolean;
  qc: QuorumCertificate | null;
  ledgerUp: boolean;
}

function provider(w: World): ChainLifecycle {
  const store: LifecycleStore = {
    getReceipt: (id) => records.find((r) => r.id === toHex(id))?.receipt,
    getContent: (id) => (w.contents ? records.find((r) => r.id === toHex(id))?.tx : undefined),
    ledgerHashAt: (h) => (h === L ? ledgerHash : undefined),
    stateAt: (hx) =>
      hx === ledgerHash
        ? encodeStoredJson({
            event: {},
            snapshot:
              w.elected === null
                ? { winner: -1, commits: [] }
                : { winner: 0, commits: [{ op: { blockHash: fromHex(w.elected) }, txIndex: 1 }] },
          })
        : undefined,
  };
  const lc = new ChainLifecycle({
    store,
    block: (h) => (h === hash ? block : undefined),
    verifierKeys: () => VERIFIER_KEYS.map(fromHex),
    certificate: (h) => (h === hash ? w.qc : null),
    tipHeight: () => w.tip,
    ledgerTipHeight: () => w.ledgerTip,
    ledgerBlock: async (h) => {
      if (!w.ledgerUp) throw new Error('connection refused');
      expect(h).toBe(ledgerHash);
      return ledgerRaw;
    },
  });
  lc.noteBlock(hash, block);
  return lc;
}

/** A certificate of 3 (or more) verifiers with per-signer verdicts on the two records. */
function certificate(verdicts: boolean[][]): QuorumCertificate {
  const votes = verdicts.map((v, i) =>
    signVote(VERIFIER_SECRETS[i]!, {
      blockHash: fromHex(hash),
      verifierIndex: i,
      recordCount: 2,
      verdicts: bitmapFromVerdicts(v),
    }),
  );
  return aggregateVotes({ height: 9, blockHash: fromHex(hash), recordCount: 2 }, votes)!;
}

const base = (): World => ({
  elected: null,
  ledgerTip: L,
  tip: 9,
  contents: true,
  qc: null,
  ledgerUp: true,
});
const verify = (lc: Parameters<typeof verifyLifecycle>[0]) =>
  verifyLifecycle(lc, { chainId: CHAIN_ID, ledgerHashAt: (h) => (h === L ? ledgerHash : null) });

describe('ChainLifecycle', () => {
  it('unknown ids are null; executed until the block is elected on the best ledger chain', async () => {
    expect(await provider(base()).get('00'.repeat(32))).toBeNull();
    const w = base();
    const lc = await provider(w).get(records[1]!.id);
    expect(lc).toMatchObject({ status: 'executed', tx: toHex(records[1]!.tx) });
    // The ledger block at L elected another block (a reorg): still only executed.
    w.elected = toHex(tag('another block'));
    expect((await provider(w).get(records[1]!.id))!.status).toBe('executed');
  });

  it('included, certified, anchored at 7 confirmations: each answer verifies in full', async () => {
    const w = { ...base(), elected: hash };
    const included = (await provider(w).get(records[1]!.id))!;
    expect(included.status).toBe('included');
    expect(included.block!.index).toBe(1);
    expect(await verify(included)).toMatchObject({ ok: true, verified: ['tx', 'receipt', 'block'] });
    w.qc = certificate([
      [true, true],
      [true, true],
      [true, true],
    ]);
    const certified = (await provider(w).get(records[1]!.id))!;
    expect(certified.status).toBe('certified');
    expect(certified.certificate!.verifierKeys).toEqual(VERIFIER_KEYS);
    expect((await verify(certified)).ok).toBe(true);
    w.ledgerTip = L + 5;
    expect((await provider(w).get(records[1]!.id))!.status).toBe('certified');
    w.ledgerTip = L + 6;
    const anchored = (await provider(w).get(records[1]!.id))!;
    expect(anchored.status).toBe('anchored');
    expect(anchored.anchor).toMatchObject({ ledgerHeight: L, ledgerBlockHash: ledgerHash, txIndex: 1 });
    expect(await verify(anchored)).toEqual({
      ok: true,
      status: 'anchored',
      verified: ['tx', 'receipt', 'block', 'certificate', 'anchor'],
    });
    // A certificate carried in an accepted header counts the same (after a restart the collector has none).
    const carried = provider({ ...w, qc: null });
    carried.noteBlock(toHex(tag('carrier')), {
      header: { ...block.header, height: 10, qc: w.qc },
      body: { receipts: [], stacksTxs: [] },
    });
    expect((await carried.get(records[0]!.id))!.status).toBe('anchored');
  });

  it('the ledger node unreachable: certified, not anchored, until it answers', async () => {
    const w: World = {
      ...base(),
      elected: hash,
      ledgerTip: L + 6,
      ledgerUp: false,
      qc: certificate([
        [true, true],
        [true, true],
        [true, true],
      ]),
    };
    const p = provider(w);
    expect((await p.get(records[0]!.id))!.status).toBe('certified');
    w.ledgerUp = true;
    expect((await p.get(records[0]!.id))!.status).toBe('anchored');
  });

  it('rejected: judged invalid, undecided in a split certificate, or expired without a certificate', async () => {
    const w: World = {
      ...base(),
      elected: hash,
      qc: certificate([
        [true, false],
        [true, false],
        [true, false],
      ]),
    };
    expect(await provider(w).get(records[1]!.id)).toMatchObject({
      status: 'rejected',
      reason: 'judged invalid by the quorum certificate',
    });
    expect((await provider(w).get(records[0]!.id))!.status).toBe('certified');
    w.qc = certificate([
      [true, true],
      [true, false],
      [true, false],
      [true, true],
    ]);
    expect(await provider(w).get(records[1]!.id)).toMatchObject({
      status: 'rejected',
      reason: 'undecided in a split certificate (refunded)',
    });
    w.qc = null;
    w.tip = 9 + 16;
    expect((await provider(w).get(records[1]!.id))!.status).toBe('included');
    w.tip = 9 + 17;
    expect(await provider(w).get(records[1]!.id)).toMatchObject({
      status: 'rejected',
      reason: 'expired: no certificate in the window (refunded)',
    });
  });

  it('reclaimed: the contents are gone; the proofs reached before stay and still verify, tampering still fails', async () => {
    const none = (await provider({ ...base(), contents: false }).get(records[0]!.id))!;
    expect(none).toMatchObject({ status: 'reclaimed', receipt: toHex(records[0]!.receipt) });
    expect(none.tx).toBeUndefined();
    expect(await verify(none)).toEqual({ ok: true, status: 'reclaimed', verified: ['receipt'] });
    const w = {
      ...base(),
      elected: hash,
      contents: false,
      ledgerTip: L + 6,
      qc: certificate([
        [true, false],
        [true, false],
        [true, false],
      ]),
    };
    const anchored = (await provider(w).get(records[0]!.id))!;
    expect(anchored).toMatchObject({ status: 'reclaimed', reason: 'the record’s contents were deleted' });
    expect(anchored.anchor).toBeDefined();
    expect(await verify(anchored)).toEqual({
      ok: true,
      status: 'reclaimed',
      verified: ['receipt', 'block', 'certificate', 'anchor'],
    });
    expect((await verify(tamper.receipt(anchored))).failure?.step).toBe('receipt');
    expect((await verify(tamper.blockPath(anchored))).failure?.step).toBe('block');
    expect((await verify(tamper.certificate(anchored))).failure?.step).toBe('certificate');
    // Judged invalid, then reclaimed: the reason says both; the (invalid) verdict's certificate is left out.
    const rejected = (await provider(w).get(records[1]!.id))!;
    expect(rejected).toMatchObject({
      status: 'reclaimed',
      reason: 'judged invalid by the quorum certificate; the record’s contents were deleted',
    });
    expect(rejected.certificate).toBeUndefined();
    expect(await verify(rejected)).toMatchObject({ ok: true, verified: ['receipt', 'block'] });
  });
});
