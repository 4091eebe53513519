/**
 * libp2p 3's types, derived from the installed `libp2p` package itself, so that this code is typed
 * against the API libp2p runs with whichever copy of `@libp2p/interface` npm hoists.
 */
import type { createLibp2p } from 'libp2p';

export type Libp2pNode = Awaited<ReturnType<typeof createLibp2p>>;
export type Connection = ReturnType<Libp2pNode['getConnections']>[number];
export type Stream = Awaited<ReturnType<Connection['newStream']>>;
export type PeerId = Connection['remotePeer'];
export type Multiaddr = Connection['remoteAddr'];
export type Libp2pOptions = NonNullable<Parameters<typeof createLibp2p>[0]>;
export type ConnectionGater = NonNullable<Libp2pOptions['connectionGater']>;
export type PrivateKey = NonNullable<Libp2pOptions['privateKey']>;
