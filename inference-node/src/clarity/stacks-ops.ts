import type { Op } from '@funai/clarity';
import {
  AddressHashMode,
  AddressVersion,
  addressFromVersionHash,
  addressToString,
  type ContractCallPayload,
  PayloadType,
  type TokenTransferPayloadWire,
} from '@stacks/transactions';
import type { DecodedStacksTx } from '../block/stacks.js';

/** Contract name of the ops the host refuses (`unknown-contract`): what it cannot execute. */
const NOT_EXECUTABLE = 'not-executable';

/**
 * A block's Stacks transaction as the Clarity host's user op (§13.11, §15.7): a token transfer is a
 * `transfer` of FAI, a contract call of a genesis contract (deployed by the system principal) a `call`,
 * with `sender` the origin's standard principal (testnet single-sig version 26, or 21 for a multi-sig
 * origin). A call of any other contract and a deployment become a call the host refuses
 * (`unknown-contract`), so every transaction keeps its receipt.
 */
export function stacksUserOp(d: DecodedStacksTx, systemPrincipal: string): Op {
  const cond = d.tx.auth.spendingCondition as { signer: string; hashMode: number };
  const single = cond.hashMode === AddressHashMode.P2PKH || cond.hashMode === AddressHashMode.P2WPKH;
  const sender = addressToString(
    addressFromVersionHash(
      single ? AddressVersion.TestnetSingleSig : AddressVersion.TestnetMultiSig,
      cond.signer,
    ),
  );
  const payload = d.tx.payload;
  if (payload.payloadType === PayloadType.TokenTransfer) {
    const p = payload as TokenTransferPayloadWire;
    return { type: 'transfer', sender, recipient: String(p.recipient.value), amount: BigInt(p.amount) };
  }
  if (payload.payloadType === PayloadType.ContractCall) {
    const p = payload as ContractCallPayload;
    const owner = addressToString(p.contractAddress);
    return {
      type: 'call',
      sender,
      contract: owner === systemPrincipal ? p.contractName.content : NOT_EXECUTABLE,
      fn: p.functionName.content,
      args: p.functionArgs,
    };
  }
  return { type: 'call', sender, contract: NOT_EXECUTABLE, fn: 'deploy', args: [] };
}
