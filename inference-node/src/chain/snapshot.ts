import { findFunaiOp, toHex } from '@funai/ledger-node';
import { drawWinner } from '../election/draw.js';
import { type Election, GENESIS_PARENT_HASH } from '../election/elected-block.js';
import { GENESIS_ELECTION_SEED, INITIAL_SORTITION_HASH, nextSortitionHash } from '../election/sortition.js';
import { DAMPING_WINDOW, dampedWeight } from '../election/weights.js';
import { type CommitRejectReason, type ValidCommit, validateCommit } from '../ops/commit-rules.js';
import { type LedgerOpTransaction, parseRegistration, type Registration } from '../ops/ledger-ops.js';
import { CONSENSUS_OP } from '../ops/numbers.js';

/**
 * A ledger block as the consensus consumes it (docs/protocol.md §14.9): its hash, height, parent and
 * its FUN AI op transactions in block order, each with its sender (the script its input 0 spends),
 * with the verifier reward scripts of its reward cycle (read by the daemon from the staking
 * contract; the same for every event of one block).
 */
export interface LedgerBlockEvent {
  hash: Uint8Array;
  height: number;
  parentHash: Uint8Array;
  ops: readonly LedgerOpTransaction[];
  verifierScripts: readonly Uint8Array[];
}

/** A valid commit with the weight it drew with. */
export interface WeightedCommit extends ValidCommit {
  weight: bigint;
}

/**
 * The consensus state after one ledger block, on the fork that block ends (docs/protocol.md §14.9).
 * It is a pure function of the fork from the start height to this block, is never modified once
 * made, and refers to its ancestors only by hash: a daemon persists one per ledger block, keyed by
 * its hash, and a reorg only makes the new branch's snapshots.
 */
export interface ForkSnapshot {
  ledgerHash: Uint8Array;
  ledgerHeight: number;
  ledgerParentHash: Uint8Array;
  /** sortitionHash(L). */
  sortitionHash: Uint8Array;
  /** The election seed the draw at L used. */
  lastSeed: Uint8Array;
  /** The election seed after L: the winner's committed seed, or lastSeed after an empty tenure. */
  seed: Uint8Array;
  /** Registrations made in this block (valid from the next block), by transaction index. */
  registrations: Registration[];
  /** Valid commits of this block, in block order, with their damped weights. */
  commits: WeightedCommit[];
  /** Transactions with op 0x03 that are not valid commits, and why. */
  rejected: { txIndex: number; reason: CommitRejectReason; detail?: string }[];
  /** Index of the winner in `commits`, or -1 (empty tenure). */
  winner: number;
  /** For a winner: the block hash its parent pointer names (GENESIS_PARENT_HASH for genesis). */
  parentBlockHash: Uint8Array | null;
  /** The most recent ledger block of this fork, this one included, whose election had a winner. */
  lastWinnerHash: Uint8Array | null;
  /** Skip-list ancestor (Bitcoin's pskip, over heights counted from the start height), or null. */
  skipHash: Uint8Array | null;
}

/** Read access to snapshots by ledger block hash (hex of the internal byte order). */
export interface SnapshotReader {
  get(ledgerHashHex: string): ForkSnapshot | undefined;
}

/** Consensus parameters of a network (docs/protocol.md §14.10). */
export interface ConsensusParams {
  /** The first ledger height whose ops the consensus reads; its parent's state is the genesis state. */
  startHeight: number;
}

const invertLowestOne = (n: number): number => (n & (n - 1)) >>> 0;

/** Bitcoin's GetSkipHeight, over relative heights. */
export function skipHeight(h: number): number {
  if (h < 2) return 0;
  return h & 1 ? invertLowestOne(invertLowestOne(h - 1)) + 1 : invertLowestOne(h);
}

function mustGet(store: SnapshotReader, hash: Uint8Array): ForkSnapshot {
  const s = store.get(toHex(hash));
  if (s === undefined) throw new Error(`snapshot store is missing ledger block ${toHex(hash)}`);
  return s;
}

/**
 * The snapshot of `from`'s fork at `height`, or undefined when height is below the start height or
 * above `from`. O(log n) lookups (Bitcoin's GetAncestor over skip pointers).
 */
export function ancestorAt(
  store: SnapshotReader,
  from: ForkSnapshot | null,
  height: number,
  params: ConsensusParams,
): ForkSnapshot | undefined {
  if (from === null || height < params.startHeight || height > from.ledgerHeight) return undefined;
  const target = height - params.startHeight;
  let walk = from;
  let h = from.ledgerHeight - params.startHeight;
  while (h > target) {
    const hs = skipHeight(h);
    const hsPrev = skipHeight(h - 1);
    if (
      walk.skipHash !== null &&
      (hs === target || (hs > target && !(hsPrev < hs - 2 && hsPrev >= target)))
    ) {
      walk = mustGet(store, walk.skipHash);
      h = hs;
    } else {
      walk = mustGet(store, walk.ledgerParentHash);
      h--;
    }
  }
  return walk;
}

const positionKey = (height: number, txIndex: number): string => `${height}:${txIndex}`;

/**
 * The snapshot of a ledger block from its parent's snapshot (null for the block at the start
 * height) and the block's ops (docs/protocol.md §14.9). Pure: `store` must hold the parent's fork.
 */
export function applyLedgerBlock(
  store: SnapshotReader,
  parent: ForkSnapshot | null,
  block: LedgerBlockEvent,
  params: ConsensusParams,
): ForkSnapshot {
  const L = block.height;
  const sortitionHash = nextSortitionHash(parent?.sortitionHash ?? INITIAL_SORTITION_HASH, block.hash);
  const lastSeed = parent?.seed ?? GENESIS_ELECTION_SEED;
  const ctx = {
    height: L,
    ledgerParentHash: block.parentHash,
    verifierScripts: block.verifierScripts,
    registration: (h: number, i: number) =>
      ancestorAt(store, parent, h, params)?.registrations.find((r) => r.txIndex === i),
    isElected: (h: number, i: number) => {
      const a = ancestorAt(store, parent, h, params);
      return a !== undefined && a.winner >= 0 && a.commits[a.winner]!.txIndex === i;
    },
  };

  const registrations: Registration[] = [];
  const valid: ValidCommit[] = [];
  const rejected: ForkSnapshot['rejected'] = [];
  const usedKeys = new Set<string>();
  let lastIndex = 0;
  for (const { txIndex, tx, senderScript } of block.ops) {
    // Block order decides which of two commits with one registration counts (§14.3).
    if (!Number.isInteger(txIndex) || txIndex <= lastIndex)
      throw new RangeError('ops are in block order, after the coinbase');
    lastIndex = txIndex;
    const found = findFunaiOp(tx);
    if (found?.op === CONSENSUS_OP.REGISTER_VRF_KEY) {
      // A malformed registration is data (§14.2).
      const reg = parseRegistration(tx, { height: L, txIndex }, senderScript);
      if (reg !== null) registrations.push(reg);
      continue;
    }
    if (found?.op !== CONSENSUS_OP.COMMIT) continue;
    const r = validateCommit(tx, txIndex, senderScript, ctx);
    if (!r.ok) {
      rejected.push(
        r.detail === undefined
          ? { txIndex, reason: r.reason }
          : { txIndex, reason: r.reason, detail: r.detail },
      );
      continue;
    }
    const key = positionKey(r.commit.registration.height, r.commit.registration.txIndex);
    if (usedKeys.has(key)) {
      rejected.push({ txIndex, reason: 'commit-duplicate-key' });
      continue;
    }
    usedKeys.add(key);
    valid.push(r.commit);
  }

  // Damping: each producer's bids in the DAMPING_WINDOW − 1 blocks before this one.
  const previous: (ForkSnapshot | undefined)[] = [];
  let walk: ForkSnapshot | undefined = parent ?? undefined;
  for (let k = 1; k < DAMPING_WINDOW && valid.length > 0; k++) {
    previous.push(walk);
    walk =
      walk === undefined || walk.ledgerHeight <= params.startHeight
        ? undefined
        : mustGet(store, walk.ledgerParentHash);
  }
  const commits: WeightedCommit[] = valid.map((c) => {
    const history = previous.map((s) => {
      const same = s?.commits.find(
        (p) =>
          p.registration.height === c.registration.height &&
          p.registration.txIndex === c.registration.txIndex,
      );
      return same?.bid ?? 0n;
    });
    return { ...c, weight: dampedWeight(c.bid, history) };
  });

  const winner = drawWinner(
    sortitionHash,
    lastSeed,
    commits.map((c) => c.weight),
  );
  let parentBlockHash: Uint8Array | null = null;
  let seed = lastSeed;
  if (winner >= 0) {
    const w = commits[winner]!;
    seed = w.op.newSeed;
    if (w.parent === null) parentBlockHash = GENESIS_PARENT_HASH;
    else {
      const p = ancestorAt(store, parent, w.parent.height, params)!;
      parentBlockHash = p.commits[p.winner]!.op.blockHash;
    }
  }

  const rel = L - params.startHeight;
  const skip = rel >= 1 ? ancestorAt(store, parent, skipHeight(rel) + params.startHeight, params) : undefined;
  return {
    ledgerHash: block.hash,
    ledgerHeight: L,
    ledgerParentHash: block.parentHash,
    sortitionHash,
    lastSeed,
    seed,
    registrations,
    commits,
    rejected,
    winner,
    parentBlockHash,
    lastWinnerHash: winner >= 0 ? block.hash : (parent?.lastWinnerHash ?? null),
    skipHash: skip?.ledgerHash ?? null,
  };
}

/** What a snapshot's election fixed, for `checkElectedBlock` (§14.8); null after an empty tenure. */
export function electionOf(snapshot: ForkSnapshot): Election | null {
  if (snapshot.winner < 0) return null;
  return {
    ledgerHeight: snapshot.ledgerHeight,
    ledgerParentHash: snapshot.ledgerParentHash,
    lastSeed: snapshot.lastSeed,
    winner: snapshot.commits[snapshot.winner]!,
    parentBlockHash: snapshot.parentBlockHash!,
  };
}
