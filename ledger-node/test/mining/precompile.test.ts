import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CpuMiner } from '../../src/mining/miner/cpu-miner.js';
import { precompileMinerKernel, selectMinerKernel } from '../../src/mining/miner/kernel.js';
import { compileSha256d4Way, SHA256D_4WAY_WASM } from '../../src/mining/miner/sha256d-4way.js';
import { buildKernel } from './build-kernel.js';

// Counts the kernel's compiles: the daemon's precompile must be the process's only one.
vi.mock('../../src/mining/miner/sha256d-4way.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/mining/miner/sha256d-4way.js')>();
  return { ...actual, compileSha256d4Way: vi.fn(actual.compileSha256d4Way) };
});
const compiles = vi.mocked(compileSha256d4Way);

beforeAll(() => {
  buildKernel();
});

// One process state for the whole file, in order: the precompile seals it.
describe('precompileMinerKernel', () => {
  it('compiles the built kernel once; the CpuMiner and selectMinerKernel reuse that module', async () => {
    const kernel = precompileMinerKernel(true);
    expect(kernel?.name).toBe('wasm-simd');
    expect(compiles).toHaveBeenCalledTimes(1);
    expect(compiles).toHaveBeenLastCalledWith(SHA256D_4WAY_WASM, true);

    expect(selectMinerKernel('auto').module).toBe(kernel?.module);
    const miner = new CpuMiner({ threads: 1, refreshMs: 0 });
    expect(miner.kernel).toEqual({ name: 'wasm-simd', revectorized: kernel?.revectorized });
    await miner.stop();
    expect(compiles).toHaveBeenCalledTimes(1);
  });

  it('opens no flag window after it: another kernel is compiled without the revectorizer', () => {
    const copy = pathToFileURL(join(mkdtempSync(join(tmpdir(), 'kernel-')), 'sha256d-4way.wasm'));
    copyFileSync(SHA256D_4WAY_WASM, copy);
    const k = selectMinerKernel('auto', copy);
    expect(k).toMatchObject({ name: 'wasm-simd', revectorized: false });
    expect(compiles).toHaveBeenLastCalledWith(copy, false);
  });
});
