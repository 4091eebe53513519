// funai-inference's flags and config file: bitcoind's precedence, sections, negation and amounts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@funai/ledger-node/node-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, loadConfig, parseFai } from '../../src/node/config.js';

const tmp = mkdtempSync(join(tmpdir(), 'funai-inference-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function withConf(name: string, text: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'funai-inference.conf'), text);
  return dir;
}

describe('configuration', () => {
  it('defaults: main network, per-network ports, the ledger cookie under ~/.funai-ledger', () => {
    const c = loadConfig([], { home: '/home/op', cwd: '/' });
    expect(c.network).toBe('main');
    expect(c.datadir).toBe('/home/op/.funai-inference');
    expect(c.networkDir).toBe('/home/op/.funai-inference/main');
    expect(c.api.port).toBe(DEFAULT_PORTS.main.api);
    expect(c.p2p.port).toBe(DEFAULT_PORTS.main.p2p);
    expect(c.ledger).toEqual({
      url: 'http://127.0.0.1:9732',
      auth: { cookieFile: '/home/op/.funai-ledger/main/.cookie' },
    });
  });

  it('command line over the network section over the top of the file; lists gather; -no negates', () => {
    const dir = withConf(
      'a',
      'network=regtest\nmodel=/m/top.gguf\napi-port=1\n[regtest]\napi-port=2\nmodel=/m/section.gguf\nverifier=1\n[main]\napi-port=3\n',
    );
    const c = loadConfig([`-datadir=${dir}`, '--model', '/m/cli.gguf', '-noverifier'], {
      home: '/h',
      cwd: '/',
    });
    expect(c.network).toBe('regtest');
    expect(c.api.port).toBe(2);
    expect(c.models).toEqual(['/m/cli.gguf', '/m/section.gguf', '/m/top.gguf']);
    expect(c.verifier).toBe(false);
    expect(loadConfig([`-datadir=${dir}`, '--api-port=7'], { home: '/h', cwd: '/' }).api.port).toBe(7);
    expect(loadConfig([`-datadir=${dir}`, '-nomodel'], { home: '/h', cwd: '/' }).models).toEqual([]);
  });

  it('producer needs a bid, a budget and a model; amounts are FAI with up to 8 decimals', () => {
    expect(() => loadConfig(['--producer', '--bid=1'], { home: '/h' })).toThrow(
      /-producer needs -bid and -budget/,
    );
    expect(() => loadConfig(['--producer', '--bid=1', '--budget=2'], { home: '/h' })).toThrow(
      /at least one -model/,
    );
    const c = loadConfig(['--producer', '--bid', '0.5', '--budget=100', '--model=/x.gguf'], {
      home: '/h',
      cwd: '/',
    });
    expect(c.producer).toEqual({ enabled: true, bid: 50_000_000n, budget: 10_000_000_000n });
    expect(parseFai('0.00000001', 'bid')).toBe(1n);
    expect(() => parseFai('0.000000001', 'bid')).toThrow(ConfigError);
    expect(() => parseFai('-1', 'bid')).toThrow(ConfigError);
    expect(() => parseFai('21000001', 'bid')).toThrow(/money supply/);
  });

  it('-genesis names the Clarity genesis file, relative to the working directory; none by default', () => {
    expect(loadConfig([], { home: '/home/op', cwd: '/' }).genesis).toBeNull();
    expect(loadConfig(['-genesis=g/genesis.json'], { home: '/home/op', cwd: '/work' }).genesis).toBe(
      '/work/g/genesis.json',
    );
  });

  it('user and password replace the cookie; both or neither', () => {
    const c = loadConfig(['--ledger-rpcuser=u', '--ledger-rpcpassword=p', '--ledger-rpc=http://10.0.0.1:5'], {
      home: '/h',
    });
    expect(c.ledger).toEqual({ url: 'http://10.0.0.1:5', auth: { user: 'u', password: 'p' } });
    expect(() => loadConfig(['--ledger-rpcuser=u'], { home: '/h' })).toThrow(/go together/);
  });

  it('typed errors for unknown options, missing values, stray arguments and bad networks', () => {
    const reason = (argv: string[]) => {
      try {
        loadConfig(argv, { home: join(tmp, 'none') });
      } catch (e) {
        return (e as ConfigError).reason;
      }
      return null;
    };
    expect(reason(['--bogus'])).toBe('unknown-option');
    expect(reason(['--api-port'])).toBe('missing-value');
    expect(reason(['status'])).toBe('unexpected-argument');
    expect(reason(['--network=moon'])).toBe('bad-value');
    expect(reason(['--regtest', '--testnet'])).toBe('conflicting-networks');
    expect(reason(['--api-port=70000'])).toBe('bad-value');
    expect(reason([`--conf=${join(tmp, 'missing.conf')}`])).toBe('conf-unreadable');
  });
});
