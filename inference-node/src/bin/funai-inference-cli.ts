// funai-inference-cli: asks a running funai-inference for its status, as funai-cli asks funai-ledger.
// `funai-inference-cli [options] status`: the options are the daemon's (same config file), so the
// API port and address come from -api-port / -bind or <datadir>/funai-inference.conf.
import { ConfigError } from '@funai/ledger-node/node-kit';
import { loadConfig } from '../node/config.js';

const USAGE = `Usage: funai-inference-cli [options] status

Prints the node's GET /funai/v1/status as JSON. Options (the daemon's): -datadir, -conf, -network,
-regtest, -api-port, -bind.
`;

async function main(argv: string[]): Promise<number> {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  const options = at < 0 ? argv : argv.slice(0, at);
  const command = at < 0 ? [] : argv.slice(at);
  if (
    options.includes('-h') ||
    options.includes('--help') ||
    options.includes('-help') ||
    command.length === 0
  ) {
    process.stdout.write(USAGE);
    return command.length === 0 && options.length === 0 ? 1 : 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(options);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (command[0] !== 'status' || command.length !== 1) {
    process.stderr.write(`error: unknown command '${command.join(' ')}'\n${USAGE}`);
    return 1;
  }
  const host = config.api.bind[0] === '0.0.0.0' ? '127.0.0.1' : config.api.bind[0];
  const url = `http://${host}:${config.api.port}/funai/v1/status`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    const cause = (e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    process.stderr.write(
      `error: could not reach the node at ${url} (${cause}); is funai-inference running?\n`,
    );
    return 1;
  }
  const text = await res.text();
  if (!res.ok) {
    process.stderr.write(`error: HTTP ${res.status}: ${text}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  return 0;
}

process.exit(await main(process.argv.slice(2)));
