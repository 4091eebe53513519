import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { outpointKey } from '../consensus/coins.js';
import type { ChainName } from '../params/chain-params.js';
import { PrecomputedTransactionData } from '../script/sighash.js';
import type { Block } from '../wire/block.js';
import { fromHex, hashToHex, hexToHash, toHex } from '../wire/bytes.js';
import {
  decodeTx,
  encodeTx,
  isCoinbase,
  type OutPoint,
  type Transaction,
  type TxOut,
  txid,
} from '../wire/tx.js';
import {
  InsufficientFundsError,
  type SelectableCoin,
  type Selection,
  selectCoins,
} from './coin-selection.js';
import {
  accountXpub,
  type DerivedKey,
  derivePrivate,
  derivePublic,
  isValidMnemonic,
  mnemonicSeed,
  newMnemonic,
} from './hd.js';
import { decryptSecret, type EncryptedSecret, encryptSecret, WalletPassphraseError } from './keystore.js';
import { signP2wpkhInput } from './sign.js';

/** A wallet call that cannot be carried out; `code` is bitcoind's RPC error code for it. */
export class WalletError extends Error {
  override readonly name = 'WalletError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const RPC_WALLET_ERROR = -4;
export const RPC_WALLET_INSUFFICIENT_FUNDS = -6;
export const RPC_WALLET_UNLOCK_NEEDED = -13;
export const RPC_WALLET_PASSPHRASE_INCORRECT = -14;
export const RPC_WALLET_WRONG_ENC_STATE = -15;

/** Addresses derived ahead of the last one used, so a restored wallet sees payments to them. */
const LOOKAHEAD = 20;
/** P2WPKH sizes in virtual bytes: an input, an output, and a transaction's fixed part. */
const P2WPKH_INPUT_VSIZE = 68;
const P2WPKH_OUTPUT_VSIZE = 31;
const TX_OVERHEAD_VSIZE = 11;
/** Change smaller than this is added to the fee rather than becoming a dust output. */
const MIN_CHANGE = 1000n;

interface WalletCoin {
  txid: string;
  vout: number;
  value: string;
  script: string;
  /** Block height, or null while unconfirmed. */
  height: number | null;
  coinbase: boolean;
  /** The transaction (confirmed or in the mempool) that spends it. */
  spentBy: string | null;
}

interface WalletTx {
  txid: string;
  height: number | null;
  blockHash: string | null;
  time: number;
  /** Net effect on the wallet, base units. */
  amount: string;
  fee: string | null;
  coinbase: boolean;
  hex: string;
}

interface WalletFile {
  version: 1;
  network: ChainName;
  xpub: string;
  /** The mnemonic in clear, or null when encrypted. */
  mnemonic: string | null;
  encrypted: EncryptedSecret | null;
  next: [number, number];
  coins: WalletCoin[];
  txs: WalletTx[];
  bestBlock: { hash: string; height: number } | null;
}

export interface Balances {
  trusted: bigint;
  untrustedPending: bigint;
  immature: bigint;
}

export interface UnspentEntry {
  txid: string;
  vout: number;
  address?: string;
  scriptPubKey: string;
  amount: bigint;
  confirmations: number;
  spendable: boolean;
}

export interface PaymentRequest {
  outputs: TxOut[];
  /** Base units per virtual byte. */
  feeRate: bigint;
  /**
   * Spend only the wallet's coins of this script and send the change back to it: the sender of a
   * FUN AI op is the script its input 0 spends (docs/protocol.md §14.1), and change kept there
   * funds the sender's next op.
   */
  from?: Uint8Array;
}

/**
 * An HD wallet of P2WPKH keys (BIP84 paths), as bitcoind's descriptor wallet does for one account:
 * it follows the chain through blockConnected/blockDisconnected and the mempool through
 * txAccepted/txRemoved, and builds and signs transactions. State is one JSON file written atomically;
 * the mnemonic is either in clear or encrypted with scrypt + AES-GCM (encryptwallet).
 */
export class Wallet {
  private readonly keys = new Map<string, DerivedKey>();
  private readonly coins = new Map<string, WalletCoin>();
  private readonly txs = new Map<string, WalletTx>();
  private unlockedSeed: Uint8Array | null = null;
  private relockTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly file: string,
    private state: WalletFile,
  ) {
    for (const c of state.coins) this.coins.set(`${c.txid}:${c.vout}`, c);
    for (const t of state.txs) this.txs.set(t.txid, t);
    this.fillLookahead();
  }

  static create(file: string, network: ChainName, opts: { mnemonic?: string } = {}): Wallet {
    const mnemonic = opts.mnemonic ?? newMnemonic();
    if (!isValidMnemonic(mnemonic)) throw new WalletError(RPC_WALLET_ERROR, 'invalid mnemonic');
    const state: WalletFile = {
      version: 1,
      network,
      xpub: accountXpub(mnemonicSeed(mnemonic), network),
      mnemonic,
      encrypted: null,
      next: [0, 0],
      coins: [],
      txs: [],
      bestBlock: null,
    };
    const w = new Wallet(file, state);
    w.save();
    return w;
  }

  static load(file: string, network: ChainName): Wallet {
    const state = JSON.parse(readFileSync(file, 'utf8')) as WalletFile;
    if (state.version !== 1)
      throw new WalletError(RPC_WALLET_ERROR, `unsupported wallet version ${state.version}`);
    if (state.network !== network)
      throw new WalletError(RPC_WALLET_ERROR, `wallet is for network ${state.network}`);
    return new Wallet(file, state);
  }

  static openOrCreate(file: string, network: ChainName): Wallet {
    return existsSync(file) ? Wallet.load(file, network) : Wallet.create(file, network);
  }

  save(): void {
    this.state.coins = [...this.coins.values()];
    this.state.txs = [...this.txs.values()];
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  get bestBlock(): { hash: string; height: number } | null {
    return this.state.bestBlock;
  }

  get isEncrypted(): boolean {
    return this.state.encrypted !== null;
  }

  get isLocked(): boolean {
    return this.isEncrypted && this.unlockedSeed === null;
  }

  private fillLookahead(): void {
    for (const change of [0, 1] as const) {
      const end = this.state.next[change] + LOOKAHEAD;
      for (let i = 0; i < end; i++) {
        const k = derivePublic(this.state.xpub, change, i);
        const hex = toHex(k.scriptPubKey);
        if (!this.keys.has(hex)) this.keys.set(hex, k);
      }
    }
  }

  private markUsed(key: DerivedKey): void {
    if (key.index >= this.state.next[key.change]) {
      this.state.next[key.change] = key.index + 1;
      this.fillLookahead();
    }
  }

  /** A fresh receive (0) or change (1) script, as getnewaddress / getrawchangeaddress. */
  newScript(change: 0 | 1 = 0): Uint8Array {
    const k = derivePublic(this.state.xpub, change, this.state.next[change]);
    this.markUsed(k);
    this.save();
    return k.scriptPubKey;
  }

  isMine(script: Uint8Array): boolean {
    return this.keys.has(toHex(script));
  }

  // ---- following the chain and the mempool ----

  private addTx(tx: Transaction, height: number | null, blockHash: string | null, time: number): void {
    const id = hashToHex(txid(tx));
    let received = 0n;
    let sent = 0n;
    let spentAll = !isCoinbase(tx);
    let inputsTotal = 0n;
    if (!isCoinbase(tx)) {
      for (const input of tx.inputs) {
        const coin = this.coins.get(`${hashToHex(input.prevout.txid)}:${input.prevout.vout}`);
        if (coin) {
          coin.spentBy = id;
          sent += BigInt(coin.value);
          inputsTotal += BigInt(coin.value);
        } else spentAll = false;
      }
    }
    tx.outputs.forEach((out, vout) => {
      const key = this.keys.get(toHex(out.scriptPubKey));
      if (!key) return;
      this.markUsed(key);
      received += out.value;
      const k = `${id}:${vout}`;
      const existing = this.coins.get(k);
      this.coins.set(k, {
        txid: id,
        vout,
        value: out.value.toString(),
        script: toHex(out.scriptPubKey),
        height,
        coinbase: isCoinbase(tx),
        spentBy: existing?.spentBy ?? null,
      });
    });
    if (received === 0n && sent === 0n) return;
    const outputsTotal = tx.outputs.reduce((s, o) => s + o.value, 0n);
    const prior = this.txs.get(id);
    this.txs.set(id, {
      txid: id,
      height,
      blockHash,
      time: prior?.time ?? time,
      amount: (received - sent).toString(),
      fee: spentAll ? (inputsTotal - outputsTotal).toString() : null,
      coinbase: isCoinbase(tx),
      hex: prior?.hex ?? toHex(encodeTx(tx)),
    });
  }

  blockConnected(block: Block, height: number, hash: Uint8Array): void {
    for (const tx of block.txs) this.addTx(tx, height, hashToHex(hash), block.header.time);
    this.state.bestBlock = { hash: hashToHex(hash), height };
    this.save();
  }

  /** Undoes a block on reorg: its transactions become unconfirmed (or vanish if coinbase). */
  blockDisconnected(block: Block, height: number): void {
    for (const tx of [...block.txs].reverse()) {
      const id = hashToHex(txid(tx));
      if (isCoinbase(tx)) this.forgetTx(tx);
      else {
        for (const c of this.coins.values()) if (c.txid === id) c.height = null;
        const rec = this.txs.get(id);
        if (rec) Object.assign(rec, { height: null, blockHash: null });
      }
    }
    this.state.bestBlock = { hash: hashToHex(block.header.prevBlock), height: height - 1 };
    this.save();
  }

  txAccepted(tx: Transaction, time: number): void {
    this.addTx(tx, null, null, time);
    this.save();
  }

  /**
   * The wallet's unconfirmed transactions (not coinbases), oldest first: what a restarted node offers
   * back to its mempool, which is not kept across a restart (bitcoind's ReacceptWalletTransactions).
   */
  unconfirmedTransactions(): Transaction[] {
    return [...this.txs.values()]
      .filter((t) => t.height === null && !t.coinbase)
      .sort((a, b) => a.time - b.time)
      .map((t) => decodeTx(fromHex(t.hex)));
  }

  /** A mempool transaction evicted or conflicted away: release the coins it spent. */
  txRemoved(tx: Transaction): void {
    const id = hashToHex(txid(tx));
    const rec = this.txs.get(id);
    if (!rec || rec.height !== null) return;
    this.forgetTx(tx);
    this.save();
  }

  private forgetTx(tx: Transaction): void {
    const id = hashToHex(txid(tx));
    for (const input of tx.inputs) {
      const coin = this.coins.get(`${hashToHex(input.prevout.txid)}:${input.prevout.vout}`);
      if (coin?.spentBy === id) coin.spentBy = null;
    }
    for (const [k, c] of this.coins) if (c.txid === id) this.coins.delete(k);
    this.txs.delete(id);
  }

  // ---- queries ----

  private confirmations(c: { height: number | null }, tipHeight: number): number {
    return c.height === null ? 0 : tipHeight - c.height + 1;
  }

  private isMature(c: WalletCoin, tipHeight: number, maturity: number): boolean {
    return !c.coinbase || this.confirmations(c, tipHeight) > maturity;
  }

  balances(tipHeight: number, maturity: number): Balances {
    const b: Balances = { trusted: 0n, untrustedPending: 0n, immature: 0n };
    for (const c of this.coins.values()) {
      if (c.spentBy) continue;
      const v = BigInt(c.value);
      if (!this.isMature(c, tipHeight, maturity)) b.immature += v;
      else if (c.height !== null || this.txs.get(c.txid)?.fee !== null) b.trusted += v;
      else b.untrustedPending += v;
    }
    return b;
  }

  listUnspent(tipHeight: number, maturity: number, minConf = 1, maxConf = 9_999_999): UnspentEntry[] {
    const out: UnspentEntry[] = [];
    for (const c of this.coins.values()) {
      const confirmations = this.confirmations(c, tipHeight);
      if (c.spentBy || confirmations < minConf || confirmations > maxConf) continue;
      if (!this.isMature(c, tipHeight, maturity)) continue;
      out.push({
        txid: c.txid,
        vout: c.vout,
        scriptPubKey: c.script,
        amount: BigInt(c.value),
        confirmations,
        spendable: true,
      });
    }
    return out.sort(
      (a, b) => b.confirmations - a.confirmations || a.txid.localeCompare(b.txid) || a.vout - b.vout,
    );
  }

  listTransactions(): WalletTx[] {
    return [...this.txs.values()].sort((a, b) => a.time - b.time);
  }

  // ---- spending ----

  /**
   * Builds and signs a transaction paying `outputs` (any scripts, including a FUN AI OP_RETURN op)
   * from confirmed, mature coins, with change to a fresh change key.
   */
  createTransaction(req: PaymentRequest, tipHeight: number, maturity: number): Transaction {
    const seed = this.seed();
    const target = req.outputs.reduce((s, o) => s + o.value, 0n);
    const baseVsize = TX_OVERHEAD_VSIZE + req.outputs.reduce((s, o) => s + 9 + o.scriptPubKey.length, 0);
    const candidates: SelectableCoin<WalletCoin>[] = [];
    const from = req.from === undefined ? undefined : toHex(req.from);
    for (const c of this.coins.values()) {
      if (c.spentBy || !this.isMature(c, tipHeight, maturity)) continue;
      if (from !== undefined && c.script !== from) continue;
      if (c.height === null && this.txs.get(c.txid)?.fee === null) continue;
      candidates.push({ value: BigInt(c.value), inputVsize: P2WPKH_INPUT_VSIZE, ref: c });
    }
    let selection: Selection<WalletCoin>;
    try {
      selection = selectCoins(candidates, {
        target,
        feeRate: req.feeRate,
        baseVsize,
        changeVsize: P2WPKH_OUTPUT_VSIZE,
        minChange: MIN_CHANGE,
      });
    } catch (e) {
      if (e instanceof InsufficientFundsError)
        throw new WalletError(RPC_WALLET_INSUFFICIENT_FUNDS, e.message);
      throw e;
    }
    const outputs = [...req.outputs];
    if (selection.change > 0n)
      outputs.push({ value: selection.change, scriptPubKey: req.from ?? this.newScript(1) });
    const tx: Transaction = {
      version: 2,
      inputs: selection.coins.map((c) => ({
        prevout: { txid: hexToHash(c.ref.txid), vout: c.ref.vout },
        scriptSig: new Uint8Array(0),
        // Opt in to BIP125 replacement, as bitcoind's wallet does by default.
        sequence: 0xfffffffd,
        witness: [],
      })),
      outputs,
      locktime: tipHeight,
    };
    this.signInputs(tx, seed, (o) => this.coins.get(`${hashToHex(o.txid)}:${o.vout}`));
    return tx;
  }

  /** Signs every input the wallet owns (signrawtransactionwithwallet); returns whether all are signed. */
  signTransaction(tx: Transaction, extraPrevouts: Map<string, TxOut> = new Map()): boolean {
    const seed = this.seed();
    return this.signInputs(tx, seed, (o) => {
      const c = this.coins.get(`${hashToHex(o.txid)}:${o.vout}`);
      if (c) return c;
      const out = extraPrevouts.get(outpointKey(o));
      return out && { value: out.value.toString(), script: toHex(out.scriptPubKey) };
    });
  }

  private signInputs(
    tx: Transaction,
    seed: Uint8Array,
    lookup: (o: OutPoint) => { value: string; script: string } | undefined,
  ): boolean {
    const txdata = new PrecomputedTransactionData(tx);
    let complete = true;
    tx.inputs.forEach((input, n) => {
      const prev = lookup(input.prevout);
      const key = prev && this.keys.get(prev.script);
      if (!prev || !key) {
        complete = false;
        return;
      }
      const spent = { value: BigInt(prev.value), scriptPubKey: fromHex(prev.script) };
      signP2wpkhInput(tx, n, spent, derivePrivate(seed, this.state.network, key.change, key.index), txdata);
    });
    return complete;
  }

  // ---- encryption ----

  private seed(): Uint8Array {
    if (this.state.mnemonic !== null) return mnemonicSeed(this.state.mnemonic);
    if (this.unlockedSeed === null) {
      throw new WalletError(
        RPC_WALLET_UNLOCK_NEEDED,
        'Error: Please enter the wallet passphrase with walletpassphrase first.',
      );
    }
    return this.unlockedSeed;
  }

  async encrypt(passphrase: string): Promise<void> {
    if (this.state.encrypted) {
      throw new WalletError(
        RPC_WALLET_WRONG_ENC_STATE,
        'Error: running with an encrypted wallet, but encryptwallet was called.',
      );
    }
    const mnemonic = this.state.mnemonic!;
    this.state.encrypted = await encryptSecret(new TextEncoder().encode(mnemonic), passphrase);
    this.state.mnemonic = null;
    this.save();
  }

  async unlock(passphrase: string, timeoutSeconds: number): Promise<void> {
    if (!this.state.encrypted) {
      throw new WalletError(
        RPC_WALLET_WRONG_ENC_STATE,
        'Error: running with an unencrypted wallet, but walletpassphrase was called.',
      );
    }
    let mnemonic: Uint8Array;
    try {
      mnemonic = await decryptSecret(this.state.encrypted, passphrase);
    } catch (e) {
      if (e instanceof WalletPassphraseError)
        throw new WalletError(RPC_WALLET_PASSPHRASE_INCORRECT, e.message);
      throw e;
    }
    this.unlockedSeed = mnemonicSeed(new TextDecoder().decode(mnemonic));
    if (this.relockTimer) clearTimeout(this.relockTimer);
    this.relockTimer = setTimeout(() => this.lock(), Math.min(timeoutSeconds, 100_000_000) * 1000);
    this.relockTimer.unref();
  }

  lock(): void {
    if (!this.state.encrypted) {
      throw new WalletError(
        RPC_WALLET_WRONG_ENC_STATE,
        'Error: running with an unencrypted wallet, but walletlock was called.',
      );
    }
    this.unlockedSeed?.fill(0);
    this.unlockedSeed = null;
    if (this.relockTimer) clearTimeout(this.relockTimer);
    this.relockTimer = null;
  }
}
