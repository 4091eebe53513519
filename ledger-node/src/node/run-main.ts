/**
 * The main of a bitcoind-style daemon (funai-ledger, funai-inference): read the configuration,
 * answer -help and -version, start the daemon with its logger, turn SIGINT/SIGTERM into a graceful
 * stop and wait for it. Returns the exit status: 0 after a clean shutdown, 1 when the configuration
 * is wrong or the daemon could not start.
 */
import type { Logger } from 'pino';
import type { OptionSpec } from './args.js';
import { ConfigError, formatOptionsHelp } from './args.js';

/** What the main drives of a daemon. */
export interface DaemonProcess {
  /** Starts the daemon; rejects when it cannot (the reason is printed and logged). */
  launch(): Promise<void>;
  /** Begins a graceful stop (a signal arrived). */
  requestStop(signal: string): void;
  /** Resolves once the daemon has stopped. */
  readonly stopped: Promise<void>;
}

export interface DaemonMainIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Registers the shutdown signals; default SIGINT and SIGTERM on `process`. */
  onSignal?: (handler: (signal: string) => void) => void;
}

export interface DaemonMainSpec<C extends { help: boolean; version: boolean }> {
  /** Reads the command line and config file; throws ConfigError for a wrong one. */
  loadConfig(argv: readonly string[]): C;
  /** The -help text before the options. */
  usage: string;
  options: readonly OptionSpec[];
  /** The -version line. */
  versionLine: string;
  createLogger(config: C): Logger;
  createDaemon(config: C, log: Logger): DaemonProcess;
}

function defaultSignals(handler: (signal: string) => void): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => handler(sig));
}

export async function runDaemonMain<C extends { help: boolean; version: boolean }>(
  argv: readonly string[],
  io: DaemonMainIo,
  spec: DaemonMainSpec<C>,
): Promise<number> {
  let config: C;
  try {
    config = spec.loadConfig(argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`Error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (config.help) {
    io.stdout(`${spec.usage}${formatOptionsHelp(spec.options)}\n`);
    return 0;
  }
  if (config.version) {
    io.stdout(`${spec.versionLine}\n`);
    return 0;
  }
  const log = spec.createLogger(config);
  const daemon = spec.createDaemon(config, log);
  let signals = 0;
  (io.onSignal ?? defaultSignals)((signal) => {
    if (++signals > 1) log.warn({ signal }, 'already shutting down');
    daemon.requestStop(signal);
  });
  try {
    await daemon.launch();
  } catch (e) {
    const message = (e as Error).message;
    log.fatal({ err: message }, 'startup failed');
    log.flush();
    io.stderr(`Error: ${message}\n`);
    return 1;
  }
  await daemon.stopped;
  return 0;
}
