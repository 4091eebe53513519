/** The daemon's version, as `-version` and getnetworkinfo report it. */
export const LEDGER_VERSION = '0.1.0';

/** bitcoind's numeric form: major × 10000 + minor × 100 + patch. */
export function numericVersion(version = LEDGER_VERSION): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return major * 10_000 + minor * 100 + patch;
}
