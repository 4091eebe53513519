// funai: the people's CLI for FUN AI (docs/protocol.md §17.6): chat, follow a transaction, keys,
// balance, deposit. `funai --help` lists the commands.
import { runCli } from '../client/cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
});
