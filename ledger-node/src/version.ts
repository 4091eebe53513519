/**
 * The one version of the ledger node's programs (funai-ledger, funai-cli, the P2P user agent,
 * getnetworkinfo), equal to package.json's (a test checks it).
 */
export const LEDGER_VERSION = '0.1.0';

/** The user agent of the P2P handshake and getnetworkinfo's `subversion`, as bitcoind's `/Satoshi:x.y.z/`. */
export const USER_AGENT = `/funai-ledger:${LEDGER_VERSION}/`;

/** bitcoind's numeric form: major × 10000 + minor × 100 + patch. */
export function numericVersion(version = LEDGER_VERSION): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return major * 10_000 + minor * 100 + patch;
}
