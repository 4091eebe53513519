import { resolve } from 'node:path';
import { pino } from 'pino';
import { Devnet } from '../devnet.js';
import { describeProgress, StatusView } from '../status/view.js';
import { parseDevnetArgs, USAGE, UsageError } from './options.js';

/** `npm run devnet -- [options]`: start or resume the devnet, show its status, stop it on Ctrl-C. */
export async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseDevnetArgs>;
  try {
    options = parseDevnetArgs(argv, resolve(import.meta.dirname, '../../..'));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = pino({ level: 'info', base: { name: 'devnet' } }, pino.destination(2));
  const devnet = new Devnet(options, log, (p) => process.stdout.write(`${describeProgress(p)}\n`));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.stdout.write('\nstopping the devnet…\n');
      view.stop();
      await devnet.stop();
    })();
    return stopping;
  };
  const view = new StatusView(devnet, process.stdout);
  const stopped = new Promise<void>((res) => {
    process.once('SIGINT', () => void stop().then(res));
    process.once('SIGTERM', () => void stop().then(res));
  });
  try {
    await devnet.start();
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    await stop();
    return 1;
  }
  if (options.exitWhenReady) {
    await stop();
    return 0;
  }
  process.stdout.write('Ctrl-C stops the devnet; npm run devnet resumes it.\n');
  view.start();
  await stopped;
  return 0;
}
