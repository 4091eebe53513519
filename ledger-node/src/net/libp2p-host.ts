/**
 * The libp2p host of the ledger network: TCP, Noise, Yamux, identify, ping and a metered gossipsub
 * for the transaction and block topics, behind a connection gater that refuses banned peers and
 * addresses. p2p-node.ts builds one at start.
 */
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { createLibp2p } from 'libp2p';
import { LEDGER_VERSION } from '../version.js';
import type { BanList } from './ban-list.js';
import { funaiGossipsubOptions } from './gossip-options.js';
import type { GossipTrafficHooks } from './gossip-traffic.js';
import { meteredGossip } from './gossip-traffic.js';
import type { Libp2pNode, Multiaddr, PeerId, PrivateKey } from './libp2p-types.js';
import type { NetLimits } from './limits.js';
import { ipPortOf, peerIdOf } from './peer-address.js';
import type { Topics } from './protocols.js';
import { MAX_GOSSIP_FRAME_BYTES } from './protocols.js';
import { gossipMessageId } from './relay.js';

export interface Libp2pHostOptions {
  privateKey: PrivateKey;
  /** Multiaddrs to listen on. */
  listen: string[];
  userAgent: string;
  limits: NetLimits;
  topics: Topics;
  bans: BanList;
  /** UNIX seconds, for ban expiry. */
  nowSeconds: () => number;
  /** Per-peer metering of the gossip streams. */
  gossipTraffic: GossipTrafficHooks;
}

/** Creates the host, not yet started. */
export async function createLibp2pHost(o: Libp2pHostOptions): Promise<Libp2pNode> {
  const banned = (id: PeerId) => o.bans.isPeerBanned(id.toString(), o.nowSeconds());
  const bannedAddr = (ma: Multiaddr) => {
    const ip = ipPortOf(ma.toString());
    return ip !== undefined && o.bans.isAddressBanned(ip.ip, o.nowSeconds());
  };
  return createLibp2p({
    start: false,
    privateKey: o.privateKey,
    nodeInfo: { name: 'funai-ledger', version: LEDGER_VERSION, userAgent: o.userAgent },
    addresses: { listen: o.listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: {
      maxConnections: o.limits.maxConnections,
      inboundConnectionThreshold: o.limits.inboundConnectionsPerSecond,
    },
    connectionGater: {
      denyDialPeer: banned,
      denyDialMultiaddr: (ma) => {
        const id = peerIdOf(ma.toString());
        return bannedAddr(ma) || (id !== undefined && o.bans.isPeerBanned(id, o.nowSeconds()));
      },
      denyInboundConnection: (maConn) => bannedAddr(maConn.remoteAddr),
      denyInboundEncryptedConnection: banned,
      denyOutboundEncryptedConnection: banned,
    },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: meteredGossip(
        gossipsub(
          funaiGossipsubOptions({
            msgIdFn: gossipMessageId,
            allowedTopics: [o.topics.tx, o.topics.block],
            maxInboundDataLength: MAX_GOSSIP_FRAME_BYTES,
          }),
        ),
        o.gossipTraffic,
      ),
    },
  });
}
