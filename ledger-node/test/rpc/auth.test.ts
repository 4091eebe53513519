import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkCredentials,
  deleteCookieFile,
  generateCookie,
  parseBasicAuth,
  parseRpcAuth,
  readCookieFile,
  timingSafeStringEqual,
  writeCookieFile,
} from '../../src/rpc/auth.js';

const dir = mkdtempSync(join(tmpdir(), 'funai-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cookie', () => {
  it('is __cookie__ and 32 fresh random bytes in hex', () => {
    const a = generateCookie();
    expect(a).toMatch(/^__cookie__:[0-9a-f]{64}$/);
    expect(generateCookie()).not.toBe(a);
  });

  it('is written 0600 even over a stale world-readable temporary file, read back and deleted only if ours', () => {
    const file = join(dir, '.cookie');
    writeFileSync(`${file}.tmp`, 'stale', { mode: 0o644 });
    const cookie = generateCookie();
    writeCookieFile(file, cookie);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(cookie);
    expect(readCookieFile(file)).toEqual({ user: '__cookie__', password: cookie.slice(11) });
    deleteCookieFile(file, 'somebody else');
    expect(readCookieFile(file)).not.toBeNull();
    deleteCookieFile(file, cookie);
    expect(readCookieFile(file)).toBeNull();
  });
});

describe('Basic auth', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('splits at the first colon', () => {
    expect(parseBasicAuth(`Basic ${b64('user:pa:ss')}`)).toEqual({ user: 'user', password: 'pa:ss' });
    expect(parseBasicAuth(`Basic ${b64(':')}`)).toEqual({ user: '', password: '' });
  });

  it('refuses other schemes, bad base64 and missing colons', () => {
    for (const h of [
      undefined,
      'Bearer x',
      `basic ${b64('a:b')}`,
      'Basic !!!!',
      'Basic abc',
      `Basic ${b64('nocolon')}`,
    ]) {
      expect(parseBasicAuth(h)).toBeNull();
    }
  });
});

describe('credentials', () => {
  const salt = 'a1b2c3';
  const rpcauth = parseRpcAuth(`carol:${salt}$${createHmac('sha256', salt).update('pw').digest('hex')}`)!;

  it('parses rpcauth lines and refuses malformed ones', () => {
    expect(rpcauth.user).toBe('carol');
    expect(parseRpcAuth('carol')).toBeNull();
    expect(parseRpcAuth(':salt$' + '0'.repeat(64))).toBeNull();
    expect(parseRpcAuth('carol:salt$xyz')).toBeNull();
    expect(parseRpcAuth(`carol:a$b$${'0'.repeat(64)}`)).toBeNull();
  });

  it('accepts any configured credential and nothing else', () => {
    const creds = { cookie: '__cookie__:abc', users: [{ user: 'u', password: 'p' }], rpcauth: [rpcauth] };
    expect(checkCredentials(creds, '__cookie__', 'abc')).toBe(true);
    expect(checkCredentials(creds, 'u', 'p')).toBe(true);
    expect(checkCredentials(creds, 'carol', 'pw')).toBe(true);
    expect(checkCredentials(creds, 'carol', 'pW')).toBe(false);
    expect(checkCredentials(creds, 'u', 'p ')).toBe(false);
    expect(checkCredentials(creds, '__cookie__', 'ab')).toBe(false);
    expect(checkCredentials({}, '', '')).toBe(false);
  });

  it('compares strings of any length', () => {
    expect(timingSafeStringEqual('abc', 'abc')).toBe(true);
    expect(timingSafeStringEqual('abc', 'abcd')).toBe(false);
    expect(timingSafeStringEqual('', '')).toBe(true);
  });
});
