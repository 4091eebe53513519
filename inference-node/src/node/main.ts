import type { Logger } from 'pino';
import { ConfigError, formatOptionsHelp } from './args.js';
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

export interface DaemonIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: ConfigEnvironment;
  onSignal?: (handler: (signal: string) => void) => void;
  logger?: (config: InferenceConfig) => Logger;
}

function defaultSignals(handler: (signal: string) => void): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => handler(sig));
}

/** funai-inference's main: 0 after a clean shutdown, 1 when the daemon could not start. */
export async function runDaemon(argv: readonly string[], io: DaemonIo): Promise<number> {
  let config: InferenceConfig;
  try {
    config = loadConfig(argv, io.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`Error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (config.help) {
    io.stdout(`${USAGE}${formatOptionsHelp(INFERENCE_OPTIONS)}\n`);
    return 0;
  }
  if (config.version) {
    io.stdout(`FUN AI inference node version v${INFERENCE_VERSION}\n`);
    return 0;
  }
  const log = (io.logger ?? createNodeLogger)(config);
  const daemon = new InferenceDaemon({ config, logger: log });
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
