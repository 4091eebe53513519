import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BanList, MAX_BANS, normalizeBanSubject } from '../../src/net/ban-list.js';
import { displayAddress, ipPortOf, peerIdOf, toMultiaddrString } from '../../src/net/peer-address.js';
import { TokenBucket } from '../../src/net/rate-limit.js';
import { formatDuration, formatProgress, measureProgress } from '../../src/net/sync-progress.js';
import { stopAll, tempDir } from './helpers.js';

afterAll(stopAll);

const PEER = '12D3KooWLcLpF5q2U6TGokiDhvRkSARx54azLkRQwY96fpytheX5';

describe('ban subjects', () => {
  test('addresses become /32 or /128 subnets; netmasks become prefixes; peer ids stay', () => {
    expect(normalizeBanSubject('1.2.3.4')).toBe('1.2.3.4/32');
    expect(normalizeBanSubject('::1')).toBe('::1/128');
    expect(normalizeBanSubject('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(normalizeBanSubject('192.168.1.0/255.255.255.0')).toBe('192.168.1.0/24');
    expect(normalizeBanSubject(` ${PEER} `)).toBe(PEER);
    for (const bad of ['', 'host.example', '1.2.3.4/33', '1.2.3.0/255.0.255.0', 'fe80::/129', '1.2.3.4/x']) {
      expect(() => normalizeBanSubject(bad), bad).toThrow(TypeError);
    }
  });
});

describe('BanList', () => {
  test('matches peers and subnets, expires, and persists', () => {
    const file = join(tempDir(), 'banlist.json');
    const bans = BanList.load(file);
    bans.add(PEER, 1100, 'invalid block', 1000);
    bans.add('10.1.0.0/16', 2000, 'manually added', 1000);
    expect(bans.isPeerBanned(PEER, 1050)).toBe(true);
    expect(bans.isPeerBanned(PEER, 1100)).toBe(false);
    expect(bans.isAddressBanned('10.1.200.3', 1050)).toBe(true);
    expect(bans.isAddressBanned('10.2.0.1', 1050)).toBe(false);
    expect(bans.isAddressBanned('::1', 1050)).toBe(false);

    const reloaded = BanList.load(file);
    expect(reloaded.list(1050).map((b) => [b.subject, b.banUntil, b.reason])).toEqual([
      [PEER, 1100, 'invalid block'],
      ['10.1.0.0/16', 2000, 'manually added'],
    ]);
    // Expired bans are dropped (and the file rewritten).
    expect(reloaded.list(1500).map((b) => b.subject)).toEqual(['10.1.0.0/16']);
    expect(JSON.parse(readFileSync(file, 'utf8')).bans).toHaveLength(1);
    expect(reloaded.remove('10.1.0.0/16')).toBe(true);
    expect(reloaded.remove('10.1.0.0/16')).toBe(false);
    expect(BanList.load(file).list(0)).toEqual([]);
  });

  test('a longer ban wins; the list is bounded', () => {
    const bans = BanList.load(undefined);
    bans.add('1.1.1.1', 500, 'long', 0);
    bans.add('1.1.1.1', 100, 'short', 0);
    expect(bans.list(0)).toEqual([{ subject: '1.1.1.1/32', created: 0, banUntil: 500, reason: 'long' }]);
    for (let i = 0; i < MAX_BANS + 5; i++)
      bans.add(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 1000 + i, 'x', 0);
    expect(bans.list(0)).toHaveLength(MAX_BANS);
    // The ones expiring first made room.
    expect(bans.isAddressBanned('1.1.1.1', 0)).toBe(false);
    expect(bans.isAddressBanned('10.0.0.0', 0)).toBe(false);
    expect(bans.isAddressBanned('10.0.0.9', 0)).toBe(true);
  });

  test('an unreadable file is an empty list, with the error reported', () => {
    const file = join(tempDir(), 'banlist.json');
    const errors: Error[] = [];
    writeFileSync(file, '{not json');
    expect(BanList.load(file, (e) => errors.push(e)).list(0)).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});

describe('peer addresses', () => {
  test('host:port, bare hosts, IPv6 and multiaddrs', () => {
    expect(toMultiaddrString('127.0.0.1:19844', 1)).toBe('/ip4/127.0.0.1/tcp/19844');
    expect(toMultiaddrString('10.0.0.2', 19844)).toBe('/ip4/10.0.0.2/tcp/19844');
    expect(toMultiaddrString('[::1]:5', 1)).toBe('/ip6/::1/tcp/5');
    expect(toMultiaddrString('::1', 7)).toBe('/ip6/::1/tcp/7');
    expect(toMultiaddrString('seed.example.org:9733', 1)).toBe('/dns/seed.example.org/tcp/9733');
    expect(toMultiaddrString('/ip4/1.2.3.4/tcp/1/p2p/x', 1)).toBe('/ip4/1.2.3.4/tcp/1/p2p/x');
    for (const bad of ['1.2.3.4:99999', '1.2.3.4:x', ':5', 'a b:1'])
      expect(() => toMultiaddrString(bad, 1), bad).toThrow(TypeError);
    expect(ipPortOf('/ip4/1.2.3.4/tcp/5/p2p/x')).toEqual({ ip: '1.2.3.4', family: 4, port: 5 });
    expect(ipPortOf('/dns/x/tcp/5')).toBeUndefined();
    expect(displayAddress('/ip6/::1/tcp/5')).toBe('[::1]:5');
    expect(peerIdOf('/ip4/1.2.3.4/tcp/5/p2p/abc')).toBe('abc');
  });
});

describe('token bucket', () => {
  test('allows a burst, then the refill rate', () => {
    const b = new TokenBucket({ ratePerSecond: 2, burst: 3 }, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(400)).toBe(false);
    expect(b.take(500)).toBe(true);
    expect(b.take(10_000) && b.take(10_000) && b.take(10_000)).toBe(true);
    expect(b.take(10_000)).toBe(false);
  });
});

describe('sync progress', () => {
  test('rate, percentage and ETA', () => {
    const p = measureProgress({ height: 100, target: 2000, at: 0 }, { height: 500, target: 2000, at: 2000 });
    expect(p).toEqual({ height: 500, target: 2000, percent: 25, blocksPerSecond: 200, etaSeconds: 7.5 });
    expect(formatProgress(p, 3)).toBe('sync: height 500/2000 (25.00%), 200.0 blocks/s, ETA 8s, 3 peers');
    const stalled = measureProgress({ height: 5, target: 10, at: 0 }, { height: 5, target: 10, at: 1000 });
    expect(formatProgress(stalled, 1)).toBe('sync: height 5/10 (50.00%), 0.0 blocks/s, ETA ?, 1 peer');
    expect([formatDuration(59), formatDuration(61), formatDuration(3 * 3600 + 120)]).toEqual([
      '59s',
      '1m01s',
      '3h02m',
    ]);
  });
});
