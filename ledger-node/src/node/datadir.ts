import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * On-disk layout version of everything under a network's data directory. A daemon refuses a
 * directory written with another version rather than misreading it.
 */
export const SCHEMA_VERSION = 1;

export const LOCK_FILE = '.lock';
export const DESCRIPTOR_FILE = 'datadir.json';
export const CHAINSTATE_DIR = 'chainstate';

export interface DataDirDescriptor {
  network: string;
  schemaVersion: number;
  /** Genesis block hash (display hex) of the network that created the directory. */
  genesis: string;
}

export class DataDirError extends Error {
  override readonly name = 'DataDirError';
  constructor(
    readonly reason: 'locked' | 'schema-mismatch' | 'network-mismatch' | 'corrupt-descriptor',
    message: string,
  ) {
    super(message);
  }
}

/**
 * One network's data directory, held exclusively by this process until release():
 *
 *     <root>/<network>/.lock          owner's pid and process start time
 *     <root>/<network>/datadir.json   { network, schemaVersion, genesis }
 *     <root>/<network>/chainstate/    RocksDB (block index, blocks, undo, UTXO set, tip, FUN AI ops)
 */
export class DataDir {
  private released = false;

  private constructor(
    readonly path: string,
    readonly descriptor: DataDirDescriptor,
  ) {}

  get chainstatePath(): string {
    return join(this.path, CHAINSTATE_DIR);
  }

  /**
   * Creates or opens `<root>/<network>`, takes its lock and checks (or, for a new directory,
   * writes) its descriptor. Throws DataDirError when another live process holds the lock or the
   * directory belongs to another network or schema version.
   */
  static open(root: string, network: string, genesisHex: string): DataDir {
    const path = resolve(root, network);
    mkdirSync(path, { recursive: true });
    acquireLock(join(path, LOCK_FILE));
    try {
      const descriptor = loadOrCreateDescriptor(path, {
        network,
        schemaVersion: SCHEMA_VERSION,
        genesis: genesisHex,
      });
      return new DataDir(path, descriptor);
    } catch (e) {
      releaseLock(join(path, LOCK_FILE));
      throw e;
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    releaseLock(join(this.path, LOCK_FILE));
  }
}

function loadOrCreateDescriptor(path: string, expected: DataDirDescriptor): DataDirDescriptor {
  const file = join(path, DESCRIPTOR_FILE);
  if (!existsSync(file)) {
    // Written to a temporary name and renamed, so a crash never leaves half a descriptor.
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(expected, null, 2)}\n`);
    renameSync(tmp, file);
    return expected;
  }
  let found: DataDirDescriptor;
  try {
    found = JSON.parse(readFileSync(file, 'utf8')) as DataDirDescriptor;
  } catch (e) {
    throw new DataDirError('corrupt-descriptor', `${file}: ${(e as Error).message}`);
  }
  if (found.network !== expected.network || found.genesis !== expected.genesis) {
    throw new DataDirError(
      'network-mismatch',
      `${path} holds network ${found.network} (genesis ${found.genesis}), not ${expected.network}`,
    );
  }
  if (found.schemaVersion !== expected.schemaVersion) {
    throw new DataDirError(
      'schema-mismatch',
      `${path} has schema version ${found.schemaVersion}; this daemon reads version ${expected.schemaVersion} (reindex into a new directory)`,
    );
  }
  return found;
}

/**
 * Node has no flock(), so the lock is a file created exclusively (O_EXCL) holding the owner's
 * identity. A lock left by a killed process is stale and taken over: its owner is identified by
 * pid and, on Linux, the process start time, so a recycled pid is not mistaken for the owner.
 * RocksDB's own LOCK file on chainstate/ backs this up with a kernel lock.
 */
function acquireLock(file: string): void {
  const me = processIdentity(process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeFileSync(fd, me);
      } finally {
        closeSync(fd);
      }
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: string;
    try {
      holder = readFileSync(file, 'utf8');
    } catch {
      continue; // released between our open and read
    }
    if (holder === me) throw new DataDirError('locked', `${file} is already held by this process`);
    if (isLive(holder))
      throw new DataDirError('locked', `${file} is held by running process ${holder.split(' ')[0]}`);
    try {
      unlinkSync(file);
    } catch {
      // another process removed the stale lock first; retry the exclusive create
    }
  }
  throw new DataDirError('locked', `could not take ${file}`);
}

function releaseLock(file: string): void {
  try {
    if (readFileSync(file, 'utf8') === processIdentity(process.pid)) unlinkSync(file);
  } catch {
    // already gone
  }
}

/** "pid starttime": starttime is field 22 of /proc/<pid>/stat (clock ticks since boot), or "-". */
function processIdentity(pid: number): string {
  return `${pid} ${startTime(pid) ?? '-'}`;
}

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is parenthesized and may contain spaces; count after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

function isLive(holder: string): boolean {
  const [pidText, start] = holder.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start === undefined || start === '-') return true;
  const now = startTime(pid);
  return now === undefined || now === start;
}
