import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDir, DataDirError, DESCRIPTOR_FILE, LOCK_FILE, SCHEMA_VERSION } from '../../src/node/datadir.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function root(): string {
  const d = mkdtempSync(join(tmpdir(), 'funai-datadir-'));
  roots.push(d);
  return d;
}

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataDirError) return e.reason;
    throw e;
  }
  return undefined;
}

describe('DataDir', () => {
  it('creates <root>/<network> with a descriptor and a lock, released on release()', () => {
    const r = root();
    const d = DataDir.open(r, 'regtest', 'ab'.repeat(32));
    expect(d.path).toBe(join(r, 'regtest'));
    expect(d.chainstatePath).toBe(join(r, 'regtest', 'chainstate'));
    const desc = JSON.parse(readFileSync(join(d.path, DESCRIPTOR_FILE), 'utf8'));
    expect(desc).toEqual({ network: 'regtest', schemaVersion: SCHEMA_VERSION, genesis: 'ab'.repeat(32) });
    expect(readFileSync(join(d.path, LOCK_FILE), 'utf8').split(' ')[0]).toBe(String(process.pid));
    d.release();
    expect(existsSync(join(d.path, LOCK_FILE))).toBe(false);
  });

  it('cannot be opened twice at once', () => {
    const r = root();
    const d = DataDir.open(r, 'regtest', '00');
    expect(reasonOf(() => DataDir.open(r, 'regtest', '00'))).toBe('locked');
    d.release();
    DataDir.open(r, 'regtest', '00').release();
  });

  it('refuses a directory held by another live process', () => {
    const r = root();
    const d = DataDir.open(r, 'regtest', '00');
    const lock = readFileSync(join(d.path, LOCK_FILE), 'utf8');
    d.release();
    // Our own identity written by "another" holder: still alive, so the lock holds.
    writeFileSync(join(r, 'regtest', LOCK_FILE), lock);
    expect(reasonOf(() => DataDir.open(r, 'regtest', '00'))).toBe('locked');
  });

  it('takes over the lock of a process that died', () => {
    const r = root();
    DataDir.open(r, 'regtest', '00').release();
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = child.stdout.toString();
    writeFileSync(join(r, 'regtest', LOCK_FILE), `${deadPid} 12345`);
    const d = DataDir.open(r, 'regtest', '00');
    expect(readFileSync(join(d.path, LOCK_FILE), 'utf8').split(' ')[0]).toBe(String(process.pid));
    d.release();
  });

  it('rejects another network or schema version', () => {
    const r = root();
    DataDir.open(r, 'regtest', '11').release();
    expect(reasonOf(() => DataDir.open(r, 'regtest', '22'))).toBe('network-mismatch');
    const file = join(r, 'regtest', DESCRIPTOR_FILE);
    const desc = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...desc, schemaVersion: SCHEMA_VERSION + 1 }));
    expect(reasonOf(() => DataDir.open(r, 'regtest', '11'))).toBe('schema-mismatch');
    writeFileSync(file, '{');
    expect(reasonOf(() => DataDir.open(r, 'regtest', '11'))).toBe('corrupt-descriptor');
    // a failed open leaves no lock behind
    expect(existsSync(join(r, 'regtest', LOCK_FILE))).toBe(false);
  });
});
