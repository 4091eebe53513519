/**
 * Command-line and config-file options the way bitcoind's ArgsManager reads them, shared by the
 * daemon and funai-cli:
 * - `-name=value`, `--name=value`, and `--name value` for options that take a value;
 * - `-name` alone sets a boolean; `-noname` negates a boolean or empties a list;
 * - `-regtest`/`-testnet`/`-network=`/`-chain=` choose the network;
 * - a config file of `key=value` lines, `#` comments, `[main]`/`[test]`/`[regtest]` sections and
 *   `regtest.key=value` keys;
 * - precedence: command line (last value wins), then the network's section, then the top of the
 *   file (first value wins there, as bitcoind); list options gather values from all three;
 *   network-only options (ports, binds, peers) at the top of the file apply to main only.
 */

export type OptionKind = 'bool' | 'string' | 'int' | 'list';

export interface OptionSpec {
  name: string;
  kind: OptionKind;
  help: string;
  /** Placeholder in help output: `-rpcport=<port>`. */
  arg?: string;
  /** At the top of a config file it applies to main only (bitcoind's NETWORK_ONLY options). */
  networkOnly?: boolean;
  /** Not valid in a config file (-conf). */
  commandLineOnly?: boolean;
}

export type ConfigErrorReason =
  | 'unknown-option'
  | 'missing-value'
  | 'bad-value'
  | 'unexpected-argument'
  | 'conflicting-networks'
  | 'conf-unreadable'
  | 'conf-syntax';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly reason: ConfigErrorReason,
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

export const NETWORKS = ['main', 'test', 'regtest'] as const;
export type NetworkName = (typeof NETWORKS)[number];

/** One occurrence of an option: its text, or a negation (`-noX`). */
export interface OptionValue {
  value: string;
  negated: boolean;
}

export type OptionValues = Map<string, OptionValue[]>;

function push(values: OptionValues, name: string, v: OptionValue): void {
  let list = values.get(name);
  if (!list) values.set(name, (list = []));
  list.push(v);
}

/** bitcoind's InterpretBool, strict: "" and "1"/"true" are true, "0"/"false" false, anything else an error. */
export function parseBool(value: string, option: string): boolean {
  if (value === '' || value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new ConfigError('bad-value', `Invalid value for -${option}: '${value}' (expected 0 or 1)`, option);
}

export function parseInt32(value: string, option: string, min: number, max: number): number {
  const n = /^[+-]?[0-9]+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(
      'bad-value',
      `Invalid value for -${option}: '${value}' (expected an integer from ${min} to ${max})`,
      option,
    );
  }
  return n;
}

/** Resolves `-noX` against the table: the option and whether it is negated, or null if unknown. */
function lookup(
  specs: ReadonlyMap<string, OptionSpec>,
  key: string,
  value: string | undefined,
): { spec: OptionSpec; negated: boolean } | null {
  const direct = specs.get(key);
  if (direct) return { spec: direct, negated: false };
  if (key.startsWith('no')) {
    const spec = specs.get(key.slice(2));
    if (spec && (spec.kind === 'bool' || spec.kind === 'list')) {
      // -noX=0 is a double negation: X set (bitcoind's InterpretOption).
      const negated = value === undefined || parseBool(value, key);
      return { spec, negated };
    }
  }
  return null;
}

export function specTable(specs: readonly OptionSpec[]): ReadonlyMap<string, OptionSpec> {
  return new Map(specs.map((s) => [s.name, s]));
}

export interface CommandLine {
  values: OptionValues;
  /** Arguments after the options (funai-cli's method and parameters). */
  rest: string[];
}

/**
 * Parses options up to the first argument that is not one. With `positional: false` (the daemon)
 * such an argument is an error, as bitcoind's "Command line contains unexpected token".
 */
export function parseCommandLine(
  argv: readonly string[],
  specs: ReadonlyMap<string, OptionSpec>,
  opts: { positional: boolean; program: string },
): CommandLine {
  const values: OptionValues = new Map();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    const eq = body.indexOf('=');
    const key = eq < 0 ? body : body.slice(0, eq);
    let value = eq < 0 ? undefined : body.slice(eq + 1);
    if (key === '?' || key === 'h') {
      push(values, 'help', { value: '1', negated: false });
      continue;
    }
    const found = lookup(specs, key, value);
    if (!found) throw new ConfigError('unknown-option', `Invalid parameter -${key}`, key);
    const { spec, negated } = found;
    if (negated || (key.startsWith('no') && key !== spec.name)) {
      push(values, spec.name, { value: negated ? '0' : '1', negated });
      continue;
    }
    if (value === undefined && spec.kind !== 'bool') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-')) {
        throw new ConfigError(
          'missing-value',
          `Option -${spec.name} requires a value (-${spec.name}=<value>)`,
          key,
        );
      }
      value = next;
      i++;
    }
    push(values, spec.name, { value: value ?? '', negated: false });
  }
  const rest = argv.slice(i);
  if (!opts.positional && rest.length > 0) {
    throw new ConfigError(
      'unexpected-argument',
      `Command line contains unexpected token '${rest[0]}', see ${opts.program} -h for a list of options.`,
    );
  }
  return { values, rest };
}

export interface ConfigFile {
  /** '' is the top of the file; the others are network sections. */
  sections: Map<string, OptionValues>;
  warnings: string[];
}

/**
 * Parses config-file text. Unknown keys are an error for the daemon and ignored for funai-cli
 * (which reads the daemon's file for its RPC settings, as bitcoin-cli does).
 */
export function parseConfigText(
  text: string,
  specs: ReadonlyMap<string, OptionSpec>,
  opts: { file: string; ignoreUnknown: boolean },
): ConfigFile {
  const sections = new Map<string, OptionValues>([['', new Map()]]);
  const warnings: string[] = [];
  let section = '';
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    let line = raw;
    const hash = line.indexOf('#');
    if (hash >= 0) {
      if (/^\s*rpcpassword\s*=/.test(line)) {
        throw new ConfigError(
          'conf-syntax',
          `Error reading configuration file: parse error on line ${lineNo}, using # in rpcpassword can be ambiguous and should be avoided`,
        );
      }
      line = line.slice(0, hash);
    }
    line = line.trim();
    if (line === '') return;
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim();
      if (!(NETWORKS as readonly string[]).includes(section)) {
        warnings.push(`${opts.file}:${lineNo} Section [${section}] is not recognized.`);
      }
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0) {
      const hint = line.startsWith('no')
        ? `, if you intended to specify a negated option, use -${line}=1 instead`
        : '';
      throw new ConfigError(
        'conf-syntax',
        `Error reading configuration file ${opts.file}: parse error on line ${lineNo}: ${line}${hint}`,
      );
    }
    let key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    let target = section;
    const dot = key.indexOf('.');
    if (dot > 0) {
      target = key.slice(0, dot);
      key = key.slice(dot + 1);
    }
    const found = lookup(specs, key, value);
    if (!found) {
      if (opts.ignoreUnknown) return;
      throw new ConfigError('unknown-option', `Invalid configuration value ${key}`, key);
    }
    if (found.spec.commandLineOnly) {
      throw new ConfigError('bad-value', `-${found.spec.name} is only valid on the command line`, key);
    }
    let values = sections.get(target);
    if (!values) sections.set(target, (values = new Map()));
    const negatedForm = key !== found.spec.name;
    push(values, found.spec.name, {
      value: negatedForm ? (found.negated ? '0' : '1') : value,
      negated: found.negated,
    });
  });
  return { sections, warnings };
}

/** Where a value came from, for precedence and for the network-only rule. */
interface Layer {
  values: OptionValues;
  /** First value wins in a config file, last on the command line. */
  firstWins: boolean;
}

/** The options as one network sees them. */
export class ResolvedArgs {
  private readonly layers: Layer[];

  constructor(
    readonly network: NetworkName,
    commandLine: OptionValues,
    conf: ConfigFile | null,
    specs: ReadonlyMap<string, OptionSpec>,
    readonly warnings: string[] = [],
  ) {
    this.layers = [{ values: commandLine, firstWins: false }];
    if (conf) {
      const net = conf.sections.get(network);
      if (net) this.layers.push({ values: net, firstWins: true });
      const top = new Map(conf.sections.get('') ?? []);
      if (network !== 'main') {
        for (const name of [...top.keys()]) {
          if (specs.get(name)?.networkOnly) {
            top.delete(name);
            warnings.push(
              `Config setting for -${name} only applied on main network when in [main] section or at the top of the file; put it in a [${network}] section.`,
            );
          }
        }
      }
      this.layers.push({ values: top, firstWins: true });
    }
  }

  /** The value of a single-valued option, or undefined when unset or negated. */
  get(name: string): OptionValue | undefined {
    for (const layer of this.layers) {
      const list = layer.values.get(name);
      if (list && list.length > 0) return layer.firstWins ? list[0] : list[list.length - 1];
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
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
    const v = this.get(name);
    if (v === undefined || v.negated) return fallback;
    return parseInt32(v.value, name, min, max);
  }

  /**
   * Every value of a list option, command line first. A negation (`-noconnect`) drops the values
   * before it in its source and every value of the lower-precedence sources.
   */
  list(name: string): string[] {
    const out: string[] = [];
    for (const layer of this.layers) {
      const list = layer.values.get(name) ?? [];
      let vals: string[] = [];
      let negatedHere = false;
      for (const v of list) {
        if (v.negated) {
          vals = [];
          negatedHere = true;
        } else {
          vals.push(v.value);
        }
      }
      out.push(...vals);
      if (negatedHere) return out;
    }
    return out;
  }

  /** True when a list option was explicitly negated (bitcoind's `-noconnect`: no outbound peers). */
  negated(name: string): boolean {
    for (const layer of this.layers) {
      const list = layer.values.get(name);
      if (list && list.length > 0) return list.some((v) => v.negated);
    }
    return false;
  }
}

/**
 * The network named on the command line or at the top of the config file: `-regtest`,
 * `-testnet`, `-network=<name>` or `-chain=<name>`, at most one of them.
 */
export function selectNetwork(commandLine: OptionValues, conf: ConfigFile | null): NetworkName {
  const pick = (values: OptionValues | undefined): NetworkName[] => {
    if (!values) return [];
    const found: NetworkName[] = [];
    const last = (name: string) => {
      const l = values.get(name);
      return l && l.length > 0 ? l[l.length - 1] : undefined;
    };
    const regtest = last('regtest');
    if (regtest && !regtest.negated && parseBool(regtest.value, 'regtest')) found.push('regtest');
    const testnet = last('testnet');
    if (testnet && !testnet.negated && parseBool(testnet.value, 'testnet')) found.push('test');
    for (const key of ['network', 'chain']) {
      const v = last(key);
      if (!v || v.negated) continue;
      const name = v.value === 'mainnet' ? 'main' : v.value === 'testnet' ? 'test' : v.value;
      if (!(NETWORKS as readonly string[]).includes(name)) {
        throw new ConfigError(
          'bad-value',
          `Invalid -${key}: '${v.value}' (expected main, test or regtest)`,
          key,
        );
      }
      found.push(name as NetworkName);
    }
    return found;
  };
  const chosen = pick(commandLine);
  const fromFile = chosen.length > 0 ? [] : pick(conf?.sections.get(''));
  const all = chosen.length > 0 ? chosen : fromFile;
  if (new Set(all).size > 1) {
    throw new ConfigError(
      'conflicting-networks',
      'Invalid combination of -regtest, -testnet, -network and -chain. Can use at most one.',
    );
  }
  return all[0] ?? 'main';
}

/** `-name=<arg>  help` lines for -help output. */
export function formatOptionsHelp(specs: readonly OptionSpec[]): string {
  return specs
    .map((s) => {
      const head = s.kind === 'bool' ? `-${s.name}` : `-${s.name}=<${s.arg ?? 'value'}>`;
      return `  ${head}\n       ${s.help}`;
    })
    .join('\n\n');
}
