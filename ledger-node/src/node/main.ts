import type { Logger } from 'pino';
import { LEDGER_VERSION } from '../version.js';
import { ConfigError, formatOptionsHelp } from './args.js';
import type { ConfigEnvironment, NodeConfig } from './config.js';
import { loadNodeConfig, NODE_OPTIONS } from './config.js';
import type { DaemonOptions } from './daemon.js';
import { Daemon } from './daemon.js';
import { createNodeLogger } from './logger.js';
import { startP2PNetwork } from './p2p-network.js';

const USAGE = `FUN AI ledger daemon version v${LEDGER_VERSION}

Usage:  funai-ledger [options]                     Start the FUN AI ledger daemon

Options may also be given in <datadir>/funai.conf (name=value, [main]/[test]/[regtest] sections).

Options:

`;

export interface DaemonIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: ConfigEnvironment;
  /** Registers the shutdown signals; default SIGINT and SIGTERM on `process`. */
  onSignal?: (handler: (signal: string) => void) => void;
  /** Starts the P2P layer (DaemonOptions.startNetwork); default the libp2p network, null for none. */
  startNetwork?: DaemonOptions['startNetwork'] | null;
  /** Default: pino JSON lines on stderr or debug.log, per -printtoconsole. */
  logger?: (config: NodeConfig) => Logger;
}

function defaultSignals(handler: (signal: string) => void): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => handler(sig));
}

/**
 * funai-ledger's main: reads the flags and config file, starts the daemon and waits for it to
 * stop. Returns the exit status: 0 after a clean shutdown, 1 when the daemon could not start.
 */
export async function runDaemon(argv: readonly string[], io: DaemonIo): Promise<number> {
  let config: NodeConfig;
  try {
    config = loadNodeConfig(argv, io.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`Error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (config.help) {
    io.stdout(`${USAGE}${formatOptionsHelp(NODE_OPTIONS)}\n`);
    return 0;
  }
  if (config.version) {
    io.stdout(`FUN AI ledger daemon version v${LEDGER_VERSION}\n`);
    return 0;
  }
  const log = (io.logger ?? createNodeLogger)(config);
  const daemon = new Daemon({
    config,
    logger: log,
    ...(io.startNetwork === null ? {} : { startNetwork: io.startNetwork ?? startP2PNetwork }),
  });
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
