import {
  DecodeError,
  decodeFunaiOpScript,
  encodeFunaiOpScript,
  type FunaiOp,
  MAX_NULL_DATA_SCRIPT_SIZE,
} from '@funai/ledger-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMMIT_BODY_SIZE,
  CONSENSUS_OP,
  type CommitContext,
  type CommitOp,
  DEPOSIT_BODY_SIZE,
  decodeCommit,
  decodeConsensusOp,
  decodeDeposit,
  decodeRegisterVrfKey,
  encodeCommit,
  encodeDeposit,
  encodeRegisterVrfKey,
  MIN_COMMIT_PAYMENT,
  parseDeposit,
  parseRegistration,
  REGISTER_VRF_KEY_BODY_SIZE,
  type Registration,
  readConsensusOp,
  splitBid,
  validateCommit,
} from '../../src/index.js';
import { commitTx, ledgerTx, opTx, p2wpkh, principalOf, registrationTx, tag, VERIFIERS } from './fixtures.js';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const principal = fc.record({ version: fc.integer({ min: 0, max: 31 }), hash160: bytes(20) });
const vrfKey = fc.tuple(fc.constantFrom(2, 3), bytes(32)).map(([p, x]) => Uint8Array.of(p, ...x));
const register = fc.record({ vrfKey, principal });
const commit: fc.Arbitrary<CommitOp> = fc.record({
  blockHash: bytes(32),
  newSeed: bytes(32),
  keyDelta: fc.integer({ min: 0, max: 0xffffff }),
  keyTxIndex: fc.integer({ min: 0, max: 0xffff }),
  parentDelta: fc.integer({ min: 0, max: 0xffffff }),
  parentTxIndex: fc.integer({ min: 0, max: 0xffff }),
  ledgerCheck: fc.integer({ min: 0, max: 0xff }),
});
const deposit = fc.record({ recipient: principal });

/** Through the ledger's envelope and back: the op as every node reads it from a transaction. */
const viaScript = (op: FunaiOp): FunaiOp => decodeFunaiOpScript(encodeFunaiOpScript(op));

/** Decoding may fail, but only with the typed DecodeError. */
function onlyDecodeError(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
  }
}

describe('op codecs round-trip byte-identically', () => {
  it('REGISTER_VRF_KEY', () => {
    fc.assert(
      fc.property(register, (r) => {
        const op = encodeRegisterVrfKey(r);
        expect(op.body.length).toBe(REGISTER_VRF_KEY_BODY_SIZE);
        const back = decodeRegisterVrfKey(viaScript(op));
        expect(back).toEqual(r);
        expect(encodeRegisterVrfKey(back).body).toEqual(op.body);
      }),
    );
  });

  it('COMMIT (75 bytes: the largest body the envelope carries)', () => {
    fc.assert(
      fc.property(commit, (c) => {
        const op = encodeCommit(c);
        expect(op.body.length).toBe(COMMIT_BODY_SIZE);
        const script = encodeFunaiOpScript(op);
        expect(script.length).toBeLessThanOrEqual(MAX_NULL_DATA_SCRIPT_SIZE);
        const back = decodeCommit(viaScript(op));
        expect(back).toEqual(c);
        expect(encodeCommit(back).body).toEqual(op.body);
      }),
    );
    expect(COMMIT_BODY_SIZE).toBe(75);
  });

  it('DEPOSIT', () => {
    fc.assert(
      fc.property(deposit, (d) => {
        const op = encodeDeposit(d);
        expect(op.body.length).toBe(DEPOSIT_BODY_SIZE);
        const back = decodeDeposit(viaScript(op));
        expect(back).toEqual(d);
        expect(encodeDeposit(back).body).toEqual(op.body);
      }),
    );
  });

  it('every body that decodes re-encodes to the same bytes (one encoding per value)', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x01, 0x03, 0x05), fc.uint8Array({ maxLength: 75 }), (n, body) => {
        const op = { op: n, version: 1, body };
        let decoded: ReturnType<typeof decodeConsensusOp>;
        try {
          decoded = decodeConsensusOp(op, 0);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          return;
        }
        const re =
          decoded?.kind === 'commit'
            ? encodeCommit(decoded.body)
            : decoded?.kind === 'deposit'
              ? encodeDeposit(decoded.body)
              : encodeRegisterVrfKey(decoded!.body as Parameters<typeof encodeRegisterVrfKey>[0]);
        expect(re.body).toEqual(body);
      }),
    );
  });
});

describe('random and mutated bytes raise only DecodeError', () => {
  const decoders = [decodeRegisterVrfKey, decodeCommit, decodeDeposit];

  it('random bodies, versions and op numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 80 }),
        (op, version, body) => {
          for (const d of decoders) onlyDecodeError(() => d({ op, version, body }));
          onlyDecodeError(() => decodeConsensusOp({ op, version, body }, 0));
        },
      ),
    );
  });

  it('valid encodings with a byte flipped, cut or appended', () => {
    const anyOp = fc.oneof(
      register.map(encodeRegisterVrfKey),
      commit.map(encodeCommit),
      deposit.map(encodeDeposit),
    );
    fc.assert(
      fc.property(
        anyOp,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom('flip', 'cut', 'append'),
        (op, at, x, how) => {
          const b = Uint8Array.from(op.body);
          let body: Uint8Array;
          if (how === 'flip') {
            b[at % b.length]! ^= x;
            body = b;
          } else if (how === 'cut') body = b.subarray(0, at % b.length);
          else body = Uint8Array.of(...b, x);
          onlyDecodeError(() => decodeConsensusOp({ ...op, body }, 0));
          if (how !== 'flip') expect(() => decodeConsensusOp({ ...op, body }, 0)).toThrow(DecodeError);
        },
      ),
    );
  });

  it('names the reasons', () => {
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as DecodeError).reason;
      }
      return 'decoded';
    };
    const reg = encodeRegisterVrfKey({
      vrfKey: Uint8Array.of(2, ...new Uint8Array(32)),
      principal: principalOf('a'),
    });
    expect(reason(() => decodeRegisterVrfKey({ ...reg, version: 2 }))).toBe('unknown-op-version');
    expect(reason(() => decodeRegisterVrfKey({ ...reg, op: 3 }))).toBe('wrong-op');
    expect(
      reason(() => decodeRegisterVrfKey({ ...reg, body: Uint8Array.of(4, ...reg.body.subarray(1)) })),
    ).toBe('bad-vrf-key-prefix');
    const badVersion = Uint8Array.from(reg.body);
    badVersion[33] = 32;
    expect(reason(() => decodeRegisterVrfKey({ ...reg, body: badVersion }))).toBe('bad-principal-version');
    expect(reason(() => decodeCommit({ op: 3, version: 1, body: new Uint8Array(74) }))).toBe('truncated');
    expect(reason(() => decodeCommit({ op: 3, version: 1, body: new Uint8Array(76) }))).toBe(
      'trailing-bytes',
    );
    expect(reason(() => decodeDeposit({ op: 5, version: 0, body: new Uint8Array(21) }))).toBe(
      'unknown-op-version',
    );
  });

  it('reserved numbers 0x02 and 0x04 are data, not ops of the consensus', () => {
    for (const n of [0x02, 0x04, 0x06, 0x80]) {
      expect(decodeConsensusOp({ op: n, version: 1, body: new Uint8Array(75) }, 0)).toBeNull();
      expect(readConsensusOp(opTx({ op: n, version: 1, body: new Uint8Array(10) }))).toBeNull();
    }
    expect(CONSENSUS_OP).toEqual({ REGISTER_VRF_KEY: 1, COMMIT: 3, DEPOSIT: 5 });
  });
});

describe('splitBid', () => {
  it('⌊bid/n⌋ each, the remainder to the first; sums to the bid', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 21_000_000n * 10n ** 8n }),
        fc.integer({ min: 1, max: 5 }),
        (bid, n) => {
          const s = splitBid(bid, n);
          expect(s.length).toBe(n);
          expect(s.reduce((a, b) => a + b, 0n)).toBe(bid);
          for (const x of s.slice(1)) expect(x).toBe(bid / BigInt(n));
          expect(s[0]! - s[1 % n]!).toBeLessThan(BigInt(n));
        },
      ),
    );
    expect(splitBid(10_003n, 5)).toEqual([2_003n, 2_000n, 2_000n, 2_000n, 2_000n]);
  });
});

describe('validateCommit', () => {
  const L = 1000;
  const ledgerParentHash = tag('ledger 999');
  const reg: Registration = {
    height: 900,
    txIndex: 4,
    vrfKey: Uint8Array.of(2, ...tag('k')),
    principal: principalOf('p'),
    senderScript: p2wpkh('producer p'),
  };
  const ctx: CommitContext = {
    height: L,
    ledgerParentHash,
    registration: (h, i) => (h === 900 && i === 4 ? reg : undefined),
    isElected: (h, i) => h === 990 && i === 2,
    verifierScripts: VERIFIERS,
  };
  const good: CommitOp = {
    blockHash: tag('b'),
    newSeed: tag('s'),
    keyDelta: 100,
    keyTxIndex: 4,
    parentDelta: 10,
    parentTxIndex: 2,
    ledgerCheck: ledgerParentHash[0]!,
  };
  const bid = 1_000_003n;
  const result = (
    tx: ReturnType<typeof ledgerTx>,
    c: CommitContext = ctx,
    sender: Uint8Array = reg.senderScript,
  ) => validateCommit(tx, 7, sender, c);
  const reason = (
    tx: ReturnType<typeof ledgerTx>,
    c: CommitContext = ctx,
    sender: Uint8Array = reg.senderScript,
  ) => {
    const r = result(tx, c, sender);
    return r.ok ? 'ok' : r.reason;
  };

  it('accepts a well-formed commit and reports its bid, key and parent', () => {
    const r = result(commitTx(good, bid));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.commit).toMatchObject({
      height: L,
      txIndex: 7,
      bid,
      registration: reg,
      parent: { height: 990, txIndex: 2 },
    });
    expect(r.commit.op).toEqual(good);
  });

  it('genesis parent pointer (0, 0) is valid; (0, n) is not', () => {
    const r = result(commitTx({ ...good, parentDelta: 0, parentTxIndex: 0 }, bid));
    expect(r.ok && r.commit.parent).toBeNull();
    expect(reason(commitTx({ ...good, parentDelta: 0, parentTxIndex: 1 }, bid))).toBe(
      'commit-unknown-parent',
    );
  });

  it('names every reason', () => {
    expect(reason(ledgerTx([{ value: 5n, scriptPubKey: p2wpkh('x') }]))).toBe('not-a-commit');
    expect(reason(opTx(encodeDeposit({ recipient: principalOf('d') })))).toBe('not-a-commit');
    expect(reason(opTx({ ...encodeCommit(good), version: 2 }))).toBe('commit-malformed');
    expect(reason(opTx({ ...encodeCommit(good), body: encodeCommit(good).body.subarray(1) }))).toBe(
      'commit-malformed',
    );
    expect(reason(commitTx({ ...good, ledgerCheck: (good.ledgerCheck + 1) & 0xff }, bid))).toBe(
      'commit-wrong-ledger-block',
    );
    expect(reason(commitTx({ ...good, keyDelta: 0 }, bid))).toBe('commit-unknown-key');
    expect(reason(commitTx({ ...good, keyDelta: 101 }, bid))).toBe('commit-unknown-key');
    expect(reason(commitTx({ ...good, keyDelta: L + 1 }, bid))).toBe('commit-unknown-key');
    expect(reason(commitTx({ ...good, keyTxIndex: 5 }, bid))).toBe('commit-unknown-key');
    expect(reason(commitTx(good, bid), ctx, p2wpkh('someone else'))).toBe('commit-wrong-sender');
    expect(reason(commitTx({ ...good, parentDelta: 11 }, bid))).toBe('commit-unknown-parent');
    expect(reason(commitTx({ ...good, parentDelta: L + 1 }, bid))).toBe('commit-unknown-parent');
    expect(reason(commitTx(good, bid, VERIFIERS.slice(0, 4)))).toBe('commit-missing-payments');
    expect(reason(commitTx(good, bid, [...VERIFIERS.slice(0, 4), p2wpkh('thief')]))).toBe(
      'commit-wrong-payee',
    );
    expect(reason(commitTx(good, bid, [...VERIFIERS].reverse()))).toBe('commit-wrong-payee');
    const tx = commitTx(good, bid);
    tx.outputs[1]!.value -= 1n;
    tx.outputs[2]!.value += 1n;
    expect(reason(tx)).toBe('commit-wrong-split');
    expect(reason(commitTx(good, MIN_COMMIT_PAYMENT * 5n))).toBe('ok');
    expect(reason(commitTx(good, MIN_COMMIT_PAYMENT * 5n - 1n))).toBe('commit-payment-below-minimum');
  });

  it("counts only when input 0 spends the registration's sender script, byte for byte", () => {
    const own = reg.senderScript;
    expect(reason(commitTx(good, bid), ctx, own.slice())).toBe('ok');
    // Another script, a prefix of it, one with a byte more, or nothing at all: someone else's commit.
    for (const other of [
      p2wpkh('griefer'),
      own.subarray(0, own.length - 1),
      Uint8Array.of(...own, 0),
      new Uint8Array(0),
    ]) {
      expect(reason(commitTx(good, bid), ctx, other)).toBe('commit-wrong-sender');
    }
    // Every single-byte change of the script is another sender.
    fc.assert(
      fc.property(fc.nat(own.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const other = own.slice();
        other[i] = other[i]! ^ x;
        return reason(commitTx(good, bid), ctx, other) === 'commit-wrong-sender';
      }),
    );
    // The sender is checked once the registration is known: a wrong key stays commit-unknown-key.
    expect(reason(commitTx({ ...good, keyDelta: 0 }, bid), ctx, p2wpkh('griefer'))).toBe(
      'commit-unknown-key',
    );
  });

  it('with no verifiers the bid is the burned envelope value', () => {
    const none = { ...ctx, verifierScripts: [] };
    const r = result(commitTx(good, 7_777n, []), none);
    expect(r.ok && r.commit.bid).toBe(7_777n);
    expect(reason(commitTx(good, MIN_COMMIT_PAYMENT - 1n, []), none)).toBe('commit-payment-below-minimum');
  });

  it('payments follow the envelope wherever it is; extra outputs after them are change', () => {
    const tx = commitTx(good, bid);
    const change = { value: 123n, scriptPubKey: p2wpkh('change') };
    expect(reason({ ...tx, outputs: [change, ...tx.outputs, change] })).toBe('ok');
    expect(reason({ ...tx, outputs: [tx.outputs[0]!, change, ...tx.outputs.slice(1)] })).toBe(
      'commit-wrong-payee',
    );
  });
});

describe('registrations and deposits', () => {
  it('a registration is named by its ledger position', () => {
    const key = Uint8Array.of(3, ...tag('key'));
    const sender = p2wpkh('producer p');
    expect(parseRegistration(registrationTx(key, 'p'), { height: 5, txIndex: 9 }, sender)).toEqual({
      height: 5,
      txIndex: 9,
      vrfKey: key,
      principal: principalOf('p'),
      senderScript: sender,
    });
    expect(
      parseRegistration(
        opTx({ op: 1, version: 1, body: new Uint8Array(54) }),
        { height: 5, txIndex: 9 },
        sender,
      ),
    ).toBeNull();
  });

  it('a deposit credits the value of the OP_RETURN output itself', () => {
    const op = encodeDeposit({ recipient: principalOf('r') });
    const tx = opTx(op, [{ value: 99n, scriptPubKey: p2wpkh('change') }], 250_000_000n);
    expect(parseDeposit(tx)).toEqual({
      ok: true,
      deposit: { recipient: principalOf('r'), amount: 250_000_000n, vout: 0 },
    });
    expect(parseDeposit(opTx(op, [], 0n))).toEqual({ ok: false, reason: 'deposit-zero-amount' });
    expect(parseDeposit(opTx({ ...op, version: 9 }, [], 5n))).toMatchObject({
      ok: false,
      reason: 'deposit-malformed',
      detail: 'unknown-op-version',
    });
    expect(
      parseDeposit(
        commitTx(
          {
            blockHash: tag('b'),
            newSeed: tag('s'),
            keyDelta: 1,
            keyTxIndex: 0,
            parentDelta: 0,
            parentTxIndex: 0,
            ledgerCheck: 0,
          },
          5000n,
        ),
      ),
    ).toEqual({
      ok: false,
      reason: 'not-a-deposit',
    });
  });
});
