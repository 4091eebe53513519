/**
 * Equivocation reports in blocks (docs/protocol.md §13.8, §15.5, §16.5): a producer puts each pending
 * equivocation proof (414 bytes, `ExecutedRecords.equivocations()`) into its next candidate as a Stacks
 * contract call `staking.report-equivocation (a (buff 207)) (b (buff 207))` signed with the node's executor
 * key (its principal is the submitter, paid 10 % of the slashed bond). Nonces and fees of user Stacks
 * transactions are not enforced yet (§16.8): the call is built with nonce 0 and fee 0, so one proof always
 * gives the same transaction. A proof leaves the queue once an accepted block carries a report of it (this
 * node's or anyone's: staking accepts one report per executor and transaction, u215).
 */
import {
  Cl,
  ClarityType,
  type ContractCallPayload,
  makeContractCall,
  PayloadType,
  serializeTransactionBytes,
} from '@stacks/transactions';
import type { Block } from '../block/body.js';
import { MAX_BLOCK_STACKS_TXS } from '../block/limits.js';
import { decodeStacksTx, inferenceStacksNetwork } from '../block/stacks.js';
import { EQUIVOCATION_PROOF_SIZE } from '../tx/equivocation.js';
import { SIGNED_RECEIPT_SIZE } from '../tx/receipt.js';

/** Reports a candidate carries at most (the rest wait for the next one). */
export const MAX_BLOCK_REPORTS = Math.min(16, MAX_BLOCK_STACKS_TXS);

/** The signed `staking.report-equivocation` call for a 414-byte proof (Stacks wire bytes). */
export async function equivocationReportTx(
  proof: Uint8Array,
  o: { executorKey: Uint8Array; chainId: number; systemPrincipal: string },
): Promise<Uint8Array> {
  if (proof.length !== EQUIVOCATION_PROOF_SIZE)
    throw new RangeError(`a proof is ${EQUIVOCATION_PROOF_SIZE} bytes`);
  // The suffix 01 marks a compressed key: the sender is the principal of the compressed executor key.
  const key = `${Buffer.from(o.executorKey).toString('hex')}01`;
  const tx = await makeContractCall({
    contractAddress: o.systemPrincipal,
    contractName: 'staking',
    functionName: 'report-equivocation',
    functionArgs: [
      Cl.buffer(proof.subarray(0, SIGNED_RECEIPT_SIZE)),
      Cl.buffer(proof.subarray(SIGNED_RECEIPT_SIZE)),
    ],
    senderKey: key,
    nonce: 0n,
    fee: 0n,
    network: inferenceStacksNetwork(o.chainId),
    postConditionMode: 'allow',
  });
  return serializeTransactionBytes(tx);
}

/** The proofs (414 bytes each) that a block's `staking.report-equivocation` calls report, in block order. */
export function reportedProofs(block: Pick<Block, 'body'>): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const bytes of block.body.stacksTxs) {
    let payload: ContractCallPayload;
    try {
      const d = decodeStacksTx(bytes);
      if (d.tx.payload.payloadType !== PayloadType.ContractCall) continue;
      payload = d.tx.payload as ContractCallPayload;
    } catch {
      continue;
    }
    if (payload.contractName.content !== 'staking' || payload.functionName.content !== 'report-equivocation')
      continue;
    const [a, b] = payload.functionArgs;
    if (a?.type !== ClarityType.Buffer || b?.type !== ClarityType.Buffer) continue;
    const proof = Buffer.from(a.value + b.value, 'hex');
    if (proof.length === EQUIVOCATION_PROOF_SIZE) out.push(Uint8Array.from(proof));
  }
  return out;
}
