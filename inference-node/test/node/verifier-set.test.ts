// The -verifierset file (docs/protocol.md §16.9): five {blsPublicKey, rewardScript} in set order.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bls from '@chainsafe/bls/herumi';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/node/config.js';
import { loadOrCreateNodeKeys, NODE_KEYS_FILE } from '../../src/node/keys.js';
import {
  formatVerifierSet,
  nodeVerifierSetEntry,
  parseVerifierSet,
  VerifierSetError,
} from '../../src/node/verifier-set.js';

const key = (i: number) => i.toString(16).padStart(2, '0').repeat(48);
const entries = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ blsPublicKey: key(i + 1), rewardScript: '51' }));

describe('parseVerifierSet', () => {
  it('reads five keys in set order', () => {
    const set = parseVerifierSet(JSON.stringify(entries(5)));
    expect(set.map((e) => e.blsPublicKey[0])).toEqual([1, 2, 3, 4, 5]);
    expect(set[0]!.blsPublicKey.length).toBe(48);
    expect([...set[0]!.rewardScript]).toEqual([0x51]);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['four verifiers', JSON.stringify(entries(4)), /list of 5/],
    [
      'a short key',
      JSON.stringify([...entries(4), { blsPublicKey: 'ab', rewardScript: '' }]),
      /verifier 4: blsPublicKey/,
    ],
    [
      'a bad script',
      JSON.stringify([...entries(4), { blsPublicKey: key(9), rewardScript: 'xyz' }]),
      /rewardScript/,
    ],
    ['a key twice', JSON.stringify([...entries(4), { blsPublicKey: key(1), rewardScript: '' }]), /twice/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseVerifierSet(text)).toThrow(VerifierSetError);
    expect(() => parseVerifierSet(text)).toThrow(message);
  });
});

describe('-verifierset', () => {
  it('is resolved against the working directory; absent, null', () => {
    expect(
      loadConfig(['-regtest', '-datadir=/d', '-verifierset=set.json'], { home: '/h', cwd: '/w' }).verifierSet,
    ).toBe('/w/set.json');
    expect(loadConfig(['-regtest', '-datadir=/d'], { home: '/h', cwd: '/w' }).verifierSet).toBeNull();
  });
});

describe('nodeVerifierSetEntry', () => {
  it("is the node's BLS key (creating its key file) and round-trips through the file format", () => {
    const dirs = Array.from({ length: 5 }, () => mkdtempSync(join(tmpdir(), 'funai-vset-')));
    try {
      const set = dirs.map((d) => nodeVerifierSetEntry(d));
      const keys = loadOrCreateNodeKeys(join(dirs[0]!, NODE_KEYS_FILE));
      expect(set[0]!.blsPublicKey).toEqual(Uint8Array.from(bls.secretKeyToPublicKey(keys.blsKey)));
      expect(nodeVerifierSetEntry(dirs[0]!)).toEqual(set[0]);
      expect(set[0]!.rewardScript.length).toBe(22);
      expect(parseVerifierSet(formatVerifierSet(set))).toEqual(set);
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});
