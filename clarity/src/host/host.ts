import { Cl, ClarityType, type ClarityValue, cvToHex, serializeCVBytes } from '@stacks/transactions';
import { encodeReceipt } from '../receipts/encoding.js';
import { merkleTreeHash } from '../receipts/merkle.js';
import { type ExecutionCost, type Receipt, type VmEvent, ZERO_COST } from '../receipts/receipt.js';
import {
  CLARITY_VERSION,
  type RawTx,
  type RawTxResult,
  VM_WASM_SHA256,
  VmCheckpointError,
  VmSession,
} from '../vm/session.js';
import {
  contractSource,
  GENESIS_CONTRACTS,
  type GenesisCall,
  type GenesisConfig,
  GenesisError,
} from './genesis.js';
import { DEPOSIT_RESERVE, ISSUANCE_RESERVE } from './issuance.js';
import type { Op } from './ops.js';
import { verifyPop } from './pop.js';
import { genesisContractId, isStandardPrincipal, isValidPrincipal, SYSTEM_PRINCIPAL } from './principals.js';
import { conforms, type InterfaceType } from './typecheck.js';

/** The VM aborted a transaction (a runtime error or an exhausted cost limit) inside a block. */
export class VmAbortError extends Error {
  override readonly name = 'VmAbortError';
  constructor(readonly detail: string) {
    super(`vm-abort: ${detail}`);
  }
}

/**
 * A host's state at a block boundary: the VM core's linear memory with the counters the host keeps.
 * Restored by `ClarityHost.restore` in a fresh process, it continues byte-identically (docs §13.10).
 */
export interface HostCheckpoint {
  height: number;
  clarityBlockHeight: number;
  address: number;
  wasmSha256: string;
  memory: Uint8Array;
}

const CHECKPOINT_MAGIC = new TextEncoder().encode('FAICKPT1');

/** magic "FAICKPT1" | height:u32 BE | clarityBlockHeight:u32 | address:u32 | wasmSha256:32 | memory. */
export function encodeCheckpoint(c: HostCheckpoint): Uint8Array {
  const out = new Uint8Array(8 + 12 + 32 + c.memory.length);
  const view = new DataView(out.buffer);
  out.set(CHECKPOINT_MAGIC, 0);
  view.setUint32(8, c.height);
  view.setUint32(12, c.clarityBlockHeight);
  view.setUint32(16, c.address);
  out.set(Buffer.from(c.wasmSha256, 'hex'), 20);
  out.set(c.memory, 52);
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): HostCheckpoint {
  if (bytes.length < 52 || !CHECKPOINT_MAGIC.every((b, i) => bytes[i] === b))
    throw new VmCheckpointError('not a checkpoint');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    height: view.getUint32(8),
    clarityBlockHeight: view.getUint32(12),
    address: view.getUint32(16),
    wasmSha256: Buffer.from(bytes.subarray(20, 52)).toString('hex'),
    memory: bytes.subarray(52),
  };
}

export interface BlockExecution {
  receipts: Receipt[];
  /** RFC 6962 Merkle Tree Hash (SHA-256) over the receipts' canonical encodings. */
  receiptsRoot: Uint8Array;
}

export type FunctionSignature = { name: string; type: InterfaceType }[];

/** A refusal before the VM, or the raw transaction to run. */
type Prepared = { reason: string } | { tx: RawTx };

const U64_MAX = (1n << 64n) - 1n;
const UINT128_MAX = (1n << 128n) - 1n;

function parseCost(costs: string): ExecutionCost {
  const total = (JSON.parse(costs) as { total: Record<string, number> }).total;
  return {
    runtime: total.runtime ?? 0,
    readCount: total.read_count ?? 0,
    readLength: total.read_length ?? 0,
    writeCount: total.write_count ?? 0,
    writeLength: total.write_length ?? 0,
  };
}

function parseEvents(events: string): VmEvent[] {
  return (JSON.parse(events) as string[]).map((line) => {
    const { event, data } = JSON.parse(line) as { event: string; data: Record<string, unknown> };
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(data)) fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
    return { kind: event, fields };
  });
}

function toReceipt(raw: RawTxResult): Receipt {
  const result = Uint8Array.from(Buffer.from(raw.result.replace(/^0x/, ''), 'hex'));
  // A public function always returns a response: 0x07 is (ok …), 0x08 is (err …).
  return {
    status: result[0] === 0x07 ? 'ok' : 'err',
    result,
    reason: null,
    events: parseEvents(raw.events),
    cost: parseCost(raw.costs),
  };
}

function rejected(reason: string): Receipt {
  return { status: 'rejected', result: new Uint8Array(0), reason, events: [], cost: ZERO_COST };
}

/**
 * The deterministic executor of the inference chain's Clarity state. Genesis deploys the genesis
 * contracts as the system principal and mints the issuance reserve to it; then each inference block
 * is one Clarity block holding the block's operations in order. Nothing depends on the clock or on
 * files: the VM session is empty (no manifest, no deployment plan) and contracts never read block
 * times.
 */
export class ClarityHost {
  private blocks = 0;
  private poisoned: string | null = null;

  private constructor(
    private readonly vm: VmSession,
    private readonly functions: ReadonlyMap<string, ReadonlyMap<string, FunctionSignature>>,
    private readonly readOnlyFunctions: ReadonlyMap<string, ReadonlyMap<string, FunctionSignature>>,
  ) {}

  static async create(genesis: GenesisConfig = {}): Promise<ClarityHost> {
    const vm = await VmSession.open();
    // The SDK cannot mint to a contract principal: the deposit reserve is minted to the system
    // principal and moved to the deposits contract by the genesis block's last transaction.
    const mints: [string, bigint][] = [[SYSTEM_PRINCIPAL, ISSUANCE_RESERVE + DEPOSIT_RESERVE]];
    for (const { principal, amount } of genesis.allocations ?? []) {
      if (!isStandardPrincipal(principal) || principal === SYSTEM_PRINCIPAL) {
        throw new RangeError(`genesis allocation to an invalid principal: ${principal}`);
      }
      // The VM credits a u64.
      if (amount <= 0n || amount > U64_MAX) throw new RangeError(`genesis amount out of range: ${amount}`);
      mints.push([principal, amount]);
    }
    for (const [principal, amount] of mints) vm.simnet.mintSTX(principal, amount);
    const deployments = vm.mineBlock([
      ...GENESIS_CONTRACTS.map((name) => ({
        deployContract: {
          name,
          content: contractSource(name),
          options: { clarityVersion: CLARITY_VERSION },
          sender: SYSTEM_PRINCIPAL,
        },
      })),
      {
        callPublicFn: {
          contract: genesisContractId('fai'),
          method: 'transfer',
          args_maps: [
            serializeCVBytes(Cl.uint(DEPOSIT_RESERVE)),
            serializeCVBytes(Cl.principal(genesisContractId('deposits'))),
          ],
          sender: SYSTEM_PRINCIPAL,
        },
      },
    ]);
    const funded = deployments.pop();
    if (deployments.length !== GENESIS_CONTRACTS.length || deployments.some((d) => d.result !== '0x03')) {
      throw new Error('genesis contract deployment failed');
    }
    if (funded?.result !== '0x0703') throw new Error('genesis deposit reserve transfer failed');
    const interfaces = vm.simnet.getContractsInterfaces();
    const functions = new Map<string, Map<string, FunctionSignature>>();
    const readOnly = new Map<string, Map<string, FunctionSignature>>();
    for (const name of GENESIS_CONTRACTS) {
      const iface = interfaces.get(genesisContractId(name));
      if (!iface) throw new Error(`no interface for ${name}`);
      const fns = new Map<string, FunctionSignature>();
      const ro = new Map<string, FunctionSignature>();
      for (const f of iface.functions) {
        if (f.access === 'public') fns.set(f.name, f.args as unknown as FunctionSignature);
        if (f.access === 'read_only') ro.set(f.name, f.args as unknown as FunctionSignature);
      }
      functions.set(name, fns);
      readOnly.set(name, ro);
    }
    const host = new ClarityHost(vm, functions, readOnly);
    if (genesis.calls && genesis.calls.length > 0) host.runGenesisCalls(genesis.calls);
    return host;
  }

  /**
   * The genesis calls (devnets and tests), as one more Clarity block of genesis after the deployment
   * block (their admission needs the deployed contracts' interfaces); not counted in `height`. Each must
   * be admitted and end `(ok …)`, else GenesisError.
   */
  private runGenesisCalls(calls: readonly GenesisCall[]): void {
    const txs: RawTx[] = [];
    calls.forEach((c, i) => {
      const where = `genesis call ${i} (${c.contract}.${c.fn})`;
      const p = this.prepare({
        type: 'call',
        sender: c.sender,
        contract: c.contract,
        fn: c.fn,
        args: c.args,
      });
      if ('reason' in p) throw new GenesisError(`${where}: rejected: ${p.reason}`);
      txs.push(p.tx);
    });
    this.mine(txs).forEach((r, i) => {
      const receipt = toReceipt(r);
      if (receipt.status !== 'ok')
        throw new GenesisError(
          `genesis call ${i} (${calls[i]!.contract}.${calls[i]!.fn}): ended ${receipt.status} ${r.result}`,
        );
    });
  }

  /** The host's state now, between blocks (docs §13.10). */
  checkpoint(): HostCheckpoint {
    if (this.poisoned !== null)
      throw new VmAbortError(`host unusable after an aborted block (${this.poisoned})`);
    return {
      height: this.blocks,
      clarityBlockHeight: this.clarityBlockHeight,
      address: this.vm.address,
      wasmSha256: VM_WASM_SHA256,
      memory: this.vm.memorySnapshot(),
    };
  }

  /**
   * A host at a checkpoint's state, in a process that has opened no other VM session: genesis runs
   * as usual (so the session sits where the checkpointing process's did), then the VM core's memory
   * is replaced by the checkpoint's.
   */
  static async restore(checkpoint: HostCheckpoint, genesis: GenesisConfig = {}): Promise<ClarityHost> {
    if (checkpoint.wasmSha256 !== VM_WASM_SHA256)
      throw new VmCheckpointError('checkpoint of another VM build');
    const host = await ClarityHost.create(genesis);
    host.vm.restoreMemory(checkpoint.memory, checkpoint.address);
    host.blocks = checkpoint.height;
    if (host.clarityBlockHeight !== checkpoint.clarityBlockHeight)
      throw new VmCheckpointError('restored session is not at the checkpoint height');
    return host;
  }

  /** A fresh host brought to the state after `blocks`, by executing them again from genesis. */
  static async rebuild(blocks: Iterable<readonly Op[]>, genesis: GenesisConfig = {}): Promise<ClarityHost> {
    const host = await ClarityHost.create(genesis);
    for (const ops of blocks) host.replayBlock(ops);
    return host;
  }

  /** The public functions of a genesis contract and their parameter types (what `prepare` checks). */
  publicFunctions(contract: string): ReadonlyMap<string, FunctionSignature> {
    return this.functions.get(contract) ?? new Map();
  }

  /** Inference blocks executed since genesis. */
  get height(): number {
    return this.blocks;
  }

  /** The VM's Stacks block height (genesis is one block, then one per inference block). */
  get clarityBlockHeight(): number {
    return this.vm.simnet.blockHeight;
  }

  /**
   * Executes one inference block: its operations in order in one Clarity block, returning one
   * receipt per operation and the receipts root. Throws VmAbortError if the VM aborts a transaction;
   * the block is then invalid and this host unusable (rebuild it from the stored blocks).
   */
  executeBlock(ops: readonly Op[]): BlockExecution {
    const { prepared, results } = this.run(ops);
    const receipts: Receipt[] = [];
    let k = 0;
    for (const p of prepared) receipts.push('tx' in p ? toReceipt(results[k++]!) : rejected(p.reason));
    return { receipts, receiptsRoot: merkleTreeHash(receipts.map(encodeReceipt)) };
  }

  /** Executes a stored block for its state only, without building receipts (restart replay). */
  replayBlock(ops: readonly Op[]): void {
    this.run(ops);
  }

  private run(ops: readonly Op[]): { prepared: Prepared[]; results: RawTxResult[] } {
    if (this.poisoned !== null)
      throw new VmAbortError(`host unusable after an aborted block (${this.poisoned})`);
    const prepared = ops.map((op) => this.prepare(op));
    const txs: RawTx[] = [];
    for (const p of prepared) if ('tx' in p) txs.push(p.tx);
    const results = this.mine(txs);
    this.blocks++;
    return { prepared, results };
  }

  /** One Clarity block; a VM abort poisons the host for good (the wasm instance is shared, §13.1). */
  private mine(txs: RawTx[]): RawTxResult[] {
    try {
      return this.vm.mineBlock(txs);
    } catch (e) {
      this.poisoned = String(e);
      throw new VmAbortError(String(e));
    }
  }

  private prepare(op: Op): Prepared {
    let sender: string;
    let contract: string;
    let fn: string;
    let args: ClarityValue[];
    if (op.type === 'system-call') {
      sender = SYSTEM_PRINCIPAL;
      ({ contract, fn, args } = op);
    } else {
      if (!isStandardPrincipal(op.sender)) return { reason: 'bad-sender' };
      if (op.sender === SYSTEM_PRINCIPAL) return { reason: 'reserved-sender' };
      sender = op.sender;
      if (op.type === 'call') {
        ({ contract, fn, args } = op);
      } else {
        if (typeof op.amount !== 'bigint' || op.amount < 0n || op.amount > UINT128_MAX)
          return { reason: 'bad-amount' };
        let recipient: ClarityValue;
        if (!isValidPrincipal(op.recipient)) return { reason: 'bad-recipient' };
        try {
          recipient = Cl.principal(op.recipient);
        } catch {
          return { reason: 'bad-recipient' };
        }
        contract = 'fai';
        fn = 'transfer';
        args = [Cl.uint(op.amount), recipient];
      }
    }
    const signature = this.functions.get(contract)?.get(fn);
    if (!signature) return { reason: this.functions.has(contract) ? 'unknown-function' : 'unknown-contract' };
    if (!Array.isArray(args) || args.length !== signature.length) return { reason: 'bad-arity' };
    const argsMaps: Uint8Array[] = [];
    for (let i = 0; i < args.length; i++) {
      try {
        if (!conforms(args[i]!, signature[i]!.type)) return { reason: `bad-argument:${i}` };
        argsMaps.push(serializeCVBytes(args[i]!));
      } catch {
        return { reason: `bad-argument:${i}` };
      }
    }
    if (contract === 'staking' && fn === 'register-keys') {
      const [, pubkey, pop] = args;
      if (
        pubkey?.type !== ClarityType.Buffer ||
        pop?.type !== ClarityType.Buffer ||
        !verifyPop(Buffer.from(pubkey.value, 'hex'), Buffer.from(pop.value, 'hex'), sender)
      ) {
        return { reason: 'bad-pop' };
      }
    }
    return {
      tx: {
        callPublicFn: { contract: genesisContractId(contract), method: fn, args_maps: argsMaps, sender },
      },
    };
  }

  /**
   * Calls a read-only function of a genesis contract (no state change, no block). Public functions
   * are refused: state changes only through executeBlock (there is no other door to the session).
   */
  readOnly(contract: string, fn: string, args: ClarityValue[] = [], sender = SYSTEM_PRINCIPAL): ClarityValue {
    if (this.poisoned !== null)
      throw new VmAbortError(`host unusable after an aborted block (${this.poisoned})`);
    if (!isStandardPrincipal(sender)) throw new RangeError(`not a standard principal: ${sender}`);
    const signature = this.readOnlyFunctions.get(contract)?.get(fn);
    if (!signature) throw new RangeError(`not a read-only function: ${contract}.${fn}`);
    // The same admission as a block's arguments: an undecodable value would trap the VM here too.
    if (args.length !== signature.length || !args.every((a, i) => conforms(a, signature[i]!.type)))
      throw new RangeError(`inadmissible arguments to ${contract}.${fn}`);
    return this.vm.simnet.callReadOnlyFn(genesisContractId(contract), fn, args, sender).result;
  }

  /** A principal's FAI balance in base units. */
  balance(principal: string): bigint {
    const v = this.readOnly('fai', 'get-balance', [Cl.principal(principal)]);
    if (v.type !== ClarityType.UInt) throw new Error('unexpected balance type');
    return BigInt(v.value);
  }

  getDataVar(contract: string, name: string): ClarityValue {
    return this.vm.simnet.getDataVar(genesisContractId(contract), name);
  }

  getMapEntry(contract: string, map: string, key: ClarityValue): ClarityValue {
    return this.vm.simnet.getMapEntry(genesisContractId(contract), map, key);
  }

  /**
   * The state root (docs §13.9): RFC 6962 Merkle Tree Hash over the canonical state leaves, in this
   * order: every data variable of every genesis contract (contract order, then name), every non-zero
   * FAI balance (by principal), then the entries of the maps the host can enumerate: for every
   * principal holding FAI, staking's `stakers` and `verifier-keys` and poi's `fee-accounts` and
   * `missed`; staking's `verifier-sets` for cycles 0..current; the light client's canonical index
   * over the last 1024 heights. Two hosts that executed the same blocks give the same root; a
   * divergence in any covered value changes it.
   */
  stateRoot(): Uint8Array {
    return merkleTreeHash(this.stateLeaves());
  }

  private stateLeaves(): Uint8Array[] {
    const leaves: Uint8Array[] = [];
    const enc = new TextEncoder();
    const leaf = (tag: string, ...parts: Uint8Array[]) => {
      const t = enc.encode(`${tag}\u0000`);
      const out = new Uint8Array(t.length + parts.reduce((n, p) => n + 4 + p.length, 0));
      out.set(t, 0);
      let o = t.length;
      for (const p of parts) {
        new DataView(out.buffer).setUint32(o, p.length);
        out.set(p, o + 4);
        o += 4 + p.length;
      }
      leaves.push(out);
    };
    const bytes = (v: ClarityValue) => serializeCVBytes(v);
    // The SDK throws "value not found" for an absent key.
    const entry = (contract: string, map: string, key: ClarityValue): ClarityValue | null => {
      try {
        const v = this.getMapEntry(contract, map, key);
        return v.type === ClarityType.OptionalNone ? null : v;
      } catch {
        return null;
      }
    };
    const vars = this.dataVars();
    for (const k of Object.keys(vars).sort())
      leaf(`var:${k}`, Buffer.from(vars[k]!.replace(/^0x/, ''), 'hex'));
    const stx = this.vm.simnet.getAssetsMap().get('STX') ?? new Map<string, bigint>();
    const holders = [...stx.entries()]
      .filter(([, v]) => v > 0n)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [who, amount] of holders) leaf(`stx:${who}`, bytes(Cl.uint(amount)));
    const principalMaps: [string, string][] = [
      ['staking', 'stakers'],
      ['staking', 'verifier-keys'],
      ['poi', 'fee-accounts'],
      ['poi', 'missed'],
    ];
    for (const [who] of holders) {
      for (const [contract, map] of principalMaps) {
        const v = entry(contract, map, Cl.principal(who));
        if (v) leaf(`map:${contract}.${map}:${who}`, bytes(v));
      }
    }
    const cycle = this.readOnly('staking', 'get-current-cycle');
    const current = cycle.type === ClarityType.UInt ? BigInt(cycle.value) : 0n;
    for (let c = 0n; c <= current; c++) {
      const v = entry('staking', 'verifier-sets', Cl.uint(c));
      if (v) leaf(`map:staking.verifier-sets:${c}`, bytes(v));
    }
    const tip = this.readOnly('ledger-light-client', 'get-ledger-height');
    const top = tip.type === ClarityType.UInt ? BigInt(tip.value) : 0n;
    for (let h = top > 1023n ? top - 1023n : 0n; h <= top; h++) {
      const v = entry('ledger-light-client', 'canonical', Cl.uint(h));
      if (v) leaf(`map:ledger-light-client.canonical:${h}`, bytes(v));
    }
    return leaves;
  }

  /** Every data variable of every genesis contract, as consensus hex (for comparing two hosts). */
  dataVars(): Record<string, string> {
    const out: Record<string, string> = {};
    const interfaces = this.vm.simnet.getContractsInterfaces();
    for (const name of GENESIS_CONTRACTS) {
      for (const v of interfaces.get(genesisContractId(name))?.variables ?? []) {
        if (v.access === 'variable') out[`${name}.${v.name}`] = cvToHex(this.getDataVar(name, v.name));
      }
    }
    return out;
  }
}
