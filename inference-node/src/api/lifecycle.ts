/**
 * The lifecycle of an inference transaction as `GET /funai/v1/tx/<id>` reports it (docs/protocol.md
 * §17.5), with the data a client needs to check each step itself. The daemon implements
 * `LifecycleProvider` over its chain state; the client's `verifyLifecycle` checks the proofs.
 */
export type TxStatus = 'executed' | 'included' | 'certified' | 'anchored' | 'reclaimed' | 'rejected';

export const TX_STATUSES: readonly TxStatus[] = [
  'executed',
  'included',
  'certified',
  'anchored',
  'reclaimed',
  'rejected',
];

/** Where the transaction sits in an inference block: the header and the Merkle path of its id. */
export interface BlockInclusion {
  /** The encoded block header, hex. */
  header: string;
  /** Index of the record (transaction and receipt) in the block. */
  index: number;
  /** Leaves of the transaction tree: the block's records plus its Stacks transactions. */
  txLeafCount: number;
  /** RFC 6962 audit path (§15.7) of the leaf 0x01 ‖ txId up to the header's txRoot, hex, leaf level first. */
  path: string[];
  /** Audit path of the 207-byte signed receipt up to the header's receiptsRoot (recordCount leaves). */
  receiptPath: string[];
}

/** The quorum certificate over the block, and the verifier set's BLS keys it is checked against. */
export interface CertificateProof {
  /** The encoded quorum certificate, hex. */
  certificate: string;
  /** The verifier set of the block's reward cycle: 48-byte BLS public keys, hex, in set order. */
  verifierKeys: string[];
}

/** The ledger commit that anchors the block: its transaction and the Merkle branch to the ledger header. */
export interface AnchorProof {
  ledgerHeight: number;
  /** Hex, RPC display order (reversed), as the ledger's JSON-RPC shows it. */
  ledgerBlockHash: string;
  /** Hex, RPC display order. */
  ledgerTxid: string;
  /** The 80-byte ledger block header, hex. */
  ledgerHeader: string;
  /** The raw commit transaction, hex. */
  commitTx: string;
  /** Merkle branch of `ledgerTxid` to the header's Merkle root (hex, internal byte order, leaf level first). */
  branch: string[];
  /** Index of the commit transaction in the ledger block. */
  txIndex: number;
}

export interface TxLifecycle {
  id: string;
  status: TxStatus;
  /** For `rejected` and `reclaimed`. */
  reason?: string;
  /** The signed transaction, hex (absent once `reclaimed`: the contents were deleted). */
  tx?: string;
  /** The executor's signed receipt, hex (absent for a transaction rejected before execution). */
  receipt?: string;
  block?: BlockInclusion;
  certificate?: CertificateProof;
  anchor?: AnchorProof;
}

export interface LifecycleProvider {
  /** The lifecycle of a transaction, or null when the node does not know it. */
  get(txId: string): Promise<TxLifecycle | null>;
}
