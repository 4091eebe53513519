import { proofToHash, prove } from '@funai/ecvrf';
import type { AddressPrefixes } from '@funai/ledger-node';
import { COIN, encodeFunaiPayload, hashToHex, scriptToAddress, toHex } from '@funai/ledger-node';
import type { Logger } from 'pino';
import type { Block, BlockBody } from '../block/body.js';
import { blockHash } from '../block/header.js';
import { BLOCK_VERSION, MAX_BLOCK_RECORDS, RECEIPT_MAX_AGE } from '../block/limits.js';
import { bodyCommitments } from '../block/validate.js';
import { ELECTION_VRF_SUITE } from '../election/elected-block.js';
import type { LedgerRpcClient } from '../ledger/rpc-client.js';
import type { LedgerBlockRef } from '../ledger/watcher.js';
import type { ConsensusSink } from '../node/consensus-sink.js';
import type { InferenceChain } from '../node/inference-chain.js';
import type { NodeKeys } from '../node/keys.js';
import { encodeCommit } from '../ops/commit.js';
import { splitBid } from '../ops/commit-rules.js';
import { encodeRegisterVrfKey } from '../ops/register-vrf-key.js';
import type { QuorumCertificate } from '../quorum/certificate.js';
import type { InferenceStore } from '../store/store.js';
import { StoreBatch } from '../store/store.js';
import { decodeSignedReceipt } from '../tx/receipt.js';

const SPENT_KEY = 'producer-spent';

export interface ProducerOptions {
  rpc: LedgerRpcClient;
  /** Where the spent budget is kept across restarts. */
  store: InferenceStore;
  sink: ConsensusSink;
  chain: InferenceChain;
  keys: NodeKeys;
  chainId: number;
  /** Bid per ledger block and total budget, base units. */
  bid: bigint;
  budget: bigint;
  /** The ledger network's address prefixes (verifier reward scripts → sendfunaiop addresses). */
  addressPrefixes: AddressPrefixes;
  log: Logger;
  /**
   * The executed records waiting for a block (signed receipts, 207 bytes each), oldest first; the
   * producer takes those whose receipt is recent enough for L (RECEIPT_MAX_AGE, §15).
   */
  records?: () => readonly Uint8Array[];
  /** Stacks transactions the candidate carries (§15.7), e.g. equivocation reports; checked by the caller. */
  stacksTxs?: () => readonly Uint8Array[];
  /**
   * The quorum certificate the candidate on this parent (hash hex) carries (§15.9), or null. Omitted:
   * none (no verifier set).
   */
  certificate?: (parentHashHex: string) => QuorumCertificate | null;
  /**
   * The Clarity roots the candidate for L on this parent (hash hex, null for the first block) carries
   * (§15.6); undefined when this node has not executed the block they come from (no commit then).
   * Omitted: zeros.
   */
  clarityRoots?: (
    parentHashHex: string | null,
    ledgerHeight: number,
  ) => { clarityReceiptsRoot: Uint8Array; stateRoot: Uint8Array } | undefined;
}

/** A FAI amount as the ledger RPC reads it (decimal string, 8 places at most). */
function faiString(units: bigint): string {
  const frac = (units % COIN).toString().padStart(8, '0').replace(/0+$/, '');
  return frac ? `${units / COIN}.${frac}` : `${units / COIN}`;
}

/**
 * A candidate's body (§16.5, §16.7): the waiting records whose receipts are of this chain and recent enough
 * for ledger height L (`receipt.ledgerHeight ≤ L ≤ receipt.ledgerHeight + RECEIPT_MAX_AGE`), at most
 * MAX_BLOCK_RECORDS, in order, and the given Stacks transactions (equivocation reports, §13.8). Pure.
 */
export function candidateBody(
  records: readonly Uint8Array[],
  stacksTxs: readonly Uint8Array[],
  chainId: number,
  L: number,
): BlockBody {
  const receipts = records
    .map((bytes) => decodeSignedReceipt(bytes))
    .filter((r) => r.chainId === chainId && r.ledgerHeight <= L && r.ledgerHeight + RECEIPT_MAX_AGE >= L)
    .slice(0, MAX_BLOCK_RECORDS);
  return { receipts, stacksTxs: [...stacksTxs] };
}

/**
 * The producer (docs/protocol.md §16.5): registers its VRF key once through the ledger node's wallet,
 * then for every new ledger tip T it builds the candidate inference block for L = T + 1 on the current
 * inference tip, commits to it (COMMIT paying the bid to the verifier set, or burning it while there is
 * none, §14.3) and publishes the block once L elects it. A commit is sent only while T is still the
 * ledger's best block (it would be invalid in any other block, §14.3 `ledgerCheck`), and no more once
 * the budget is spent.
 */
export class Producer {
  private readonly o: ProducerOptions;
  private spentUnits = 0n;
  private registerSentAt: number | null = null;
  private lastTip: string | null = null;
  private budgetLogged = false;
  /** Candidate blocks by hash (hex) waiting for their election. */
  private readonly candidates = new Map<string, Block>();
  private busy: Promise<void> = Promise.resolve();

  constructor(opts: ProducerOptions) {
    this.o = opts;
    const spent = opts.store.getMeta(SPENT_KEY);
    if (spent) this.spentUnits = BigInt(new TextDecoder().decode(spent));
    opts.sink.onConnect((_block, snap) => {
      if (!snap || snap.winner < 0) return;
      const winner = snap.commits[snap.winner]!;
      const hash = toHex(winner.op.blockHash);
      const candidate = this.candidates.get(hash);
      if (!candidate) return;
      this.candidates.delete(hash);
      const r = this.o.chain.publish(candidate);
      this.o.log.info(
        { ledgerHeight: snap.ledgerHeight, height: candidate.header.height, hash, accepted: r.accepted },
        'elected: block published',
      );
    });
  }

  get spent(): bigint {
    return this.spentUnits;
  }

  /** Called whenever the node is caught up with the ledger at `tip` (repeats are ignored). */
  onSynced(tip: LedgerBlockRef): void {
    if (tip.hashHex === this.lastTip) return;
    this.lastTip = tip.hashHex;
    this.busy = this.busy
      .then(() => this.step(tip))
      .catch((e: unknown) =>
        this.o.log.warn({ err: (e as Error).message, tip: tip.height }, 'producer step failed'),
      );
  }

  /** Resolves when the current step is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.busy;
  }

  private async step(tip: LedgerBlockRef): Promise<void> {
    const { sink, keys, log, rpc } = this.o;
    const reg = sink.registrationOf(keys.vrfPublicKey);
    if (!reg) {
      // Registered once; sent again only if it has not shown up 6 ledger blocks later.
      if (this.registerSentAt !== null && tip.height < this.registerSentAt + 6) return;
      // Sent from one address (its largest coin's), which becomes the producer's sender: only commits
      // whose input 0 spends that address's coins count for the registration (§14.3).
      const coins = await rpc.call<{ address?: string; amount: number }[]>('listunspent', []);
      const from = coins
        .filter((c) => c.address !== undefined)
        .sort((a, b) => b.amount - a.amount)[0]?.address;
      if (from === undefined) {
        log.warn({ ledgerHeight: tip.height }, 'no confirmed wallet coin to register from');
        return;
      }
      const op = encodeRegisterVrfKey({ vrfKey: keys.vrfPublicKey, principal: keys.principal });
      const txid = await rpc.call<string>('sendfunaiop', [
        toHex(encodeFunaiPayload(op)),
        {},
        null,
        null,
        0,
        from,
      ]);
      this.registerSentAt = tip.height;
      log.info({ txid, ledgerHeight: tip.height, sender: from }, 'VRF key registration sent');
      return;
    }
    if (this.spentUnits + this.o.bid > this.o.budget) {
      if (!this.budgetLogged)
        log.warn(
          { spent: String(this.spentUnits), budget: String(this.o.budget) },
          'bid budget spent; no more commits',
        );
      this.budgetLogged = true;
      return;
    }
    const snap = sink.forkChoice.tip;
    if (!snap || hashToHex(snap.ledgerHash) !== tip.hashHex) return;
    const L = tip.height + 1;

    // Parent: the canonical inference tip (§14.9), named by the commit that elected it.
    const itip = sink.forkChoice.inferenceTip();
    let parentHash: Uint8Array = new Uint8Array(32);
    let height = 0;
    let parentDelta = 0;
    let parentTxIndex = 0;
    if (itip) {
      const parentSnap = sink.forkChoice.snapshot(itip.ledgerHash)!;
      const parentBlock = this.o.chain.block(toHex(itip.blockHash));
      if (!parentBlock) return;
      parentHash = itip.blockHash;
      height = parentBlock.header.height + 1;
      parentDelta = L - parentSnap.ledgerHeight;
      parentTxIndex = parentSnap.commits[parentSnap.winner]!.txIndex;
    }
    const roots = this.o.clarityRoots
      ? this.o.clarityRoots(itip ? toHex(itip.blockHash) : null, L)
      : { clarityReceiptsRoot: new Uint8Array(32), stateRoot: new Uint8Array(32) };
    if (!roots) {
      this.o.log.warn({ ledgerHeight: L }, 'Clarity roots not known yet; no commit');
      return;
    }
    const vrfProof = prove(ELECTION_VRF_SUITE, keys.vrfKey, snap.seed);
    const body = candidateBody(this.o.records?.() ?? [], this.o.stacksTxs?.() ?? [], this.o.chainId, L);
    const block: Block = {
      header: {
        version: BLOCK_VERSION,
        chainId: this.o.chainId,
        height,
        parentHash,
        ledgerHeight: L,
        ledgerParentHash: snap.ledgerHash,
        vrfProof,
        ...bodyCommitments(body),
        clarityReceiptsRoot: roots.clarityReceiptsRoot,
        stateRoot: roots.stateRoot,
        qc: height > 0 ? (this.o.certificate?.(toHex(parentHash)) ?? null) : null,
      },
      body,
    };
    const hash = blockHash(block.header);
    const commit = encodeCommit({
      blockHash: hash,
      newSeed: proofToHash(ELECTION_VRF_SUITE, vrfProof),
      keyDelta: L - reg.height,
      keyTxIndex: reg.txIndex,
      parentDelta,
      parentTxIndex,
      ledgerCheck: snap.ledgerHash[0]!,
    });
    const scripts = sink.verifierScriptsAt(L);
    const payments: Record<string, string> = {};
    let burn = '0';
    if (scripts.length === 0) burn = faiString(this.o.bid);
    else {
      const shares = splitBid(this.o.bid, scripts.length);
      scripts.forEach((s, i) => {
        const address = scriptToAddress(s, this.o.addressPrefixes);
        if (address === null) throw new Error(`verifier script ${toHex(s)} has no address`);
        payments[address] = faiString(shares[i]!);
      });
    }
    // Never send a commit whose target ledger block is already mined: T must still be the best block.
    if ((await rpc.call<string>('getbestblockhash')) !== tip.hashHex) {
      log.info({ ledgerHeight: L }, 'ledger moved on while building: commit skipped');
      return;
    }
    this.candidates.set(toHex(hash), block);
    if (this.candidates.size > 64) this.candidates.delete(this.candidates.keys().next().value!);
    // From the registration's sender, change back to it (§14.3).
    const sender = scriptToAddress(reg.senderScript, this.o.addressPrefixes);
    if (sender === null) throw new Error(`registration sender ${toHex(reg.senderScript)} has no address`);
    const txid = await rpc.call<string>('sendfunaiop', [
      toHex(encodeFunaiPayload(commit)),
      payments,
      null,
      null,
      burn,
      sender,
    ]);
    this.spentUnits += this.o.bid;
    this.o.store.commit(
      new StoreBatch().putMeta(SPENT_KEY, new TextEncoder().encode(String(this.spentUnits))),
    );
    log.info(
      {
        txid,
        ledgerHeight: L,
        height,
        blockHash: toHex(hash),
        bid: String(this.o.bid),
        spent: String(this.spentUnits),
      },
      'commit sent',
    );
  }
}
