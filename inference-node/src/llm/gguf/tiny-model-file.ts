import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256, toHex } from '@funai/ledger-node';
import {
  generateTinyModel,
  TINY_MODEL_DEFAULTS,
  TINY_MODEL_VERSION,
  type TinyModelOptions,
} from './tiny-model.js';

/** Default place for generated models: a temp folder, never the repository. */
export const TINY_MODEL_DIR = join(tmpdir(), 'funai-tiny-models');

/**
 * Writes the generated model to `dir` (once: the file name is a hash of the generator version and the
 * options, and the generator is deterministic) and returns its path. Concurrent writers race harmlessly: each writes a private
 * temp file and renames it into place.
 */
export async function writeTinyModel(
  options: TinyModelOptions,
  dir: string = TINY_MODEL_DIR,
): Promise<string> {
  const all = { ...TINY_MODEL_DEFAULTS, ...options, version: TINY_MODEL_VERSION };
  const key = toHex(sha256(new TextEncoder().encode(JSON.stringify(Object.entries(all).sort())))).slice(
    0,
    16,
  );
  const path = join(dir, `tiny-${key}.gguf`);
  const exists = await stat(path).then(
    (s) => s.size > 0,
    () => false,
  );
  if (exists) return path;
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, generateTinyModel(options));
  await rename(tmp, path);
  return path;
}
