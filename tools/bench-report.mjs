// Shared by every part's benchmark: prints a table for people and writes
// bench-results/<part>.json at the repository root as the brief specifies.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {{ name: string, value: number, unit: string, baseline?: string | null, baselineValue?: number | null }} Figure
 * @param {string} part
 * @param {Figure[]} figures
 */
export function writeBenchReport(part, figures) {
  const rows = figures.map((f) => ({
    name: f.name,
    value: f.value,
    unit: f.unit,
    baseline: f.baseline ?? null,
    baselineValue: f.baselineValue ?? null,
    ratio: f.baselineValue ? f.value / f.baselineValue : null,
  }));
  const fmt = (n) => (n === null ? '' : Number.isInteger(n) ? String(n) : n.toPrecision(4));
  console.table(
    rows.map((r) => ({
      name: r.name,
      value: fmt(r.value),
      unit: r.unit,
      baseline: r.baseline ?? '',
      'baseline value': fmt(r.baselineValue),
      ratio: r.ratio === null ? '' : r.ratio.toFixed(3),
    })),
  );
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${part}.json`);
  writeFileSync(file, JSON.stringify(rows, null, 2) + '\n');
  console.log(`wrote ${file}`);
  return rows;
}
