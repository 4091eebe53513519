// Addresses in RPC arguments and answers: this node's network only, with bitcoind's errors and
// Core's DescribeAddress fields.
import type { Destination } from '../../address/address.js';
import { decodeAddress, destinationToScript, encodeAddress } from '../../address/address.js';
import { AddressError } from '../../address/errors.js';
import { toHex } from '../../wire/bytes.js';
import type { RpcNode } from '../context.js';
import { RpcError, RpcErrorCode } from '../errors.js';

/** An address of this node's network; bitcoind's RPC_INVALID_ADDRESS_OR_KEY (with `message`) otherwise. */
export function addressParam(node: RpcNode, address: string, message?: string): Destination {
  try {
    return decodeAddress(address, node.params.addressPrefixes);
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    throw new RpcError(RpcErrorCode.INVALID_ADDRESS_OR_KEY, message ?? `Invalid FUN AI address: ${address}`);
  }
}

/** An address of this node's network to its scriptPubKey; bitcoind's error otherwise. */
export function addressScript(node: RpcNode, address: string, message?: string): Uint8Array {
  return destinationToScript(addressParam(node, address, message));
}

/** What validateaddress and getaddressinfo say of an address's kind (Core's DescribeAddress). */
export function destinationFields(dest: Destination) {
  return {
    isscript:
      dest.type === 'p2sh' || (dest.type === 'witness' && dest.version === 0 && dest.program.length === 32),
    iswitness: dest.type === 'witness',
    ...(dest.type === 'witness'
      ? { witness_version: dest.version, witness_program: toHex(dest.program) }
      : {}),
  };
}

/** validateaddress's answer for a valid address. */
export function describeAddress(node: RpcNode, address: string) {
  const dest = decodeAddress(address, node.params.addressPrefixes);
  return {
    isvalid: true,
    address: encodeAddress(dest, node.params.addressPrefixes),
    scriptPubKey: toHex(destinationToScript(dest)),
    ...destinationFields(dest),
  };
}
