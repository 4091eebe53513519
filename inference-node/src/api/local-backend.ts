import { DecodeError, fromHex, publicKeyFromPrivate, toHex } from '@funai/ledger-node';
import type { FinishReason } from '../llm/request/types.js';
import type { GenerationResult } from '../llm/runtime/engine.js';
import { MAX_TX_OUTPUT_TOKENS, TEMPERATURE_SCALE, TOP_P_SCALE, TX_VERSION } from '../tx/limits.js';
import { encodeSignedReceipt, receiptFor, signReceipt } from '../tx/receipt.js';
import {
  decodeTx,
  deriveSeed,
  encodeTx,
  type InferenceTx,
  type SignedInferenceTx,
  signTx,
  toInferenceRequest,
  txId,
  verifyTxSignature,
} from '../tx/transaction.js';
import { type AccountStore, type AccountWrite, MemoryAccountStore } from './accounts.js';
import type { AccountState, AdmittedTx, InferenceBackend, SettledTx, TxDraft } from './backend.js';
import { ApiError, invalid } from './errors.js';
import type { OutputFabricator } from './fabricate.js';
import { type KeyAccount, principalOf } from './keystore.js';
import type { LifecycleProvider, TxLifecycle } from './lifecycle.js';

export interface LocalBackendOptions {
  chainId: number;
  /** The executor's private key: it signs every receipt. */
  executorKey: Uint8Array;
  /** The ledger tip height, written into receipts. */
  ledgerHeight: () => number;
  /** Gas price of the transactions the node signs for keystore accounts, base units per gas. Default 1. */
  gasPrice?: bigint;
  /** How far above an account's next nonce a client-signed transaction may be. Default 64. */
  maxNonceGap?: number;
  /**
   * The chain's fee balance of a principal, base units — Clarity's `poi` fee account (`available`), which
   * a verdict charges (§13.5). When given it replaces the balance kept here: spendable = chain balance −
   * the charges settled here that the chain has not applied yet (`chargeApplied`) − holds. Without it the
   * balance is the local ledger of credits (`credit`) and charges.
   */
  feeBalance?: (principal: string) => Promise<bigint>;
  /**
   * Where balances, used nonces and credited deposits persist (the daemon: `StoreAccounts` over its
   * RocksDB store). Default in memory: a restart forgets them.
   */
  accounts?: AccountStore;
  /** TEST ONLY (`-test-fabricate-outputs`): alters the output tokens the receipts claim (fabricate.ts). */
  fabricator?: OutputFabricator;
  /**
   * Called with every settled transaction (the daemon's mempool/gossip hook). Each executed transaction: its wire form, signed receipt, fee and claimed output (output token ids,
   * stop token included, and finish reason), which a verifier asks the executor for (§16.9).
   */
  onSettled?: (record: {
    id: string;
    tx: Uint8Array;
    receipt: Uint8Array;
    fee: bigint;
    output: { tokens: number[]; finishReason: FinishReason };
  }) => void;
}

/**
 * Executed transactions kept in memory (their `executed` lifecycle and the `tx_replayed` answer), newest
 * last: older ones are in the account store, and a replay of one is refused by its used nonce instead.
 */
export const EXECUTED_KEPT = 4096;

interface Account {
  balance: bigint;
  /** Funds held for admitted, unsettled transactions. */
  reserved: bigint;
  /** Lowest nonce not yet executed. */
  next: bigint;
  /** Nonces executed above `next`, or held by an admitted transaction. */
  used: Set<bigint>;
  pending: Set<bigint>;
  /** Charges settled here and not yet applied by the chain (only with `feeBalance`): tx id hex → fee. */
  unapplied: Map<string, bigint>;
}

interface Pending {
  signed: SignedInferenceTx;
  principal: string;
  hold: bigint;
}

/**
 * An in-memory chain backend (docs/protocol.md §17.4): fee balances credited by `credit` (the daemon
 * credits DEPOSITs), nonces, replay protection, receipts signed by the executor key. It is also a
 * lifecycle provider that knows the `executed` step; the daemon's provider adds the later ones.
 *
 * Admission: the transaction decodes, names this chain, is signed by its sender, its id was never
 * executed or admitted, its nonce is at least the account's next nonce (at most `maxNonceGap` above) and
 * unused, and the account's free balance covers gasLimit × gasPrice, which is held until it settles.
 * Fee = min(gasLimit, outputTokens) × gasPrice (the on-chain gas rule of a verdict, §13.5).
 * Balances, nonces and credits are written through an `AccountStore` at every credit and settlement.
 */
export class LocalInferenceBackend implements InferenceBackend, LifecycleProvider {
  readonly executorPublicKey: Uint8Array;
  private readonly o: LocalBackendOptions;
  private readonly store: AccountStore;
  private readonly accounts = new Map<string, Account>();
  private readonly pending = new Map<string, Pending>();
  private readonly executed = new Map<string, { tx: string; receipt: string }>();

  constructor(options: LocalBackendOptions) {
    this.o = options;
    this.store = options.accounts ?? new MemoryAccountStore();
    this.executorPublicKey = publicKeyFromPrivate(options.executorKey, true);
  }

  private acct(principal: string): Account {
    let a = this.accounts.get(principal);
    if (!a) {
      const p = this.store.load(principal);
      a = {
        balance: p?.balance ?? 0n,
        reserved: 0n,
        next: p?.next ?? 0n,
        used: new Set(p?.used ?? []),
        pending: new Set(),
        unapplied: new Map(p?.unapplied ?? []),
      };
      this.accounts.set(principal, a);
    }
    return a;
  }

  private persist(principal: string, a: Account, extra: Omit<AccountWrite, 'principal' | 'account'>): void {
    const used = [...a.used].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const account = { balance: a.balance, next: a.next, used, unapplied: [...a.unapplied] };
    this.store.write({ principal, account, ...extra });
  }

  /** The chain's fee balance, when it is the source (null: the local ledger's). */
  private chainBalance(principal: string): Promise<bigint | null> {
    return this.o.feeBalance ? this.o.feeBalance(principal) : Promise.resolve(null);
  }

  /** What an account may still spend: its balance less unapplied charges and holds. */
  private static spendable(
    a: Pick<Account, 'balance' | 'reserved' | 'unapplied'>,
    chain: bigint | null,
  ): bigint {
    if (chain === null) return a.balance - a.reserved;
    let unapplied = 0n;
    for (const fee of a.unapplied.values()) unapplied += fee;
    return chain - unapplied - a.reserved;
  }

  /**
   * The chain applied (or refunded) the charge of an executed transaction: with `feeBalance`, it is no
   * longer subtracted from the chain's balance. False when it was not pending here.
   */
  chargeApplied(principal: string, txId: string): boolean {
    const a = this.acct(principal);
    if (!a.unapplied.delete(txId)) return false;
    this.persist(principal, a, {});
    return true;
  }

  /**
   * Adds to an account's fee balance (a credited DEPOSIT, or a test's funding). With a `key` (the
   * deposit's ledger txid) a credit is made once, ever: false when that key was already credited.
   */
  credit(principal: string, amount: bigint, key?: string): boolean {
    if (amount <= 0n) throw new RangeError('a credit is positive');
    if (key !== undefined && this.store.credited(key)) return false;
    const a = this.acct(principal);
    a.balance += amount;
    this.persist(principal, a, key !== undefined ? { creditKey: key } : {});
    return true;
  }

  async account(principal: string): Promise<AccountState> {
    // Read without caching: any principal may be asked about.
    const chain = await this.chainBalance(principal);
    const a = this.accounts.get(principal);
    if (a) return { principal, balance: LocalInferenceBackend.spendable(a, chain), nonce: a.next };
    const p = this.store.load(principal);
    const balance = LocalInferenceBackend.spendable(
      { balance: p?.balance ?? 0n, reserved: 0n, unapplied: new Map(p?.unapplied ?? []) },
      chain,
    );
    return { principal, balance, nonce: p?.next ?? 0n };
  }

  async signAndAdmit(account: KeyAccount, d: TxDraft): Promise<AdmittedTx> {
    const chain = await this.chainBalance(account.principal);
    const a = this.acct(account.principal);
    let nonce = a.next;
    while (a.used.has(nonce) || a.pending.has(nonce)) nonce++;
    if (d.maxTokens > MAX_TX_OUTPUT_TOKENS)
      throw invalid(`max_tokens above the protocol's ${MAX_TX_OUTPUT_TOKENS}`, 'max_tokens');
    const tx: InferenceTx = {
      version: TX_VERSION,
      chainId: this.o.chainId,
      sender: account.publicKey,
      nonce,
      modelId: fromHex(d.modelId),
      gasLimit: d.gasLimit,
      gasPrice: this.o.gasPrice ?? 1n,
      system: d.prompt.system,
      context: d.prompt.messages.map((m) => ({ role: m.role, content: m.content })),
      input: d.prompt.input,
      sampling:
        d.temperature === 0
          ? { mode: 'greedy' }
          : {
              mode: 'seeded',
              temperatureMilli: Math.max(1, Math.round(d.temperature * TEMPERATURE_SCALE)),
              topK: d.topK,
              topPMicro: Math.max(1, Math.round(d.topP * TOP_P_SCALE)),
            },
      seed: d.seed ?? 0,
      maxTokens: d.maxTokens,
      stop: [...d.stop],
    };
    let signed: SignedInferenceTx;
    try {
      if (d.seed === null) tx.seed = deriveSeed(tx);
      signed = signTx(tx, account.privateKey);
    } catch (e) {
      // The encoder's caps (text bytes, context messages, stop strings) for what the OpenAI layer let through.
      const m = (e as Error).message;
      throw invalid(
        `the request does not fit an inference transaction: ${m}`,
        'messages',
        /bytes|messages/.test(m) ? 'context_length_exceeded' : 'invalid_request',
      );
    }
    return this.admit(signed, account.principal, chain);
  }

  async admitSigned(bytes: Uint8Array): Promise<AdmittedTx> {
    let signed: SignedInferenceTx;
    try {
      signed = decodeTx(bytes);
    } catch (e) {
      if (e instanceof DecodeError) throw invalid(`malformed transaction: ${e.message}`, 'tx', 'invalid_tx');
      throw e;
    }
    if (signed.chainId !== this.o.chainId)
      throw invalid(
        `transaction for chain ${signed.chainId}, this is chain ${this.o.chainId}`,
        'tx',
        'wrong_chain',
      );
    if (!verifyTxSignature(signed))
      throw new ApiError(
        401,
        'authentication_error',
        'invalid_signature',
        'the transaction signature is not valid',
        {
          param: 'tx',
        },
      );
    const principal = principalOf(signed.sender);
    const chain = await this.chainBalance(principal);
    const a = this.acct(principal);
    const gap = BigInt(this.o.maxNonceGap ?? 64);
    if (signed.nonce >= a.next + gap)
      throw invalid(
        `nonce ${signed.nonce} is more than ${gap} above the next nonce ${a.next}`,
        'tx',
        'nonce_too_high',
      );
    return this.admit(signed, principal, chain);
  }

  private admit(signed: SignedInferenceTx, principal: string, chain: bigint | null): AdmittedTx {
    const id = toHex(txId(signed));
    if (this.executed.has(id) || this.pending.has(id))
      throw new ApiError(
        409,
        'invalid_request_error',
        'tx_replayed',
        `transaction ${id} was already submitted`,
      );
    const a = this.acct(principal);
    if (signed.nonce < a.next || a.used.has(signed.nonce) || a.pending.has(signed.nonce))
      throw new ApiError(409, 'invalid_request_error', 'nonce_used', `nonce ${signed.nonce} is already used`);
    const hold = signed.gasLimit * signed.gasPrice;
    const free = LocalInferenceBackend.spendable(a, chain);
    if (free < hold)
      throw new ApiError(
        429,
        'insufficient_quota',
        'insufficient_quota',
        `fee balance ${free} < gas limit × price ${hold}: deposit FAI to ${principal}`,
      );
    a.reserved += hold;
    a.pending.add(signed.nonce);
    this.pending.set(id, { signed, principal, hold });
    return {
      id,
      tx: toHex(encodeTx(signed)),
      sender: principal,
      nonce: signed.nonce,
      request: toInferenceRequest(signed),
    };
  }

  private release(id: string): Pending {
    const p = this.pending.get(id);
    if (!p) throw new Error(`transaction ${id} is not pending`);
    this.pending.delete(id);
    const a = this.acct(p.principal);
    a.reserved -= p.hold;
    a.pending.delete(p.signed.nonce);
    return p;
  }

  async settle(tx: AdmittedTx, out: GenerationResult): Promise<SettledTx> {
    const p = this.release(tx.id);
    const a = this.acct(p.principal);
    const s = p.signed;
    const gas = BigInt(out.tokens.length);
    const fee = (gas < s.gasLimit ? gas : s.gasLimit) * s.gasPrice;
    a.balance -= fee;
    if (this.o.feeBalance && fee > 0n) a.unapplied.set(tx.id, fee);
    a.used.add(s.nonce);
    while (a.used.delete(a.next)) a.next++;
    // A test-only dishonest executor signs (and serves) altered tokens; an honest one, the model's.
    const claimed = this.o.fabricator?.claim(out) ?? out;
    const receipt = encodeSignedReceipt(
      signReceipt(
        receiptFor(s, fromHex(tx.id), claimed, this.executorPublicKey, this.o.ledgerHeight()),
        this.o.executorKey,
      ),
    );
    const receiptHex = toHex(receipt);
    // The charge, the nonce and the record land together (one write): a restart neither repeats nor forgets it.
    this.persist(p.principal, a, { executed: { id: fromHex(tx.id), tx: fromHex(tx.tx), receipt } });
    this.executed.set(tx.id, { tx: tx.tx, receipt: receiptHex });
    if (this.executed.size > EXECUTED_KEPT) this.executed.delete(this.executed.keys().next().value!);
    this.o.onSettled?.({
      id: tx.id,
      tx: fromHex(tx.tx),
      receipt,
      fee,
      output: { tokens: [...claimed.tokens], finishReason: claimed.finishReason },
    });
    return { receipt: receiptHex, fee };
  }

  abandon(tx: AdmittedTx): void {
    if (this.pending.has(tx.id)) this.release(tx.id);
  }

  async get(id: string): Promise<TxLifecycle | null> {
    const e = this.executed.get(id);
    return e ? { id, status: 'executed', tx: e.tx, receipt: e.receipt } : null;
  }
}
