/**
 * The request protocols this node answers: status (the handshake), headers, blocks (both versions)
 * and addrs. Each
 * request is rate-limited and size-bounded (request.ts); malformed or oversized requests score the
 * peer.
 */
import type { Logger } from 'pino';
import type { ServedChain } from './chain-server.js';
import { headersAfter } from './chain-server.js';
import type { Libp2pNode } from './libp2p-types.js';
import type { NetLimits } from './limits.js';
import { MISBEHAVIOUR } from './limits.js';
import type { StatusMessage } from './messages.js';
import {
  decodeGetBlocks,
  decodeGetHeaders,
  decodeStatus,
  encodeAddrs,
  encodeBlockResponse,
  encodeHeaders,
  encodeStatus,
} from './messages.js';
import type { PeerManager } from './peers.js';
import type { ProtocolIds } from './protocols.js';
import { FRAME_LIMITS, MAX_BLOCKS_PER_REQUEST, MAX_BLOCKS_PER_REQUEST_V1 } from './protocols.js';
import type { ServeHooks, TrafficHooks } from './request.js';
import { serve } from './request.js';

export interface ServedProtocols {
  node: Libp2pNode;
  ids: ProtocolIds;
  limits: NetLimits;
  peers: PeerManager;
  traffic: TrafficHooks;
  chain: ServedChain;
  log: Logger;
  /** What this node says of itself in the handshake. */
  localStatus(): StatusMessage;
  /** A peer's side of the handshake arrived (our reply is queued: it goes out as the handler returns). */
  onStatus(peer: string, status: StatusMessage): void;
  /** Addresses of other peers to share with `peer`. */
  shareableAddrs(peer: string): Promise<string[]>;
}

/** Registers the handlers of the request protocols on the host. */
export async function serveProtocols(s: ServedProtocols): Promise<void> {
  const pm = s.peers;
  const hooks: ServeHooks = {
    ...s.traffic,
    allow: (peer) => pm.allow(peer, 'request'),
    onViolation: (peer, reason) =>
      pm.misbehaving(
        peer,
        reason.startsWith('malformed') ? MISBEHAVIOUR.malformed : MISBEHAVIOUR.oversized,
        reason,
      ),
    onError: (peer, err) => s.log.debug({ peer, err: err.message }, 'request not served'),
  };
  const base = { timeoutMs: s.limits.requestTimeoutMs, maxInboundStreams: s.limits.maxStreamsPerProtocol };
  const { ids, chain } = s;

  await serve(
    s.node,
    ids.status,
    { ...base, requestLimit: FRAME_LIMITS.status },
    hooks,
    async (req, peer, reply) => {
      const status = decodeStatus(req);
      await reply(encodeStatus(s.localStatus()));
      s.onStatus(peer, status);
    },
  );
  await serve(
    s.node,
    ids.headers,
    { ...base, requestLimit: FRAME_LIMITS.getHeaders },
    hooks,
    async (req, _peer, reply) => {
      await reply(encodeHeaders(headersAfter(chain, decodeGetHeaders(req))));
    },
  );
  // Blocks are served as stored (no decoding or re-encoding), in request order.
  const serveBlocks = (id: string, maxHashes: number, requestLimit: number) =>
    serve(
      s.node,
      id,
      { ...base, timeoutMs: s.limits.blockRequestTimeoutMs, requestLimit },
      hooks,
      async (req, _peer, reply) => {
        for (const hash of decodeGetBlocks(req, maxHashes))
          await reply(encodeBlockResponse(chain.getRawBlock(hash)));
      },
    );
  await serveBlocks(ids.blocks, MAX_BLOCKS_PER_REQUEST, FRAME_LIMITS.getBlocks);
  await serveBlocks(ids.blocksV1, MAX_BLOCKS_PER_REQUEST_V1, FRAME_LIMITS.getBlocksV1);
  await serve(
    s.node,
    ids.addrs,
    { ...base, requestLimit: FRAME_LIMITS.getAddrs },
    hooks,
    async (_req, peer, reply) => {
      await reply(encodeAddrs(await s.shareableAddrs(peer)));
    },
  );
}
