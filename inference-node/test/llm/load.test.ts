import { mkdtemp, readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { DEFAULT_SEQUENCES, DEFAULT_THREADS, LlmEngine } from '../../src/llm/runtime/engine.js';
import { SILENT } from './fixtures.js';

describe('loadModel', () => {
  it('concurrent loads of one file, by one path or several, load it once', async () => {
    const path = await writeTinyModel({ seed: 'alpha' });
    const dir = await mkdtemp(join(tmpdir(), 'funai-load-'));
    const link = join(dir, 'same.gguf');
    await symlink(path, link);
    const engine = await LlmEngine.create({ gpu: false, logger: SILENT });
    try {
      const spy = vi.spyOn(engine.llama, 'loadModel');
      const load = { contextSize: 256 };
      const infos = await Promise.all([
        engine.loadModel(path, load),
        engine.loadModel(link, load),
        engine.loadModel(path, load),
        engine.loadModel(join(dir, '..', dir.split('/').at(-1)!, 'same.gguf'), load),
      ]);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(new Set(infos.map((i) => i.id)).size).toBe(1);
      expect(engine.models()).toHaveLength(1);
      // Loaded: a later load is the same model, still without a second copy.
      expect((await engine.loadModel(link)).id).toBe(infos[0]!.id);
      expect(spy).toHaveBeenCalledTimes(1);
      // Defaults: one thread per context, several sequences.
      expect(infos[0]).toMatchObject({ threads: DEFAULT_THREADS, sequences: DEFAULT_SEQUENCES, contexts: 1 });
      expect(engine.model(infos[0]!.id).pool.busy + engine.model(infos[0]!.id).pool.queued).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('a failed load can be retried, and close waits for loads in flight', async () => {
    const engine = await LlmEngine.create({ gpu: false, logger: SILENT });
    const path = await writeTinyModel({ seed: 'beta' });
    const [bad, good] = await Promise.allSettled([
      engine.loadModel(path, { contextSize: 256, batchSize: 0 }),
      engine.loadModel(path, { contextSize: 256 }),
    ]);
    // The second call joined the first load (same file), so both share its outcome.
    expect(bad.status).toBe(good.status);
    const info = await engine.loadModel(path, { contextSize: 256 });
    expect(engine.models().map((m) => m.id)).toEqual([info.id]);
    const again = engine.loadModel(await writeTinyModel({ seed: 'gamma' }), { contextSize: 256 });
    await engine.close();
    // Whether it got in before the close (then freed by it) or not, nothing stays loaded.
    expect(['loaded', 'engine-closed']).toContain(
      await again.then(
        () => 'loaded',
        (e: { reason?: string }) => e.reason,
      ),
    );
    expect(engine.models()).toHaveLength(0);
    await expect(engine.loadModel(path)).rejects.toMatchObject({ reason: 'engine-closed' });
  });

  it('runs on node-llama-cpp 3.22.1 exactly, as the protocol pins it', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies['node-llama-cpp']).toBe('3.22.1');
    // Its exports do not include package.json: read it next to the resolved entry point.
    let dir = dirname(createRequire(import.meta.url).resolve('node-llama-cpp'));
    while (basename(dir) !== 'node-llama-cpp') dir = dirname(dir);
    const installed = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe('3.22.1');
  });
});
