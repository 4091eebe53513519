import { AddNodeError, P2PDisabledError } from '../../net/network-service.js';
import { numericVersion, USER_AGENT } from '../../version.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';
import type { RpcMethodDef } from '../registry.js';
import { feeRateToJson } from './fee-args.js';

/** The P2P protocol's version number on getnetworkinfo (FUN AI's libp2p protocols are versioned apart from Bitcoin's). */
export const NETWORK_PROTOCOL_VERSION = 1;

export function networkMethods(node: RpcNode): RpcMethodDef[] {
  const net = node.network;
  return [
    {
      name: 'getnetworkinfo',
      category: 'network',
      help: 'Returns an object containing various state info regarding P2P networking.',
      handler: () => {
        const c = net.connectionCounts();
        return {
          version: numericVersion(),
          subversion: USER_AGENT,
          protocolversion: NETWORK_PROTOCOL_VERSION,
          localservices: '0000000000000000',
          localservicesnames: [],
          localrelay: true,
          timeoffset: 0,
          networkactive: net.active,
          connections: c.inbound + c.outbound,
          connections_in: c.inbound,
          connections_out: c.outbound,
          networks: [],
          relayfee: feeRateToJson(node.mempool.policy.minRelayFeeRate),
          incrementalfee: feeRateToJson(node.mempool.policy.incrementalRelayFeeRate),
          localaddresses: [],
          warnings: [],
        };
      },
    },
    {
      name: 'getpeerinfo',
      category: 'network',
      help: 'Returns data about each connected network peer as a json array of objects.',
      handler: () => net.peerInfo(),
    },
    {
      name: 'getconnectioncount',
      category: 'network',
      help: 'Returns the number of connections to other nodes.',
      result: 'n    (numeric) The connection count',
      handler: () => {
        const c = net.connectionCounts();
        return c.inbound + c.outbound;
      },
    },
    {
      name: 'addnode',
      category: 'network',
      params: [
        {
          name: 'node',
          type: 'string',
          help: 'The address of the peer to connect to (host:port or a multiaddr)',
        },
        {
          name: 'command',
          type: 'string',
          help: "'add' to add a node to the list, 'remove' to remove a node from the list, 'onetry' to try a connection to the node once",
        },
        {
          name: 'v2transport',
          type: 'boolean',
          optional: true,
          help: 'Ignored (FUN AI peers always use Noise)',
        },
      ],
      help: 'Attempts to add or remove a node from the addnode list, or try a connection to a node once.',
      result: 'null',
      handler: async (args) => {
        const command = args.command as string;
        if (command !== 'add' && command !== 'remove' && command !== 'onetry') {
          throw new RpcError(
            RpcErrorCode.MISC_ERROR,
            `addnode "node" "command"\n\nInvalid command '${command}': use add, remove or onetry`,
          );
        }
        try {
          await net.addNode(args.node as string, command);
        } catch (e) {
          if (e instanceof AddNodeError) {
            const code =
              e.kind === 'already-added'
                ? RpcErrorCode.CLIENT_NODE_ALREADY_ADDED
                : e.kind === 'not-added'
                  ? RpcErrorCode.CLIENT_NODE_NOT_ADDED
                  : RpcErrorCode.CLIENT_INVALID_IP_OR_SUBNET;
            throw new RpcError(code, e.message);
          }
          throw e;
        }
        return null;
      },
    },
    {
      name: 'getaddednodeinfo',
      category: 'network',
      params: [
        {
          name: 'node',
          type: 'string',
          optional: true,
          help: 'If provided, return information about this specific node',
        },
      ],
      help: 'Returns information about the given added node, or all added nodes.',
      handler: (args) => {
        const all = net.addedNodes().map((n) => ({ ...n, addresses: [] }));
        const want = args.node as string | undefined;
        if (want === undefined) return all;
        const found = all.filter((n) => n.addednode === want);
        if (found.length === 0) {
          throw new RpcError(RpcErrorCode.CLIENT_NODE_NOT_ADDED, 'Error: Node has not been added.');
        }
        return found;
      },
    },
    {
      name: 'getnettotals',
      category: 'network',
      help: 'Returns information about network traffic, including bytes in, bytes out, and current system time.',
      handler: () => {
        const t = net.netTotals();
        return { totalbytesrecv: t.totalBytesRecv, totalbytessent: t.totalBytesSent, timemillis: Date.now() };
      },
    },
    {
      name: 'disconnectnode',
      category: 'network',
      params: [
        { name: 'address', type: 'string', optional: true, help: 'The address or peer id of the node' },
        { name: 'nodeid', type: 'int', optional: true, help: 'The node id (see getpeerinfo for node ids)' },
      ],
      help: 'Immediately disconnects from the specified peer node. Give either address or nodeid, not both.',
      result: 'null',
      handler: (args) => {
        const address = args.address as string | undefined;
        const nodeId = args.nodeid as number | undefined;
        if ((address === undefined || address === '') === (nodeId === undefined)) {
          throw new RpcError(
            RpcErrorCode.INVALID_PARAMS,
            'Only one of address and nodeid should be provided.',
          );
        }
        if (!net.disconnectNode(address || nodeId!)) {
          throw new RpcError(RpcErrorCode.CLIENT_NODE_NOT_CONNECTED, 'Node not found in connected nodes');
        }
        return null;
      },
    },
    {
      name: 'setban',
      category: 'network',
      params: [
        {
          name: 'subnet',
          type: 'string',
          help: 'The IP/subnet (with an optional /netmask) or libp2p peer id',
        },
        {
          name: 'command',
          type: 'string',
          help: "'add' to add to the list, 'remove' to remove from the list",
        },
        {
          name: 'bantime',
          type: 'int',
          optional: true,
          default: 0,
          help: 'Seconds to ban (0: the -bantime default)',
        },
        { name: 'absolute', type: 'boolean', optional: true, default: false, help: 'bantime is a UNIX time' },
      ],
      help: 'Attempts to add or remove an IP/subnet or peer from the banned list.',
      result: 'null',
      handler: (args) => {
        const command = args.command as string;
        if (command !== 'add' && command !== 'remove') {
          throw new RpcError(
            RpcErrorCode.MISC_ERROR,
            `setban "subnet" "command"\n\nInvalid command '${command}'`,
          );
        }
        try {
          net.setBan(args.subnet as string, command, args.bantime as number, args.absolute as boolean);
        } catch (e) {
          if (e instanceof P2PDisabledError) throw new RpcError(RpcErrorCode.CLIENT_P2P_DISABLED, e.message);
          if (e instanceof TypeError) {
            throw new RpcError(RpcErrorCode.CLIENT_INVALID_IP_OR_SUBNET, 'Error: Invalid IP/Subnet');
          }
          if (e instanceof RangeError) throw new RpcError(RpcErrorCode.INVALID_PARAMETER, e.message);
          if (e instanceof Error && /Unban failed/.test(e.message)) {
            throw new RpcError(RpcErrorCode.CLIENT_INVALID_IP_OR_SUBNET, `Error: ${e.message}`);
          }
          throw e;
        }
        return null;
      },
    },
    {
      name: 'listbanned',
      category: 'network',
      help: 'List all manually and automatically banned IPs/subnets and peers.',
      handler: () => {
        const now = Math.floor(Date.now() / 1000);
        return net.listBanned().map((b) => ({
          address: b.subject,
          ban_created: b.created,
          banned_until: b.banUntil,
          ban_duration: b.banUntil - b.created,
          time_remaining: Math.max(0, b.banUntil - now),
          ban_reason: b.reason,
        }));
      },
    },
    {
      name: 'clearbanned',
      category: 'network',
      help: 'Clear all banned IPs and peers.',
      result: 'null',
      handler: () => {
        net.clearBanned();
        return null;
      },
    },
  ];
}
