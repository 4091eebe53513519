import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface DevnetOptions {
  datadir: string;
  reset: boolean;
  blockIntervalMs: number;
  traffic: boolean;
  /**
   * TEST ONLY (no command-line option): producer <producer> runs with -test-fabricate-outputs=<everyNth>
   * and gets a funded API key of its own (Devnet.testKeys), for the end-to-end penalty scenario.
   */
  testFabricateOutputs?: { producer: number; everyNth: number };
  /** Milliseconds between demo chat requests with --traffic (default 10 s). */
  trafficIntervalMs?: number;
  /** Stop after the network is up and devnet.json is written (scripts, CI smoke runs). */
  exitWhenReady: boolean;
  producers: number;
  verifiers: number;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: npm run devnet -- [options]

Starts (or resumes) a whole local FUN AI network on 127.0.0.1: a mining ledger node, the generated
models, and the inference nodes; writes <datadir>/devnet.json once it is up; Ctrl-C stops everything.

  --datadir <dir>          where the devnet lives (default: .devnet at the repository root)
  --reset                  delete the devnet in --datadir and start a new one
  --block-interval <sec>   seconds between ledger blocks (default 5)
  --producers <n>          producers, each with its own ledger wallet node (default 3)
  --verifiers <n>          verifiers (default 5)
  --traffic                send demo chat requests through the OpenAI API
  --traffic-interval <sec> seconds between demo requests (default 10)
  --exit-when-ready        stop once the network is up (for scripts)
  -h, --help               this text
`;

export function parseDevnetArgs(argv: string[], repoRoot: string): DevnetOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        datadir: { type: 'string' },
        reset: { type: 'boolean', default: false },
        'block-interval': { type: 'string', default: '5' },
        traffic: { type: 'boolean', default: false },
        'traffic-interval': { type: 'string', default: '10' },
        producers: { type: 'string', default: '3' },
        verifiers: { type: 'string', default: '5' },
        'exit-when-ready': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  const seconds = Number(values['block-interval']);
  if (!Number.isFinite(seconds) || seconds < 0.2 || seconds > 3600)
    throw new UsageError(
      `--block-interval must be a number of seconds in [0.2, 3600], got ${values['block-interval']}`,
    );
  const trafficSeconds = Number(values['traffic-interval']);
  if (!Number.isFinite(trafficSeconds) || trafficSeconds < 0.1 || trafficSeconds > 3600)
    throw new UsageError(
      `--traffic-interval must be a number of seconds in [0.1, 3600], got ${values['traffic-interval']}`,
    );
  const count = (name: 'producers' | 'verifiers', max: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new UsageError(`--${name} must be an integer in [0, ${max}]`);
    return n;
  };
  return {
    producers: count('producers', 8),
    verifiers: count('verifiers', 8),
    datadir: resolve(String(values.datadir ?? resolve(repoRoot, '.devnet'))),
    reset: values.reset === true,
    blockIntervalMs: Math.round(seconds * 1000),
    traffic: values.traffic === true,
    trafficIntervalMs: Math.round(trafficSeconds * 1000),
    exitWhenReady: values['exit-when-ready'] === true,
  };
}
