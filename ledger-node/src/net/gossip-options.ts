/**
 * The gossipsub settings every FUN AI network uses (the ledger's transactions and blocks, the
 * inference chain's blocks, votes and records): messages unsigned and named by a hash of their
 * bytes, validated asynchronously before they are forwarded, flood-published, no peer exchange, and
 * only the network's own topics. Exported through @funai/ledger-node/node-kit.
 */
import type { gossipsub } from '@libp2p/gossipsub';

export type GossipsubOptions = NonNullable<Parameters<typeof gossipsub>[0]>;

export function funaiGossipsubOptions(o: {
  /** The message id: a hash of the message's bytes. */
  msgIdFn: (msg: { data: Uint8Array }) => Uint8Array;
  allowedTopics: string[];
  /** The largest message accepted, in bytes. */
  maxInboundDataLength: number;
}): GossipsubOptions {
  return {
    globalSignaturePolicy: 'StrictNoSign',
    msgIdFn: o.msgIdFn,
    asyncValidation: true,
    allowPublishToZeroTopicPeers: true,
    ignoreDuplicatePublishError: true,
    emitSelf: false,
    fallbackToFloodsub: false,
    floodPublish: true,
    doPX: false,
    allowedTopics: o.allowedTopics,
    maxInboundDataLength: o.maxInboundDataLength,
  };
}
