import { RpcError, RpcErrorCode } from './errors.js';
import type { PositionalParams, RpcParam } from './params.js';
import {
  convertParams,
  isOptional,
  namedToPositional,
  paramTypeLabel,
  requiredParamCount,
  usageLine,
} from './params.js';

/** What a handler knows about the call it serves. */
export interface RpcContext {
  method: string;
  /** The HTTP path: "/" or "/wallet/<name>" (bitcoind's per-wallet endpoint). */
  uri: string;
  /** The authenticated user: "__cookie__" for cookie auth. */
  user: string;
  /** "address:port" of the client. */
  peer: string;
  jsonVersion: 1 | 2;
  /**
   * Aborted when the client disconnects or the server shuts down: a long-poll handler (waiting for
   * a new block, say) listens to it and gives up.
   */
  signal: AbortSignal;
}

/**
 * One JSON-RPC method. Declare `TArgs` for the handler's argument object; the parameter layer
 * guarantees it matches `params` (checked types, converted values, defaults applied).
 */
export interface RpcMethodDef<TArgs = Record<string, unknown>> {
  name: string;
  /** Section of the `help` index, as bitcoind's: blockchain, control, mining, network, rawtransactions, util, wallet. */
  category?: string;
  params?: readonly RpcParam[];
  /** Description for `help <method>`, after the usage line. */
  help: string;
  /** The "Result:" section of `help <method>`. */
  result?: string;
  /** Example command lines for `help <method>`. */
  examples?: readonly string[];
  /** Answer while the node is still starting (bitcoind answers everything else with RPC_IN_WARMUP). */
  allowInWarmup?: boolean;
  /** Callable, but left out of the `help` index (bitcoind's "hidden" category). */
  hidden?: boolean;
  // Method syntax keeps handlers bivariant in TArgs, so typed definitions register side by side.
  handler(args: TArgs, ctx: RpcContext): unknown;
}

/** Anything methods can be registered into: the server, or a bare registry in tests. */
export interface RpcMethodRegistrar {
  registerMethod(def: RpcMethodDef): void;
}

/** The registration entry point for the chain, mempool, wallet and P2P modules. */
export function registerRpcMethods(target: RpcMethodRegistrar, ...defs: RpcMethodDef[]): void {
  for (const def of defs) target.registerMethod(def);
}

export class RpcMethodRegistry implements RpcMethodRegistrar {
  private readonly methods = new Map<string, RpcMethodDef>();

  registerMethod(def: RpcMethodDef): void {
    if (!/^[a-z0-9_]+$/.test(def.name))
      throw new Error(`invalid RPC method name ${JSON.stringify(def.name)}`);
    if (this.methods.has(def.name)) throw new Error(`RPC method ${def.name} registered twice`);
    const names = new Set<string>();
    for (const p of def.params ?? []) {
      if (names.has(p.name)) throw new Error(`RPC method ${def.name}: parameter ${p.name} declared twice`);
      names.add(p.name);
    }
    this.methods.set(def.name, def);
  }

  get(name: string): RpcMethodDef | undefined {
    return this.methods.get(name);
  }

  names(): string[] {
    return [...this.methods.keys()];
  }

  /**
   * Looks the method up, checks and converts its parameters and calls it. Throws RpcError
   * (handler exceptions of other kinds are the caller's to map to RPC_MISC_ERROR).
   */
  async execute(
    name: string,
    params: unknown[] | Record<string, unknown>,
    ctx: RpcContext,
  ): Promise<unknown> {
    const def = this.methods.get(name);
    if (!def) throw new RpcError(RpcErrorCode.METHOD_NOT_FOUND, 'Method not found');
    const specs = def.params ?? [];
    const positional: PositionalParams = Array.isArray(params)
      ? { values: params, holder: params }
      : namedToPositional(specs, params);
    const n = positional.values.length;
    // bitcoind answers a wrong number of arguments with the method's help text.
    if (n < requiredParamCount(specs) || n > specs.length) {
      throw new RpcError(RpcErrorCode.MISC_ERROR, this.helpText(def));
    }
    const args = convertParams(specs, positional);
    return await def.handler(args, ctx);
  }

  /** `help <method>`: usage line, description, arguments, result, examples. */
  helpText(def: RpcMethodDef): string {
    const specs = def.params ?? [];
    const lines = [usageLine(def.name, specs), '', def.help.trim()];
    if (specs.length > 0) {
      lines.push('', 'Arguments:');
      const width = Math.max(...specs.map((p) => p.name.length));
      specs.forEach((p, i) => {
        let req = isOptional(p) ? 'optional' : 'required';
        if (p.default !== undefined) req += `, default=${formatDefault(p.default)}`;
        const desc = p.help ? ` ${p.help}` : '';
        lines.push(`${i + 1}. ${p.name.padEnd(width)}    (${paramTypeLabel(p.type)}, ${req})${desc}`);
      });
    }
    if (def.result) lines.push('', 'Result:', def.result.trim());
    if (def.examples && def.examples.length > 0) {
      lines.push('', 'Examples:', ...def.examples.map((e) => `> ${e}`));
    }
    return lines.join('\n');
  }

  /** `help` with no argument: every listed method's usage line under its "== Category ==". */
  helpIndex(): string {
    const byCategory = new Map<string, RpcMethodDef[]>();
    for (const def of this.methods.values()) {
      if (def.hidden) continue;
      const cat = def.category ?? 'misc';
      let list = byCategory.get(cat);
      if (!list) byCategory.set(cat, (list = []));
      list.push(def);
    }
    const sections = [...byCategory.keys()].sort().map((cat) => {
      const defs = byCategory.get(cat)!.sort((a, b) => (a.name < b.name ? -1 : 1));
      const title = cat.charAt(0).toUpperCase() + cat.slice(1);
      return [`== ${title} ==`, ...defs.map((d) => usageLine(d.name, d.params ?? []))].join('\n');
    });
    return sections.join('\n\n');
  }
}

function formatDefault(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return `"${Buffer.from(v).toString('hex')}"`;
  return JSON.stringify(v);
}
