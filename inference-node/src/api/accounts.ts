import { type InferenceStore, StoreBatch } from '../store/store.js';
import { decodeStoredJson, encodeStoredJson } from '../store/stored-json.js';

/**
 * Where the API's chain backend keeps its accounts (docs/protocol.md §17.4): per principal the fee
 * balance, the lowest unused nonce and the nonces used above it, and the deposits already credited.
 * `LocalInferenceBackend` holds the live state (with the holds of unsettled transactions, which are never
 * persisted: a restart abandons them) and writes through this interface, once per credit and once per
 * settlement, so that after a restart no charge is forgotten and none is made twice.
 *
 * The balance kept here is the local ledger of credits and charges; when the chain's fee account (Clarity's
 * `poi`) is the source instead, `LocalBackendOptions.feeBalance` reads it and the store keeps only the
 * charges the chain has not applied yet.
 */
export interface PersistedAccount {
  /** Fee balance, base units (credits minus charges). */
  balance: bigint;
  /** Lowest nonce not yet executed. */
  next: bigint;
  /** Nonces executed above `next`, ascending. */
  used: bigint[];
  /**
   * With a chain fee balance (`LocalBackendOptions.feeBalance`): the charges settled here that the chain
   * has not applied yet, [tx id hex, fee].
   */
  unapplied?: [string, bigint][];
}

/** An executed record written with the settlement that charged it. */
export interface ExecutedRecordWrite {
  id: Uint8Array;
  tx: Uint8Array;
  receipt: Uint8Array;
}

export interface AccountWrite {
  principal: string;
  account: PersistedAccount;
  /** A credit's key (a DEPOSIT's ledger txid): credited once, ever. */
  creditKey?: string;
  executed?: ExecutedRecordWrite;
}

export interface AccountStore {
  load(principal: string): PersistedAccount | undefined;
  /** Whether a credit with this key was written. */
  credited(key: string): boolean;
  /** Writes one account change atomically (with its credit key or its executed record). */
  write(w: AccountWrite): void;
}

/** Accounts in memory only (tests, and a node without a store): a restart forgets them. */
export class MemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, PersistedAccount>();
  private readonly credits = new Set<string>();
  readonly executed = new Map<string, ExecutedRecordWrite>();

  load(principal: string): PersistedAccount | undefined {
    const a = this.accounts.get(principal);
    return a ? structuredClone(a) : undefined;
  }

  credited(key: string): boolean {
    return this.credits.has(key);
  }

  write(w: AccountWrite): void {
    this.accounts.set(w.principal, structuredClone(w.account));
    if (w.creditKey !== undefined) this.credits.add(w.creditKey);
    if (w.executed) this.executed.set(Buffer.from(w.executed.id).toString('hex'), w.executed);
  }
}

/** Meta names (`x:<name>`, docs §16.2) of the API's accounts and credited deposits. */
export const accountMetaName = (principal: string): string => `api-account:${principal}`;
export const creditMetaName = (key: string): string => `api-credit:${key}`;

/**
 * Accounts in the daemon's RocksDB store (docs §16.2, node-local records under `meta`): each write is one
 * batch — the account record with the credit marker, or with the executed record's receipt and
 * transaction (`receipts`, `contents`) — so a `kill -9` leaves either the whole settlement or none of it.
 */
export class StoreAccounts implements AccountStore {
  constructor(private readonly store: Pick<InferenceStore, 'getMeta' | 'commit'>) {}

  load(principal: string): PersistedAccount | undefined {
    const raw = this.store.getMeta(accountMetaName(principal));
    return raw === undefined ? undefined : decodeStoredJson<PersistedAccount>(raw);
  }

  credited(key: string): boolean {
    return this.store.getMeta(creditMetaName(key)) !== undefined;
  }

  write(w: AccountWrite): void {
    const b = new StoreBatch().putMeta(accountMetaName(w.principal), encodeStoredJson(w.account));
    if (w.creditKey !== undefined) b.putMeta(creditMetaName(w.creditKey), new Uint8Array(0));
    if (w.executed) b.putReceipt(w.executed.id, w.executed.receipt).putContent(w.executed.id, w.executed.tx);
    this.store.commit(b);
  }
}
