/**
 * The one list of Bitcoin Core vector rows this suite skips: rows that need Taproot (BIP341/342),
 * which FUN AI does not implement. Each entry names the file and the row's index in it (comment
 * rows included, 0-based) and says why; the tests print how many were skipped and check that
 * every listed row still looks like a Taproot row, so a vector update cannot silently skip
 * something else.
 */
export interface SkippedRow {
  file: 'script_tests.json' | 'tx_valid.json' | 'tx_invalid.json';
  index: number;
  why: string;
}

export const TAPROOT_SKIPS: readonly SkippedRow[] = [
  { file: 'script_tests.json', index: 1258, why: 'tapscript spend (script path, many opcodes)' },
  { file: 'script_tests.json', index: 1259, why: 'tapscript spend (IF true)' },
  { file: 'script_tests.json', index: 1260, why: 'tapscript spend (IF false)' },
  { file: 'script_tests.json', index: 1261, why: 'tapscript spend (DROP in false branch)' },
  {
    file: 'script_tests.json',
    index: 1262,
    why: 'tapscript CHECKSIG with empty pubkey (TAPSCRIPT_EMPTY_PUBKEY)',
  },
];

export function isSkipped(file: SkippedRow['file'], index: number): boolean {
  return TAPROOT_SKIPS.some((s) => s.file === file && s.index === index);
}
