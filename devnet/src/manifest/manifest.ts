import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `<datadir>/devnet.json`: how scripts and tests find a running devnet (docs/node.md, "devnet"). Written
 * atomically (temp file + rename) once the network is ready, removed on a clean stop.
 */
export interface DevnetManifest {
  version: 1;
  ledger: { rpc: string; cookie: string };
  openai: { baseURL: string | null; apiKey: string | null };
  explorer: string | null;
  nodes: Array<{
    role: string;
    name: string;
    api: string | null;
    p2p: string | null;
    datadir: string;
    pid: number | null;
  }>;
  models: Array<{ name: string; id: string; path: string }>;
}

export const MANIFEST_FILE = 'devnet.json';

export function writeManifest(datadir: string, m: DevnetManifest): string {
  const file = join(datadir, MANIFEST_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(m, null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}
