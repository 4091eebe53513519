export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: string | null;
  baselineValue?: number | null;
}
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline: string | null;
  baselineValue: number | null;
  ratio: number | null;
}
export function writeBenchReport(part: string, figures: Figure[]): BenchRow[];
