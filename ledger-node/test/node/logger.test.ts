import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeLogger, DEBUG_LOG_FILE } from '../../src/node/logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** What the logger writes to a stand-in for stderr (a file), with `isTTY` as given. */
function stderrText(isTTY: boolean, write: (log: ReturnType<typeof createNodeLogger>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'funai-log-'));
  dirs.push(dir);
  const file = join(dir, 'stderr');
  const fd = openSync(file, 'w');
  try {
    const log = createNodeLogger(
      { logging: { level: 'info', printToConsole: true }, networkDir: dir },
      { stderrIsTTY: isTTY, stderrFd: fd },
    );
    write(log);
  } finally {
    closeSync(fd);
  }
  return readFileSync(file, 'utf8');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('createNodeLogger', () => {
  it('writes JSON lines when stderr is not a terminal', () => {
    const text = stderrText(false, (log) => log.child({ module: 'chain' }).info({ height: 7 }, 'new tip'));
    const entry = JSON.parse(text.trim());
    expect(entry).toMatchObject({
      level: 30,
      name: 'funai-ledger',
      module: 'chain',
      height: 7,
      msg: 'new tip',
    });
  });

  it('writes human-readable lines through pino-pretty when stderr is a terminal, synchronously', () => {
    const text = plain(
      stderrText(true, (log) => log.child({ module: 'chain' }).warn({ height: 7 }, 'new tip')),
    );
    // Nothing is buffered: the line is there as soon as the call returns (the file was closed then).
    expect(text).toMatch(/^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}\] WARN: new tip\n/);
    expect(text).toContain('module: "chain"');
    expect(text).toContain('height: 7');
    expect(() => JSON.parse(text)).toThrow();
    expect(text).not.toContain('funai-ledger');
  });

  it('appends JSON lines to debug.log without -printtoconsole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'funai-log-'));
    dirs.push(dir);
    const networkDir = join(dir, 'regtest');
    const log = createNodeLogger(
      { logging: { level: 'info', printToConsole: false }, networkDir },
      { stderrIsTTY: true },
    );
    log.info({ a: 1 }, 'hello');
    const entry = JSON.parse(readFileSync(join(networkDir, DEBUG_LOG_FILE), 'utf8').trim());
    expect(entry).toMatchObject({ msg: 'hello', a: 1 });
  });
});
