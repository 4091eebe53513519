/**
 * Banned peers and addresses, persisted as `banlist.json` in the network directory so that bans
 * survive a restart. A subject is a libp2p peer id or an IP subnet (a single address is a /32 or
 * /128). Misbehaviour bans name the peer id: on a shared address (NAT, or every test node on
 * 127.0.0.1) an address ban would also shut out honest peers; operators ban addresses by hand.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';

export interface BanEntry {
  /** A peer id, or a subnet in CIDR form (`1.2.3.4/32`, `fe80::/10`). */
  subject: string;
  /** UNIX seconds. */
  created: number;
  banUntil: number;
  reason: string;
}

interface BanFile {
  version: 1;
  bans: BanEntry[];
}

/** Bans kept at most; when full, the entry that expires first makes room. */
export const MAX_BANS = 10_000;

const PEER_ID = /^(?:[1-9A-HJ-NP-Za-km-z]{40,100}|b[a-z2-7]{40,110})$/;

/** The canonical subject for an address, subnet or peer id; throws TypeError when it is none. */
export function normalizeBanSubject(subject: string): string {
  const s = subject.trim();
  if (PEER_ID.test(s) && isIP(s) === 0) return s;
  const slash = s.indexOf('/');
  const ip = slash < 0 ? s : s.slice(0, slash);
  const family = isIP(ip);
  if (family === 0) throw new TypeError(`not an IP address, subnet or peer id: '${subject}'`);
  const bits = family === 4 ? 32 : 128;
  if (slash < 0) return `${ip}/${bits}`;
  const mask = s.slice(slash + 1);
  let prefix: number;
  if (/^\d+$/.test(mask)) prefix = Number(mask);
  else if (family === 4 && isIP(mask) === 4) prefix = netmaskPrefix(mask, subject);
  else throw new TypeError(`invalid subnet '${subject}'`);
  if (prefix < 0 || prefix > bits) throw new TypeError(`invalid prefix length in '${subject}'`);
  return `${ip}/${prefix}`;
}

function netmaskPrefix(mask: string, subject: string): number {
  const n = mask.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const ones = n.toString(2).replace(/0+$/, '');
  if (n !== 0 && (ones.includes('0') || ones.length === 0))
    throw new TypeError(`invalid netmask in '${subject}'`);
  return n === 0 ? 0 : ones.length;
}

function isSubnet(subject: string): boolean {
  return subject.includes('/');
}

export class BanList {
  private readonly bans = new Map<string, BanEntry>();
  private blocks = new BlockList();
  /** Earliest banUntil in the list: nothing expires before it, so no sweep is needed. */
  private nextExpiry = Number.POSITIVE_INFINITY;

  private constructor(private readonly file: string | undefined) {}

  /** Loads the list (an absent or unreadable file is an empty list: bans are not worth refusing to start). */
  static load(file: string | undefined, onError?: (e: Error) => void): BanList {
    const list = new BanList(file);
    if (file === undefined) return list;
    let parsed: BanFile;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as BanFile;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') onError?.(e as Error);
      return list;
    }
    for (const b of Array.isArray(parsed?.bans) ? parsed.bans : []) {
      try {
        const subject = normalizeBanSubject(String(b.subject));
        list.bans.set(subject, {
          subject,
          created: Number(b.created) || 0,
          banUntil: Number(b.banUntil) || 0,
          reason: String(b.reason ?? ''),
        });
      } catch (e) {
        onError?.(e as Error);
      }
    }
    list.rebuild();
    return list;
  }

  private rebuild(): void {
    this.blocks = new BlockList();
    this.nextExpiry = Number.POSITIVE_INFINITY;
    for (const b of this.bans.values()) this.index(b);
  }

  private index(b: BanEntry): void {
    this.nextExpiry = Math.min(this.nextExpiry, b.banUntil);
    if (!isSubnet(b.subject)) return;
    const [ip, prefix] = b.subject.split('/') as [string, string];
    this.blocks.addSubnet(ip, Number(prefix), isIP(ip) === 4 ? 'ipv4' : 'ipv6');
  }

  private save(): void {
    if (this.file === undefined) return;
    const body: BanFile = { version: 1, bans: [...this.bans.values()] };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
    renameSync(tmp, this.file);
  }

  /** Drops expired bans; true when any was dropped. */
  private sweep(now: number): boolean {
    if (now < this.nextExpiry) return false;
    let changed = false;
    for (const [k, b] of this.bans) {
      if (b.banUntil <= now) {
        this.bans.delete(k);
        changed = true;
      }
    }
    if (changed) this.rebuild();
    return changed;
  }

  /** Adds or extends a ban; returns the canonical subject. */
  add(subject: string, banUntil: number, reason: string, now: number): string {
    const s = normalizeBanSubject(subject);
    this.sweep(now);
    const old = this.bans.get(s);
    let evicted = false;
    if (old === undefined && this.bans.size >= MAX_BANS) {
      let first: BanEntry | undefined;
      for (const b of this.bans.values()) if (first === undefined || b.banUntil < first.banUntil) first = b;
      if (first !== undefined) evicted = this.bans.delete(first.subject);
    }
    const entry = {
      subject: s,
      created: old?.created ?? now,
      banUntil: Math.max(banUntil, old?.banUntil ?? 0),
      reason: old && old.banUntil > banUntil ? old.reason : reason,
    };
    this.bans.set(s, entry);
    if (evicted || old !== undefined) this.rebuild();
    else this.index(entry);
    this.save();
    return s;
  }

  /** Removes a ban; false when the subject was not banned. */
  remove(subject: string): boolean {
    const s = normalizeBanSubject(subject);
    if (!this.bans.delete(s)) return false;
    this.rebuild();
    this.save();
    return true;
  }

  clear(): void {
    this.bans.clear();
    this.rebuild();
    this.save();
  }

  isPeerBanned(peerId: string, now: number): boolean {
    const b = this.bans.get(peerId);
    return b !== undefined && b.banUntil > now;
  }

  isAddressBanned(ip: string, now: number): boolean {
    const family = isIP(ip);
    if (family === 0) return false;
    if (!this.blocks.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return false;
    // A match may be an expired ban not yet swept.
    if (this.sweep(now)) {
      this.save();
      return this.blocks.check(ip, family === 4 ? 'ipv4' : 'ipv6');
    }
    return true;
  }

  list(now: number): BanEntry[] {
    if (this.sweep(now)) this.save();
    return [...this.bans.values()].map((b) => ({ ...b }));
  }
}
