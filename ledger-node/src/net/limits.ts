import type { RateLimit } from './rate-limit.js';

/** Tunables of the network layer; every per-peer structure is bounded by one of them. */
export interface NetLimits {
  /** Open connections at most (inbound and outbound). */
  maxConnections: number;
  /** Outbound connections the node tries to keep when it may pick peers itself (no -connect). */
  targetOutbound: number;
  /** Concurrent inbound streams per protocol and connection. */
  maxStreamsPerProtocol: number;
  /** New inbound connections accepted per second from one host. */
  inboundConnectionsPerSecond: number;
  /** Deadline of a status, headers or addrs request. */
  requestTimeoutMs: number;
  /** Deadline of a get-blocks request (its blocks must all arrive by then). */
  blockRequestTimeoutMs: number;
  /**
   * When the block right after the tip has been in flight this long and the download window is
   * full, it is requested again from another peer (Core's stalling detection).
   */
  stallTimeoutMs: number;
  /**
   * Blocks in flight from one peer at most. Requests are sized by the blocks' bytes (sync.ts): two
   * of up to 128 small blocks, or four of 16 large ones, pipelined so that the next streams in
   * while the chain state connects the last.
   */
  maxBlocksInFlightPerPeer: number;
  /** Blocks ahead of the tip that may be requested (Core's BLOCK_DOWNLOAD_WINDOW). */
  blockDownloadWindow: number;
  /** Hashes a peer may answer "not found" for before the set is cleared (bounded memory). */
  maxNotFoundPerPeer: number;
  /** Inbound requests (streams of the request protocols) per peer. */
  requestRate: RateLimit;
  /** Gossip transactions per peer. */
  txRate: RateLimit;
  /** Gossip blocks per peer. */
  blockRate: RateLimit;
  /** Gossipsub RPC frames per peer (control traffic included). */
  gossipFrameRate: RateLimit;
  /** Misbehaviour score at which a peer is banned. */
  banScore: number;
  /** Seconds a misbehaving peer stays banned (Core's -bantime). */
  banTimeSeconds: number;
  /** Interval of the progress line while blocks are downloaded. */
  progressIntervalMs: number;
  /** How often every peer is asked for headers past our best one (catches missed announcements). */
  headersPollMs: number;
  /** How often added nodes are redialled and the outbound target is topped up. */
  reconnectMs: number;
}

export const DEFAULT_LIMITS: NetLimits = {
  maxConnections: 125,
  targetOutbound: 8,
  maxStreamsPerProtocol: 4,
  inboundConnectionsPerSecond: 10,
  requestTimeoutMs: 15_000,
  blockRequestTimeoutMs: 30_000,
  stallTimeoutMs: 2_000,
  maxBlocksInFlightPerPeer: 256,
  blockDownloadWindow: 1024,
  maxNotFoundPerPeer: 4096,
  requestRate: { ratePerSecond: 50, burst: 500 },
  txRate: { ratePerSecond: 100, burst: 2000 },
  blockRate: { ratePerSecond: 50, burst: 500 },
  gossipFrameRate: { ratePerSecond: 500, burst: 5000 },
  banScore: 100,
  banTimeSeconds: 24 * 60 * 60,
  progressIntervalMs: 5_000,
  headersPollMs: 60_000,
  reconnectMs: 10_000,
};

/** Misbehaviour scores (Core's Misbehaving amounts where Core has the rule). */
export const MISBEHAVIOUR = {
  invalidBlock: 100,
  invalidHeader: 100,
  invalidTx: 100,
  malformed: 100,
  oversized: 100,
  unrequestedBlock: 100,
  nonContinuousHeaders: 20,
  unconnectingHeaders: 20,
  flood: 10,
} as const;
