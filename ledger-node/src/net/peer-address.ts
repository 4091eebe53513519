/**
 * Peer addresses as users write them (`host:port`, `[v6]:port`, a bare host, or a multiaddr) and
 * the IP part of a multiaddr, for bans.
 */
import { isIP } from 'node:net';

/** A multiaddr string for a `-connect`/`-addnode` argument; a missing port is the network's default. */
export function toMultiaddrString(addr: string, defaultPort: number): string {
  const a = addr.trim();
  if (a.startsWith('/')) return a;
  let host: string;
  let port = defaultPort;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(a);
  if (v6) {
    host = v6[1]!;
    if (v6[2] !== undefined) port = parsePort(v6[2], addr);
  } else if (isIP(a) === 6) {
    host = a;
  } else {
    const i = a.lastIndexOf(':');
    host = i < 0 ? a : a.slice(0, i);
    if (i >= 0) port = parsePort(a.slice(i + 1), addr);
  }
  if (host === '') throw new TypeError(`invalid peer address '${addr}'`);
  const kind = isIP(host);
  const proto = kind === 4 ? 'ip4' : kind === 6 ? 'ip6' : 'dns';
  if (kind === 0 && !/^[A-Za-z0-9.-]+$/.test(host)) throw new TypeError(`invalid peer address '${addr}'`);
  return `/${proto}/${host}/tcp/${port}`;
}

function parsePort(s: string, addr: string): number {
  const port = Number(s);
  if (!/^\d+$/.test(s) || port > 65535) throw new TypeError(`invalid port in '${addr}'`);
  return port;
}

/** The IP address and TCP port of a multiaddr string, when it has them. */
export function ipPortOf(multiaddr: string): { ip: string; family: 4 | 6; port?: number } | undefined {
  const m = /^\/(ip4|ip6)\/([^/]+)(?:\/tcp\/(\d+))?/.exec(multiaddr);
  if (!m) return undefined;
  const family = m[1] === 'ip4' ? 4 : 6;
  return { ip: m[2]!, family, ...(m[3] !== undefined ? { port: Number(m[3]) } : {}) };
}

/** `ip:port` (or `[ip]:port`) as getpeerinfo shows an address; the multiaddr itself otherwise. */
export function displayAddress(multiaddr: string): string {
  const a = ipPortOf(multiaddr);
  if (a === undefined) return multiaddr;
  const host = a.family === 6 ? `[${a.ip}]` : a.ip;
  return a.port === undefined ? host : `${host}:${a.port}`;
}

/** The `/p2p/<id>` of a multiaddr string, if any. */
export function peerIdOf(multiaddr: string): string | undefined {
  const m = /\/p2p\/([^/]+)/.exec(multiaddr);
  return m?.[1];
}
