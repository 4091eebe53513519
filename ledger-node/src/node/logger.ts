import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DestinationStream, Logger } from 'pino';
import { pino } from 'pino';
import { PinoPretty } from 'pino-pretty';
import type { NodeConfig } from './config.js';

export const DEBUG_LOG_FILE = 'debug.log';

export interface LogOutput {
  /** Whether stderr is a terminal; default `process.stderr.isTTY`. */
  stderrIsTTY?: boolean;
  /** The file descriptor that stands for stderr (tests pass a file's); default 2. */
  stderrFd?: number;
}

/**
 * The daemon's pino logger. With -printtoconsole (bitcoind's, our default) it writes to stderr:
 * human-readable lines through pino-pretty when stderr is a terminal (time, level, message, then
 * the fields), JSON lines otherwise (a pipe, a file, a log collector), as before. Without it, JSON
 * lines are appended to `<network dir>/debug.log`. Every write is synchronous, pretty ones too, so
 * the last lines before a crash or exit are not lost in a buffer or a worker thread.
 */
export function createNodeLogger(
  config: Pick<NodeConfig, 'logging' | 'networkDir'>,
  output: LogOutput = {},
): Logger {
  const { level, printToConsole } = config.logging;
  const options = { level, base: { name: 'funai-ledger' } };
  const fd = output.stderrFd ?? 2;
  let dest: DestinationStream;
  if (!printToConsole) {
    mkdirSync(config.networkDir, { recursive: true });
    dest = pino.destination({ dest: join(config.networkDir, DEBUG_LOG_FILE), sync: true, mkdir: true });
  } else if (output.stderrIsTTY ?? process.stderr.isTTY === true) {
    dest = PinoPretty({
      destination: fd,
      sync: true,
      colorize: true,
      translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
      ignore: 'pid,hostname,name',
    });
  } else {
    dest = pino.destination({ dest: fd, sync: true });
  }
  return pino(options, dest);
}
