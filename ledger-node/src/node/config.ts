import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { decodeAddress } from '../address/address.js';
import { DEFAULT_DBCACHE_MIB } from '../chain/utxo-cache.js';
import { chainParams } from '../params/chain-params.js';
import { AllowedClients } from '../rpc/allow-ip.js';
import { COOKIE_FILE, parseRpcAuth } from '../rpc/auth.js';
import type { ConfigFile, NetworkName, OptionSpec, OptionValues } from './args.js';
import {
  ConfigError,
  parseCommandLine,
  parseConfigText,
  ResolvedArgs,
  selectNetwork,
  specTable,
} from './args.js';

export type { NetworkName } from './args.js';
export { ConfigError } from './args.js';

export const CONF_FILENAME = 'funai.conf';
export const DEFAULT_DATADIR_NAME = '.funai-ledger';

/** `~/.funai-ledger`. */
export function defaultDataDir(home = homedir()): string {
  return join(home, DEFAULT_DATADIR_NAME);
}

/**
 * A network's own directory under the data directory: `<datadir>/<network>` for every network
 * (mainnet too, unlike bitcoind), the layout node/datadir.ts locks and fills. The cookie is there.
 */
export function networkDir(datadir: string, network: NetworkName): string {
  return resolve(datadir, network);
}

/** Default P2P and RPC ports, from the chain parameters. */
export function defaultPorts(network: NetworkName): { p2p: number; rpc: number } {
  const p = chainParams(network);
  return { p2p: p.defaultPort, rpc: p.rpcPort };
}

/** Options both the daemon and funai-cli read: where the files are and which network. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'help',
    kind: 'bool',
    help: 'Print this help message and exit (also -h, -?)',
    commandLineOnly: true,
  },
  { name: 'version', kind: 'bool', help: 'Print version and exit', commandLineOnly: true },
  {
    name: 'datadir',
    kind: 'string',
    arg: 'dir',
    help: `Specify data directory (default: ~/${DEFAULT_DATADIR_NAME})`,
  },
  {
    name: 'conf',
    kind: 'string',
    arg: 'file',
    help: `Specify configuration file; a relative path is read from the data directory (default: ${CONF_FILENAME})`,
    commandLineOnly: true,
  },
  {
    name: 'network',
    kind: 'string',
    arg: 'name',
    help: 'Use the chain <name>: main, test or regtest (default: main)',
  },
  { name: 'chain', kind: 'string', arg: 'name', help: 'Same as -network (bitcoind spelling)' },
  { name: 'testnet', kind: 'bool', help: 'Use the test chain; same as -network=test' },
  { name: 'regtest', kind: 'bool', help: 'Use the regression test chain; same as -network=regtest' },
  { name: 'rpcport', kind: 'int', arg: 'port', help: 'RPC port (default: per network)', networkOnly: true },
  { name: 'rpcuser', kind: 'string', arg: 'user', help: 'Username for JSON-RPC connections' },
  { name: 'rpcpassword', kind: 'string', arg: 'pw', help: 'Password for JSON-RPC connections' },
  {
    name: 'rpccookiefile',
    kind: 'string',
    arg: 'loc',
    help: 'Location of the auth cookie; a relative path is read from the network directory (default: .cookie)',
  },
];

export const NODE_OPTIONS: readonly OptionSpec[] = [
  ...COMMON_OPTIONS,
  {
    name: 'rpcbind',
    kind: 'list',
    arg: 'addr[:port]',
    help: 'Listen for JSON-RPC connections on this address; ignored unless -rpcallowip is also given (default: 127.0.0.1)',
    networkOnly: true,
  },
  {
    name: 'rpcallowip',
    kind: 'list',
    arg: 'ip',
    help: 'Allow JSON-RPC connections from this address or subnet (1.2.3.4, 1.2.3.0/24, 1.2.3.0/255.255.255.0, fe80::/10)',
  },
  {
    name: 'rpcauth',
    kind: 'list',
    arg: 'userpw',
    help: 'Username and HMAC-SHA-256 hashed password for JSON-RPC connections (<user>:<salt>$<hash>)',
  },
  { name: 'rpcthreads', kind: 'int', arg: 'n', help: 'Requests served at once (default: 4)' },
  { name: 'rpcworkqueue', kind: 'int', arg: 'n', help: 'Requests waiting beyond -rpcthreads (default: 16)' },
  {
    name: 'rpcservertimeout',
    kind: 'int',
    arg: 'n',
    help: 'Idle HTTP connection timeout in seconds (default: 30)',
  },
  { name: 'listen', kind: 'bool', help: 'Accept connections from outside (default: 1 unless -connect)' },
  {
    name: 'bind',
    kind: 'list',
    arg: 'addr',
    help: 'Listen for P2P connections on this IPv4 address, repeatable (default: 0.0.0.0)',
    networkOnly: true,
  },
  {
    name: 'port',
    kind: 'int',
    arg: 'port',
    help: 'Listen for P2P connections on <port> (default: per network)',
    networkOnly: true,
  },
  {
    name: 'connect',
    kind: 'list',
    arg: 'ip',
    help: 'Connect only to these nodes; -noconnect disables automatic connections',
    networkOnly: true,
  },
  {
    name: 'addnode',
    kind: 'list',
    arg: 'ip',
    help: 'Add a node to connect to and keep open',
    networkOnly: true,
  },
  { name: 'mine', kind: 'bool', help: 'Mine blocks with the built-in CPU miner (default: 0)' },
  { name: 'mineaddress', kind: 'string', arg: 'addr', help: 'Pay mined block rewards to this address' },
  { name: 'minethreads', kind: 'int', arg: 'n', help: 'Mining threads; -1 for one per core (default: 1)' },
  { name: 'disablewallet', kind: 'bool', help: 'Do not load the wallet and disable wallet RPC calls' },
  {
    name: 'dbcache',
    kind: 'int',
    arg: 'n',
    help: 'Maximum database cache size <n> in MiB: the UTXO set changes kept in memory between writes (4 to 65536, default: 450)',
  },
  {
    name: 'persistmempool',
    kind: 'bool',
    help: 'Whether to save the mempool on shutdown and load on restart (default: 1)',
  },
  {
    name: 'txindex',
    kind: 'bool',
    help: 'Maintain a full transaction index, used by the getrawtransaction rpc call (default: 0)',
  },
  {
    name: 'loglevel',
    kind: 'string',
    arg: 'level',
    help: 'Log level: trace, debug, info, warning, error, fatal or silent (default: info)',
  },
  {
    name: 'printtoconsole',
    kind: 'bool',
    help: 'Send log output to stderr (default: 1); 0 writes <network dir>/debug.log',
  },
];

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface NodeConfig {
  network: NetworkName;
  /** The data directory root. */
  datadir: string;
  /** `<datadir>/<network>`. */
  networkDir: string;
  /** The config file read, or null when there was none. */
  confFile: string | null;
  rpc: {
    bind: string[];
    port: number;
    allowIp: string[];
    /** rpcuser/rpcpassword, when both are set. */
    user: { user: string; password: string } | null;
    /** rpcauth entries, `<user>:<salt>$<hash>`. */
    auth: string[];
    cookieFile: string;
    threads: number;
    workQueue: number;
    serverTimeoutSeconds: number;
  };
  p2p: {
    listen: boolean;
    /** Addresses to listen on (with -port); empty means all interfaces. */
    bind: string[];
    port: number;
    /** Only these peers (empty: automatic); `connectDisabled` for -noconnect / connect=0. */
    connect: string[];
    connectDisabled: boolean;
    addnode: string[];
  };
  mining: {
    enabled: boolean;
    /** null: the wallet supplies one. */
    address: string | null;
    threads: number;
  };
  wallet: { disabled: boolean };
  /** -txindex: index every confirmed transaction by txid (built in the background). */
  txIndex: boolean;
  /** -persistmempool: `<network dir>/mempool.dat` written at shutdown and loaded at start. */
  persistMempool: boolean;
  /** -dbcache, MiB: the UTXO write-back cache's budget. */
  dbCacheMiB: number;
  logging: { level: LogLevel; printToConsole: boolean };
  help: boolean;
  version: boolean;
  warnings: string[];
}

/** How configuration is found: injectable so that tests need no home directory. */
export interface ConfigEnvironment {
  home?: string;
  readFile?: (path: string) => string;
  exists?: (path: string) => boolean;
  cpus?: number;
}

/** The pieces both the daemon and funai-cli go through: command line, data dir, config file, network. */
export function readArgs(
  argv: readonly string[],
  specs: readonly OptionSpec[],
  opts: { positional: boolean; program: string; ignoreUnknownInFile: boolean },
  env: ConfigEnvironment = {},
): {
  args: ResolvedArgs;
  datadir: string;
  confFile: string | null;
  rest: string[];
  commandLine: OptionValues;
} {
  const table = specTable(specs);
  const exists = env.exists ?? existsSync;
  const readFile = env.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const cl = parseCommandLine(argv, table, { positional: opts.positional, program: opts.program });
  const lastOf = (name: string) => {
    const l = cl.values.get(name);
    const v = l?.[l.length - 1];
    return v && !v.negated ? v.value : undefined;
  };
  const explicitDatadir = lastOf('datadir');
  if (explicitDatadir !== undefined && !exists(resolve(explicitDatadir))) {
    throw new ConfigError(
      'bad-value',
      `Specified data directory "${explicitDatadir}" does not exist.`,
      'datadir',
    );
  }
  let datadir = resolve(explicitDatadir ?? defaultDataDir(env.home));
  const confArg = lastOf('conf');
  const confPath = confArg === undefined ? join(datadir, CONF_FILENAME) : resolve(datadir, confArg);
  let conf: ConfigFile | null = null;
  let confFile: string | null = null;
  if (exists(confPath)) {
    let text: string;
    try {
      text = readFile(confPath);
    } catch (e) {
      throw new ConfigError('conf-unreadable', `Error reading configuration file: ${(e as Error).message}`);
    }
    conf = parseConfigText(text, table, { file: confPath, ignoreUnknown: opts.ignoreUnknownInFile });
    confFile = confPath;
  } else if (confArg !== undefined) {
    throw new ConfigError(
      'conf-unreadable',
      `Specified config file "${confPath}" could not be opened.`,
      'conf',
    );
  }
  const network = selectNetwork(cl.values, conf);
  const args = new ResolvedArgs(network, cl.values, conf, table, [...(conf?.warnings ?? [])]);
  // A datadir in the config file moves the data, not the config file (which was already read).
  if (explicitDatadir === undefined) {
    const fromFile = args.string('datadir');
    if (fromFile !== undefined) datadir = isAbsolute(fromFile) ? fromFile : resolve(datadir, fromFile);
  }
  return { args, datadir, confFile, rest: cl.rest, commandLine: cl.values };
}

/** Resolves the cookie path: absolute, or relative to the network directory (bitcoind's rule). */
export function cookiePath(args: ResolvedArgs, netDir: string): string {
  return resolve(netDir, args.string('rpccookiefile') ?? COOKIE_FILE);
}

/** The daemon's configuration from its command line and config file. Throws ConfigError. */
export function loadNodeConfig(argv: readonly string[], env: ConfigEnvironment = {}): NodeConfig {
  const { args, datadir, confFile } = readArgs(
    argv,
    NODE_OPTIONS,
    { positional: false, program: 'funai-ledger', ignoreUnknownInFile: false },
    env,
  );
  const network = args.network;
  const netDir = networkDir(datadir, network);
  const ports = defaultPorts(network);
  const warnings = args.warnings;

  const allowIp = args.list('rpcallowip');
  try {
    new AllowedClients(allowIp);
  } catch (e) {
    throw new ConfigError('bad-value', (e as Error).message, 'rpcallowip');
  }
  const auth = args.list('rpcauth');
  for (const a of auth) {
    if (!parseRpcAuth(a)) throw new ConfigError('bad-value', 'Invalid -rpcauth argument.', 'rpcauth');
  }
  const rpcUser = args.string('rpcuser');
  const rpcPassword = args.string('rpcpassword');
  if (rpcUser?.includes(':'))
    throw new ConfigError('bad-value', '-rpcuser must not contain a colon', 'rpcuser');
  if ((rpcUser === undefined) !== (rpcPassword === undefined)) {
    warnings.push('-rpcuser and -rpcpassword must be given together; using cookie authentication only');
  }

  const connect = args.list('connect');
  const connectDisabled = args.negated('connect') || (connect.length === 1 && connect[0] === '0');
  const connectPeers = connectDisabled ? [] : connect;

  const mineThreads = args.int('minethreads', 1, -1, 1024);
  if (mineThreads === 0)
    throw new ConfigError(
      'bad-value',
      'Invalid value for -minethreads: 0 (expected -1 or 1 to 1024)',
      'minethreads',
    );
  const mineAddress = args.string('mineaddress') ?? null;
  if (mineAddress !== null) {
    try {
      decodeAddress(mineAddress, chainParams(network).addressPrefixes);
    } catch (e) {
      throw new ConfigError(
        'bad-value',
        `Invalid -mineaddress '${mineAddress}': not a ${network} address (${(e as Error).message})`,
        'mineaddress',
      );
    }
  }
  const mine = args.bool('mine', false);
  const disableWallet = args.bool('disablewallet', false);
  if (mine && mineAddress === null && disableWallet) {
    throw new ConfigError('missing-value', '-mine with -disablewallet requires -mineaddress', 'mineaddress');
  }

  let level = (args.string('loglevel') ?? 'info').toLowerCase();
  if (level === 'warning') level = 'warn';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(
      'bad-value',
      `Invalid value for -loglevel: '${args.string('loglevel')}'`,
      'loglevel',
    );
  }

  return {
    network,
    datadir,
    networkDir: netDir,
    confFile,
    rpc: {
      bind: args.list('rpcbind'),
      port: args.int('rpcport', ports.rpc, 0, 65535),
      allowIp,
      user:
        rpcUser !== undefined && rpcPassword !== undefined ? { user: rpcUser, password: rpcPassword } : null,
      auth,
      cookieFile: cookiePath(args, netDir),
      threads: args.int('rpcthreads', 4, 1, 1024),
      workQueue: args.int('rpcworkqueue', 16, 1, 65536),
      serverTimeoutSeconds: args.int('rpcservertimeout', 30, 1, 86400),
    },
    p2p: {
      // As bitcoind: -connect (with peers) turns listening off unless -listen says otherwise.
      listen: args.bool('listen', connectPeers.length === 0),
      bind: args.list('bind'),
      port: args.int('port', ports.p2p, 0, 65535),
      connect: connectPeers,
      connectDisabled,
      addnode: args.list('addnode'),
    },
    mining: {
      enabled: mine,
      address: mineAddress,
      threads: mineThreads === -1 ? (env.cpus ?? availableParallelism()) : mineThreads,
    },
    wallet: { disabled: disableWallet },
    txIndex: args.bool('txindex', false),
    persistMempool: args.bool('persistmempool', true),
    dbCacheMiB: args.int('dbcache', DEFAULT_DBCACHE_MIB, 4, 65536),
    logging: { level: level as LogLevel, printToConsole: args.bool('printtoconsole', true) },
    help: args.bool('help', false),
    version: args.bool('version', false),
    warnings,
  };
}
