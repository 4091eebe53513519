import { COIN } from '../consensus/amounts.js';

/**
 * Base units as a JSON number of FAI, as bitcoind prints amounts. Every amount up to MAX_MONEY is
 * below 2^53 base units, so the division is exact to the 8th decimal when printed.
 */
export function amountToJson(value: bigint): number {
  const sign = value < 0n ? -1 : 1;
  const abs = value < 0n ? -value : value;
  return sign * (Number(abs / COIN) + Number(abs % COIN) / 1e8);
}

/** Parses a FAI amount (number or decimal string) into base units, rejecting more than 8 decimals. */
export function amountFromJson(v: number | string): bigint {
  const s = typeof v === 'number' ? v.toFixed(8) : v.trim();
  const m = /^(-)?(\d+)(?:\.(\d{0,8}))?$/.exec(s);
  if (!m) throw new RangeError(`invalid amount: ${String(v)}`);
  const units = BigInt(m[2]!) * COIN + BigInt((m[3] ?? '').padEnd(8, '0'));
  return m[1] ? -units : units;
}
