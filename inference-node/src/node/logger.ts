import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { InferenceConfig } from './config.js';

export const DEBUG_LOG_FILE = 'debug.log';

/**
 * The daemon's pino logger: JSON lines on stderr (default) or appended to
 * `<datadir>/<network>/debug.log` with -noprinttoconsole. Synchronous writes, so the last lines
 * before a crash or exit are not lost in a buffer.
 */
export function createNodeLogger(config: Pick<InferenceConfig, 'logging' | 'networkDir'>): Logger {
  const { level, printToConsole } = config.logging;
  let dest: ReturnType<typeof pino.destination>;
  if (printToConsole) {
    dest = pino.destination({ dest: 2, sync: true });
  } else {
    mkdirSync(config.networkDir, { recursive: true });
    dest = pino.destination({ dest: join(config.networkDir, DEBUG_LOG_FILE), sync: true, mkdir: true });
  }
  return pino({ level, base: { name: 'funai-inference' } }, dest);
}
