/**
 * `GET /funai/v1/status` (docs/protocol.md §16.4). Outside checks (devnet, explorer, the end-to-end
 * suite) read these field names: keep them.
 */
export interface NodeStatus {
  version: string;
  network: string;
  /** starting → loading-models → catching-up → ready (→ stopping). */
  state: 'starting' | 'loading-models' | 'catching-up' | 'ready' | 'stopping';
  /** The last ledger block this node processed (null before the first). */
  ledger: { height: number; hash: string } | null;
  /** The ledger node as last seen over its RPC. */
  ledgerNode: { url: string; reachable: boolean; height: number };
  /** Tip of the inference chain; `certified` and `penalised` count records since genesis. */
  inference: { height: number; hash: string | null; certified: number; penalised: number };
  /** The election of the latest ledger block processed. */
  election: {
    ledgerHeight: number;
    ledgerHash: string;
    commits: { producer: string; bid: string; txid: string }[];
    /** The winning commit's producer, or null (no valid commit: an empty tenure). */
    winner: string | null;
  } | null;
  /**
   * Clarity at depth (§16.10): executed inference blocks, the head (inference block hash, its ledger height)
   * and the state root after it (hex); height 0 and nulls before the first.
   */
  clarity?: { height: number; hash: string | null; ledgerHeight: number | null; stateRoot: string | null };
  /** The verifier set of the current reward cycle (staking's, §16.9): stake in base units. */
  verifiers: { principal: string; stake: string }[];
  roles: { producer: boolean; verifier: boolean; executor: boolean };
  /** This node's inference-chain principal (block rewards and receipts). */
  principal?: string;
  /**
   * FAI amounts as decimal strings: the bid budget and what was spent, and from Clarity (once it ran) the
   * node principal's balance, bond (stake + unbonding) and fee account (available + pending).
   */
  balances: { bidBudget: string; bidSpent: string; fai?: string; bond?: string; fees?: string };
  models: { id: string; path: string }[];
  p2p: { port: number | null; peers: number };
  api: { port: number | null };
}
