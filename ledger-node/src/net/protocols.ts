/**
 * Protocol ids, gossip topics and the size limits of every P2P message. Every id and topic carries
 * the network's genesis hash, so nodes of different networks never exchange a message: their
 * streams fail protocol negotiation and their topics never meet.
 */
import { MAX_BLOCK_WEIGHT } from '../consensus/limits.js';
import { MAX_STANDARD_TX_WEIGHT } from '../mempool/policy.js';
import { hashToHex } from '../wire/bytes.js';

export const P2P_PROTOCOL_VERSION = 1;

/** Request/response protocols (one request frame, then response frames, then end of stream). */
export interface ProtocolIds {
  status: string;
  headers: string;
  /** Get-blocks, up to MAX_BLOCKS_PER_REQUEST hashes a request. */
  blocks: string;
  /** The first get-blocks, up to MAX_BLOCKS_PER_REQUEST_V1 hashes: still served, no longer requested. */
  blocksV1: string;
  addrs: string;
}

/** Gossipsub topics. */
export interface Topics {
  tx: string;
  block: string;
}

export interface NetworkProtocols {
  ids: ProtocolIds;
  topics: Topics;
  /** Display hex of the genesis hash the ids carry. */
  genesis: string;
}

export function networkProtocols(genesisHash: Uint8Array): NetworkProtocols {
  const g = hashToHex(genesisHash);
  const id = (name: string, version = P2P_PROTOCOL_VERSION) => `/funai-ledger/${g}/${name}/${version}`;
  return {
    genesis: g,
    ids: {
      status: id('status'),
      headers: id('headers'),
      blocks: id('blocks', 2),
      blocksV1: id('blocks', 1),
      addrs: id('addrs'),
    },
    topics: { tx: `funai-ledger/${g}/tx/1`, block: `funai-ledger/${g}/block/1` },
  };
}

/** Bytes of the little-endian length in front of every frame of the request/response protocols. */
export const FRAME_HEADER_BYTES = 4;

/** Core's MAX_LOCATOR_SZ. */
export const MAX_LOCATOR_HASHES = 101;
/** Core's MAX_HEADERS_RESULTS: headers in one response. */
export const MAX_HEADERS_RESULTS = 2000;
/**
 * Hashes in one get-blocks request. Small blocks are asked for many at a time: every request
 * costs a stream (its negotiation, its end) and a round trip, which for a few-kilobyte block
 * cost as much as the block itself; the requester sizes each request by the blocks' bytes (sync.ts).
 */
export const MAX_BLOCKS_PER_REQUEST = 128;
/** Hashes in one request of the first blocks protocol (Core's MAX_BLOCKS_IN_TRANSIT_PER_PEER). */
export const MAX_BLOCKS_PER_REQUEST_V1 = 16;
/** A block's serialization is never larger than its weight. */
export const MAX_BLOCK_BYTES = MAX_BLOCK_WEIGHT;
/** A relayed transaction must be standard, and a standard transaction's size is below its weight limit. */
export const MAX_TX_BYTES = MAX_STANDARD_TX_WEIGHT;
export const MAX_USER_AGENT_BYTES = 256;
export const MAX_ADDRS = 250;
export const MAX_ADDR_BYTES = 256;

/** Largest frame payload per message kind. */
export const FRAME_LIMITS = {
  status: 4 + 4 + 32 + 32 + 3 + MAX_USER_AGENT_BYTES,
  getHeaders: 3 + MAX_LOCATOR_HASHES * 32 + 32,
  headers: 3 + MAX_HEADERS_RESULTS * 80,
  getBlocks: 1 + MAX_BLOCKS_PER_REQUEST * 32,
  getBlocksV1: 1 + MAX_BLOCKS_PER_REQUEST_V1 * 32,
  blockResponse: 1 + MAX_BLOCK_BYTES,
  getAddrs: 0,
  addrs: 3 + MAX_ADDRS * (3 + MAX_ADDR_BYTES),
} as const;

/**
 * Largest gossipsub RPC frame accepted: a full block plus the protobuf envelope and control
 * messages that may ride along.
 */
export const MAX_GOSSIP_FRAME_BYTES = MAX_BLOCK_BYTES + 64 * 1024;
