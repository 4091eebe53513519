import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeAddress } from '../../src/address/address.js';
import { FUNAI_REGTEST } from '../../src/address/networks.js';
import { chainParams } from '../../src/consensus/params.js';
import { ConfigError } from '../../src/node/args.js';
import type { NodeConfig } from '../../src/node/config.js';
import { loadNodeConfig } from '../../src/node/config.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'funai-conf-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A data directory holding `conf` as funai.conf (none when undefined). */
function datadir(conf?: string): string {
  const d = tmp();
  if (conf !== undefined) writeFileSync(join(d, 'funai.conf'), conf);
  return d;
}

function load(argv: string[], conf?: string): NodeConfig {
  return loadNodeConfig([`-datadir=${datadir(conf)}`, ...argv], { cpus: 6 });
}

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const regtestAddress = encodeAddress(
  { type: 'witness', version: 0, program: new Uint8Array(20).fill(7) },
  FUNAI_REGTEST,
);

describe('defaults', () => {
  it("mainnet under ~/.funai-ledger with the chain parameters' ports", () => {
    const home = tmp();
    const c = loadNodeConfig([], { home });
    expect(c.network).toBe('main');
    expect(c.datadir).toBe(join(home, '.funai-ledger'));
    expect(c.networkDir).toBe(join(home, '.funai-ledger', 'main'));
    expect(c.confFile).toBeNull();
    expect(c.rpc.port).toBe(chainParams('main').rpcPort);
    expect(c.p2p.port).toBe(chainParams('main').defaultPort);
    expect(c.rpc.cookieFile).toBe(join(home, '.funai-ledger', 'main', '.cookie'));
    expect(c.rpc.bind).toEqual([]);
    expect(c.p2p.listen).toBe(true);
    expect(c.mining).toEqual({ enabled: false, address: null, threads: 1 });
    expect(c.logging).toEqual({ level: 'info', printToConsole: true });
    expect(c.rpc).toMatchObject({ threads: 4, workQueue: 16, serverTimeoutSeconds: 30, user: null });
  });

  it('per-network ports follow the network', () => {
    for (const net of ['test', 'regtest'] as const) {
      const c = load([`-network=${net}`]);
      expect(c.rpc.port).toBe(chainParams(net).rpcPort);
      expect(c.p2p.port).toBe(chainParams(net).defaultPort);
      expect(c.networkDir.endsWith(`/${net}`)).toBe(true);
    }
  });
});

describe('command line', () => {
  it('selects the network by -regtest, -testnet, --network, -chain', () => {
    expect(load(['-regtest']).network).toBe('regtest');
    expect(load(['-testnet']).network).toBe('test');
    expect(load(['--network', 'regtest']).network).toBe('regtest');
    expect(load(['-chain=test']).network).toBe('test');
    expect(load(['-network=main']).network).toBe('main');
    expect(configError(() => load(['-regtest', '-testnet'])).reason).toBe('conflicting-networks');
    expect(configError(() => load(['-network=mars'])).reason).toBe('bad-value');
  });

  it('reads -name=value, --name=value and --name value alike', () => {
    expect(load(['-rpcport=1234']).rpc.port).toBe(1234);
    expect(load(['--rpcport=1235']).rpc.port).toBe(1235);
    expect(load(['--rpcport', '1236']).rpc.port).toBe(1236);
    expect(load(['-rpcport', '1237', '--port', '1238']).p2p.port).toBe(1238);
  });

  it('the last value wins, lists gather every value in order', () => {
    expect(load(['-rpcport=1', '-rpcport=2']).rpc.port).toBe(2);
    const c = load(['--addnode', 'a:1', '-addnode=b:2', '--addnode=c:3']);
    expect(c.p2p.addnode).toEqual(['a:1', 'b:2', 'c:3']);
  });

  it('negates booleans with -no, and -noX=0 sets X', () => {
    expect(load(['-nolisten']).p2p.listen).toBe(false);
    expect(load(['-listen=0']).p2p.listen).toBe(false);
    expect(load(['-mine', '-mineaddress', regtestAddress, '-regtest']).mining.enabled).toBe(true);
    expect(load(['-nomine=0', `-mineaddress=${regtestAddress}`, '-regtest']).mining.enabled).toBe(true);
    expect(load(['-disablewallet']).wallet.disabled).toBe(true);
    expect(load(['-printtoconsole=0']).logging.printToConsole).toBe(false);
    expect(load([]).txIndex).toBe(false);
    expect(load(['-txindex']).txIndex).toBe(true);
    expect(load([]).dbCacheMiB).toBe(450);
    expect(load(['-dbcache=100']).dbCacheMiB).toBe(100);
    expect(load([], 'txindex=1\n').txIndex).toBe(true);
    expect(load([]).persistMempool).toBe(true);
    expect(load(['-nopersistmempool']).persistMempool).toBe(false);
  });

  it('-connect turns listening off unless -listen says otherwise; -noconnect disables it', () => {
    const c = load(['-connect=10.0.0.1:9733']);
    expect(c.p2p).toMatchObject({ connect: ['10.0.0.1:9733'], listen: false, connectDisabled: false });
    expect(load(['-connect=10.0.0.1', '-listen']).p2p.listen).toBe(true);
    expect(load(['-noconnect']).p2p).toMatchObject({ connect: [], connectDisabled: true, listen: true });
    expect(load(['-connect=0']).p2p.connectDisabled).toBe(true);
  });

  it('mining options', () => {
    const c = load(['-regtest', '-mine', `-mineaddress=${regtestAddress}`, '-minethreads=-1']);
    expect(c.mining).toEqual({ enabled: true, address: regtestAddress, threads: 6 });
    expect(load(['-minethreads=3']).mining.threads).toBe(3);
    expect(load(['-mine']).mining).toEqual({ enabled: true, address: null, threads: 1 });
  });

  it('rejects unknown options and bad values with typed errors', () => {
    const cases: [string[], string, RegExp][] = [
      [['-frobnicate'], 'unknown-option', /^Invalid parameter -frobnicate$/],
      [['--nosuch=1'], 'unknown-option', /Invalid parameter -nosuch/],
      [['-rpcport=abc'], 'bad-value', /Invalid value for -rpcport: 'abc'/],
      [['-rpcport=70000'], 'bad-value', /from 0 to 65535/],
      [['-listen=yes'], 'bad-value', /Invalid value for -listen: 'yes'/],
      [['-minethreads=0'], 'bad-value', /minethreads/],
      [['-loglevel=loud'], 'bad-value', /loglevel/],
      [['-rpcallowip=1.2.3.4/33'], 'bad-value', /Invalid -rpcallowip subnet specification: 1.2.3.4\/33/],
      [['-rpcallowip=1.2.3.4/255.0.255.0'], 'bad-value', /rpcallowip/],
      [['-rpcauth=alice'], 'bad-value', /Invalid -rpcauth argument/],
      [['-mineaddress=notanaddress'], 'bad-value', /Invalid -mineaddress 'notanaddress'/],
      [[`-mineaddress=${regtestAddress}`], 'bad-value', /not a main address/],
      [['-mine', '-disablewallet'], 'missing-value', /requires -mineaddress/],
      [['--rpcport'], 'missing-value', /-rpcport requires a value/],
      [['--datadir', '--regtest'], 'missing-value', /-datadir requires a value/],
      [['getblockcount'], 'unexpected-argument', /unexpected token 'getblockcount'/],
      [['-rpcuser=a:b', '-rpcpassword=x'], 'bad-value', /colon/],
    ];
    for (const [argv, reason, message] of cases) {
      const e = configError(() => load(argv));
      expect(e.reason, argv.join(' ')).toBe(reason);
      expect(e.message).toMatch(message);
    }
    expect(configError(() => loadNodeConfig([`-datadir=${join(tmp(), 'missing')}`])).message).toMatch(
      /^Specified data directory ".*missing" does not exist\.$/,
    );
  });

  it('accepts rpcallowip forms, rpcauth, loglevel warning', () => {
    const c = load([
      '-rpcallowip=10.0.0.0/8',
      '-rpcallowip=192.168.1.0/255.255.255.0',
      '-rpcallowip=fe80::/10',
      '-rpcallowip=1.2.3.4',
      `-rpcauth=bob:abcd$${'0'.repeat(64)}`,
      '-loglevel=warning',
      '-rpcbind=0.0.0.0:9999',
    ]);
    expect(c.rpc.allowIp).toHaveLength(4);
    expect(c.rpc.auth).toEqual([`bob:abcd$${'0'.repeat(64)}`]);
    expect(c.logging.level).toBe('warn');
    expect(c.rpc.bind).toEqual(['0.0.0.0:9999']);
  });
});

describe('config file', () => {
  it('reads <datadir>/funai.conf: sections, dotted keys, comments, first value wins', () => {
    const conf = [
      '# a comment',
      'regtest=1',
      'rpcuser=alice   # trailing comment',
      'rpcpassword=pw',
      'loglevel=debug',
      'loglevel=error',
      'addnode=top:1',
      '[regtest]',
      'rpcport=20001',
      'addnode=reg:1',
      '[test]',
      'rpcport=30001',
      '',
      'main.rpcport=40001',
      'regtest.port=20002',
    ].join('\n');
    const c = load([], conf);
    expect(c.network).toBe('regtest');
    expect(c.confFile).toBe(join(c.datadir, 'funai.conf'));
    expect(c.rpc.user).toEqual({ user: 'alice', password: 'pw' });
    expect(c.rpc.port).toBe(20001);
    expect(c.p2p.port).toBe(20002);
    expect(c.logging.level).toBe('debug');
    // Network-only options at the top apply to main only.
    expect(c.p2p.addnode).toEqual(['reg:1']);
    expect(c.warnings.join('\n')).toMatch(/-addnode only applied on main network/);
  });

  it('the command line overrides the file; list values from both are kept', () => {
    const c = load(['-rpcport=5', '-addnode=cli:1', '-nolisten'], 'rpcport=7\naddnode=file:1\nlisten=1\n');
    expect(c.rpc.port).toBe(5);
    expect(c.p2p.addnode).toEqual(['cli:1', 'file:1']);
    expect(c.p2p.listen).toBe(false);
    expect(load(['-noaddnode'], 'addnode=file:1\n').p2p.addnode).toEqual([]);
  });

  it('top-level network-only settings apply on main', () => {
    const c = load([], 'port=1111\nrpcport=2222\n');
    expect(c.p2p.port).toBe(1111);
    expect(c.rpc.port).toBe(2222);
    expect(c.warnings).toEqual([]);
  });

  it('reads -conf relative to the data directory, and fails on a missing explicit one', () => {
    const d = datadir();
    mkdirSync(join(d, 'etc'));
    writeFileSync(join(d, 'etc', 'x.conf'), 'testnet=1\n');
    expect(loadNodeConfig([`-datadir=${d}`, '-conf=etc/x.conf']).network).toBe('test');
    const e = configError(() => loadNodeConfig([`-datadir=${d}`, '-conf=nope.conf']));
    expect(e.reason).toBe('conf-unreadable');
    expect(e.message).toBe(`Specified config file "${join(d, 'nope.conf')}" could not be opened.`);
  });

  it('rejects unknown keys, lines without "=", and # in rpcpassword', () => {
    const unknown = configError(() => load([], 'blockfilterindex=1\n'));
    expect(unknown.reason).toBe('unknown-option');
    expect(unknown.message).toBe('Invalid configuration value blockfilterindex');
    const syntax = configError(() => load([], 'rpcport=1\nnolisten\n'));
    expect(syntax.reason).toBe('conf-syntax');
    expect(syntax.message).toMatch(
      /parse error on line 2: nolisten, if you intended to specify a negated option, use -nolisten=1 instead/,
    );
    expect(configError(() => load([], 'rpcpassword=ab#cd\n')).message).toMatch(/using # in rpcpassword/);
    expect(configError(() => load([], 'conf=other.conf\n')).message).toMatch(
      /only valid on the command line/,
    );
  });

  it('a datadir in the file moves the data, and rpccookiefile resolves from the network directory', () => {
    const elsewhere = tmp();
    const home = tmp();
    mkdirSync(join(home, '.funai-ledger'));
    writeFileSync(join(home, '.funai-ledger', 'funai.conf'), `datadir=${elsewhere}\n`);
    const c = loadNodeConfig(['-regtest'], { home });
    expect(c.confFile).toBe(join(home, '.funai-ledger', 'funai.conf'));
    expect(c.datadir).toBe(elsewhere);
    expect(c.rpc.cookieFile).toBe(join(elsewhere, 'regtest', '.cookie'));
    expect(load(['-rpccookiefile=auth/c']).rpc.cookieFile).toMatch(/\/main\/auth\/c$/);
    expect(load(['-rpccookiefile=/run/funai.cookie']).rpc.cookieFile).toBe('/run/funai.cookie');
  });

  it('the network can be chosen in the file, but the command line wins', () => {
    expect(load([], 'chain=test\n').network).toBe('test');
    expect(load(['-regtest'], 'testnet=1\n').network).toBe('regtest');
  });
});
