import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** What one devnet process is, as devnet.json lists it. */
export interface NodeProcessSpec {
  /** A name unique in the devnet, e.g. `ledger`, `producer-1`. */
  name: string;
  role: string;
  /** The launcher script (a `bin/*.js` of a workspace part). */
  bin: string;
  args: string[];
  /** Where its pino log lines are appended (one JSON object per line). */
  logFile: string;
  /** Is this log line the process's readiness line? */
  isReady: (entry: Record<string, unknown>) => boolean;
  /** How long to wait for readiness before giving up. */
  readyTimeoutMs: number;
}

export class NodeProcessError extends Error {
  override readonly name = 'NodeProcessError';
}

/**
 * One child process of the devnet: started with the same Node as the devnet, its stderr (pino JSON)
 * parsed line by line into `onLog` listeners and appended to its log file, ready when its readiness
 * line appears. Stopping sends SIGTERM and escalates to SIGKILL after a grace period, so a wedged
 * child never keeps Ctrl-C from finishing.
 */
export class NodeProcess {
  readonly spec: NodeProcessSpec;
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  private listeners = new Set<(entry: Record<string, unknown>) => void>();
  private exitPromise: Promise<number | null> = Promise.resolve(null);
  private stderrTail = '';

  constructor(spec: NodeProcessSpec) {
    this.spec = spec;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the exit code (null after a signal) once the process has exited. */
  get exited(): Promise<number | null> {
    return this.exitPromise;
  }

  /** Calls `f` for every JSON log line from now on; returns the unsubscribe function. */
  onLog(f: (entry: Record<string, unknown>) => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  /** Resolves with the first log line (from now on) that `match` accepts; rejects if the process exits first. */
  waitForLog(
    match: (entry: Record<string, unknown>) => boolean,
    timeoutMs: number,
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new NodeProcessError(`${this.spec.name}: no matching log line in ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const off = this.onLog((entry) => {
        if (!match(entry)) return;
        clearTimeout(timer);
        off();
        resolve(entry);
      });
      void this.exitPromise.then((code) => {
        clearTimeout(timer);
        off();
        reject(new NodeProcessError(`${this.spec.name} exited (${code}) while waiting:\n${this.stderrTail}`));
      });
    });
  }

  /** Starts the process and resolves once its readiness line appears. */
  async start(): Promise<Record<string, unknown>> {
    if (this.running) throw new NodeProcessError(`${this.spec.name} is already running`);
    mkdirSync(dirname(this.spec.logFile), { recursive: true });
    this.log = createWriteStream(this.spec.logFile, { flags: 'a' });
    this.stderrTail = '';
    const child = spawn(process.execPath, [this.spec.bin, ...this.spec.args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    this.exitPromise = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let buf = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.log?.write(text);
      this.stderrTail = (this.stderrTail + text).slice(-4000);
      buf += text;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue; // not a log line (e.g. a startup error printed plainly): kept in the log file
        }
        for (const f of [...this.listeners]) f(entry);
      }
    });
    return this.waitForLog(this.spec.isReady, this.spec.readyTimeoutMs);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs = 15_000): Promise<number | null> {
    const child = this.child;
    if (child && this.running) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      timer.unref();
      await this.exitPromise;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
    this.log = undefined;
    return this.exitPromise;
  }

  /** kill -9, for tests of crash recovery. */
  async kill(): Promise<void> {
    if (this.child && this.running) this.child.kill('SIGKILL');
    await this.exitPromise;
  }
}
