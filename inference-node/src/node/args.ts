/**
 * funai-inference's options, read the way bitcoind (and funai-ledger) reads them:
 * - `--name=value`, `--name value`, `-name=value`; `-name` alone sets a boolean; `-noname` negates a
 *   boolean or empties a list;
 * - a config file of `name=value` lines, `#` comments and `[main]`/`[test]`/`[regtest]` sections
 *   (or `regtest.name=value`);
 * - precedence: command line (last value wins), then the network's section, then the top of the
 *   file (first value wins there); list options gather values from all three.
 *
 * ledger-node/src/node/args.ts has the full ArgsManager but is not exported from @funai/ledger-node
 * (service code); this is the subset the inference daemon needs.
 */

export type OptionKind = 'bool' | 'string' | 'int' | 'list';

export interface OptionSpec {
  name: string;
  kind: OptionKind;
  help: string;
  arg?: string;
  /** Not valid in a config file. */
  commandLineOnly?: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly reason:
      | 'unknown-option'
      | 'missing-value'
      | 'bad-value'
      | 'unexpected-argument'
      | 'conf-unreadable'
      | 'conf-syntax',
    message: string,
  ) {
    super(message);
  }
}

export const NETWORKS = ['main', 'test', 'regtest'] as const;
export type NetworkName = (typeof NETWORKS)[number];

interface Value {
  value: string;
  negated: boolean;
}
type Values = Map<string, Value[]>;

function add(values: Values, name: string, v: Value): void {
  const list = values.get(name);
  if (list) list.push(v);
  else values.set(name, [v]);
}

function lookup(
  specs: ReadonlyMap<string, OptionSpec>,
  key: string,
): { spec: OptionSpec; negated: boolean } | null {
  const spec = specs.get(key);
  if (spec) return { spec, negated: false };
  const base = key.startsWith('no') ? specs.get(key.slice(2)) : undefined;
  if (base && (base.kind === 'bool' || base.kind === 'list')) return { spec: base, negated: true };
  return null;
}

export function parseBool(value: string, option: string): boolean {
  if (value === '' || value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new ConfigError('bad-value', `Invalid value for -${option}: '${value}' (expected 0 or 1)`);
}

export function parseCommandLine(argv: readonly string[], specs: ReadonlyMap<string, OptionSpec>): Values {
  const values: Values = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-' || arg === '--') {
      throw new ConfigError(
        'unexpected-argument',
        `Command line contains unexpected token '${arg}', see -help`,
      );
    }
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    const eq = body.indexOf('=');
    const key = eq < 0 ? body : body.slice(0, eq);
    let value = eq < 0 ? undefined : body.slice(eq + 1);
    if (key === 'h' || key === '?') {
      add(values, 'help', { value: '1', negated: false });
      continue;
    }
    const found = lookup(specs, key);
    if (!found) throw new ConfigError('unknown-option', `Invalid parameter -${key}`);
    const { spec, negated } = found;
    if (negated) {
      const on = value === undefined || parseBool(value, key);
      add(values, spec.name, { value: on ? '0' : '1', negated: on });
      continue;
    }
    if (value === undefined && spec.kind !== 'bool') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-')) {
        throw new ConfigError(
          'missing-value',
          `Option -${spec.name} requires a value (-${spec.name}=<value>)`,
        );
      }
      value = next;
      i++;
    }
    add(values, spec.name, { value: value ?? '', negated: false });
  }
  return values;
}

/** Config-file text → sections ('' is the top of the file). */
export function parseConfigText(
  text: string,
  specs: ReadonlyMap<string, OptionSpec>,
  file: string,
): Map<string, Values> {
  const sections = new Map<string, Values>([['', new Map()]]);
  let section = '';
  text.split(/\r?\n/).forEach((raw, idx) => {
    const hash = raw.indexOf('#');
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (line === '') return;
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim();
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new ConfigError('conf-syntax', `${file}: parse error on line ${idx + 1}: ${line}`);
    let key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    let target = section;
    const dot = key.indexOf('.');
    if (dot > 0) {
      target = key.slice(0, dot);
      key = key.slice(dot + 1);
    }
    const found = lookup(specs, key);
    if (!found)
      throw new ConfigError('unknown-option', `${file}:${idx + 1}: invalid configuration value ${key}`);
    if (found.spec.commandLineOnly)
      throw new ConfigError('bad-value', `-${found.spec.name} is only valid on the command line`);
    let values = sections.get(target);
    if (!values) sections.set(target, (values = new Map()));
    const on = !found.negated || parseBool(value, key);
    add(
      values,
      found.spec.name,
      found.negated ? { value: on ? '0' : '1', negated: on } : { value, negated: false },
    );
  });
  return sections;
}

/** The options as one network sees them. */
export class ResolvedArgs {
  private readonly layers: { values: Values; firstWins: boolean }[];

  constructor(commandLine: Values, sections: Map<string, Values> | null, network: NetworkName) {
    this.layers = [{ values: commandLine, firstWins: false }];
    const net = sections?.get(network);
    if (net) this.layers.push({ values: net, firstWins: true });
    const top = sections?.get('');
    if (top) this.layers.push({ values: top, firstWins: true });
  }

  private get(name: string): Value | undefined {
    for (const l of this.layers) {
      const list = l.values.get(name);
      if (list && list.length > 0) return l.firstWins ? list[0] : list[list.length - 1];
    }
    return undefined;
  }

  string(name: string): string | undefined {
    const v = this.get(name);
    return v === undefined || v.negated ? undefined : v.value;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    if (v === undefined) return fallback;
    return v.negated ? false : parseBool(v.value, name);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const n = /^[+-]?[0-9]+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new ConfigError(
        'bad-value',
        `Invalid value for -${name}: '${v}' (expected an integer from ${min} to ${max})`,
      );
    }
    return n;
  }

  /** Every value of a list option, command line first; a negation drops the lower layers. */
  list(name: string): string[] {
    const out: string[] = [];
    for (const l of this.layers) {
      let vals: string[] = [];
      let negated = false;
      for (const v of l.values.get(name) ?? []) {
        if (v.negated) {
          vals = [];
          negated = true;
        } else vals.push(v.value);
      }
      out.push(...vals);
      if (negated) break;
    }
    return out;
  }
}

export function formatOptionsHelp(specs: readonly OptionSpec[]): string {
  return specs
    .map(
      (s) => `  ${s.kind === 'bool' ? `-${s.name}` : `-${s.name}=<${s.arg ?? 'value'}>`}\n       ${s.help}`,
    )
    .join('\n\n');
}
