import type { DaemonMainIo } from '@funai/ledger-node/node-kit';
import { runDaemonMain } from '@funai/ledger-node/node-kit';
import type { Logger } from 'pino';
import type { ConfigEnvironment, InferenceConfig } from './config.js';
import { INFERENCE_OPTIONS, loadConfig } from './config.js';
import { InferenceDaemon } from './daemon.js';
import { createNodeLogger } from './logger.js';
import { INFERENCE_VERSION } from './version.js';

const USAGE = `FUN AI inference node version v${INFERENCE_VERSION}

Usage:  funai-inference [options]                  Start the Proof-of-Inference node

Options may also be given in <datadir>/funai-inference.conf (name=value, [main]/[test]/[regtest] sections).

Options:

`;

export interface DaemonIo extends DaemonMainIo {
  env?: ConfigEnvironment;
  logger?: (config: InferenceConfig) => Logger;
}

/** funai-inference's main (the ledger's daemon main, node-kit): 0 after a clean shutdown, 1 when the daemon could not start. */
export function runDaemon(argv: readonly string[], io: DaemonIo): Promise<number> {
  return runDaemonMain<InferenceConfig>(argv, io, {
    loadConfig: (a) => loadConfig(a, io.env),
    usage: USAGE,
    options: INFERENCE_OPTIONS,
    versionLine: `FUN AI inference node version v${INFERENCE_VERSION}`,
    createLogger: io.logger ?? createNodeLogger,
    createDaemon: (config, logger) => new InferenceDaemon({ config, logger }),
  });
}
