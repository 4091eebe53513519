// A small ledger simulator for the fork-choice tests: producers with VRF keys, ledger blocks made on
// top of a ForkChoice's tip with registrations and honest (or deliberately broken) commits, and the
// headers the producers would publish.
import { proofToHash, prove, publicKey } from '@funai/ecvrf';
import { concatBytes, type Transaction, toHex } from '@funai/ledger-node';
import {
  type CommitOp,
  type ElectedHeaderFields,
  encodeRegisterVrfKey,
  type ForkChoice,
  type ForkSnapshot,
  GENESIS_PARENT_HASH,
  type LedgerBlockEvent,
  type Registration,
} from '../../src/index.js';
import { commitTx, opTx, p2wpkh, principalOf, tag, VERIFIERS } from './fixtures.js';

const SUITE = 'SECP256K1_SHA256_TAI';

export interface Producer {
  name: string;
  sk: Uint8Array;
  vrfKey: Uint8Array;
  /** The script its registration and commits spend in input 0 (its sender, §14.2). */
  senderScript: Uint8Array;
}

export const PRODUCERS: Producer[] = ['alice', 'bob', 'carol'].map((name) => {
  const sk = tag(`vrf secret ${name}`);
  return { name, sk, vrfKey: publicKey(SUITE, sk), senderScript: p2wpkh(`sender ${name}`) };
});

const proofs = new Map<string, Uint8Array>();
/** The producer's VRF proof over a seed (cached: proving is the slow step of these tests). */
export function vrfProof(p: Producer, seed: Uint8Array): Uint8Array {
  const k = `${p.name}:${toHex(seed)}`;
  let pi = proofs.get(k);
  if (pi === undefined) proofs.set(k, (pi = prove(SUITE, p.sk, seed)));
  return pi;
}

export type ParentChoice = 'tip' | 'genesis' | 'bogus';

export interface CommitPlan {
  producer: number;
  /** Bid in units of 10,000 base units. */
  bid: number;
  parent: ParentChoice;
  /** Build the commit for another ledger parent than the one it lands on. */
  wrongCheck?: boolean;
  /** Commit a seed its VRF proof does not produce. */
  lieAboutSeed?: boolean;
  /** Skip the VRF proof (the block can never be accepted; for tests that never publish). */
  noProof?: boolean;
  /** Send it from this script instead of the producer's own (someone else's commit, §14.3). */
  sender?: Uint8Array;
}

export interface BlockPlan {
  salt: number;
  register: number[];
  commits: CommitPlan[];
}

function u32(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
}

/** The fork's registrations of a producer, newest first (test-only walk). */
export function registrationsOf(
  fc: ForkChoice,
  from: ForkSnapshot | null,
  vrfKey: Uint8Array,
): Registration[] {
  const out: Registration[] = [];
  for (let s = from; s !== null; ) {
    for (const r of [...s.registrations].reverse()) if (toHex(r.vrfKey) === toHex(vrfKey)) out.push(r);
    s = s.ledgerHeight === fc.params.startHeight ? null : (fc.snapshot(s.ledgerParentHash) ?? null);
  }
  return out;
}

/**
 * Makes ledger blocks and remembers them: a block's hash is a function of (parent, salt), and a
 * hash made once always stands for the same event (as on a real ledger).
 */
export class LedgerSim {
  readonly events = new Map<string, LedgerBlockEvent>();
  /** Headers producers would publish, by inference block hash. */
  readonly headers = new Map<string, { blockHash: Uint8Array; header: ElectedHeaderFields }>();
  private txCounter = 0;
  /** When set, commits use these registrations instead of looking them up on the fork (long chains). */
  fixedRegistrations: Map<number, Registration> | undefined;

  constructor(
    readonly preStartHash: Uint8Array = tag('ledger block before the start'),
    readonly verifierScripts: readonly Uint8Array[] = VERIFIERS,
  ) {}

  /** The next block on top of `fc`'s tip, made from `plan` (or the event already made for that hash). */
  block(fc: ForkChoice, plan: BlockPlan): LedgerBlockEvent {
    const tip = fc.tip;
    const parentHash = tip?.ledgerHash ?? this.preStartHash;
    const height = tip === null ? fc.params.startHeight : tip.ledgerHeight + 1;
    const hash = tag(`ledger ${toHex(parentHash)} ${plan.salt}`);
    const known = this.events.get(toHex(hash));
    if (known !== undefined) return known;
    const txs: { tx: Transaction; senderScript: Uint8Array }[] = [];
    for (const i of plan.register) {
      const p = PRODUCERS[i]!;
      const tx = opTx(
        encodeRegisterVrfKey({ vrfKey: p.vrfKey, principal: principalOf(p.name) }),
        [],
        0n,
        `reg ${this.txCounter++}`,
      );
      txs.push({ tx, senderScript: p.senderScript });
    }
    for (const c of plan.commits) {
      const tx = this.commit(fc, tip, height, parentHash, c);
      if (tx !== null) txs.push({ tx, senderScript: c.sender ?? PRODUCERS[c.producer]!.senderScript });
    }
    const ev: LedgerBlockEvent = {
      hash,
      height,
      parentHash,
      ops: txs.map((t, i) => ({ txIndex: i + 1, ...t })),
      verifierScripts: this.verifierScripts,
    };
    this.events.set(toHex(hash), ev);
    return ev;
  }

  private commit(
    fc: ForkChoice,
    tip: ForkSnapshot | null,
    L: number,
    ledgerParentHash: Uint8Array,
    c: CommitPlan,
  ): Transaction | null {
    const p = PRODUCERS[c.producer]!;
    const reg = this.fixedRegistrations?.get(c.producer) ?? registrationsOf(fc, tip, p.vrfKey)[0];
    if (reg === undefined || tip === null) return null;
    let parentDelta = 0;
    let parentTxIndex = 0;
    let parentHash = GENESIS_PARENT_HASH;
    if (c.parent === 'bogus') {
      parentDelta = 1;
      parentTxIndex = 999;
    } else if (c.parent === 'tip' && tip.lastWinnerHash !== null) {
      const w = fc.snapshot(tip.lastWinnerHash)!;
      parentDelta = L - w.ledgerHeight;
      parentTxIndex = w.commits[w.winner]!.txIndex;
      parentHash = w.commits[w.winner]!.op.blockHash;
    }
    const vrf = c.noProof
      ? concatBytes(tag('no proof'), tag('no proof'), new Uint8Array(17))
      : vrfProof(p, tip.seed);
    const header: ElectedHeaderFields = { parentHash, ledgerHeight: L, ledgerParentHash, vrfProof: vrf };
    const blockHash = tag(`block ${toHex(concatBytes(parentHash, u32(L), ledgerParentHash, vrf))} ${p.name}`);
    this.headers.set(toHex(blockHash), { blockHash, header });
    const op: CommitOp = {
      blockHash,
      newSeed: c.lieAboutSeed || c.noProof ? tag(`chosen seed ${L}`) : proofToHash(SUITE, vrf),
      keyDelta: L - reg.height,
      keyTxIndex: reg.txIndex,
      parentDelta,
      parentTxIndex,
      ledgerCheck: (ledgerParentHash[0]! + (c.wrongCheck ? 1 : 0)) & 0xff,
    };
    return commitTx(op, BigInt(c.bid) * 10_000n, this.verifierScripts, `commit ${this.txCounter++}`);
  }

  /** Publishes the header of the tip's winner, if a producer made one. Returns whether it did. */
  publishTipWinner(fc: ForkChoice): Uint8Array | null {
    const tip = fc.tip;
    if (tip === null || tip.winner < 0) return null;
    const h = this.headers.get(toHex(tip.commits[tip.winner]!.op.blockHash));
    if (h === undefined) return null;
    fc.publish(h.blockHash, h.header);
    return h.blockHash;
  }
}

/** Everything a node's state says about its ledger tip's fork, as plain data (test comparison). */
export function forkView(fc: ForkChoice): unknown {
  const hex = (b: Uint8Array | null) => (b === null ? null : toHex(b));
  const blocks: unknown[] = [];
  for (let s = fc.tip; s !== null; ) {
    blocks.push({
      ledgerHash: hex(s.ledgerHash),
      ledgerHeight: s.ledgerHeight,
      sortitionHash: hex(s.sortitionHash),
      lastSeed: hex(s.lastSeed),
      seed: hex(s.seed),
      registrations: s.registrations.map((r) => `${r.height}:${r.txIndex}:${hex(r.vrfKey)}`),
      commits: s.commits.map((c) => ({
        txIndex: c.txIndex,
        bid: String(c.bid),
        weight: String(c.weight),
        key: `${c.registration.height}:${c.registration.txIndex}`,
        parent: c.parent,
        blockHash: hex(c.op.blockHash),
      })),
      rejected: s.rejected,
      winner: s.winner,
      parentBlockHash: hex(s.parentBlockHash),
      lastWinnerHash: hex(s.lastWinnerHash),
      skipHash: hex(s.skipHash),
      accepted: fc.isAccepted(s.ledgerHash),
    });
    s = s.ledgerHeight === fc.params.startHeight ? null : (fc.snapshot(s.ledgerParentHash) ?? null);
  }
  const tip = fc.inferenceTip();
  return {
    blocks,
    inferenceTip: tip === null ? null : { ledgerHash: hex(tip.ledgerHash), blockHash: hex(tip.blockHash) },
  };
}
