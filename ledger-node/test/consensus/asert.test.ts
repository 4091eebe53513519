import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateAsert, nextAsertBits } from '../../src/consensus/asert.js';
import { decodeCompact } from '../../src/consensus/pow.js';

const DIR = fileURLToPath(new URL('../vectors/asert/', import.meta.url));
const SPEC = { targetSpacing: 600, halfLife: 172_800, powLimit: decodeCompact(0x1d00ffff).target };

interface Run {
  name: string;
  anchorHeight: bigint;
  anchorParentTime: bigint;
  anchorBits: number;
  iterations: number;
  rows: { height: bigint; time: bigint; bits: number }[];
}

function parseRun(name: string): Run {
  const text = readFileSync(DIR + name, 'utf8');
  const header = (key: RegExp): string => {
    const m = text.match(key);
    if (!m?.[1]) throw new Error(`${name}: missing ${key}`);
    return m[1];
  };
  const rows = text
    .split('\n')
    .filter((l) => /^\d/.test(l))
    .map((l) => {
      const [, height, time, bits] = l.trim().split(/\s+/);
      return { height: BigInt(height!), time: BigInt(time!), bits: Number.parseInt(bits!, 16) };
    });
  return {
    name,
    anchorHeight: BigInt(header(/anchor height: (-?\d+)/)),
    anchorParentTime: BigInt(header(/anchor (?:ancestor|parent) time: (-?\d+)/)),
    anchorBits: Number.parseInt(header(/anchor nBits: (0x[0-9a-f]+)/), 16),
    iterations: Number(header(/iterations: (\d+)/)),
    rows,
  };
}

const runs = readdirSync(DIR)
  .filter((f) => /^run\d\d$/.test(f))
  .sort()
  .map(parseRun);

describe('aserti3-2d reference vectors', () => {
  it('has the 12 published runs, 14,000 rows', () => {
    expect(runs.length).toBe(12);
    for (const r of runs) expect(r.rows.length).toBe(r.iterations);
    expect(runs.reduce((n, r) => n + r.rows.length, 0)).toBe(14_000);
  });

  it.each(runs.map((r) => [r.name, r] as const))('%s: every row reproduced', (_name, run) => {
    let matched = 0;
    for (const row of run.rows) {
      const bits = nextAsertBits(
        { height: row.height, time: row.time },
        { height: run.anchorHeight, bits: run.anchorBits, parentTime: run.anchorParentTime },
        SPEC,
      );
      if (bits !== row.bits) {
        expect.fail(`${run.name} height ${row.height}: 0x${bits.toString(16)} != 0x${row.bits.toString(16)}`);
      }
      matched++;
    }
    expect(matched).toBe(run.iterations);
  });

  it('reports the total', () => {
    let matched = 0;
    for (const run of runs) {
      for (const row of run.rows) {
        const bits = nextAsertBits(
          { height: row.height, time: row.time },
          { height: run.anchorHeight, bits: run.anchorBits, parentTime: run.anchorParentTime },
          SPEC,
        );
        if (bits === row.bits) matched++;
      }
    }
    console.log(`aserti3-2d: ${matched} of 14000 vector rows reproduced`);
    expect(matched).toBe(14_000);
  });
});

describe('calculateAsert edge cases', () => {
  const limit = SPEC.powLimit;
  it('is the reference target on schedule', () => {
    const ref = decodeCompact(0x1802aee8).target;
    expect(calculateAsert(ref, 600n, 600n * 11n, 10n, limit, 172_800n)).toBe(ref);
  });
  it('doubles per half-life behind schedule, halves per half-life ahead', () => {
    const ref = decodeCompact(0x1802aee8).target;
    expect(calculateAsert(ref, 600n, 600n + 172_800n, 0n, limit, 172_800n)).toBe(ref * 2n);
    expect(calculateAsert(ref, 600n, 600n - 172_800n, 0n, limit, 172_800n)).toBe(ref / 2n);
  });
  it('clamps to the limit and never returns zero', () => {
    const ref = decodeCompact(0x1802aee8).target;
    expect(calculateAsert(ref, 600n, 1n << 40n, 0n, limit, 172_800n)).toBe(limit);
    expect(calculateAsert(1n, 600n, 0n, 1n << 30n, limit, 600n)).toBe(1n);
  });
  it('handles a limit too wide for the reference 256-bit product (regtest-size)', () => {
    const wide = decodeCompact(0x207fffff).target;
    expect(calculateAsert(wide, 30n, 30n + 3600n, 0n, wide, 3600n)).toBe(wide);
    expect(calculateAsert(wide, 30n, 30n - 3600n, 0n, wide, 3600n)).toBe(wide / 2n);
  });
  it('rejects a reference target above the limit and a negative height difference', () => {
    expect(() => calculateAsert(limit + 1n, 600n, 0n, 0n, limit, 172_800n)).toThrow(RangeError);
    expect(() => calculateAsert(limit, 600n, 0n, -1n, limit, 172_800n)).toThrow(RangeError);
  });
});

describe('ASERT properties', () => {
  const anchor = { height: 0, bits: 0x1b0404cb, parentTime: 1_000_000 - 30 };
  const p = { targetSpacing: 30, halfLife: 21_600, powLimit: decodeCompact(0x1d00ffff).target };
  const target = (height: number, time: number) =>
    decodeCompact(nextAsertBits({ height, time }, anchor, p)).target;

  it('a later parent time never gives a harder target; a higher height never an easier one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: -5_000_000, max: 50_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (height, offset, delta) => {
          const time = 1_000_000 + offset;
          expect(target(height, time + delta) >= target(height, time)).toBe(true);
          expect(target(height + delta, time) <= target(height, time)).toBe(true);
        },
      ),
    );
  });

  it('one half-life behind schedule doubles the target (within compact rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (height) => {
        const onTime = 1_000_000 + height * 30;
        const t0 = target(height, onTime);
        const t1 = target(height, onTime + 21_600);
        expect(t0).toBe(decodeCompact(anchor.bits).target);
        expect(t1).toBe(t0 * 2n);
      }),
    );
  });
});
