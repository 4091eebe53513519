import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { COIN, chainParams, MAX_MONEY } from '@funai/ledger-node';
import type { ConfigFile, NetworkName, OptionSpec } from '@funai/ledger-node/node-kit';
import {
  ConfigError,
  parseCommandLine,
  parseConfigText,
  ResolvedArgs,
  selectNetwork,
  specTable,
} from '@funai/ledger-node/node-kit';

export const CONF_FILENAME = 'funai-inference.conf';
export const DEFAULT_DATADIR_NAME = '.funai-inference';
/** The ledger daemon's default data directory (its cookie is read from there by default). */
export const LEDGER_DATADIR_NAME = '.funai-ledger';

/** Default ports (docs/node.md): P2P and API, per network. */
export const DEFAULT_PORTS: Readonly<Record<NetworkName, { p2p: number; api: number }>> = {
  main: { p2p: 9744, api: 9745 },
  test: { p2p: 19744, api: 19745 },
  regtest: { p2p: 19854, api: 19855 },
};

/**
 * The inference chain's id per network (transactions, receipts and block headers carry it, §15):
 * ASCII "FAI" then the network number.
 */
export const INFERENCE_CHAIN_IDS: Readonly<Record<NetworkName, number>> = {
  main: 0x46414901,
  test: 0x46414902,
  regtest: 0x46414903,
};

export const INFERENCE_OPTIONS: readonly OptionSpec[] = [
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
    help: `Data directory (default: ~/${DEFAULT_DATADIR_NAME})`,
  },
  {
    name: 'conf',
    kind: 'string',
    arg: 'file',
    help: `Configuration file; a relative path is read from the data directory (default: ${CONF_FILENAME})`,
    commandLineOnly: true,
  },
  { name: 'network', kind: 'string', arg: 'name', help: 'main, test or regtest (default: main)' },
  { name: 'regtest', kind: 'bool', help: 'Same as -network=regtest' },
  { name: 'testnet', kind: 'bool', help: 'Same as -network=test' },
  {
    name: 'ledger-rpc',
    kind: 'string',
    arg: 'url',
    help: "The ledger node's JSON-RPC (default: http://127.0.0.1:<the network's ledger RPC port>)",
  },
  {
    name: 'ledger-rpccookiefile',
    kind: 'string',
    arg: 'file',
    help: `The ledger's auth cookie (default: ~/${LEDGER_DATADIR_NAME}/<network>/.cookie), unless -ledger-rpcuser is given`,
  },
  { name: 'ledger-rpcuser', kind: 'string', arg: 'user', help: 'User name for the ledger RPC' },
  { name: 'ledger-rpcpassword', kind: 'string', arg: 'pw', help: 'Password for the ledger RPC' },
  {
    name: 'producer',
    kind: 'bool',
    help: 'Produce inference blocks: register a VRF key, bid for every ledger block (needs -bid, -budget and -model)',
  },
  { name: 'bid', kind: 'string', arg: 'FAI', help: 'Bid per ledger block, in FAI (producer)' },
  {
    name: 'budget',
    kind: 'string',
    arg: 'FAI',
    help: 'Total FAI the producer may spend on bids; it stops bidding when spent',
  },
  {
    name: 'verifier',
    kind: 'bool',
    help: 'Verify and vote on inference blocks with the BLS key in the data directory',
  },
  {
    name: 'genesis',
    kind: 'string',
    arg: 'file',
    help: 'The Clarity genesis (JSON: allocations and genesis calls, docs/node.md); every node of a network uses the same file',
  },
  {
    name: 'verifierset',
    kind: 'string',
    arg: 'file',
    help: 'The verifier set (JSON: five {blsPublicKey, rewardScript} in set order; interim, until the staking contract is read). Without it the node does not verify',
  },
  { name: 'model', kind: 'list', arg: 'gguf', help: 'Serve this GGUF model (repeatable)' },
  { name: 'threads', kind: 'int', arg: 'n', help: 'CPU threads per LLM context (default: 1)' },
  { name: 'p2p-port', kind: 'int', arg: 'port', help: 'P2P port (default: per network)' },
  {
    name: 'bind',
    kind: 'list',
    arg: 'addr',
    help: 'Listen on this IPv4 address for P2P and the API, repeatable (default: 127.0.0.1)',
  },
  { name: 'connect', kind: 'list', arg: 'host:port', help: 'Connect to this inference peer, repeatable' },
  {
    name: 'api-port',
    kind: 'int',
    arg: 'port',
    help: 'HTTP API port: status, OpenAI-compatible API (default: per network)',
  },
  {
    name: 'api-cors',
    kind: 'list',
    arg: 'origin',
    help: 'Browser origin allowed to call the API (CORS), repeatable; * any (default), none: no CORS headers',
  },
  {
    name: 'printtoconsole',
    kind: 'bool',
    help: 'Log to stderr (default: 1); -noprinttoconsole logs to <datadir>/<network>/debug.log',
  },
  { name: 'loglevel', kind: 'string', arg: 'level', help: 'trace, debug, info, warn, error (default: info)' },
  {
    name: 'test-fabricate-outputs',
    kind: 'int',
    arg: 'n',
    help: 'TEST ONLY, regtest: a dishonest executor — every n-th executed record claims altered output tokens (0: never)',
  },
];

export interface InferenceConfig {
  help: boolean;
  version: boolean;
  network: NetworkName;
  datadir: string;
  /** `<datadir>/<network>`: the store, keys and debug.log. */
  networkDir: string;
  confFile: string | null;
  ledger: { url: string; auth: { cookieFile: string } | { user: string; password: string } };
  producer: { enabled: boolean; bid: bigint; budget: bigint };
  verifier: boolean;
  /** `-genesis`: the Clarity genesis file (docs/node.md), or null (the empty genesis). */
  genesis: string | null;
  /** `-verifierset`: the verifier set file (§16.9, interim source), or null (no verification). */
  verifierSet: string | null;
  models: string[];
  threads: number;
  p2p: { port: number; bind: string[]; connect: string[] };
  api: { port: number; bind: string[]; corsOrigins: '*' | string[] | null };
  logging: { printToConsole: boolean; level: string };
  /** TEST ONLY (`-test-fabricate-outputs`, regtest): every n-th executed record claims altered tokens; 0 = honest. */
  fabricateOutputs: number;
}

export interface ConfigEnvironment {
  home?: string;
  cwd?: string;
}

/** A FAI amount written as a decimal (at most 8 places) → base units. */
export function parseFai(text: string, option: string): bigint {
  const m = /^([0-9]{1,8})(?:\.([0-9]{1,8}))?$/.exec(text.trim());
  if (!m)
    throw new ConfigError('bad-value', `Invalid amount for -${option}: '${text}' (FAI, at most 8 decimals)`);
  const value = BigInt(m[1]!) * COIN + BigInt((m[2] ?? '').padEnd(8, '0'));
  if (value > MAX_MONEY) throw new ConfigError('bad-value', `-${option} exceeds the money supply`);
  return value;
}

/** Reads the command line and the config file into the daemon's configuration. */
export function loadConfig(argv: readonly string[], env: ConfigEnvironment = {}): InferenceConfig {
  const specs = specTable(INFERENCE_OPTIONS);
  const home = env.home ?? homedir();
  const cwd = env.cwd ?? process.cwd();
  // bitcoind's rules (funai-ledger's parser, @funai/ledger-node/node-kit).
  const cli = parseCommandLine(argv, specs, { positional: false, program: 'funai-inference' }).values;
  const cliOnly = new ResolvedArgs('main', cli, null, specs);
  const datadir = resolve(cwd, cliOnly.string('datadir') ?? join(home, DEFAULT_DATADIR_NAME));
  const confName = cliOnly.string('conf') ?? CONF_FILENAME;
  const confPath = isAbsolute(confName) ? confName : join(datadir, confName);
  let conf: ConfigFile | null = null;
  let confFile: string | null = null;
  if (existsSync(confPath)) {
    let text: string;
    try {
      text = readFileSync(confPath, 'utf8');
    } catch (e) {
      throw new ConfigError('conf-unreadable', `${confPath}: ${(e as Error).message}`);
    }
    conf = parseConfigText(text, specs, { file: confPath, ignoreUnknown: false });
    confFile = confPath;
  } else if (cliOnly.string('conf') !== undefined) {
    throw new ConfigError('conf-unreadable', `specified config file ${confPath} does not exist`);
  }
  // The network comes from the command line, else the top of the file.
  const network = selectNetwork(cli, conf);
  const a = new ResolvedArgs(network, cli, conf, specs);
  const networkDir = join(datadir, network);
  const ports = DEFAULT_PORTS[network];
  const ledgerParams = chainParams(network);

  const user = a.string('ledger-rpcuser');
  const password = a.string('ledger-rpcpassword');
  if ((user === undefined) !== (password === undefined)) {
    throw new ConfigError('bad-value', '-ledger-rpcuser and -ledger-rpcpassword go together');
  }
  const cookie = a.string('ledger-rpccookiefile') ?? join(home, LEDGER_DATADIR_NAME, network, '.cookie');
  const ledgerUrl = a.string('ledger-rpc') ?? `http://127.0.0.1:${ledgerParams.rpcPort}`;
  if (!/^https?:\/\/[^/]+/.test(ledgerUrl))
    throw new ConfigError('bad-value', `Invalid -ledger-rpc: '${ledgerUrl}' (an http:// URL)`);

  const producer = a.bool('producer', false);
  const bidText = a.string('bid');
  const budgetText = a.string('budget');
  const models = a.list('model').map((m) => resolve(cwd, m));
  if (producer) {
    if (bidText === undefined || budgetText === undefined)
      throw new ConfigError('bad-value', '-producer needs -bid and -budget');
    if (models.length === 0) throw new ConfigError('bad-value', '-producer needs at least one -model');
  }
  const bind = a.list('bind');
  const fabricateOutputs = a.int('test-fabricate-outputs', 0, 0, 1_000_000);
  if (fabricateOutputs > 0 && network !== 'regtest')
    throw new ConfigError(
      'bad-value',
      '-test-fabricate-outputs is a test-only option, refused unless on regtest',
    );
  return {
    help: a.bool('help', false),
    version: a.bool('version', false),
    network,
    datadir,
    networkDir,
    confFile,
    ledger: {
      url: ledgerUrl,
      auth: user !== undefined ? { user, password: password! } : { cookieFile: resolve(cwd, cookie) },
    },
    producer: {
      enabled: producer,
      bid: bidText === undefined ? 0n : parseFai(bidText, 'bid'),
      budget: budgetText === undefined ? 0n : parseFai(budgetText, 'budget'),
    },
    verifier: a.bool('verifier', false),
    genesis: (() => {
      const f = a.string('genesis');
      return f === undefined ? null : resolve(cwd, f);
    })(),
    verifierSet: (() => {
      const f = a.string('verifierset');
      return f === undefined ? null : resolve(cwd, f);
    })(),
    models,
    threads: a.int('threads', 1, 1, 256),
    p2p: {
      port: a.int('p2p-port', ports.p2p, 0, 65535),
      bind: bind.length ? bind : ['127.0.0.1'],
      connect: a.list('connect'),
    },
    api: {
      port: a.int('api-port', ports.api, 0, 65535),
      bind: bind.length ? bind : ['127.0.0.1'],
      corsOrigins: (() => {
        const o = a.list('api-cors');
        if (o.length === 0 || o.includes('*')) return '*';
        return o.includes('none') ? null : o;
      })(),
    },
    logging: { printToConsole: a.bool('printtoconsole', true), level: a.string('loglevel') ?? 'info' },
    fabricateOutputs,
  };
}
