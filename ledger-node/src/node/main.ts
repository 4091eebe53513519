import type { Logger } from 'pino';
import { LEDGER_VERSION } from '../version.js';
import type { ConfigEnvironment, NodeConfig } from './config.js';
import { loadNodeConfig, NODE_OPTIONS } from './config.js';
import type { DaemonOptions } from './daemon.js';
import { Daemon } from './daemon.js';
import { createNodeLogger } from './logger.js';
import { startP2PNetwork } from './p2p-network.js';
import type { DaemonMainIo } from './run-main.js';
import { runDaemonMain } from './run-main.js';

const USAGE = `FUN AI ledger daemon version v${LEDGER_VERSION}

Usage:  funai-ledger [options]                     Start the FUN AI ledger daemon

Options may also be given in <datadir>/funai.conf (name=value, [main]/[test]/[regtest] sections).

Options:

`;

export interface DaemonIo extends DaemonMainIo {
  env?: ConfigEnvironment;
  /** Starts the P2P layer (DaemonOptions.startNetwork); default the libp2p network, null for none. */
  startNetwork?: DaemonOptions['startNetwork'] | null;
  /** Default: pino JSON lines on stderr or debug.log, per -printtoconsole. */
  logger?: (config: NodeConfig) => Logger;
}

/**
 * funai-ledger's main: reads the flags and config file, starts the daemon and waits for it to
 * stop. Returns the exit status: 0 after a clean shutdown, 1 when the daemon could not start.
 */
export function runDaemon(argv: readonly string[], io: DaemonIo): Promise<number> {
  return runDaemonMain<NodeConfig>(argv, io, {
    loadConfig: (a) => loadNodeConfig(a, io.env),
    usage: USAGE,
    options: NODE_OPTIONS,
    versionLine: `FUN AI ledger daemon version v${LEDGER_VERSION}`,
    createLogger: io.logger ?? createNodeLogger,
    createDaemon: (config, log) =>
      new Daemon({
        config,
        logger: log,
        ...(io.startNetwork === null ? {} : { startNetwork: io.startNetwork ?? startP2PNetwork }),
      }),
  });
}
