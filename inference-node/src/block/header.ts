import { ByteReader, ByteWriter, DecodeError, sha256 } from '@funai/ledger-node';
import { type QuorumCertificate, readCertificate, writeCertificate } from '../quorum/certificate.js';
import { BLOCK_VERSION, MAX_BLOCK_RECORDS, VRF_PROOF_SIZE } from './limits.js';

/**
 * The inference block header (docs/protocol.md §15.6). Integers little-endian, as the ledger's formats.
 *
 *   version:u8 | chainId:u32 | height:u32 | parentHash:32 | ledgerHeight:u32 | ledgerParentHash:32
 *   | vrfProof:81 | recordCount:u32 | txRoot:32 | receiptsRoot:32 | clarityReceiptsRoot:32 | stateRoot:32
 *   | hasQc:u8 (0 or 1) | [quorum certificate, §15.8]
 *
 * 291 bytes without a certificate.
 */
export interface BlockHeader {
  version: number;
  /** The inference chain's id (the same value inference transactions and receipts carry). */
  chainId: number;
  height: number;
  /** Hash of the parent inference block (32 zero bytes for height 0). */
  parentHash: Uint8Array;
  /** Height L of the ledger block whose COMMIT carries this block's hash (the electing block is L's). */
  ledgerHeight: number;
  /** Hash of ledger block L − 1 (internal byte order), known when the commit is built. */
  ledgerParentHash: Uint8Array;
  /** SECP256K1_SHA256_TAI proof over the previous election seed (81 bytes). */
  vrfProof: Uint8Array;
  /** Number of receipts in the body: the length of every vote's verdict bitmap. */
  recordCount: number;
  /** RFC 6962 root over the body's transaction leaves (§15.7). */
  txRoot: Uint8Array;
  /** RFC 6962 root over the body's signed receipts (§15.7). */
  receiptsRoot: Uint8Array;
  /** The Clarity host's receipts root of executing this block (§13.2). */
  clarityReceiptsRoot: Uint8Array;
  /** Clarity state root after this block; 32 zero bytes until the host provides one. */
  stateRoot: Uint8Array;
  /** Certificate of an earlier block of this chain, or null. */
  qc: QuorumCertificate | null;
}

export const HEADER_SIZE_WITHOUT_QC = 1 + 4 + 4 + 32 + 4 + 32 + VRF_PROOF_SIZE + 4 + 32 * 4 + 1;

/** Domain tag of the block hash (14 bytes). */
export const BLOCK_HASH_DOMAIN = new TextEncoder().encode('FUNAI-BLOCK-V1');

function u32ok(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

/** The broken field rule of a header the encoder would refuse, or null. */
export function headerShapeError(h: BlockHeader): string | null {
  if (h.version !== BLOCK_VERSION) return 'header-version';
  if (!u32ok(h.chainId)) return 'header-chain-id';
  if (!u32ok(h.height)) return 'header-height';
  if (!u32ok(h.ledgerHeight)) return 'header-ledger-height';
  if (!Number.isInteger(h.recordCount) || h.recordCount < 0 || h.recordCount > MAX_BLOCK_RECORDS)
    return 'header-record-count';
  if (h.vrfProof.length !== VRF_PROOF_SIZE) return 'header-vrf-proof';
  for (const f of [
    'parentHash',
    'ledgerParentHash',
    'txRoot',
    'receiptsRoot',
    'clarityReceiptsRoot',
    'stateRoot',
  ] as const)
    if (h[f].length !== 32) return `header-${f}`;
  return null;
}

export function writeHeader(w: ByteWriter, h: BlockHeader): void {
  const err = headerShapeError(h);
  if (err) throw new RangeError(`malformed block header: ${err}`);
  w.u8(h.version)
    .u32le(h.chainId)
    .u32le(h.height)
    .bytes(h.parentHash)
    .u32le(h.ledgerHeight)
    .bytes(h.ledgerParentHash)
    .bytes(h.vrfProof)
    .u32le(h.recordCount)
    .bytes(h.txRoot)
    .bytes(h.receiptsRoot)
    .bytes(h.clarityReceiptsRoot)
    .bytes(h.stateRoot);
  if (h.qc === null) w.u8(0);
  else {
    w.u8(1);
    writeCertificate(w, h.qc);
  }
}

export function readHeader(r: ByteReader): BlockHeader {
  const version = r.u8();
  if (version !== BLOCK_VERSION) throw new DecodeError('header-version', `version ${version}`);
  const chainId = r.u32le();
  const height = r.u32le();
  const parentHash = r.bytes(32).slice();
  const ledgerHeight = r.u32le();
  const ledgerParentHash = r.bytes(32).slice();
  const vrfProof = r.bytes(VRF_PROOF_SIZE).slice();
  const recordCount = r.u32le();
  if (recordCount > MAX_BLOCK_RECORDS) throw new DecodeError('header-record-count', `${recordCount}`);
  const txRoot = r.bytes(32).slice();
  const receiptsRoot = r.bytes(32).slice();
  const clarityReceiptsRoot = r.bytes(32).slice();
  const stateRoot = r.bytes(32).slice();
  const hasQc = r.u8();
  if (hasQc > 1) throw new DecodeError('header-qc-flag', `flag ${hasQc}`);
  const qc = hasQc === 1 ? readCertificate(r) : null;
  return {
    version,
    chainId,
    height,
    parentHash,
    ledgerHeight,
    ledgerParentHash,
    vrfProof,
    recordCount,
    txRoot,
    receiptsRoot,
    clarityReceiptsRoot,
    stateRoot,
    qc,
  };
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  const w = new ByteWriter(HEADER_SIZE_WITHOUT_QC + (h.qc ? 142 + h.qc.groups.length * 513 : 0));
  writeHeader(w, h);
  return w.finish();
}

export function decodeHeader(bytes: Uint8Array): BlockHeader {
  const r = new ByteReader(bytes);
  const h = readHeader(r);
  r.end();
  return h;
}

/**
 * The block hash: SHA-256("FUNAI-BLOCK-V1" ‖ encodeHeader(header)), over the whole header including the
 * certificate it carries. This is the value a COMMIT anchors in the ledger and verifiers vote on.
 */
export function blockHash(header: BlockHeader): Uint8Array {
  const enc = encodeHeader(header);
  const buf = new Uint8Array(BLOCK_HASH_DOMAIN.length + enc.length);
  buf.set(BLOCK_HASH_DOMAIN, 0);
  buf.set(enc, BLOCK_HASH_DOMAIN.length);
  return Uint8Array.from(sha256(buf));
}
