// Checkpoints of the VM core's linear memory (docs §13.10): a host restored in a fresh process
// continues byte-identically. Each side runs in a child process against the built package
// (`npm run build` first, as CI does), since a restore needs a process with no other VM session.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./support/checkpoint-child.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'funai-ckpt-'));
const file = join(dir, 'host.ckpt');

function run(mode: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, [child, mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('host checkpoints', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restores a host in a fresh process that continues with identical receipts and state', () => {
    const saved = run('save');
    const restored = run('restore');
    console.log('checkpoint bytes', saved.bytes, 'save ms', saved.saveMs, 'restore ms', restored.restoreMs);
    expect(restored.height).toBe(25);
    expect(restored.roots).toEqual(saved.roots);
    expect(restored.state).toBe(saved.state);
  });

  it('refuses to restore into a process that already holds another session', () => {
    expect(run('restore-second')).toEqual({ error: 'VmCheckpointError' });
  });
});
