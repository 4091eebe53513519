// The -verifierset file (docs/protocol.md §16.9): five {blsPublicKey, rewardScript} in set order.

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/node/config.js';
import { parseVerifierSet, VerifierSetError } from '../../src/node/verifier-set.js';

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
