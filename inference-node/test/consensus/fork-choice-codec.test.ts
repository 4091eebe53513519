import { DecodeError, encodeFunaiOpScript, toHex } from '@funai/ledger-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeForkSnapshot,
  encodeCommit,
  encodeForkSnapshot,
  ForkChoice,
  type ForkSnapshot,
  SNAPSHOT_FORMAT_VERSION,
  type SnapshotStore,
} from '../../src/index.js';
import { ledgerTx, p2wpkh, tag } from './fixtures.js';
import { forkView, LedgerSim } from './fork-choice-harness.js';

const START = 10;

/** A fork with registrations, winners, empty tenures, rejected commits (one with a detail). */
function snapshots(): { fc: ForkChoice; all: ForkSnapshot[] } {
  const node = new ForkChoice({ startHeight: START });
  const sim = new LedgerSim();
  const all: ForkSnapshot[] = [];
  const step = (s: ForkSnapshot | null) => {
    all.push(s!);
    sim.publishTipWinner(node);
  };
  step(node.connect(sim.block(node, { salt: 0, register: [0, 1, 2], commits: [] })));
  for (let i = 1; i < 8; i++) {
    step(
      node.connect(
        sim.block(node, {
          salt: 0,
          register: i === 3 ? [1] : [],
          commits: [
            { producer: 0, bid: 3, parent: 'tip' },
            { producer: 1, bid: 2, parent: i % 2 ? 'tip' : 'bogus' },
            { producer: 2, bid: 1, parent: 'genesis', wrongCheck: i === 4 },
          ],
        }),
      ),
    );
  }
  const tip = node.tip!;
  const op = encodeCommit({
    blockHash: tag('b'),
    newSeed: tag('s'),
    keyDelta: 1,
    keyTxIndex: 1,
    parentDelta: 0,
    parentTxIndex: 0,
    ledgerCheck: 0,
  });
  const malformed = ledgerTx(
    [{ value: 0n, scriptPubKey: encodeFunaiOpScript({ ...op, version: 7 }) }],
    'malformed',
  );
  step(
    node.connect({
      hash: tag('last'),
      height: tip.ledgerHeight + 1,
      parentHash: tip.ledgerHash,
      ops: [{ txIndex: 3, tx: malformed, senderScript: p2wpkh('anyone') }],
      verifierScripts: [],
    }),
  );
  return { fc: node, all };
}

describe('fork snapshot codec', () => {
  const { fc: node, all } = snapshots();

  it('covers winners, empty tenures, registrations and rejections', () => {
    expect(all.some((s) => s.winner >= 0)).toBe(true);
    expect(all.some((s) => s.winner < 0 && s.commits.length > 0)).toBe(true);
    expect(all.some((s) => s.registrations.length > 0)).toBe(true);
    expect(all.at(-1)!.rejected).toEqual([
      { txIndex: 3, reason: 'commit-malformed', detail: 'unknown-op-version' },
    ]);
    expect(new Set(all.flatMap((s) => s.rejected.map((r) => r.reason))).size).toBeGreaterThanOrEqual(3);
  });

  it('round-trips byte-identically, and a node restarted from the decoded snapshots is the same node', () => {
    const map = new Map<string, ForkSnapshot>();
    for (const s of all) {
      const bytes = encodeForkSnapshot(s);
      const back = decodeForkSnapshot(bytes);
      expect(encodeForkSnapshot(back)).toEqual(bytes);
      expect(back.commits.map((c) => c.parent)).toEqual(s.commits.map((c) => c.parent));
      map.set(toHex(s.ledgerHash), back);
    }
    const store: SnapshotStore = { get: (k) => map.get(k), set: (k, v) => map.set(k, v) };
    const restarted = new ForkChoice(node.params, store, node.tip!.ledgerHash, node.acceptedBlocks());
    expect(forkView(restarted)).toEqual(forkView(node));
  });

  it('random and mutated bytes raise only DecodeError', () => {
    const encoded = all.map(encodeForkSnapshot);
    fc.assert(
      fc.property(
        fc.constantFrom(...encoded),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom('flip', 'cut', 'append'),
        (bytes, at, x, how) => {
          const b = Uint8Array.from(bytes);
          let input: Uint8Array;
          if (how === 'flip') {
            b[at % b.length]! ^= x;
            input = b;
          } else if (how === 'cut') input = b.subarray(0, at % b.length);
          else input = Uint8Array.of(...b, x);
          try {
            const back = decodeForkSnapshot(input);
            expect(encodeForkSnapshot(back)).toEqual(input);
          } catch (e) {
            expect(e).toBeInstanceOf(DecodeError);
          }
        },
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          decodeForkSnapshot(Uint8Array.of(SNAPSHOT_FORMAT_VERSION, ...bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
    );
  });
});
