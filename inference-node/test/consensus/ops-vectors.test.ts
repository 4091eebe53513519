// The op vectors of test/vectors/consensus/ops.json (written by scripts/generate-consensus-vectors.ts),
// re-derived here byte by byte from docs/protocol.md §7.1 and §14.2–14.4 without the codecs, then
// checked against the codecs both ways.
import { readFileSync } from 'node:fs';
import { decodeFunaiOpScript, decodeTx, fromHex, toHex } from '@funai/ledger-node';
import { describe, expect, it } from 'vitest';
import {
  decodeCommit,
  decodeDeposit,
  decodeRegisterVrfKey,
  encodeCommit,
  encodeDeposit,
  encodeRegisterVrfKey,
  ForkChoice,
} from '../../src/index.js';

interface Principal {
  version: number;
  hash160: string;
}
interface Vectors {
  register_vrf_key: {
    description: string;
    vrfKey: string;
    principal: Principal;
    op: number;
    version: number;
    body: string;
    script: string;
  }[];
  commit: {
    description: string;
    blockHash: string;
    newSeed: string;
    keyDelta: number;
    keyTxIndex: number;
    parentDelta: number;
    parentTxIndex: number;
    ledgerCheck: number;
    op: number;
    version: number;
    body: string;
    script: string;
  }[];
  deposit: {
    description: string;
    recipient: Principal;
    op: number;
    version: number;
    body: string;
    script: string;
  }[];
  sender_binding: {
    description: string;
    startHeight: number;
    verifierScripts: string[];
    blocks: {
      height: number;
      hash: string;
      parentHash: string;
      ops: { txIndex: number; tx: string; senderScript: string }[];
    }[];
    valid: { txIndex: number; bid: string }[];
    rejected: { txIndex: number; reason: string }[];
  }[];
}

const v: Vectors = JSON.parse(
  readFileSync(new URL('../vectors/consensus/ops.json', import.meta.url), 'utf8'),
);

/** n bytes of x, least significant first, as hex. */
function le(x: number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += (((x / 256 ** i) % 256) | 0).toString(16).padStart(2, '0');
  return out;
}

/** §7.1: OP_RETURN, the shortest push of "FAI" | op | version | body. */
function script(op: number, version: number, bodyHex: string): string {
  const payload = `464149${le(op, 1)}${le(version, 1)}${bodyHex}`;
  const len = payload.length / 2;
  return `6a${len < 76 ? '' : '4c'}${le(len, 1)}${payload}`;
}

const fields = (p: { version: number; hash160: Uint8Array }): Principal => ({
  version: p.version,
  hash160: toHex(p.hash160),
});

describe('REGISTER_VRF_KEY vectors', () => {
  it('has vectors', () => expect(v.register_vrf_key.length).toBeGreaterThanOrEqual(2));
  it.each(v.register_vrf_key)('$description', (t) => {
    const body = t.vrfKey + le(t.principal.version, 1) + t.principal.hash160;
    expect(body.length).toBe(54 * 2);
    expect([t.op, t.version, t.body, t.script]).toEqual([1, 1, body, script(1, 1, body)]);
    const op = decodeFunaiOpScript(fromHex(t.script));
    const d = decodeRegisterVrfKey(op);
    expect({ vrfKey: toHex(d.vrfKey), principal: fields(d.principal) }).toEqual({
      vrfKey: t.vrfKey,
      principal: t.principal,
    });
    expect(toHex(encodeRegisterVrfKey(d).body)).toBe(body);
  });
});

describe('COMMIT vectors', () => {
  it('has vectors', () => expect(v.commit.length).toBeGreaterThanOrEqual(4));
  it.each(v.commit)('$description', (t) => {
    const body =
      t.blockHash +
      t.newSeed +
      le(t.keyDelta, 3) +
      le(t.keyTxIndex, 2) +
      le(t.parentDelta, 3) +
      le(t.parentTxIndex, 2) +
      le(t.ledgerCheck, 1);
    expect(body.length).toBe(75 * 2);
    // 80-byte payload: the OP_PUSHDATA1 form, 83-byte script.
    expect(t.script.slice(0, 6)).toBe('6a4c50');
    expect([t.op, t.version, t.body, t.script]).toEqual([3, 1, body, script(3, 1, body)]);
    const d = decodeCommit(decodeFunaiOpScript(fromHex(t.script)));
    expect({ ...d, blockHash: toHex(d.blockHash), newSeed: toHex(d.newSeed) }).toEqual({
      blockHash: t.blockHash,
      newSeed: t.newSeed,
      keyDelta: t.keyDelta,
      keyTxIndex: t.keyTxIndex,
      parentDelta: t.parentDelta,
      parentTxIndex: t.parentTxIndex,
      ledgerCheck: t.ledgerCheck,
    });
    expect(toHex(encodeCommit(d).body)).toBe(body);
  });
  it('the byte-order witness reads as documented', () => {
    const t = v.commit.find((c) => c.keyDelta === 0x030201)!;
    expect(t.body.slice(128)).toBe('0102030405060708090a0b');
  });
});

describe('DEPOSIT vectors', () => {
  it('has vectors', () => expect(v.deposit.length).toBeGreaterThanOrEqual(2));
  it.each(v.deposit)('$description', (t) => {
    const body = le(t.recipient.version, 1) + t.recipient.hash160;
    expect([t.op, t.version, t.body, t.script]).toEqual([5, 1, body, script(5, 1, body)]);
    const d = decodeDeposit(decodeFunaiOpScript(fromHex(t.script)));
    expect(fields(d.recipient)).toEqual(t.recipient);
    expect(toHex(encodeDeposit(d).body)).toBe(body);
  });
});

/** Little-endian integer from hex bytes. */
const readLe = (h: string): number => Number.parseInt(h.match(/../g)!.reverse().join(''), 16);

/**
 * Reads a vector transaction by hand (§1.2): one input with an empty scriptSig, no witness, one
 * output, the OP_RETURN envelope. Returns the envelope's value and its op number and body (§7.1).
 */
function handTx(hex: string): { value: number; op: number; body: string } {
  let at = 0;
  const take = (n: number) => hex.slice(at, (at += 2 * n));
  expect(take(4)).toBe('02000000');
  expect(take(1)).toBe('01');
  take(36); // prevout: its script is the vector's senderScript, not in the transaction
  expect(take(1)).toBe('00');
  take(4);
  expect(take(1)).toBe('01');
  const value = readLe(take(8));
  const scriptLen = readLe(take(1));
  const script = take(scriptLen);
  expect(take(4)).toBe('00000000');
  expect(at).toBe(hex.length);
  const payload = script.startsWith('6a4c') ? script.slice(6) : script.slice(4);
  expect(payload.slice(0, 6)).toBe('464149');
  expect(payload.slice(8, 10)).toBe('01');
  return { value, op: readLe(payload.slice(6, 8)), body: payload.slice(10) };
}

describe('sender binding vectors (§14.3)', () => {
  it('has vectors', () => expect(v.sender_binding.length).toBeGreaterThanOrEqual(1));
  it.each(v.sender_binding)('$description', (t) => {
    // Step by step: a registration's sender is its input 0's prevout script; a commit counts when its
    // key pointer names a registration of an earlier block with the same sender, once per block.
    const senders = new Map<string, string>();
    const valid: { txIndex: number; bid: string }[] = [];
    const rejected: { txIndex: number; reason: string }[] = [];
    for (const block of t.blocks) {
      const used = new Set<string>();
      const made: [string, string][] = [];
      for (const o of block.ops) {
        const { value, op, body } = handTx(o.tx);
        if (op === 1) {
          made.push([`${block.height}:${o.txIndex}`, o.senderScript]);
          continue;
        }
        expect(op).toBe(3);
        const key = `${block.height - readLe(body.slice(128, 134))}:${readLe(body.slice(134, 138))}`;
        const sender = senders.get(key);
        expect(sender).toBeDefined();
        if (sender !== o.senderScript) rejected.push({ txIndex: o.txIndex, reason: 'commit-wrong-sender' });
        else if (used.has(key)) rejected.push({ txIndex: o.txIndex, reason: 'commit-duplicate-key' });
        else {
          used.add(key);
          valid.push({ txIndex: o.txIndex, bid: String(value) });
        }
      }
      for (const [k, sender] of made) senders.set(k, sender);
    }
    expect({ valid, rejected }).toEqual({ valid: t.valid, rejected: t.rejected });

    // The implementation agrees.
    const node = new ForkChoice({ startHeight: t.startHeight });
    let last = null;
    for (const b of t.blocks) {
      last = node.connect({
        hash: fromHex(b.hash),
        height: b.height,
        parentHash: fromHex(b.parentHash),
        ops: b.ops.map((o) => ({
          txIndex: o.txIndex,
          tx: decodeTx(fromHex(o.tx)),
          senderScript: fromHex(o.senderScript),
        })),
        verifierScripts: t.verifierScripts.map(fromHex),
      });
    }
    expect(last!.commits.map((c) => ({ txIndex: c.txIndex, bid: String(c.bid) }))).toEqual(t.valid);
    expect(last!.rejected).toEqual(t.rejected);
  });
});
