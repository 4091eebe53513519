// The op vectors of test/vectors/consensus/ops.json (written by scripts/generate-consensus-vectors.ts),
// re-derived here byte by byte from docs/protocol.md §7.1 and §14.2–14.4 without the codecs, then
// checked against the codecs both ways.
import { readFileSync } from 'node:fs';
import { decodeFunaiOpScript, fromHex, toHex } from '@funai/ledger-node';
import { describe, expect, it } from 'vitest';
import {
  decodeCommit,
  decodeDeposit,
  decodeRegisterVrfKey,
  encodeCommit,
  encodeDeposit,
  encodeRegisterVrfKey,
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
