// Runs funai-inference as a real process (the built dist through its bin launcher) and reads its
// pino log lines, as the devnet and an operator's tools would.

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const INFERENCE_BIN = resolve(import.meta.dirname, '../../bin/funai-inference.js');
export const INFERENCE_CLI_BIN = resolve(import.meta.dirname, '../../bin/funai-inference-cli.js');

export type LogLine = Record<string, unknown> & { msg?: string };

export interface InferenceProcess {
  child: ChildProcess;
  logs: LogLine[];
  /** Everything written to stderr that was not a log line. */
  stderrText(): string;
  /** Resolves with the first log line (past or future) matching; rejects if the process exits first. */
  waitForLog(match: (l: LogLine) => boolean, what?: string): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnInference(args: string[]): InferenceProcess {
  const child = spawn(process.execPath, [INFERENCE_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  let other = '';
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let buf = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      let entry: LogLine;
      try {
        entry = JSON.parse(line) as LogLine;
      } catch {
        other += `${line}\n`;
        continue;
      }
      logs.push(entry);
      for (const w of [...waiters]) {
        if (w.match(entry)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(entry);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );
  return {
    child,
    logs,
    stderrText: () => other,
    exited,
    waitForLog(match, what = 'log line') {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((res, rej) => {
        waiters.push({ match, resolve: res });
        void exited.then(({ code, signal }) =>
          rej(
            new Error(
              `funai-inference exited (${code ?? signal}) before ${what}:\n${other}${logs.map((l) => JSON.stringify(l)).join('\n')}`,
            ),
          ),
        );
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function getJson<T>(port: number, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}
