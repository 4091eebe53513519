import { QC_WINDOW } from '../block/limits.js';

/**
 * The certificate window (docs/protocol.md §15.9): the certificate of block h must be carried by a block
 * of the same chain at height h + 1 … h + QC_WINDOW, and each block is certified at most once on a chain.
 * A block whose window has closed without a certificate is expired: its producer gets no reward and its
 * records are refunded (no executor is paid, none is slashed, each requester keeps its gas).
 */

/** The last height at which a block may carry the certificate of block `height`. */
export function certificateDeadline(height: number): number {
  return height + QC_WINDOW;
}

/** True when a certificate for block `certifiedHeight` may sit in a header at `carrierHeight`. */
export function inCertificateWindow(certifiedHeight: number, carrierHeight: number): boolean {
  return certifiedHeight < carrierHeight && carrierHeight <= certifiedHeight + QC_WINDOW;
}

/** True once the chain tip is past the deadline of an uncertified block: it can no longer be certified. */
export function isCertificateExpired(certifiedHeight: number, tipHeight: number): boolean {
  return tipHeight > certifiedHeight + QC_WINDOW;
}
