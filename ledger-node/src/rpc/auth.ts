import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The user name of cookie authentication, as bitcoind's. */
export const COOKIE_USER = '__cookie__';
/** The cookie's file name in the network's data directory, as bitcoind's. */
export const COOKIE_FILE = '.cookie';

/** Equality that takes the same time wherever the inputs first differ, and whatever their lengths. */
export function timingSafeStringEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** A fresh cookie: `__cookie__:` and 32 random bytes in hex. */
export function generateCookie(): string {
  return `${COOKIE_USER}:${randomBytes(32).toString('hex')}`;
}

/**
 * Writes the cookie readable by its owner only (0600), to a temporary name first so that a reader
 * never sees half a cookie.
 */
export function writeCookieFile(path: string, cookie: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, cookie, { mode: 0o600 });
  chmodSync(tmp, 0o600); // the mode above is subject to the umask, and a stale .tmp keeps its old mode
  renameSync(tmp, path);
}

/** Deletes the cookie file if it still holds our cookie (another daemon may have replaced it). */
export function deleteCookieFile(path: string, cookie: string): void {
  try {
    if (readFileSync(path, 'utf8') === cookie) unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Reads `user:password` from a cookie file (its first line), or null when it cannot be read. */
export function readCookieFile(path: string): { user: string; password: string } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const line = text.split('\n')[0]!.trim();
  const colon = line.indexOf(':');
  if (colon < 0) return null;
  return { user: line.slice(0, colon), password: line.slice(colon + 1) };
}

/** Credentials of an `Authorization: Basic ...` header, or null when it is not well formed. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  if (header === undefined || !header.startsWith('Basic ')) return null;
  const b64 = header.slice(6).trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  const decoded = Buffer.from(b64, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** One `rpcauth=<user>:<salt>$<hmac>` entry (bitcoind's share/rpcauth/rpcauth.py writes them). */
export interface RpcAuthEntry {
  user: string;
  salt: string;
  hash: string;
}

export function parseRpcAuth(value: string): RpcAuthEntry | null {
  const colon = value.indexOf(':');
  if (colon <= 0) return null;
  const [salt, hash, ...rest] = value.slice(colon + 1).split('$');
  if (salt === undefined || hash === undefined || rest.length > 0 || !/^[0-9a-f]{64}$/.test(hash))
    return null;
  return { user: value.slice(0, colon), salt, hash };
}

/** The credentials a server accepts. */
export interface RpcCredentials {
  /** The cookie's `__cookie__:<hex>` line, when cookie auth is on. */
  cookie?: string;
  /** rpcuser/rpcpassword pairs. */
  users?: readonly { user: string; password: string }[];
  rpcauth?: readonly RpcAuthEntry[];
}

/**
 * Checks user and password against every configured credential, all of them in constant time and
 * without stopping at a match, so that the timing tells nothing about which one matched.
 */
export function checkCredentials(creds: RpcCredentials, user: string, password: string): boolean {
  const given = `${user}:${password}`;
  let ok = false;
  if (creds.cookie !== undefined) ok = timingSafeStringEqual(given, creds.cookie) || ok;
  for (const u of creds.users ?? []) ok = timingSafeStringEqual(given, `${u.user}:${u.password}`) || ok;
  for (const a of creds.rpcauth ?? []) {
    const hmac = createHmac('sha256', a.salt).update(password).digest('hex');
    ok = (timingSafeStringEqual(user, a.user) && timingSafeStringEqual(hmac, a.hash)) || ok;
  }
  return ok;
}
