// Equivocation reports in candidates (docs/protocol.md §13.8, §16.5, equivocation-reports.ts): a pending
// 414-byte proof becomes a staking.report-equivocation call signed with the node's executor key; the
// candidate body carries it (its tx root commits to it, the consensus checks of Stacks transactions pass),
// an accepted block's reports name the proof again (submitted), and the Clarity host (a real worker, the
// genesis of a bonded executor) executes the call as a user op: the whole bond is taken, 10 % paid to the
// reporting node, the rest burned. Runs the built worker (dist/clarity/worker.js): `npx tsc -b inference-node`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COIN, toHex } from '@funai/ledger-node';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeStacksTx, stacksTxError } from '../../src/block/stacks.js';
import { bodyCommitments } from '../../src/block/validate.js';
import { ClarityExecutor } from '../../src/clarity/executor.js';
import { type GenesisFileJson, stakerGenesis } from '../../src/clarity/genesis-staker.js';
import { stacksUserOp } from '../../src/clarity/stacks-ops.js';
import { principalString } from '../../src/node/consensus-sink.js';
import { equivocationReportTx, reportedProofs } from '../../src/node/equivocation-reports.js';
import { loadOrCreateNodeKeys, NODE_KEYS_FILE } from '../../src/node/keys.js';
import { candidateBody } from '../../src/roles/producer.js';
import { InferenceStore, StoreBatch } from '../../src/store/store.js';
import {
  checkEquivocation,
  encodeEquivocationProof,
  makeEquivocationProof,
} from '../../src/tx/equivocation.js';
import { encodeSignedReceipt, receiptFor, signReceipt } from '../../src/tx/receipt.js';
import { txId } from '../../src/tx/transaction.js';
import { CHAIN_ID, inferenceTx } from '../consensus/block-fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'funai-eqv-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const log = pino({ level: 'silent' });
const FAI = COIN;

describe('equivocation reports', () => {
  it('a pending proof rides in the candidate as report-equivocation and slashes the bond in Clarity', async () => {
    // The equivocating executor, bonded with 20 FAI at genesis; the reporting node (no funds).
    const offenderDir = join(tmp, 'offender');
    const reporterDir = join(tmp, 'reporter');
    mkdirSync(offenderDir, { recursive: true });
    mkdirSync(reporterDir, { recursive: true });
    const offender = await stakerGenesis(offenderDir, { balance: 50n * FAI, stake: 20n * FAI });
    const offenderKeys = loadOrCreateNodeKeys(join(offenderDir, NODE_KEYS_FILE));
    const reporterKeys = loadOrCreateNodeKeys(join(reporterDir, NODE_KEYS_FILE));
    const reporter = principalString(reporterKeys.principal);

    // Two receipts of one transaction by that executor with different outputs: the proof (§15.5).
    const tx = inferenceTx(21);
    const receipt = (tokens: number[]) =>
      signReceipt(
        receiptFor(tx, txId(tx), { tokens, finishReason: 'stop-token' }, offenderKeys.executorPublicKey, 400),
        offenderKeys.executorKey,
      );
    const a = receipt([1, 2, 3]);
    const b = receipt([1, 2, 4]);
    expect(checkEquivocation(makeEquivocationProof(a, b)).ok).toBe(true);
    const proof = encodeEquivocationProof(makeEquivocationProof(a, b));
    expect(proof.length).toBe(414);

    const genesis: GenesisFileJson = { version: 1, allocations: offender.allocations, calls: offender.calls };
    const genesisFile = join(tmp, 'genesis.json');
    writeFileSync(genesisFile, JSON.stringify(genesis));
    const store = await InferenceStore.open(join(tmp, 'store'));
    const ex = new ClarityExecutor({ store, genesisFile, dir: join(tmp, 'clarity'), log });
    await ex.open();
    try {
      const host = ex.host!;
      const systemPrincipal = host.systemPrincipal;
      const report = await equivocationReportTx(proof, {
        executorKey: reporterKeys.executorKey,
        chainId: CHAIN_ID,
        systemPrincipal,
      });

      // The candidate: a waiting record and the report; commitments and consensus checks of Stacks txs.
      const waiting = encodeSignedReceipt(
        signReceipt(
          receiptFor(
            inferenceTx(22),
            txId(inferenceTx(22)),
            { tokens: [5], finishReason: 'stop-token' },
            reporterKeys.executorPublicKey,
            400,
          ),
          reporterKeys.executorKey,
        ),
      );
      const body = candidateBody([waiting], [report], CHAIN_ID, 401);
      expect(body.receipts).toHaveLength(1);
      expect(body.stacksTxs).toEqual([report]);
      const without = bodyCommitments({ receipts: body.receipts, stacksTxs: [] });
      expect(toHex(bodyCommitments(body).txRoot)).not.toBe(toHex(without.txRoot));
      const decoded = decodeStacksTx(report);
      expect(decoded.kind).toBe('contract-call');
      expect(stacksTxError(decoded, CHAIN_ID)).toBeNull();
      expect(stacksTxError(decoded, CHAIN_ID + 1)).toBe('stacks-tx-chain-id');
      // Accepted: the block's reports name the proof (the node then marks it submitted).
      expect(reportedProofs({ body }).map(toHex)).toEqual([toHex(proof)]);

      // Clarity: the block's user op; the sender is the reporting node's principal.
      const op = stacksUserOp(decoded, systemPrincipal);
      expect(op).toMatchObject({
        type: 'call',
        sender: reporter,
        contract: 'staking',
        fn: 'report-equivocation',
      });
      const before = await host.account(offender.principal);
      expect(before.stake).toBe(20n * FAI);
      const batch = new StoreBatch();
      const [executed] = await ex.advance(
        0,
        [{ hash: 'ab'.repeat(32), ledgerHeight: 1, ops: () => [op] }],
        1000,
        batch,
      );
      expect(executed!.receipts[0]).toMatchObject({ status: 'ok' });
      const after = await host.account(offender.principal);
      expect(after.stake + after.unbonding).toBe(0n);
      expect((await host.account(reporter)).balance).toBe(2n * FAI);

      // The same report again (another block): refused by the contract, one report per executor and tx.
      const [again] = await ex.advance(
        1,
        [{ hash: 'cd'.repeat(32), ledgerHeight: 2, ops: () => [op] }],
        1000,
        batch,
      );
      expect(again!.receipts[0]!.status).not.toBe('ok');
    } finally {
      await ex.close();
      await store.close();
    }
  });
});
